package main

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"linli/i18n"
)

// TestTests_MatchKeysNotTranslatedText fails on a test file (outside textNotYetKeys) whose
// string literal is a catalogue's words: any Chinese of two characters or more, or an English
// phrase (see englishPhrase), found inside the words of one entry between its placeholders.
// Messages a test prints on failure (t.Errorf and the like) are not matched against anything.
func TestTests_MatchKeysNotTranslatedText(t *testing.T) {
	zh, en := cataloguePieces(ZH), cataloguePieces(EN)
	files, err := filepath.Glob("*_test.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range files {
		if textNotYetKeys[name] || name == "keys_test.go" || name == "keys_guard_test.go" {
			continue
		}
		for _, l := range matchedLiterals(t, name) {
			if p, ok := translatedText(l.text, zh, en); ok {
				t.Errorf("%s: %q is a catalogue's words (%q): match the key with shows/mustShow/words "+
					"(keys_test.go), or list the file in textNotYetKeys", l.pos, l.text, p)
			}
		}
	}
}

// cataloguePieces are the words of every entry in lang between its placeholders, as users read them.
func cataloguePieces(lang string) []string {
	var pieces []string
	for _, k := range i18n.Keys() {
		pieces = append(pieces, placeholder.Split(i18n.Plain(i18n.T(lang, k)), -1)...)
	}
	return pieces
}

// catalogueKey is the shape of a catalogue key ("order.placed"), which a test names on purpose.
var catalogueKey = regexp.MustCompile(`^[a-z0-9_]+(\.[a-z0-9_]+)+$`)

// englishPhrase reports whether s is long enough to be a catalogue's phrase rather than a word
// that is also data, an audience or a command ("volunteers", "unbindqueue"): two words or more
// (at least wordy of them with letters) with four letters or more between them ("Step 1",
// "Taken away"); not a /command, not a key.
func englishPhrase(s string, wordy int) bool {
	if strings.HasPrefix(s, "/") || catalogueKey.MatchString(s) || len(strings.Fields(s)) < 2 {
		return false
	}
	letters, words := 0, 0
	for _, f := range strings.Fields(s) {
		n := strings.IndexFunc(f, unicode.IsLetter)
		if n >= 0 {
			words++
		}
		for _, r := range f {
			if unicode.IsLetter(r) {
				letters++
			}
		}
	}
	return letters >= 4 && words >= wordy
}

// translatedText reports the catalogue piece that literal s is part of, or that is part of s
// (an English phrase of two words: the text a test expects around an argument), if s is a catalogue's words rather than the residents' data (sampleData).
func translatedText(s string, zh, en []string) (string, bool) {
	s = strings.TrimSpace(s)
	if sampleData[s] {
		return "", false
	}
	if strings.ContainsFunc(s, func(r rune) bool { return unicode.Is(unicode.Han, r) }) {
		if len([]rune(s)) < 2 { // one character: a long input's filler
			return "", false
		}
		return within(s, zh)
	}
	if !englishPhrase(s, 1) {
		return "", false
	}
	if p, ok := within(s, en); ok {
		return p, true
	}
	for _, p := range en { // two words with letters: not ", claimed" in a query
		if p = strings.TrimSpace(p); englishPhrase(p, 2) && strings.Contains(s, p) {
			return p, true
		}
	}
	return "", false
}

// within is the first of pieces that contains s.
func within(s string, pieces []string) (string, bool) {
	for _, p := range pieces {
		if strings.Contains(p, s) {
			return p, true
		}
	}
	return "", false
}

// literal is a string literal of a test file and where it stands.
type literal struct {
	text string
	pos  token.Position
}

// reportCalls are the methods whose arguments are what a test prints, not what it matches.
var reportCalls = map[string]bool{
	"Errorf": true, "Fatalf": true, "Error": true, "Fatal": true, "Logf": true, "Log": true,
	"Skipf": true, "Skip": true,
}

// matchedLiterals are the string literals of the Go file name but those given straight to a
// reportCall.
func matchedLiterals(t *testing.T, name string) []literal {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, name, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var out []literal
	printed := map[ast.Expr]bool{}
	ast.Inspect(f, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.CallExpr:
			if sel, ok := x.Fun.(*ast.SelectorExpr); ok && reportCalls[sel.Sel.Name] {
				for _, a := range x.Args {
					printed[a] = true
				}
			}
		case *ast.BasicLit:
			if x.Kind == token.STRING && !printed[x] {
				s, _ := strconv.Unquote(x.Value)
				out = append(out, literal{s, fset.Position(x.Pos())})
			}
		}
		return true
	})
	return out
}

func TestTranslatedText_CatchesPhrasesNotDataWordsOrCommands(t *testing.T) {
	zh, en := cataloguePieces(ZH), cataloguePieces(EN)
	for _, c := range []struct {
		s    string
		want bool
	}{
		{"English from now on", true}, {"Step 1", true}, {"Commands you can use", true},
		{"cannot be done", true}, {"Place a separate order", true}, {"configuration file", true},
		{"Taken away", true}, {"There is no zone zz", true}, {"grid worker (zones a1)", true},
		{"已经过去了", true}, {"认领", true},
		{"volunteers", false}, {"unbindqueue", false}, {"/unbindqueue", false}, {"order.placed", false},
		{"insulin", false}, {"Building 3, Room 301", false}, {"3 new, 0 updated", false}, {"大米", false},
		{"admin (zones a1)", false}, // one-word pieces around a placeholder: beyond this rule
	} {
		if _, got := translatedText(c.s, zh, en); got != c.want {
			t.Errorf("translatedText(%q) = %v, want %v", c.s, got, c.want)
		}
	}
}

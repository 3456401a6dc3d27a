package handlers

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"linli/i18n"
	"linli/orders"
)

// keyLike is a literal that reads as a catalogue key ("sla.remind") or the start of a composed
// one ("notify.", "order.bad_").
var keyLike = regexp.MustCompile(`^[a-z][a-z0-9]*(_[a-z0-9]+)*(\.[a-z0-9_]+)*[._]?$`)

// sourceLiterals calls found for every string literal in the module's non-test Go files
// (i18n's catalogues and the test stand-in aside) and in the web templates, with where it is
// and the literal added to it, if it is the left side of a +.
func sourceLiterals(t *testing.T, found func(pos, lit string, composed bool)) {
	t.Helper()
	root := ".."
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			switch d.Name() {
			case "i18n", "telegramtest", ".git", "testdata", "config": // config's literals name its own keys
				return filepath.SkipDir
			}
			return nil
		}
		if strings.HasSuffix(path, ".html") || strings.HasSuffix(path, ".tmpl") {
			body, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			for _, m := range templateKey.FindAllStringSubmatch(string(body), -1) {
				found(path, m[1], false)
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		left := map[*ast.BasicLit]bool{}
		ast.Inspect(f, func(n ast.Node) bool {
			if b, ok := n.(*ast.BinaryExpr); ok && b.Op == token.ADD {
				if l, ok := b.X.(*ast.BasicLit); ok {
					left[l] = true
				}
			}
			l, ok := n.(*ast.BasicLit)
			if !ok || l.Kind != token.STRING {
				return true
			}
			s, err := strconv.Unquote(l.Value)
			if err == nil {
				found(fset.Position(l.Pos()).String(), s, left[l])
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// templateKey is a key the web templates translate: {{.T "web.title"}}.
var templateKey = regexp.MustCompile(`\.T "([^"]+)"`)

// namespaces are the first parts of the catalogue's keys ("sla" of "sla.remind").
func namespaces() map[string]bool {
	out := map[string]bool{}
	for _, k := range i18n.Keys() {
		ns, _, _ := strings.Cut(k, ".")
		out[ns] = true
	}
	return out
}

// TestCatalogue_EveryKeyInTheCodeExists: a literal in the code that names a catalogue key
// exists in both languages, and a composed key ("notify."+kind) is one composedKeys lists, every
// key of which exists in both.
func TestCatalogue_EveryKeyInTheCodeExists(t *testing.T) {
	ns := namespaces()
	sourceLiterals(t, func(pos, lit string, composed bool) {
		if !keyLike.MatchString(lit) || strings.HasSuffix(lit, ".html") {
			return
		}
		first, _, dotted := strings.Cut(lit, ".")
		if !ns[first] || (!dotted && !composed) {
			return
		}
		prefix := strings.HasSuffix(lit, ".") || strings.HasSuffix(lit, "_")
		if prefix && !composed {
			return // a prefix cut off or tested for, not a key
		}
		if prefix {
			keys, ok := composedKeys()[lit]
			if !ok {
				t.Errorf("%s: key composed from %q: list what it can make in composedKeys", pos, lit)
			}
			for _, k := range keys {
				if !i18n.Exists(k) {
					t.Errorf("%s: %q (composed from %q) is missing in zh or en", pos, k, lit)
				}
			}
			return
		}
		if !i18n.Exists(lit) {
			t.Errorf("%s: key %q is missing in zh or en", pos, lit)
		}
	})
}

// TestCatalogue_NamesExactlyTheBuiltInCategoriesAndItems: the catalogue names the built-in
// categories and items (orders.BuiltIn, BuiltInItem) and no others, so a category or item of the
// configuration is shown as configured.
func TestCatalogue_NamesExactlyTheBuiltInCategoriesAndItems(t *testing.T) {
	for _, k := range i18n.Keys() {
		if c, ok := strings.CutPrefix(k, "cat."); ok && !orders.BuiltIn(c) {
			t.Errorf("%s: no built-in category %q", k, c)
		}
		if it, ok := strings.CutPrefix(k, "item."); ok && !orders.BuiltInItem(it) {
			t.Errorf("%s: no built-in item %q", k, it)
		}
	}
}

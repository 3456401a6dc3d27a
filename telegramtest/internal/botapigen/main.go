// Command botapigen derives the compact Bot API schema the stand-in checks requests against
// (telegramtest/botapi.json) from the machine-readable copy of Telegram's Bot API published by
// the telegram-bot-api-spec project (api.min.json, MIT). It keeps what a request checker needs:
// for every method and every type reachable from a method's parameters, each field's types,
// whether it is required, the numeric, length and item-count bounds its documentation states
// ("1-256 characters", "1-64 bytes", "Values between 1-100", "2-10 items"), and, for the
// subtypes of an abstract type (BotCommandScope, InputMedia...), the value of the field that
// tells them apart. Run it with `go generate ./telegramtest/`.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// spec is the part of api.min.json the generator reads.
type spec struct {
	Version     string              `json:"version"`
	ReleaseDate string              `json:"release_date"`
	Methods     map[string]specType `json:"methods"`
	Types       map[string]specType `json:"types"`
}

type specType struct {
	Description []string    `json:"description"`
	Fields      []specField `json:"fields"`
	Subtypes    []string    `json:"subtypes"`
}

type specField struct {
	Name        string   `json:"name"`
	Types       []string `json:"types"`
	Required    bool     `json:"required"`
	Description string   `json:"description"`
}

// Field is one parameter or object field in the generated schema.
type Field struct {
	Types    []string `json:"types"`
	Required bool     `json:"required,omitempty"`
	Min      *float64 `json:"min,omitempty"`
	Max      *float64 `json:"max,omitempty"`
	Unit     string   `json:"unit,omitempty"`   // characters (UTF-16 units), bytes, items or value
	Parsed   bool     `json:"parsed,omitempty"` // the length counts after entities parsing
	Const    string   `json:"const,omitempty"`  // the value that names this subtype
}

// Type is an object type: its fields, or the subtypes it stands for.
type Type struct {
	Fields   map[string]Field `json:"fields,omitempty"`
	Subtypes []string         `json:"subtypes,omitempty"`
	OrString bool             `json:"or_string,omitempty"` // "String can be used instead of this object"
}

func main() {
	in := flag.String("in", "../../shared/botapi", "directory holding api.min.json and LICENSE")
	out := flag.String("out", "botapi.json", "schema file to write")
	flag.Parse()
	if err := run(*in, *out); err != nil {
		fmt.Fprintln(os.Stderr, "botapigen:", err)
		os.Exit(1)
	}
}

func run(in, out string) error {
	raw, err := os.ReadFile(filepath.Join(in, "api.min.json"))
	if err != nil {
		return fmt.Errorf("%w (the shared/ directory sits beside the repository)", err)
	}
	license, err := os.ReadFile(filepath.Join(in, "LICENSE"))
	if err != nil {
		return err
	}
	var s spec
	if err := json.Unmarshal(raw, &s); err != nil {
		return fmt.Errorf("api.min.json: %w", err)
	}
	methods := map[string]map[string]Field{}
	types := map[string]Type{}
	for name, m := range s.Methods {
		methods[name] = fields(m.Fields)
		for _, f := range m.Fields {
			reach(&s, f.Types, types)
		}
	}
	return os.WriteFile(out, render(&s, string(license), methods, types), 0o644)
}

// reach adds every object type named in ts, and what its fields name in turn, to types.
func reach(s *spec, ts []string, types map[string]Type) {
	for _, t := range ts {
		t = strings.TrimSpace(t)
		for strings.HasPrefix(t, "Array of ") {
			t = strings.TrimPrefix(t, "Array of ")
		}
		st, ok := s.Types[t]
		if _, seen := types[t]; seen || !ok {
			continue
		}
		types[t] = Type{Fields: fields(st.Fields), Subtypes: st.Subtypes,
			OrString: strings.Contains(strings.Join(st.Description, " "), "String can be used instead of this object")}
		reach(s, st.Subtypes, types)
		for _, f := range st.Fields {
			reach(s, f.Types, types)
		}
	}
}

func fields(fs []specField) map[string]Field {
	out := make(map[string]Field, len(fs))
	for _, f := range fs {
		g := Field{Types: f.Types, Required: f.Required}
		bounds(&g, f.Description)
		if c := constRe.FindStringSubmatch(f.Description); c != nil && f.Required && len(f.Types) == 1 && f.Types[0] == "String" {
			g.Const = c[1]
		}
		out[f.Name] = g
	}
	return out
}

var (
	// "Type of the media, must be photo", "Scope type, must be default", `always "user"`.
	constRe = regexp.MustCompile(`^[^.]*?(?:, must be|, always) "?([a-z0-9_]+)"?$`)
	// A stated range: "1-256 characters", "0-64 bytes", "Values between 1-100", "2-10 items".
	rangeRe = regexp.MustCompile(`(?:^|[^\w.-])(\d+)-(\d+)(?:\s+(characters|bytes))?(\s+after entit(?:y|ies) parsing)?`)
)

// bounds reads the first range the description states, in the unit the field's type implies.
func bounds(f *Field, desc string) {
	base := f.Types[0]
	array := strings.HasPrefix(base, "Array of ")
	for _, m := range rangeRe.FindAllStringSubmatchIndex(desc, -1) {
		if m[0] > 0 && strings.HasSuffix(desc[:m[2]], "ISO ") || strings.HasSuffix(desc[:m[2]], "ISO 3166-") {
			continue // "ISO 639-1", "ISO 3166-1"
		}
		lo, _ := strconv.ParseFloat(desc[m[2]:m[3]], 64)
		hi, _ := strconv.ParseFloat(desc[m[4]:m[5]], 64)
		if lo > hi {
			continue
		}
		unit := ""
		if m[6] >= 0 {
			unit = desc[m[6]:m[7]]
		}
		switch {
		case array:
			unit = "items"
		case base == "String" && unit != "":
		case (base == "Integer" || base == "Float") && unit == "":
			unit = "value"
		default:
			continue // "values 1-6 for 🎲" on a String, a length on a number
		}
		f.Min, f.Max, f.Unit, f.Parsed = &lo, &hi, unit, m[8] >= 0
		return
	}
}

// render writes the schema with one method or type per line, sorted, so a new Bot API version
// shows as a readable diff.
func render(s *spec, license string, methods map[string]map[string]Field, types map[string]Type) []byte {
	var b strings.Builder
	str := func(v any) string { j, _ := json.Marshal(v); return string(j) }
	b.WriteString("{\n")
	fmt.Fprintf(&b, "\"generated\": %s,\n", str("by telegramtest/internal/botapigen (go generate ./telegramtest/) from shared/botapi/api.min.json; do not edit"))
	fmt.Fprintf(&b, "\"version\": %s,\n\"release_date\": %s,\n", str(s.Version), str(s.ReleaseDate))
	fmt.Fprintf(&b, "\"source\": %s,\n", str("telegram-bot-api-spec: Telegram's Bot API documentation, machine-readable; the notice below is its licence"))
	fmt.Fprintf(&b, "\"notice\": %s,\n", str(strings.TrimSpace(license)))
	b.WriteString("\"methods\": {\n")
	writeSorted(&b, methods, str)
	b.WriteString("},\n\"types\": {\n")
	writeSorted(&b, types, str)
	b.WriteString("}\n}\n")
	return []byte(b.String())
}

func writeSorted[T any](b *strings.Builder, m map[string]T, str func(any) string) {
	names := make([]string, 0, len(m))
	for n := range m {
		names = append(names, n)
	}
	sort.Strings(names)
	for i, n := range names {
		sep := ","
		if i == len(names)-1 {
			sep = ""
		}
		fmt.Fprintf(b, "%s: %s%s\n", str(n), str(m[n]), sep)
	}
}

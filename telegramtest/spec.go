package telegramtest

import (
	_ "embed"
	"encoding/json"
	"sort"
	"strings"
)

//go:generate go run ./internal/botapigen -in ../../shared/botapi -out botapi.json

// botapiJSON is the Bot API schema every request is checked against, generated from Telegram's
// published API (see internal/botapigen); it carries the version and its source's MIT notice.
//
//go:embed botapi.json
var botapiJSON []byte

// specField is one parameter or object field as the Bot API documents it.
type specField struct {
	Types    []string `json:"types"`
	Required bool     `json:"required"`
	Min      *float64 `json:"min"`
	Max      *float64 `json:"max"`
	Unit     string   `json:"unit"`   // characters (UTF-16 units), bytes, items or value
	Parsed   bool     `json:"parsed"` // a length counted after entities parsing (checked by the method)
	Const    string   `json:"const"`  // the value that names this subtype
}

// specType is an object type: its fields, or the subtypes it stands for.
type specType struct {
	Fields   map[string]specField `json:"fields"`
	Subtypes []string             `json:"subtypes"`
	OrString bool                 `json:"or_string"` // a String may stand for the object (KeyboardButton)
}

// apiSchema is the whole generated schema.
type apiSchema struct {
	Version string                          `json:"version"`
	Notice  string                          `json:"notice"`
	Methods map[string]map[string]specField `json:"methods"`
	Types   map[string]specType             `json:"types"`
	lower   map[string]string               // lower-cased method name → its spelling
}

var schema = func() *apiSchema {
	var s apiSchema
	if err := json.Unmarshal(botapiJSON, &s); err != nil {
		panic("telegramtest: botapi.json: " + err.Error())
	}
	s.lower = make(map[string]string, len(s.Methods))
	for name := range s.Methods {
		s.lower[strings.ToLower(name)] = name
	}
	return &s
}()

// APIVersion is the Bot API version the stand-in checks requests against, e.g. "Bot API 10.1".
func APIVersion() string { return schema.Version }

// SpecMethod reports whether name is a Bot API method (Telegram matches names case-insensitively)
// and returns its documented spelling.
func SpecMethod(name string) (string, bool) {
	n, ok := schema.lower[strings.ToLower(name)]
	return n, ok
}

// SpecMethods lists every Bot API method in the schema, sorted.
func SpecMethods() []string {
	out := make([]string, 0, len(schema.Methods))
	for n := range schema.Methods {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

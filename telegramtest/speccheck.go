package telegramtest

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// specCodes are the descriptions Telegram gives, instead of a generic one, when these fields are
// below or above their documented bounds (Type.field, or method.parameter).
var specCodes = map[string][2]string{
	"InlineKeyboardButton.callback_data": {"BUTTON_DATA_INVALID", "BUTTON_DATA_INVALID"},
	"CopyTextButton.text":                {"BUTTON_COPY_TEXT_INVALID", "BUTTON_COPY_TEXT_INVALID"},
	"BotCommand.command":                 {"BOT_COMMAND_INVALID", "BOT_COMMAND_INVALID"},
	"BotCommand.description":             {"command description must be non-empty", "command description is too long"},
	"setWebhook.secret_token":            {"secret token is too short", "secret token is too long"},
}

// missingCodes are Telegram's descriptions for these required parameters when they are not sent;
// others are "<name> is empty".
var missingCodes = map[string]string{
	"sendMessage.text":      "message text is empty",
	"sendDocument.document": "there is no document in the request",
	"sendPhoto.photo":       "there is no photo in the request",
}

// jsonNames are how Telegram names a parameter's JSON object when it cannot parse it.
var jsonNames = map[string]string{"reply_markup": "reply keyboard markup"}

// checkSpec refuses a call to a Bot API method whose parameters the published API does not
// allow: an unknown or misspelt parameter, a missing required one, a value of the wrong type or
// outside its documented bounds — at the top level and inside JSON-serialized objects
// (reply_markup, entities, commands...). Lengths that count after entities parsing are left to
// the method, which parses the text. The answer is Telegram's kind of 400.
func checkSpec(method string, p *params) *apiError {
	fields, ok := schema.Methods[method]
	if !ok {
		return nil
	}
	for _, name := range sortedKeys(p.vals, p.files) {
		f, ok := fields[name]
		if !ok {
			if _, file := p.files[name]; file && attached(p, name) {
				continue
			}
			return specError("unknown parameter %q: %s has no such field in %s", name, method, schema.Version)
		}
		if desc := checkParam(method, name, f, p); desc != "" {
			return specError("%s", desc)
		}
	}
	for _, name := range sortedKeys[specField, any](fields, nil) {
		_, file := p.files[name]
		if fields[name].Required && !p.has(name) && !file {
			if desc := missingCodes[method+"."+name]; desc != "" {
				return specError("%s", desc)
			}
			return specError("%s is empty", name)
		}
	}
	return nil
}

func specError(format string, args ...any) *apiError {
	e := badRequest(format, args...)
	e.spec = true
	return e
}

// attached reports whether an uploaded part is referenced as attach://name by another parameter.
func attached(p *params, name string) bool {
	for _, v := range p.vals {
		if strings.Contains(v, "attach://"+name) {
			return true
		}
	}
	return false
}

// checkParam checks one top-level parameter: sent as text (or as a file), it is a scalar or a
// JSON-serialized object or array.
func checkParam(method, name string, f specField, p *params) string {
	if _, file := p.files[name]; file {
		if has(f.Types, "InputFile") {
			return ""
		}
		return fmt.Sprintf("parameter %q must be of type %s", name, strings.Join(f.Types, " or "))
	}
	text := p.vals[name]
	var complex []string
	for _, t := range f.Types {
		if scalarText(t, text) {
			return checkBounds(method+"."+name, f, scalarValue(t, text), paramName(name))
		}
		if !isScalar(t) {
			complex = append(complex, t)
		}
	}
	if len(complex) == 0 {
		return fmt.Sprintf("parameter %q must be of type %s", name, strings.Join(f.Types, " or "))
	}
	dec := json.NewDecoder(strings.NewReader(text))
	dec.UseNumber()
	var v any
	if dec.Decode(&v) != nil || dec.More() {
		what := jsonNames[name]
		if what == "" {
			what = strings.ReplaceAll(name, "_", " ")
		}
		return fmt.Sprintf("can't parse %s JSON object", what)
	}
	if m, ok := v.(map[string]any); ok && len(complex) == 1 && complex[0] == "InlineKeyboardMarkup" && m["inline_keyboard"] == nil {
		return "inline keyboard expected" // editMessageReplyMarkup given another kind of keyboard
	}
	if desc := checkValue("", name, complex, v); desc != "" {
		return desc
	}
	return checkBounds(method+"."+name, f, v, paramName(name))
}

// checkValue checks a JSON value against a field's types; owner is the enclosing object type
// ("" at the top level). It answers "" or Telegram's description.
func checkValue(owner, name string, types []string, v any) string {
	var objects []string
	for _, t := range types {
		switch {
		case schema.Types[t].OrString && kindOK("String", v):
			return ""
		case !kindOK(t, v):
		case strings.HasPrefix(t, "Array of "):
			for _, el := range v.([]any) {
				if desc := checkValue(owner, name, []string{strings.TrimPrefix(t, "Array of ")}, el); desc != "" {
					return desc
				}
			}
			return ""
		case isScalar(t):
			return ""
		default:
			objects = append(objects, concrete(t)...)
		}
	}
	if len(objects) == 0 {
		if owner == "" {
			return fmt.Sprintf("parameter %q must be of type %s", name, strings.Join(types, " or "))
		}
		return fmt.Sprintf("can't parse %s: Field %q must be of type %s", owner, name, strings.Join(types, " or "))
	}
	m := v.(map[string]any)
	return checkObject(pick(m, objects), m)
}

// checkObject checks an object's fields against its type: none unknown, required ones present,
// each of the right type and within its bounds.
func checkObject(typ string, m map[string]any) string {
	st := schema.Types[typ]
	for _, k := range sortedKeys[any, any](m, nil) {
		f, ok := st.Fields[k]
		if !ok {
			return fmt.Sprintf("can't parse %s: unknown field %q", typ, k)
		}
		if m[k] == nil {
			continue
		}
		if desc := checkValue(typ, k, f.Types, m[k]); desc != "" {
			return desc
		}
		if f.Min == nil {
			continue
		}
		if desc := checkBounds(typ+"."+k, f, m[k], func() string { return fmt.Sprintf("can't parse %s: Field %q", typ, k) }); desc != "" {
			return desc
		}
	}
	for _, k := range sortedKeys[specField, any](st.Fields, nil) {
		if st.Fields[k].Required && m[k] == nil {
			return fmt.Sprintf("can't parse %s: Can't find field %q", typ, k)
		}
	}
	return ""
}

// paramName names a top-level parameter in a description.
func paramName(name string) func() string {
	return func() string { return fmt.Sprintf("parameter %q", name) }
}

// checkBounds checks a value against the range its documentation states.
func checkBounds(key string, f specField, v any, what func() string) string {
	if f.Min == nil || f.Parsed {
		return ""
	}
	var n float64
	var unit string
	switch f.Unit {
	case "characters", "bytes":
		s, ok := v.(string)
		if !ok {
			return ""
		}
		if s == "" && !f.Required {
			return "" // Telegram reads an empty optional string as not sent
		}
		n, unit = float64(UTF16Len(s)), " "+f.Unit+" long"
		if f.Unit == "bytes" {
			n = float64(len(s))
		}
	case "items":
		a, ok := v.([]any)
		if !ok {
			return ""
		}
		n, unit = float64(len(a)), " items"
	default:
		num, ok := v.(json.Number)
		if !ok {
			return ""
		}
		n, _ = num.Float64()
	}
	if n >= *f.Min && n <= *f.Max {
		return ""
	}
	if codes, ok := specCodes[key]; ok {
		if n < *f.Min {
			return codes[0]
		}
		return codes[1]
	}
	return fmt.Sprintf("%s must be %g-%g%s", what(), *f.Min, *f.Max, unit)
}

// pick chooses which of several object types a JSON object is: the subtype its discriminating
// field names, else the first whose required fields are all there, else the first.
func pick(m map[string]any, types []string) string {
	for _, t := range types {
		for k, f := range schema.Types[t].Fields {
			if f.Const != "" && m[k] == f.Const {
				return t
			}
		}
	}
	for _, t := range types {
		ok := true
		for k, f := range schema.Types[t].Fields {
			if f.Required && m[k] == nil {
				ok = false
			}
		}
		if ok {
			return t
		}
	}
	return types[0]
}

// concrete expands an abstract type into its object subtypes.
func concrete(t string) []string {
	st := schema.Types[t]
	if len(st.Subtypes) == 0 {
		return []string{t}
	}
	var out []string
	for _, sub := range st.Subtypes {
		if _, ok := schema.Types[sub]; ok && sub != t {
			out = append(out, concrete(sub)...)
		}
	}
	return out
}

// kindOK reports whether a decoded JSON value has the kind a Bot API type needs.
func kindOK(t string, v any) bool {
	switch t {
	case "Integer":
		n, ok := v.(json.Number)
		_, err := n.Int64()
		return ok && err == nil
	case "Float":
		_, ok := v.(json.Number)
		return ok
	case "String", "InputFile":
		_, ok := v.(string)
		return ok
	case "Boolean":
		_, ok := v.(bool)
		return ok
	case "True":
		return v == true
	}
	if strings.HasPrefix(t, "Array of ") {
		_, ok := v.([]any)
		return ok
	}
	if st, ok := schema.Types[t]; ok && len(st.Subtypes) > 0 {
		for _, sub := range st.Subtypes {
			if sub != t && kindOK(sub, v) {
				return true
			}
		}
		return false
	}
	_, ok := v.(map[string]any)
	return ok
}

func isScalar(t string) bool {
	switch t {
	case "Integer", "Float", "String", "Boolean", "True", "InputFile":
		return true
	}
	return false
}

// scalarText reports whether a parameter sent as text is a valid t. An InputFile sent as text is
// a reference to an uploaded part.
func scalarText(t, s string) bool {
	s = strings.TrimSpace(s)
	switch t {
	case "Integer":
		_, err := strconv.ParseInt(s, 10, 64)
		return err == nil
	case "Float":
		_, err := strconv.ParseFloat(s, 64)
		return err == nil
	case "String":
		return true
	case "InputFile":
		return strings.HasPrefix(s, "attach://")
	case "Boolean":
		switch strings.ToLower(s) {
		case "true", "false", "1", "0":
			return true
		}
	case "True":
		return strings.EqualFold(s, "true") || s == "1"
	}
	return false
}

// scalarValue is a text parameter as checkBounds reads it.
func scalarValue(t, s string) any {
	if t == "Integer" || t == "Float" {
		return json.Number(strings.TrimSpace(s))
	}
	return s
}

func has(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// sortedKeys lists the keys of a and b, sorted, so the first problem reported is always the same.
func sortedKeys[A, B any](a map[string]A, b map[string]B) []string {
	out := make([]string, 0, len(a)+len(b))
	for k := range a {
		out = append(out, k)
	}
	for k := range b {
		if _, dup := a[k]; !dup {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

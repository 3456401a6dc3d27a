package people

// The answers of registration, checked and cleaned: names, phones, addresses, sizes.

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"linli/i18n"
)

// HouseholdInput is what registration asks for; ValidateHousehold cleans it.
type HouseholdInput struct {
	Zone, Building, Unit, Room string
	Name, Phone                string
	Size                       int
	Vulnerable                 []string
}

// Reasons a name is refused that the question tells apart; both are BadField("name") too.
var (
	ErrNameNoLetters = &InputError{Field: "name", Reason: "no letters"}
	ErrNameIsPhone   = &InputError{Field: "name", Reason: "a phone number"}
)

// CleanField checks one answer of the registration (by field name, as InputError.Field) and
// returns it cleaned: control characters removed, spaces trimmed, the phone normalised.
func CleanField(field, value string) (string, error) {
	s := strings.TrimSpace(i18n.Clean(value))
	bad := func(reason string) (string, error) { return "", &InputError{Field: field, Reason: reason} }
	limit := map[string]int{"name": MaxName, "building": MaxBuilding, "room": MaxRoom, "unit": MaxUnit}
	switch field {
	case "name", "building", "room", "unit":
		s = strings.Join(strings.Fields(s), " ")
		if s == "" && field != "unit" {
			return bad("empty")
		}
		if _, phone := NormalizePhone(s); field == "name" && phone { // typed a step early
			return "", ErrNameIsPhone
		}
		if utf8.RuneCountInString(s) > limit[field] {
			return bad("too long")
		}
		if field == "name" && !strings.ContainsFunc(s, unicode.IsLetter) { // "👴🏻", "123"
			return "", ErrNameNoLetters
		}
		if s != "" && !strings.ContainsFunc(s, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) {
			return bad("no letters or digits")
		}
		return s, nil
	case "phone":
		p, ok := NormalizePhone(s)
		if !ok {
			return bad("not a phone number")
		}
		return p, nil
	case "size":
		n, ok := ParseSize(s)
		if !ok || n < 1 || n > MaxSize {
			return bad("not 1 to 30")
		}
		return strconv.Itoa(n), nil
	}
	return "", fmt.Errorf("people: no field %q", field)
}

// NormalizePhone accepts what people type or Telegram shares ("+86 138-0013-8000",
// "(010) 6512 3456", "0086 13800138000") and returns one form per number, so the same phone
// always matches: Chinese numbers in national form ("13800138000", "01065123456"), others as
// "+" and 8 to 15 digits. A Chinese mobile has 11 digits starting 13–19; a landline needs its
// area code (0 and 10 to 12 digits in all).
func NormalizePhone(s string) (string, bool) {
	s = strings.TrimSpace(s)
	var digits strings.Builder
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits.WriteRune(r)
		case r >= '０' && r <= '９': // full-width digits from a Chinese keyboard
			digits.WriteRune('0' + r - '０')
		case (r == '+' || r == '＋') && i == 0:
		case r == ' ' || r == '-' || r == '(' || r == ')' || r == '.' || r == '\u3000' || r == '（' || r == '）':
		default:
			return "", false
		}
	}
	d := digits.String()
	international := strings.HasPrefix(s, "+") || strings.HasPrefix(s, "＋")
	if !international && strings.HasPrefix(d, "00") {
		international, d = true, d[2:]
	}
	if international {
		if rest, ok := strings.CutPrefix(d, "86"); ok {
			return chinese(strings.TrimPrefix(rest, "0"), true)
		}
		if len(d) < 8 || len(d) > 15 || d[0] == '0' {
			return "", false
		}
		return "+" + d, true
	}
	return chinese(d, false)
}

// chinese checks a national number; after +86 a landline's leading 0 is dropped, so it is added
// back. Area codes are 10 (Beijing), 2x, or three digits from 3xx to 9xx.
func chinese(d string, afterCountryCode bool) (string, bool) {
	if len(d) == 11 && d[0] == '1' && d[1] >= '3' {
		return d, true
	}
	if afterCountryCode {
		d = "0" + d
	}
	if len(d) >= 10 && len(d) <= 12 && d[0] == '0' && (d[1] >= '2' || strings.HasPrefix(d, "010")) {
		return d, true
	}
	return "", false
}

// ValidateHousehold checks and cleans a whole household; zoneExists says which zone keys the
// configuration has. A size of 0 means 1.
func ValidateHousehold(in HouseholdInput, zoneExists func(string) bool) (HouseholdInput, error) {
	out := HouseholdInput{Zone: strings.TrimSpace(in.Zone)}
	if !zoneExists(out.Zone) {
		return HouseholdInput{}, &InputError{Field: "zone", Reason: "unknown"}
	}
	for _, f := range []struct {
		name string
		in   string
		out  *string
	}{
		{"name", in.Name, &out.Name}, {"phone", in.Phone, &out.Phone},
		{"building", in.Building, &out.Building}, {"unit", in.Unit, &out.Unit}, {"room", in.Room, &out.Room},
	} {
		v, err := CleanField(f.name, f.in)
		if err != nil {
			return HouseholdInput{}, err
		}
		*f.out = v
	}
	out.Size = in.Size
	if out.Size == 0 {
		out.Size = 1
	}
	if out.Size < 1 || out.Size > MaxSize {
		return HouseholdInput{}, &InputError{Field: "size", Reason: "not 1 to 30"}
	}
	for _, v := range in.Vulnerable {
		if !slices.Contains(Vulnerabilities, v) {
			return HouseholdInput{}, &InputError{Field: "vulnerable", Reason: "unknown"}
		}
		if !slices.Contains(out.Vulnerable, v) {
			out.Vulnerable = append(out.Vulnerable, v)
		}
	}
	return out, nil
}

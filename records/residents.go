package records

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"linli/config"
	"linli/people"
)

// Resident is a good row of a household list: its line in the file and the cleaned household.
type Resident struct {
	Line int
	people.HouseholdInput
}

// Rejection is a row left out, with its line and why. Reasons never hold a phone number in full.
type Rejection struct {
	Line   int
	Reason string
}

// Residents is a household list as read: the good rows, the rejected ones, and the columns
// that were not used.
type Residents struct {
	Rows     []Resident
	Rejected []Rejection
	Ignored  []string // header names that are none of the known columns
	GBK      bool     // the file was not UTF-8 and was read as GB18030
}

// ParseResidents reads a household list (CSV with a header row; see columnNames) and checks it
// row by row against the household rules and the configured zones. Only a file that cannot be
// read at all, or whose header lacks a column, is an error (ErrFile).
func ParseResidents(r io.Reader, zones config.Zones) (Residents, error) {
	lines, gb, err := readLines(r)
	if err != nil {
		return Residents{}, err
	}
	if len(lines) == 0 || lines[0].err != nil {
		return Residents{}, fmt.Errorf("%w: no header row (%s)", ErrFile, strings.Join(requiredColumns, ","))
	}
	cols, ignored, err := header(lines[0].fields)
	if err != nil {
		return Residents{}, err
	}
	out := Residents{Ignored: ignored, GBK: gb}
	seen := map[string]int{}
	for _, l := range lines[1:] {
		if blank(l) {
			continue
		}
		in, err := row(l, cols, len(lines[0].fields), zones)
		if err == nil {
			key := people.AddressKey(in.Zone, in.Building, in.Unit, in.Room)
			if first, dup := seen[key]; dup {
				err = fmt.Errorf("the same household (zone, building, room) as line %d", first)
			}
			seen[key] = l.n
		}
		if err != nil {
			out.Rejected = append(out.Rejected, Rejection{Line: l.n, Reason: err.Error()})
			continue
		}
		out.Rows = append(out.Rows, Resident{Line: l.n, HouseholdInput: in})
	}
	return out, nil
}

// header maps each column index to its field, and checks that the required ones are there once.
func header(names []string) (map[string]int, []string, error) {
	cols := map[string]int{}
	var ignored []string
	for i, n := range names {
		field, ok := columnNames[fold(n)]
		if !ok {
			ignored = append(ignored, strings.TrimSpace(n))
			continue
		}
		if _, dup := cols[field]; dup {
			return nil, nil, fmt.Errorf("%w: column %s twice in the header", ErrFile, columnLabel(field))
		}
		cols[field] = i
	}
	for _, f := range requiredColumns {
		if _, ok := cols[f]; !ok {
			return nil, nil, fmt.Errorf("%w: the header has no %s column (needed: %s; optional: unit, household_size, vulnerable)",
				ErrFile, f, strings.Join(requiredColumns, ","))
		}
	}
	return cols, ignored, nil
}

// blank is a row with no text at all, as spreadsheets leave at the end.
func blank(l line) bool {
	return l.err == nil && strings.TrimSpace(strings.Join(l.fields, "")) == ""
}

// row checks one record and returns it as a clean household.
func row(l line, cols map[string]int, width int, zones config.Zones) (people.HouseholdInput, error) {
	switch {
	case l.err != nil:
		return people.HouseholdInput{}, fmt.Errorf("not valid CSV: %v", l.err)
	case len(l.fields) != width:
		return people.HouseholdInput{}, fmt.Errorf("%d fields, the header has %d", len(l.fields), width)
	}
	cell := map[string]string{}
	for _, field := range fieldOrder {
		i, ok := cols[field]
		if !ok {
			continue
		}
		v := unneutralise(l.fields[i])
		if strings.ContainsFunc(v, unicode.IsControl) {
			return people.HouseholdInput{}, fmt.Errorf("%s: control characters", columnLabel(field))
		}
		cell[field] = v
	}
	return household(cell, zones)
}

// fieldOrder is the order in which a row's cells are checked, so a reason is the same each run.
var fieldOrder = []string{"zone", "building", "unit", "room", "name", "phone", "size", "vulnerable"}

// household builds and checks the household of one row's cells.
func household(cell map[string]string, zones config.Zones) (people.HouseholdInput, error) {
	zone, ok := findZone(cell["zone"], zones)
	if !ok {
		return people.HouseholdInput{}, fmt.Errorf("zone %q is not configured (zones: %s)",
			clip(cell["zone"], 20), strings.Join(zones.Keys(), ", "))
	}
	in := people.HouseholdInput{Zone: zone, Size: 1}
	for _, f := range []struct {
		name string
		out  *string
	}{{"name", &in.Name}, {"phone", &in.Phone}, {"building", &in.Building}, {"unit", &in.Unit}, {"room", &in.Room}} {
		v, err := people.CleanField(f.name, cell[f.name])
		if err != nil {
			return people.HouseholdInput{}, reason(f.name, cell[f.name], err)
		}
		*f.out = v
	}
	if s := strings.TrimSpace(fold(cell["size"])); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > people.MaxSize {
			return people.HouseholdInput{}, fmt.Errorf("household_size %q is not a number from 1 to %d", clip(s, 10), people.MaxSize)
		}
		in.Size = n
	}
	vuln, bad, ok := parseVulnerable(cell["vulnerable"])
	if !ok {
		return people.HouseholdInput{}, fmt.Errorf("vulnerable %q is not one of %s (or 独居老人, 慢性病, 孕妇, 残疾, 婴幼儿)",
			clip(bad, 20), strings.Join(people.Vulnerabilities, ", "))
	}
	in.Vulnerable = vuln
	return people.ValidateHousehold(in, func(z string) bool { _, ok := zones.Find(z); return ok })
}

// reason words a field's InputError for the report: the phone masked, names and addresses not
// repeated.
func reason(field, value string, err error) error {
	var ie *people.InputError
	if !errors.As(err, &ie) {
		return err
	}
	n := utf8.RuneCountInString(strings.TrimSpace(value))
	limit := map[string]int{"name": people.MaxName, "building": people.MaxBuilding, "room": people.MaxRoom, "unit": people.MaxUnit}
	switch {
	case field == "phone":
		return fmt.Errorf("phone %s is not a phone number (an 11-digit mobile, or a landline with its area code)", MaskPhone(value))
	case ie.Reason == "empty":
		return fmt.Errorf("%s is empty", field)
	case ie.Reason == "too long":
		return fmt.Errorf("%s is too long (%d characters, at most %d)", field, n, limit[field])
	}
	return fmt.Errorf("%s: %s", field, ie.Reason)
}

// findZone takes a zone's key (any case) or its name as configured.
func findZone(s string, zones config.Zones) (string, bool) {
	s = strings.TrimSpace(s)
	for _, z := range zones {
		if strings.EqualFold(z.Key, fold(s)) || z.Name == s {
			return z.Key, true
		}
	}
	return "", false
}

// unneutralise drops the apostrophe WriteCSV puts before a cell that a spreadsheet would read
// as a formula, so an exported list imports again as it was.
func unneutralise(s string) string {
	if rest, ok := strings.CutPrefix(s, "'"); ok && rest != "" && strings.ContainsRune(formulaStarts, []rune(rest)[0]) {
		return rest
	}
	return s
}

func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}

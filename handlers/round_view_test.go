package handlers

import "testing"

// A unit the organiser typed reads right after a count in English, and is left as typed in
// Chinese or when it is not a plain English word.
func TestUnitAfter_EnglishPluralsOnly(t *testing.T) {
	for _, c := range []struct {
		lang, unit string
		n          int64
		want       string
	}{
		{"en", "bag", 2, " bags"}, {"en", "bag", 1, " bag"}, {"en", "box", 3, " boxes"}, {"en", "family", 2, " families"},
		{"en", "tray", 2, " trays"}, {"en", "bunch", 2, " bunches"}, {"en", "kg", 5, " kg"}, {"en", "ml", 5, " ml"}, {"en", "oz", 2, " oz"}, {"en", "pcs", 4, " pcs"},
		{"en", "袋", 2, " 袋"}, {"en", "Box", 2, " Box"}, {"zh", "bag", 2, " bag"}, {"zh", "袋", 2, " 袋"}, {"en", "", 2, ""},
	} {
		if got := unitAfter(c.lang, c.unit, c.n); got != c.want {
			t.Errorf("unitAfter(%s, %q, %d) = %q, want %q", c.lang, c.unit, c.n, got, c.want)
		}
	}
}

package handlers

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"linli/checkins"
	"linli/i18n"
	"linli/people"
)

func TestFitLines_StaysUnderTelegramsLimitAndCountsTheRest(t *testing.T) {
	for _, lang := range i18n.Langs {
		var lines []string
		for i := 0; i < 500; i++ {
			lines = append(lines, fmt.Sprintf("• 王秀兰 · 📞 13800138000 · 官北沟社区 1号楼-8号楼 3号楼 2单元 %d", i))
		}
		got, n := fitLines(lang, "head", lines)
		if len(got) > maxText || utf8.RuneCountInString(got) > 4096 {
			t.Fatalf("%s: %d bytes", lang, len(got))
		}
		shown := strings.Count(got, "\n• ")
		if n != shown {
			t.Fatalf("%s: says %d shown, %d are", lang, n, shown)
		}
		if want := i18n.T(lang, "checkin.and_more", 500-shown); !strings.HasSuffix(got, want) {
			t.Fatalf("%s: %d shown, ends %q, want %q", lang, shown, got[len(got)-40:], want)
		}
		if all, n := fitLines(lang, "head", lines[:3]); n != 3 || strings.Count(all, "\n") != 3 || strings.Contains(all, "…") {
			t.Fatalf("%s: a short list is clipped: %q", lang, all)
		}
	}
}

// A missing list too long for one message says so, and the whole of it comes as a spreadsheet
// in the admin's language: every household, the unreachable marked.
func TestMissingList_TooLongComesAsASpreadsheet(t *testing.T) {
	h := New(Options{})
	var silent []silentHousehold
	for i := 0; i < 500; i++ {
		silent = append(silent, silentHousehold{people.Household{Name: fmt.Sprintf("住户%d", i), Phone: "13800138000",
			Zone: "a1", Building: "3号楼", Unit: "2单元", Room: fmt.Sprint(i)}, i == 7})
	}
	for _, lang := range i18n.Langs {
		text, cut := h.missingForAdmin(lang, "20261201", checkins.Counts{Prompted: 600}, silent)
		if !cut || len(text) > maxText {
			t.Fatalf("%s: cut %v, %d bytes", lang, cut, len(text))
		}
		if _, cut := h.missingForAdmin(lang, "20261201", checkins.Counts{Prompted: 600}, silent[:3]); cut {
			t.Fatalf("%s: three households cut", lang)
		}
		doc, err := h.missingFile(lang, "20261201", silent)
		if err != nil {
			t.Fatal(err)
		}
		rows := strings.Split(strings.TrimSpace(string(doc.Data)), "\r\n")
		if len(rows) != 501 || !strings.Contains(rows[0], strings.Split(i18n.T(lang, "checkin.missing_file_header"), ",")[0]) ||
			!strings.HasSuffix(rows[8], i18n.T(lang, "checkin.missing_file_unreachable")) || !strings.HasPrefix(rows[500], "住户499,") {
			t.Fatalf("%s: %d rows, header %q, row 8 %q", lang, len(rows), rows[0], rows[8])
		}
	}
}

package handlers

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"linli/i18n"
)

func TestFitLines_StaysUnderTelegramsLimitAndCountsTheRest(t *testing.T) {
	for _, lang := range i18n.Langs {
		var lines []string
		for i := 0; i < 500; i++ {
			lines = append(lines, fmt.Sprintf("• 王秀兰 · 📞 13800138000 · 官北沟社区 1号楼-8号楼 3号楼 2单元 %d", i))
		}
		got := fitLines(lang, "head", lines)
		if len(got) > maxText || utf8.RuneCountInString(got) > 4096 {
			t.Fatalf("%s: %d bytes", lang, len(got))
		}
		shown := strings.Count(got, "\n• ")
		if want := i18n.T(lang, "checkin.and_more", 500-shown); !strings.HasSuffix(got, want) {
			t.Fatalf("%s: %d shown, ends %q, want %q", lang, shown, got[len(got)-40:], want)
		}
		if all := fitLines(lang, "head", lines[:3]); strings.Count(all, "\n") != 3 || strings.Contains(all, "…") {
			t.Fatalf("%s: a short list is clipped: %q", lang, all)
		}
	}
}

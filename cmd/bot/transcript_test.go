package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"linli/telegramtest"
)

var update = flag.Bool("update", false, "rewrite the golden transcripts in testdata/")

// TestTranscript_Golden records a first conversation in each language exactly as the user sees
// it (text after Telegram's HTML parsing, and the buttons), so a change to any reply shows up in
// review: go test ./cmd/bot -run Transcript -update.
func TestTranscript_Golden(t *testing.T) {
	t.Parallel()
	for _, lang := range []string{"zh", "en"} {
		t.Run(lang, func(t *testing.T) {
			lb := startBot(t, telegramtest.Limits{}, fastSender())
			const user = 500
			lb.ts.AddUser(telegramtest.User{ID: user, FirstName: "Li <Wei>", LanguageCode: lang})
			var b strings.Builder
			for _, in := range []string{"/start", "/help", "/lang", "/lang xx", "hello?", "/order"} {
				m := lb.say(t, user, in)
				fmt.Fprintf(&b, "> %s\n%s\n", in, m.Text)
				if m.ReplyMarkup != nil {
					for _, row := range m.ReplyMarkup.InlineKeyboard {
						for _, btn := range row {
							fmt.Fprintf(&b, "[%s → %s] ", btn.Text, btn.CallbackData)
						}
						b.WriteString("\n")
					}
				}
				b.WriteString("\n")
			}
			path := filepath.Join("testdata", "transcript_"+lang+".txt")
			if *update {
				_ = os.MkdirAll("testdata", 0o755)
				if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if b.String() != string(want) {
				t.Fatalf("transcript changed (rerun with -update and review the diff):\n%s", b.String())
			}
		})
	}
}

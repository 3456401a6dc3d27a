package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"linli/i18n"
	"linli/telegramtest"
)

var update = flag.Bool("update", false, "rewrite the golden transcripts in testdata/")

// A transcript step: the user types text, presses the button whose label is the catalogue
// entry key (in their language), or shares their contact.
type tstep struct {
	say, press, contact string
	n                   int  // the order number in a label such as "Cancel #%d"
	photo, sticker      bool // sends a photo or a sticker
}

// TestTranscript_Golden records a resident's first conversation in each language exactly as the
// user sees it (text after Telegram's HTML parsing, every message of every answer, the buttons
// and keyboards), so a change to any reply shows up in review:
// go test ./cmd/bot -run Transcript -update.
func TestTranscript_Golden(t *testing.T) {
	t.Parallel()
	script := []tstep{
		{say: "/start"}, {say: "/help"}, {say: "/lang xx"}, {say: "hello?"},
		{say: "/order"}, // not registered yet: registration starts
		{say: "Li <Wei> & *Co*"}, {say: "12345"}, {contact: "+86 138 0013 8000"},
		{press: "官北沟"}, {say: "3号楼"}, {say: "2单元 301"}, {press: "2"},
		{press: "vuln.elderly_alone"}, {press: "button.done"}, {press: "button.confirm"},
		{say: "/order"}, {press: "cat.medicine"}, {press: "item.insulin"}, {press: "item.insulin"}, {say: "降压药 <i>2盒</i>"},
		{press: "button.done"}, {sticker: true}, {photo: true}, {press: "order.urgent"}, {say: "请先打电话 call first"},
		{press: "order.place"},
		{say: "/order groceries 大米 5kg"}, {say: "/orders"}, {press: "button.cancel_order", n: 2},
		{say: "/received 1 5 谢谢!"}, {say: "/profile"},
	}
	for _, lang := range []string{"zh", "en"} {
		t.Run(lang, func(t *testing.T) {
			lb := startBot(t, quick, fastSender())
			const user = 500
			lb.ts.AddUser(telegramtest.User{ID: user, FirstName: "Li <Wei>", LanguageCode: lang})
			var b strings.Builder
			defer func() {
				if t.Failed() {
					t.Logf("transcript so far:\n%s", b.String())
				}
			}()
			for _, st := range script {
				var got []telegramtest.Message
				switch {
				case st.say != "":
					fmt.Fprintf(&b, "> %s\n", st.say)
					got = lb.sayAll(t, user, st.say)
				case st.photo || st.sticker:
					before := len(lb.ts.BotMessages(user))
					var id int64
					if st.photo {
						b.WriteString("> [sends a photo]\n")
						id = lb.ts.SendPhoto(user, "")
					} else {
						b.WriteString("> [sends a sticker]\n")
						id = lb.ts.SendSticker(user)
					}
					got = lb.answers(t, user, before, id)
				case st.contact != "":
					fmt.Fprintf(&b, "> [shares contact %s]\n", st.contact)
					before := len(lb.ts.BotMessages(user))
					got = lb.answers(t, user, before, lb.ts.SendContact(user, st.contact))
				default:
					label := st.press
					switch {
					case st.n > 0:
						label = i18n.T(lang, label, st.n)
					case strings.Contains(label, "."):
						label = i18n.T(lang, label)
					}
					msg := lastWithButton(t, lb.ts.BotMessages(user), label)
					fmt.Fprintf(&b, "> [presses %s]\n", label)
					got = lb.pressAll(t, user, msg, label)
				}
				for _, m := range got {
					b.WriteString(render(m))
				}
				b.WriteString("\n")
			}
			var photo string
			_ = lb.readDB(t).QueryRow(`SELECT prescription_photo FROM orders WHERE id = 1`).Scan(&photo)
			if !strings.HasPrefix(photo, "AgAC") {
				t.Errorf("prescription photo not kept with the order: %q", photo)
			}
			lb.noneRefused(t)
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

// lastWithButton is the newest message with an inline button labelled label.
func lastWithButton(t *testing.T, msgs []telegramtest.Message, label string) telegramtest.Message {
	t.Helper()
	for i := len(msgs) - 1; i >= 0; i-- {
		if m := msgs[i]; m.ReplyMarkup != nil {
			for _, row := range m.ReplyMarkup.InlineKeyboard {
				for _, btn := range row {
					if strings.Contains(btn.Text, label) {
						return m
					}
				}
			}
		}
	}
	t.Fatalf("no button %q", label)
	return telegramtest.Message{}
}

// render is a message as the user sees it: text, then inline buttons or the keyboard.
func render(m telegramtest.Message) string {
	var b strings.Builder
	b.WriteString(m.Text + "\n")
	if m.ReplyMarkup != nil {
		for _, row := range m.ReplyMarkup.InlineKeyboard {
			for _, btn := range row {
				fmt.Fprintf(&b, "[%s → %s] ", btn.Text, btn.CallbackData)
			}
			b.WriteString("\n")
		}
	}
	if k := m.ReplyKeyboard; k != nil {
		for _, row := range k.Keyboard {
			for _, btn := range row {
				fmt.Fprintf(&b, "⌨[%s] ", btn.Text)
			}
			b.WriteString("\n")
		}
	}
	if m.RemoveKeyboard {
		b.WriteString("⌨ removed\n")
	}
	return b.String()
}

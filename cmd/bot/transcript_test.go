package main

import (
	"flag"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"linli/i18n"
	"linli/telegramtest"
)

var update = flag.Bool("update", false, "rewrite the golden transcripts in testdata/")

// A transcript step: someone (as; 0 is the resident) types text, presses the button whose label
// is the catalogue entry key (in their language) or literal text, shares their contact, or sends
// a photo or a sticker.
type tstep struct {
	as                  int64
	say, press, contact string
	n                   int  // the order number in a label such as "Cancel #%d"
	photo, sticker      bool // sends a photo or a sticker
	// jump moves the transcript's clock on first; then runs the app's job of that name (a sweep,
	// a notice tick) once the step has settled, before its messages are recorded, so what the
	// job sends belongs to the step whatever the job's own timer does. A step with neither say,
	// press nor contact only jumps and runs the job.
	jump  time.Duration
	then  string
	voice int // sends a voice message of this many seconds
}

// transcriptResident is the resident of the transcripts.
const transcriptResident = 500

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
		{say: "/order groceries 大米 5kg"}, {say: "/orders"}, {press: "button.cancel_order", n: 2}, {press: "button.cancel_yes", n: 2},
		{say: "/received 1 5 谢谢!"}, {say: "/profile"},
	}
	for _, lang := range []string{"zh", "en"} {
		t.Run(lang, func(t *testing.T) {
			lb := startBot(t, quick, fastSender())
			lb.ts.AddUser(telegramtest.User{ID: transcriptResident, FirstName: "Li <Wei>", LanguageCode: lang})
			got := runTranscript(t, lb, lang, script)
			var photo string
			_ = lb.readDB(t).QueryRow(`SELECT prescription_photo FROM orders WHERE id = 1`).Scan(&photo)
			if !strings.HasPrefix(photo, "AgAC") {
				t.Errorf("prescription photo not kept with the order: %q", photo)
			}
			golden(t, "transcript_"+lang+".txt", got)
		})
	}
}

// TestTranscript_VolunteerLoop records the whole loop as the three people see it: an admin
// invites a volunteer, a resident orders insulin, the volunteer claims and delivers it, the
// resident confirms, the admin looks at /stats. The clock stands still, so times are stable;
// one-time codes are masked.
func TestTranscript_VolunteerLoop(t *testing.T) {
	t.Parallel()
	const volunteer, admin = 600, 900
	script := []tstep{
		{say: "/register a1; 王秀兰 <b>; 13800138000; 3号楼 2单元 301"},
		{as: admin, say: "/invite a1"},
		{as: volunteer, say: "/start v_CODE"},
		{as: volunteer, press: "cat.medicine"}, {as: volunteer, press: "button.done"},
		{say: "/order medicine 胰岛素 2盒"},
		{as: volunteer, say: "/queue"},
		{as: volunteer, press: "queue.claim", n: 1},
		{as: volunteer, photo: true, say: "/deliver 1"},
		{press: "button.received", n: 1},
		{press: "5"},
		{as: admin, say: "/stats"},
		{as: admin, say: "/volunteers"},
		// A typed order and a voice order: drafts confirmed with a press; the volunteer gets the
		// voice message only once they claim it.
		{say: "还要胰岛素 insulin"}, {press: "✅"},
		{voice: 23}, {press: "cat.medicine"}, {press: "✅"},
		{as: volunteer, say: "/claim 2"}, {as: volunteer, say: "/claim 3"},
	}
	frozen := time.Date(2026, 11, 30, 10, 0, 0, 0, time.FixedZone("CST", 8*3600))
	for _, lang := range []string{"zh", "en"} {
		t.Run(lang, func(t *testing.T) {
			hooks := fastSender()
			hooks.now = func() time.Time { return frozen }
			lb := startBot(t, quick, hooks)
			lb.ts.AddUser(telegramtest.User{ID: transcriptResident, FirstName: "Li", LanguageCode: lang})
			lb.ts.AddUser(telegramtest.User{ID: volunteer, FirstName: "Bob <i>", LanguageCode: lang})
			lb.ts.AddUser(telegramtest.User{ID: admin, FirstName: "Secretary", LanguageCode: lang})
			lb.sayAll(t, admin, "/lang "+lang)
			golden(t, "transcript_volunteer_"+lang+".txt", runTranscript(t, lb, lang, script))
		})
	}
}

// inviteCode matches the one-time codes of invites and family links in a transcript.
var inviteCode = regexp.MustCompile(`(v_|f_|/join )[a-z2-9]{10}\b`)

// runTranscript plays script and renders what each person typed and every message the bot sent
// to any of them in answer. "v_CODE" in a step stands for the code of the last invite.
func runTranscript(t *testing.T, lb *liveBot, lang string, script []tstep) string {
	t.Helper()
	var b strings.Builder
	defer func() {
		if t.Failed() {
			t.Logf("transcript so far:\n%s", b.String())
		}
	}()
	chats := map[int64]bool{transcriptResident: true}
	for _, st := range script {
		if st.as != 0 {
			chats[st.as] = true
		}
	}
	var lastCode string
	for _, st := range script {
		user := st.as
		if user == 0 {
			user = transcriptResident
		}
		before, edits := map[int64]int{}, map[int64][]int{}
		for c := range chats {
			msgs := lb.ts.BotMessages(c)
			before[c] = len(msgs)
			for _, m := range msgs {
				edits[c] = append(edits[c], m.EditCount)
			}
		}
		var id int64
		who := fmt.Sprintf("[%d]", user)
		if st.jump > 0 {
			lb.jump(st.jump)
			fmt.Fprintf(&b, "[clock +%s]\n", st.jump)
		}
		switch {
		case st.say == "" && st.press == "" && st.contact == "" && st.then != "":
			fmt.Fprintf(&b, "[job %s]\n", st.then)
		case st.photo:
			fmt.Fprintf(&b, "%s> [sends a photo] %s\n", who, st.say)
			id = lb.ts.SendPhoto(user, st.say)
		case st.voice > 0:
			fmt.Fprintf(&b, "%s> [sends a voice message, %d s]\n", who, st.voice)
			id = lb.ts.SendVoice(user, st.voice)
		case st.sticker:
			fmt.Fprintf(&b, "%s> [sends a sticker]\n", who)
			id = lb.ts.SendSticker(user)
		case st.say != "":
			text := strings.NewReplacer("v_CODE", "v_"+lastCode, "f_CODE", "f_"+lastCode).Replace(st.say)
			fmt.Fprintf(&b, "%s> %s\n", who, st.say)
			id = lb.ts.SendText(user, text)
		case st.contact != "":
			fmt.Fprintf(&b, "%s> [shares contact %s]\n", who, st.contact)
			id = lb.ts.SendContact(user, st.contact)
		default:
			label := st.press
			switch {
			case st.n > 0:
				label = i18n.Plain(i18n.T(lang, label, st.n))
			case strings.Contains(label, "."):
				label = i18n.T(lang, label)
			}
			msg := lastWithButton(t, lb.ts.BotMessages(user), label)
			fmt.Fprintf(&b, "%s> [presses %s]\n", who, label)
			var err error
			if id, err = lb.ts.Press(user, msg.ChatID, msg.ID, buttonData(t, msg, label)); err != nil {
				t.Fatal(err)
			}
		}
		if id != 0 {
			lb.settle(t, id)
		}
		if st.then != "" {
			lb.runJob(t, st.then)
		}
		for _, c := range slices.Sorted(maps.Keys(chats)) {
			msgs := lb.ts.BotMessages(c)
			for i, m := range msgs[:before[c]] {
				if m.EditCount > edits[c][i] {
					fmt.Fprintf(&b, "  ✎ [%d] edited:\n", c)
					b.WriteString(inviteCode.ReplaceAllString(render(m), "${1}CODE"))
				}
			}
			for _, m := range msgs[before[c]:] {
				if m := inviteCode.FindStringSubmatch(m.Text); m != nil {
					lastCode = m[0][len(m[1]):]
				}
				if c != user {
					fmt.Fprintf(&b, "  → [%d]\n", c)
				}
				b.WriteString(inviteCode.ReplaceAllString(render(m), "${1}CODE"))
			}
		}
		b.WriteString("\n")
	}
	lb.noneRefused(t)
	return b.String()
}

// golden compares got with testdata/name, rewriting it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		_ = os.MkdirAll("testdata", 0o755)
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if got != string(want) {
		t.Fatalf("%s changed (rerun with -update and review the diff):\n%s", name, got)
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
	switch {
	case m.Photo != nil:
		b.WriteString("[photo] " + m.Caption + "\n")
	case m.Document != nil: // a CSV, shown as a spreadsheet would open it
		fmt.Fprintf(&b, "[document %s] %s\n", m.Document.FileName, m.Caption)
		if strings.HasSuffix(m.Document.FileName, ".csv") {
			b.WriteString(strings.TrimPrefix(string(m.Document.Data), "\ufeff"))
		}
	case m.Voice != nil:
		fmt.Fprintf(&b, "[voice %d:%02d] %s\n", m.Voice.Duration/60, m.Voice.Duration%60, m.Caption)
	default:
		b.WriteString(m.Text + "\n")
	}
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

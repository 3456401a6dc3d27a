package telegram

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"linli/outbox"
	"linli/telegramtest"
)

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func TestSender_429HonouredToTheSecond(t *testing.T) {
	t.Parallel()
	r := newRig(t, telegramtest.Limits{}, nil)
	r.ts.AddUser(telegramtest.User{ID: 1, FirstName: "A"})
	r.ts.FailNext("sendMessage", 1, 429, "Too Many Requests: retry after 2", 2)
	r.start(t)
	r.queue(t, outbox.Message{ChatID: 1, Text: "hello"})
	st := r.waitSettled(t, 10*time.Second)
	if st["sent"] != 1 {
		t.Fatalf("outbox %v", st)
	}
	reqs := r.ts.Requests()
	var throttledAt, nextAt time.Time
	for _, q := range reqs {
		if q.Method != "sendMessage" {
			continue
		}
		if q.Status == 429 && throttledAt.IsZero() {
			throttledAt = q.At
		} else if !throttledAt.IsZero() && nextAt.IsZero() {
			nextAt = q.At
		}
	}
	if throttledAt.IsZero() || nextAt.IsZero() {
		t.Fatalf("requests: %+v", reqs)
	}
	if gap := nextAt.Sub(throttledAt); gap < 2*time.Second || gap > 3*time.Second {
		t.Fatalf("retried %v after a 429 with retry_after 2s; want 2s..3s", gap)
	}
	if r.seen.tooMany.Load() != 1 {
		t.Errorf("TooMany = %d", r.seen.tooMany.Load())
	}
}

func TestSender_403StopsFurtherSendsToThatChat(t *testing.T) {
	t.Parallel()
	r := newRig(t, telegramtest.Limits{}, nil)
	r.ts.AddUser(telegramtest.User{ID: 1, FirstName: "Blocker"})
	r.ts.AddUser(telegramtest.User{ID: 2, FirstName: "Fine"})
	r.ts.Block(1)
	r.start(t)
	r.queue(t, outbox.Message{ChatID: 1, Text: "one"}, outbox.Message{ChatID: 1, Text: "two"},
		outbox.Message{ChatID: 1, Text: "three"}, outbox.Message{ChatID: 2, Text: "ok"})
	st := r.waitSettled(t, 10*time.Second)
	if st["unreachable"] != 3 || st["sent"] != 1 {
		t.Fatalf("outbox %v, want 3 unreachable and 1 sent", st)
	}
	if n := len(r.sends(1)); n != 1 {
		t.Fatalf("%d sends to the chat that blocked the bot, want exactly 1", n)
	}
	r.queue(t, outbox.Message{ChatID: 1, Text: "later"})
	time.Sleep(300 * time.Millisecond)
	if n := len(r.sends(1)); n != 1 {
		t.Fatalf("a later message was sent to the blocked chat (%d sends)", n)
	}
}

func TestSender_PrivateChatGapAtLeastOneSecondUnderBurst(t *testing.T) {
	t.Parallel()
	r := newRig(t, telegramtest.Limits{}, nil)
	for id := int64(1); id <= 20; id++ {
		r.ts.AddUser(telegramtest.User{ID: id, FirstName: "U"})
	}
	var burst []outbox.Message
	for i := range 4 {
		burst = append(burst, outbox.Message{ChatID: 1, Text: fmt.Sprintf("burst %d", i)})
	}
	for id := int64(2); id <= 20; id++ {
		burst = append(burst, outbox.Message{ChatID: id, Text: "others"})
	}
	r.start(t)
	r.queue(t, burst...)
	st := r.waitSettled(t, 15*time.Second)
	if st["sent"] != len(burst) {
		t.Fatalf("outbox %v", st)
	}
	sends := r.sends(1)
	for i := 1; i < len(sends); i++ {
		if gap := sends[i].At.Sub(sends[i-1].At); gap < time.Second {
			t.Fatalf("sends %d and %d to one chat %v apart", i-1, i, gap)
		}
	}
	var texts []string
	for _, m := range r.ts.BotMessages(1) {
		texts = append(texts, m.Text)
	}
	if strings.Join(texts, ",") != "burst 0,burst 1,burst 2,burst 3" {
		t.Fatalf("order in the chat: %v", texts)
	}
	for _, q := range r.ts.Requests() {
		if q.Status == 429 {
			t.Fatalf("the stand-in had to refuse a send: %+v", q)
		}
	}
}

func TestSender_ServerErrorsRetriedWithBackoff(t *testing.T) {
	t.Parallel()
	r := newRig(t, telegramtest.Limits{}, nil)
	r.ts.AddUser(telegramtest.User{ID: 1, FirstName: "A"})
	r.ts.FailNext("sendMessage", 2, 502, "Bad Gateway", 0)
	r.start(t)
	r.queue(t, outbox.Message{ChatID: 1, Text: "eventually"})
	st := r.waitSettled(t, 15*time.Second)
	if st["sent"] != 1 {
		t.Fatalf("outbox %v", st)
	}
	sends := r.sends(1)
	if len(sends) != 3 {
		t.Fatalf("%d attempts, want 3", len(sends))
	}
	if gap := sends[2].At.Sub(sends[1].At); gap <= sends[1].At.Sub(sends[0].At) {
		t.Fatalf("backoff did not grow: %v then %v", sends[1].At.Sub(sends[0].At), gap)
	}
	if len(r.ts.BotMessages(1)) != 1 {
		t.Fatal("the user did not get exactly one message")
	}
}

func TestSender_TimeoutAfterWritingIsRecordedAsUnknown(t *testing.T) {
	t.Parallel()
	r := newRig(t, telegramtest.Limits{}, func(o *SenderOptions) { o.Timeout = 300 * time.Millisecond })
	r.ts.AddUser(telegramtest.User{ID: 1, FirstName: "A"})
	r.ts.HangAfter("sendMessage", true)
	r.start(t)
	r.queue(t, outbox.Message{ChatID: 1, Text: "maybe twice"})
	deadline := time.Now().Add(5 * time.Second)
	for r.seen.unknown.Load() == 0 {
		if time.Now().After(deadline) {
			t.Fatal("a send that timed out was not recorded as unknown")
		}
		time.Sleep(20 * time.Millisecond)
	}
	r.ts.HangAfter("sendMessage", false)
	st := r.waitSettled(t, 10*time.Second)
	var unknown int
	_ = r.db.Read.QueryRow("SELECT unknown FROM outbox").Scan(&unknown)
	if st["sent"] != 1 || unknown < 1 {
		t.Fatalf("outbox %v, unknown %d", st, unknown)
	}
}

func TestSender_TokenNeverInLogs(t *testing.T) {
	t.Parallel()
	r := newRig(t, telegramtest.Limits{}, nil)
	r.ts.AddUser(telegramtest.User{ID: 1, FirstName: "A"})
	url := r.ts.URL()
	r.ts.Close() // the API goes away
	r.start(t)
	r.queue(t, outbox.Message{ChatID: 1, Text: "x"})
	time.Sleep(1500 * time.Millisecond)
	r.stop()
	logs := r.logs.String()
	if strings.Contains(logs, r.ts.Token()) {
		t.Fatalf("token in logs:\n%s", logs)
	}
	var errText string
	_ = r.db.Read.QueryRow("SELECT error FROM outbox").Scan(&errText)
	if errText == "" || strings.Contains(errText, r.ts.Token()) || !strings.Contains(errText, strings.TrimPrefix(url, "http://")) {
		t.Fatalf("stored error %q: want the failure recorded, without the token", errText)
	}
}

func TestSender_GroupChatAtMostTwentyPerMinute(t *testing.T) {
	t.Parallel()
	r := newRig(t, telegramtest.Limits{}, nil)
	r.ts.AddGroup(-100, "3号楼志愿者群")
	r.start(t)
	r.queue(t, outbox.Message{ChatID: -100, Text: "card 1"}, outbox.Message{ChatID: -100, Text: "card 2"})
	r.waitSettled(t, 10*time.Second)
	sends := r.sends(-100)
	if len(sends) != 2 {
		t.Fatalf("%d sends", len(sends))
	}
	if gap := sends[1].At.Sub(sends[0].At); gap < 3*time.Second {
		t.Fatalf("two group messages %v apart; 20 per minute needs 3s", gap)
	}
}

package telegramtest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/go-telegram/bot"
)

func TestFailNext_FailsTheNextCallsThenRecovers(t *testing.T) {
	s := newServer(t, Options{Limits: Limits{Disabled: true}})
	s.AddUser(User{ID: 1})
	s.FailNext("sendMessage", 2, 502, "Bad Gateway", 0)
	send := func() envelope { return callJSON(t, s, "sendMessage", map[string]any{"chat_id": 1, "text": "x"}) }
	wantOK(t, callJSON(t, s, "getMe", nil)) // other methods are not affected
	wantError(t, send(), 502, "Bad Gateway")
	wantError(t, send(), 502, "Bad Gateway")
	wantOK(t, send())
	if n := len(s.BotMessages(1)); n != 1 {
		t.Fatalf("%d messages: failed calls must not send", n)
	}
}

func TestFailNext_AnyMethodWithRetryAfter(t *testing.T) {
	s := newServer(t, Options{})
	b := newBot(t, s)
	s.FailNext("", 1, 429, "Too Many Requests: retry after 7", 7)
	_, err := b.GetMe(context.Background())
	var tooMany *bot.TooManyRequestsError
	if !errors.As(err, &tooMany) || tooMany.RetryAfter != 7 {
		t.Fatalf("got %v", err)
	}
	if _, err := b.GetMe(context.Background()); err != nil {
		t.Fatal(err)
	}
}

func TestHang_BlocksUntilTheClientGivesUpAndSendsNothing(t *testing.T) {
	s := newServer(t, Options{})
	s.AddUser(User{ID: 1})
	b := newBot(t, s)
	s.Hang("sendMessage", true)
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	_, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: 1, Text: "x"})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("got %v", err)
	}
	waitFor(t, func() bool { return s.CountCalls("sendMessage") == 1 })
	if len(s.BotMessages(1)) != 0 || s.Requests()[0].Status != 0 {
		t.Fatalf("a hung call must not send: %+v", s.Requests())
	}
	done := make(chan error, 1)
	go func() {
		_, err := b.SendMessage(context.Background(), &bot.SendMessageParams{ChatID: 1, Text: "y"})
		done <- err
	}()
	time.Sleep(50 * time.Millisecond)
	s.Hang("sendMessage", false)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

func TestHangAfter_SendsButWithholdsTheAnswer(t *testing.T) {
	s := newServer(t, Options{})
	s.AddUser(User{ID: 1})
	b := newBot(t, s)
	s.HangAfter("", true)
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	if _, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: 1, Text: "x"}); err == nil {
		t.Fatal("the answer was not withheld")
	}
	if got := s.BotMessages(1); len(got) != 1 {
		t.Fatalf("the message must be sent anyway: %+v", got)
	}
}

// waitFor polls cond for up to two seconds.
func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(2 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatal("condition not met in time")
}

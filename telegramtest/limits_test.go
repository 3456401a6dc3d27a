package telegramtest

import (
	"context"
	"testing"
	"time"

	"github.com/go-telegram/bot"
)

func TestLimits_PrivateChatGetsOneMessagePerSecond(t *testing.T) {
	clock := newClock()
	s := newServer(t, Options{Clock: clock.Now})
	s.AddUser(User{ID: 1})
	s.AddUser(User{ID: 2})
	send := func(chat int64) envelope {
		return callJSON(t, s, "sendMessage", map[string]any{"chat_id": chat, "text": "x"})
	}
	wantOK(t, send(1))
	clock.Add(300 * time.Millisecond)
	env := send(1)
	wantError(t, env, 429, "Too Many Requests: retry after 1")
	if env.Parameters.RetryAfter != 1 {
		t.Fatalf("retry_after %d", env.Parameters.RetryAfter)
	}
	wantOK(t, send(2))                // another chat is not affected
	clock.Add(660 * time.Millisecond) // 960 ms: within the jitter tolerance
	wantOK(t, send(1))
	clock.Add(10 * time.Millisecond)
	wantError(t, callJSON(t, s, "editMessageText", map[string]any{"chat_id": 1, "message_id": 1, "text": "y"}), 429, "Too Many Requests: retry after 1")
	if r := s.Requests(); r[1].Status != 429 || r[1].Description != "Too Many Requests: retry after 1" {
		t.Fatalf("request log %+v", r[1])
	}
}

func TestLimits_GlobalThirtyPerSecondWithGoTelegramRetryAfter(t *testing.T) {
	clock := newClock()
	s := newServer(t, Options{Clock: clock.Now})
	b := newBot(t, s)
	for id := int64(1); id <= 31; id++ {
		s.AddUser(User{ID: id})
	}
	for id := int64(1); id <= 30; id++ {
		if _, err := b.SendMessage(context.Background(), &bot.SendMessageParams{ChatID: id, Text: "notice"}); err != nil {
			t.Fatalf("send %d: %v", id, err)
		}
	}
	_, err := b.SendMessage(context.Background(), &bot.SendMessageParams{ChatID: 31, Text: "notice"})
	tooMany, ok := err.(*bot.TooManyRequestsError)
	if !ok || tooMany.RetryAfter != 1 {
		t.Fatalf("31st send: %v", err)
	}
	clock.Add(time.Second)
	if _, err := b.SendMessage(context.Background(), &bot.SendMessageParams{ChatID: 31, Text: "notice"}); err != nil {
		t.Fatal(err)
	}
}

func TestLimits_GroupTwentyPerMinute(t *testing.T) {
	clock := newClock()
	s := newServer(t, Options{Clock: clock.Now})
	s.AddGroup(-100, "Building 3 volunteers")
	for i := range 20 {
		wantOK(t, callJSON(t, s, "sendMessage", map[string]any{"chat_id": -100, "text": "order"}))
		if i < 19 {
			clock.Add(time.Second)
		}
	}
	env := callJSON(t, s, "sendMessage", map[string]any{"chat_id": -100, "text": "order"})
	wantError(t, env, 429, "Too Many Requests: retry after 41")
	clock.Add(41 * time.Second)
	wantOK(t, callJSON(t, s, "sendMessage", map[string]any{"chat_id": -100, "text": "order"}))
}

func TestLimits_DisabledAllowsBursts(t *testing.T) {
	s := newServer(t, Options{Limits: Limits{Disabled: true}})
	s.AddUser(User{ID: 1})
	for range 50 {
		wantOK(t, callJSON(t, s, "sendMessage", map[string]any{"chat_id": 1, "text": "x"}))
	}
}

func TestLimits_NotCountedForNonMessageMethods(t *testing.T) {
	clock := newClock()
	s := newServer(t, Options{Clock: clock.Now})
	s.AddUser(User{ID: 1})
	for range 40 {
		wantOK(t, callJSON(t, s, "sendChatAction", map[string]any{"chat_id": 1, "action": "typing"}))
		wantOK(t, callJSON(t, s, "getUpdates", nil))
	}
	wantOK(t, callJSON(t, s, "sendMessage", map[string]any{"chat_id": 1, "text": "x"}))
}

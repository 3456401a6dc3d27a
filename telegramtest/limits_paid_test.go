package telegramtest

import (
	"testing"
	"time"
)

func TestLimits_PaidBroadcastThousandPerSecondUnpaidStillThirty(t *testing.T) {
	clock := newClock()
	s := newServer(t, Options{Clock: clock.Now})
	for id := int64(1); id <= 1001; id++ {
		s.AddUser(User{ID: id})
	}
	send := func(chat int64, paid bool) envelope {
		p := map[string]any{"chat_id": chat, "text": "x"}
		if paid {
			p["allow_paid_broadcast"] = true
		}
		return callJSON(t, s, "sendMessage", p)
	}
	for id := int64(1); id <= 30; id++ {
		wantOK(t, send(id, false))
	}
	wantError(t, send(31, false), 429, "Too Many Requests: retry after 1") // the free 30 are used
	for id := int64(31); id <= 1000; id++ {
		wantOK(t, send(id, true)) // paid: up to 1,000 in all
	}
	wantError(t, send(1001, true), 429, "Too Many Requests: retry after 1")
	clock.Add(time.Second)
	wantOK(t, send(1001, true))
	wantError(t, send(1001, true), 429, "Too Many Requests: retry after 1") // one a second per chat, paid or not
	if m := s.BotMessages(1001); len(m) != 1 || !m[0].Paid {
		t.Fatalf("paid message %+v", m)
	}
	if m := s.BotMessages(1); m[0].Paid {
		t.Fatal("an unpaid message recorded as paid")
	}
}

func TestLimits_PaidBroadcastRefusedWhenTheStarsAreSpent(t *testing.T) {
	s := newServer(t, Options{})
	for id := int64(1); id <= 12; id++ {
		s.AddUser(User{ID: id})
	}
	s.SetStars(1) // ten messages at 0.1 Star
	for id := int64(1); id <= 10; id++ {
		wantOK(t, callJSON(t, s, "sendMessage", map[string]any{"chat_id": id, "text": "x", "allow_paid_broadcast": true}))
	}
	wantError(t, callJSON(t, s, "sendMessage", map[string]any{"chat_id": 11, "text": "x", "allow_paid_broadcast": true}),
		400, "Bad Request: BALANCE_TOO_LOW")
	wantOK(t, callJSON(t, s, "sendMessage", map[string]any{"chat_id": 11, "text": "x"})) // free sends go on
	if n := len(s.BotMessages(11)); n != 1 {
		t.Fatalf("chat 11 has %d messages", n)
	}
}

func TestChannel_PostsByUsername(t *testing.T) {
	s := newServer(t, Options{})
	s.AddChannel(-1001234, "@guanbeigou", "官北沟社区")
	wantOK(t, callJSON(t, s, "sendMessage", map[string]any{"chat_id": "@guanbeigou", "text": "通知"}))
	wantError(t, callJSON(t, s, "sendMessage", map[string]any{"chat_id": "@nosuch", "text": "x"}), 400, "Bad Request: chat not found")
	if m := s.BotMessages(-1001234); len(m) != 1 || m[0].Text != "通知" {
		t.Fatalf("channel posts %+v", m)
	}
}

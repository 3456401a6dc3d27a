package main

import (
	"database/sql"
	"path/filepath"
	"testing"
	"time"

	"linli/telegramtest"
)

// TestKill9_OrdersMidBurst kills the real bot process with SIGKILL while 100 residents are
// placing orders at once, starts it again, and checks that every order exists exactly once and
// every resident was answered. A reply whose send reached Telegram just before the kill may come
// twice (the sender cannot know it went out); an order never does.
func TestKill9_OrdersMidBurst(t *testing.T) {
	t.Parallel()
	ts := telegramtest.New(telegramtest.Options{Token: testToken, Limits: quick})
	speaksSpec(t, ts)
	defer ts.Close()
	dir := t.TempDir()
	cfg := writeConfig(t, dir, ts.URL(), "[limits]\nmessages_per_second = 1000\nper_chat_per_second = 1000\n")
	dbPath := filepath.Join(dir, "linli.db")

	const residents = 100
	registerResidents(t, dbPath, 5000, residents)

	first := startChild(t, cfg, "", filepath.Join(dir, "hold"))
	waitFor(t, "the bot to start", 20*time.Second, func() bool { return len(ts.Commands()) > 0 })
	for i := range residents {
		ts.AddUser(telegramtest.User{ID: int64(5000 + i), FirstName: "R", LanguageCode: "zh"})
		ts.SendText(int64(5000+i), "/order groceries 大米 5kg")
	}
	replies := func() (answered, total int) { return told(ts, 5000, residents, wordsBefore(ZH, "order.placed")) }
	waitFor(t, "some orders answered", 20*time.Second, func() bool { a, _ := replies(); return a >= 10 })
	first.kill9(t)
	answeredAtKill, _ := replies()
	if answeredAtKill == residents {
		t.Log("every order was answered before the kill; the restart is then only a no-op check")
	}

	startChild(t, cfg, "", filepath.Join(dir, "hold"))
	waitFor(t, "every resident answered after the restart", 30*time.Second, func() bool { a, _ := replies(); return a == residents })
	ro, err := sql.Open("sqlite3", "file:"+dbPath+"?mode=ro&_busy_timeout=5000")
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	var orders, households, events int
	_ = ro.QueryRow(`SELECT count(*), count(DISTINCT household_id) FROM orders`).Scan(&orders, &households)
	_ = ro.QueryRow(`SELECT count(*) FROM order_events`).Scan(&events)
	if orders != residents || households != residents || events != residents {
		t.Fatalf("%d orders for %d households with %d events after kill -9 and restart; want %d of each",
			orders, households, events, residents)
	}
	_, total := replies()
	t.Logf("answered before the kill: %d; replies in all: %d (duplicates: %d)", answeredAtKill, total, total-residents)
}

package main

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"testing"
	"time"

	"linli/store"
	"linli/supplies"
	"linli/telegramtest"
)

// openRound creates and publishes R1, a group buy for zone a1 of one item with stock, in the
// database at path (before the bot starts), cutting off at cutoff.
func openRound(t testing.TB, path string, stock int64, cutoff time.Time) {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	svc := supplies.New(supplies.Options{})
	err = store.InTx(ctx, db.Write, func(tx *sql.Tx) error {
		r, err := svc.Create(ctx, tx, supplies.NewRound{Kind: supplies.GroupBuy, Title: "蔬菜包", Audience: "zone:a1",
			Cutoff: cutoff, CreatedBy: pgAdmin, Items: []supplies.Item{{Name: "蔬菜包", Price: 3900, Max: 2, Stock: stock}}}, time.Now())
		if err == nil {
			_, err = svc.Publish(ctx, tx, r.ID, pgAdmin, time.Now())
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// roDB opens the bot's database read-only beside the running child.
func roDB(t testing.TB, path string) *sql.DB {
	t.Helper()
	ro, err := sql.Open("sqlite3", "file:"+path+"?mode=ro&_busy_timeout=5000")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ro.Close() })
	return ro
}

// burstScale is how many households the sign-up burst has: 3,000 (the figure) with
// LINLI_FULL_SCALE=1, else 1,000, which keeps the package's run well inside go test's ten
// minutes on a loaded machine (3,000 under -race is about 100 s of two busy cores).
func burstScale() int {
	if os.Getenv("LINLI_FULL_SCALE") == "1" {
		return 3000
	}
	return 1000
}

// TestKill9_SignUpBurstOf3000 kills the real bot with SIGKILL while 3,000 households (see
// burstScale) sign up for an item with stock for two thirds of them, starts it again, and checks
// that every household that signed up is there exactly once, stock exact: two thirds confirmed,
// the rest waiting, every resident answered.
func TestKill9_SignUpBurstOf3000(t *testing.T) {
	t.Parallel()
	residents := burstScale()
	const first = 7000
	stock := residents * 2 / 3
	ts := telegramtest.New(telegramtest.Options{Token: testToken, Limits: quick})
	speaksSpec(t, ts)
	defer ts.Close()
	dir := t.TempDir()
	cfg := writeConfig(t, dir, ts.URL(), "[limits]\nmessages_per_second = 1000\nper_chat_per_second = 1000\n")
	dbPath := filepath.Join(dir, "linli.db")
	registerResidents(t, dbPath, first, residents)
	openRound(t, dbPath, int64(stock), time.Now().Add(24*time.Hour))

	c := startChild(t, cfg, "", filepath.Join(dir, "hold"))
	waitFor(t, "the bot to start", 20*time.Second, func() bool { return len(ts.Commands()) > 0 })
	for i := range residents {
		ts.AddUser(telegramtest.User{ID: int64(first + i), FirstName: "R", LanguageCode: "zh"})
		ts.SendText(int64(first+i), "/buy R1 1x1")
	}
	answered := func() (users, total int) { return told(ts, first, residents, wordsBefore(ZH, "buy.total")) }
	waitFor(t, "some sign-ups answered", 60*time.Second, func() bool { a, _ := answered(); return a >= residents/10 })
	c.kill9(t)
	atKill, _ := answered()

	startChild(t, cfg, "", filepath.Join(dir, "hold"))
	waitFor(t, "every household answered after the restart", 240*time.Second, func() bool { a, _ := answered(); return a == residents })
	var rows, households, confirmed, waiting, taken int
	ro := roDB(t, dbPath)
	_ = ro.QueryRow(`SELECT count(*), count(DISTINCT household_id), coalesce(sum(status = 'confirmed'), 0),
		coalesce(sum(status = 'waiting'), 0) FROM supply_signups`).Scan(&rows, &households, &confirmed, &waiting)
	_ = ro.QueryRow(`SELECT taken FROM supply_items`).Scan(&taken)
	if rows != residents || households != residents || confirmed != stock || waiting != residents-stock || taken != stock {
		t.Fatalf("after kill -9: %d sign-ups of %d households, %d confirmed, %d waiting, %d taken",
			rows, households, confirmed, waiting, taken)
	}
	_, total := answered()
	t.Logf("answered before the kill: %d; answers in all: %d (duplicates: %d)", atKill, total, total-residents)
}

// TestKill9_DuringCutOff kills the bot with SIGKILL while the cut-off of a 3,000-household round
// is being told (right after the close committed), starts it again and lets the next sweep
// run: the round is closed once, its batches made once, the organiser and every household left
// on the waiting list told once.
func TestKill9_DuringCutOff(t *testing.T) {
	t.Parallel()
	const residents, stock, first = 3000, 2500, 12000
	ts := telegramtest.New(telegramtest.Options{Token: testToken, Limits: quick})
	speaksSpec(t, ts)
	defer ts.Close()
	dir := t.TempDir()
	cfg := writeConfig(t, dir, ts.URL(), "[limits]\nmessages_per_second = 1000\nper_chat_per_second = 1000\n")
	dbPath := filepath.Join(dir, "linli.db")
	registerResidents(t, dbPath, first, residents)
	openRound(t, dbPath, stock, time.Now().Add(2*time.Second))
	w, err := sql.Open("sqlite3", "file:"+dbPath+"?_busy_timeout=5000")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Exec(`INSERT INTO supply_signups (round_id, household_id, item_id, quantity, status, signed_by, created_at, updated_at)
		SELECT 1, h.id, 1, 1, CASE WHEN h.id <= ? THEN 'confirmed' ELSE 'waiting' END, h.id, 0, 0 FROM households h;
		UPDATE supply_items SET taken = ?`, stock, stock); err != nil {
		t.Fatal(err)
	}
	w.Close()
	ts.AddUser(telegramtest.User{ID: pgAdmin, FirstName: "Secretary", LanguageCode: "zh"})
	for i := range residents {
		ts.AddUser(telegramtest.User{ID: int64(first + i), FirstName: "R", LanguageCode: "zh"})
	}

	c := startChild(t, cfg, "", filepath.Join(dir, "hold"))
	ro := roDB(t, dbPath)
	status := func() (s string) { _ = ro.QueryRow(`SELECT status FROM supply_rounds WHERE id = 1`).Scan(&s); return s }
	waitFor(t, "the cut-off (the first sweep, 30 s)", 60*time.Second, func() bool { return status() == "closed" })
	c.kill9(t)
	var sentAtKill int
	_ = ro.QueryRow(`SELECT count(*) FROM outbox WHERE status = 'sent'`).Scan(&sentAtKill)

	startChild(t, cfg, "", filepath.Join(dir, "hold"))
	notServed := func() (users, total int) {
		return told(ts, first+stock, residents-stock, words(ZH, "round.not_served", 1, "蔬菜包"))
	}
	waitFor(t, "every waiting household told", 90*time.Second, func() bool { u, _ := notServed(); return u == residents-stock })
	time.Sleep(35 * time.Second) // the restarted bot's first sweep: it must find nothing to close
	var batches, households, closedRows, organiser int
	_ = ro.QueryRow(`SELECT count(*), (SELECT count(*) FROM supply_deliveries) FROM supply_batches`).Scan(&batches, &households)
	_ = ro.QueryRow(`SELECT count(*) FROM outbox WHERE chat_id = ? AND instr(payload, ?) > 0`, pgAdmin, words(ZH, "round.closed_notice", 1)).Scan(&organiser)
	_ = ro.QueryRow(`SELECT count(*) FROM supply_rounds WHERE status = 'closed'`).Scan(&closedRows)
	// 3,000 households in 30 buildings of 100: 40 + 40 + 20 in each.
	if batches != 90 || households != stock || organiser != 1 || closedRows != 1 {
		t.Fatalf("after kill -9 in the cut-off: %d batches of %d households, organiser told %d times, round %s",
			batches, households, organiser, status())
	}
	_, total := notServed()
	t.Logf("sent before the kill: %d; waiting households told: %d messages for %d (duplicates %d)",
		sentAtKill, total, residents-stock, total-(residents-stock))
}

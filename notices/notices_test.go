package notices

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"testing"
	"time"

	"linli/internal/testdb"
	"linli/outbox"
	"linli/store"
)

func TestParseSpec_FiveFieldsOrADescriptorOnly(t *testing.T) {
	good := []string{"0 8 * * *", "*/15 7-9 * * 1-5", "@daily", "@WEEKLY", " 0  8 * * * ", "30 2 1 1 *"}
	for _, s := range good {
		if _, err := ParseSpec(s); err != nil {
			t.Errorf("ParseSpec(%q): %v", s, err)
		}
	}
	bad := []string{"", "0 8 * *", "0 8 * * * *", "@every 5m", "@reboot", "TZ=Asia/Shanghai 0 8 * * *",
		"CRON_TZ=Bad/Zone 0 8 * * *", "TZ=", "CRON_TZ=", "61 8 * * *", "0 25 * * *", "x y z w v",
		"0 8 * * <b>", "0 8 * * *\x00", "😀 8 * * *", "0 8 32 * *"}
	for _, s := range bad {
		if _, err := ParseSpec(s); !errors.Is(err, ErrBadSpec) {
			t.Errorf("ParseSpec(%q) = %v, want ErrBadSpec", s, err)
		}
	}
}

func TestParseAudience(t *testing.T) {
	zones := []string{"a1", "b2"}
	cases := map[string]string{"all": "all", "Residents": "residents", "volunteers": "volunteers",
		"zone:a1": "zone:a1", "zone:b2/3号楼": "zone:b2/3号楼", "ZONE:A1": "zone:a1", "Zone:B2/3号楼": "zone:b2/3号楼"}
	for in, want := range cases {
		a, err := ParseAudience(in, zones)
		if err != nil || a.String() != want {
			t.Errorf("ParseAudience(%q) = %v, %v", in, a, err)
		}
	}
	if _, err := ParseAudience("zone:zz", zones); !errors.Is(err, ErrUnknownZone) {
		t.Errorf("unknown zone: %v", err)
	}
	for _, in := range []string{"everyone", "zone:", "zone:a1/x/y", "<b>", ""} {
		if _, err := ParseAudience(in, zones); !errors.Is(err, ErrBadAudience) {
			t.Errorf("ParseAudience(%q) = %v, want ErrBadAudience", in, err)
		}
	}
}

// Daylight saving, in a zone that has it: a daily 02:30 does not exist on the day clocks go
// forward and fires once, at 03:30 (robfig/cron alone skips that day); a daily 01:30 exists
// twice on the day they go back and fires once (robfig/cron alone fires twice). Either way the run's scheduled_for is the instant robfig/cron gives,
// which the UNIQUE (notice_id, scheduled_for) key records once.
func TestNext_AcrossDaylightSaving(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Skip("no tzdata:", err)
	}
	at := func(s string) time.Time {
		v, err := time.ParseInLocation("2006-01-02 15:04", s, ny)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	fires := func(spec string, from, to time.Time) []string {
		s, err := ParseSpec(spec)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for next := Next(s, from, ny); next.Before(to); next = Next(s, next, ny) {
			out = append(out, next.In(ny).Format("01-02 15:04 MST"))
		}
		return out
	}
	// 2026-03-08 02:00 EST → 03:00 EDT.
	got := fmt.Sprint(fires("30 2 * * *", at("2026-03-07 00:00"), at("2026-03-10 00:00")))
	if want := "[03-07 02:30 EST 03-08 03:30 EDT 03-09 02:30 EDT]"; got != want {
		t.Errorf("spring forward: %s, want %s", got, want)
	}
	// 2026-11-01 02:00 EDT → 01:00 EST.
	got = fmt.Sprint(fires("30 1 * * *", at("2026-10-31 00:00"), at("2026-11-03 00:00")))
	if want := "[10-31 01:30 EDT 11-01 01:30 EDT 11-02 01:30 EST]"; got != want {
		t.Errorf("fall back: %s, want %s", got, want)
	}
}

func TestQuietHold_MovesOnlyWhatFallsInside(t *testing.T) {
	sh, _ := time.LoadLocation("Asia/Shanghai")
	q := Quiet{On: true, From: 22 * time.Hour, To: 7 * time.Hour} // "22:00-07:00"
	at := func(s string) time.Time { v, _ := time.ParseInLocation("2006-01-02 15:04", s, sh); return v }
	cases := map[string]string{
		"2026-11-29 21:59": "2026-11-29 21:59", "2026-11-29 22:00": "2026-11-30 07:00",
		"2026-11-30 03:00": "2026-11-30 07:00", "2026-11-30 07:00": "2026-11-30 07:00",
	}
	for in, want := range cases {
		if got := q.Hold(at(in), sh).In(sh).Format("2006-01-02 15:04"); got != want {
			t.Errorf("Hold(%s) = %s, want %s", in, got, want)
		}
	}
	day := Quiet{On: true, From: time.Hour, To: 6 * time.Hour} // "01:00-06:00"
	if got := day.Hold(at("2026-11-30 05:59"), sh).In(sh).Format("15:04"); got != "06:00" {
		t.Errorf("01:00-06:00 hold of 05:59 = %s", got)
	}
}

type plain struct{}

func (plain) Body(lang string, n Notice) string { return lang + ": " + n.Text }
func (plain) Progress(lang string, p Progress) (string, [][]outbox.Button) {
	return fmt.Sprintf("%s %d/%d", p.Run.State, p.Sent+p.Unreachable+p.Failed, p.Total), nil
}
func (plain) Skipped(lang string, n Notice, at time.Time, count int) string {
	return fmt.Sprintf("skipped %d", count)
}

func seed(t *testing.T, db *store.DB, users int) {
	t.Helper()
	err := store.InTx(context.Background(), db.Write, func(tx *sql.Tx) error {
		for i := 1; i <= users; i++ {
			if _, err := tx.Exec(`INSERT INTO users (user_id, lang, created_at, seen_at) VALUES (?, ?, 0, 0)`,
				1000+i, []string{"zh", "en"}[i%2]); err != nil {
				return err
			}
		}
		_, err := tx.Exec(`INSERT INTO chats (chat_id, unreachable_at) VALUES (1003, 1)`)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

func statuses(t *testing.T, db *store.DB, run int64) map[string]int {
	t.Helper()
	rows, err := db.Read.Query(`SELECT status, count(*) FROM outbox WHERE dedup_key = ? GROUP BY 1`, DedupKey(run))
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var s string
		var n int
		if err := rows.Scan(&s, &n); err != nil {
			t.Fatal(err)
		}
		out[s] = n
	}
	return out
}

func TestExpand_InBatchesOnceEvenWhenRedoneAfterACrash(t *testing.T) {
	ctx := context.Background()
	db := testdb.Open(t)
	seed(t, db, 25)
	s := New(Options{Render: plain{}, Batch: 10})
	now := time.Now()
	var run Run
	err := store.InTx(ctx, db.Write, func(tx *sql.Tx) error {
		id, err := s.Create(ctx, tx, Notice{Author: 1001, Audience: Audience{Kind: AudienceAll}, Text: "hi"}, now)
		if err == nil {
			run, err = s.SendNow(ctx, tx, id, now)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	// One batch, then a "crash": the cursor is lost as if its transaction had rolled back.
	if err := store.InTx(ctx, db.Write, func(tx *sql.Tx) error { _, err := s.expandBatch(ctx, tx, run.ID, now); return err }); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Write.Exec(`UPDATE notice_runs SET cursor = 0 WHERE id = ?`, run.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.Tick(ctx, db.Write, now); err != nil {
		t.Fatal(err)
	}
	st := statuses(t, db, run.ID)
	if st["pending"] != 24 || st["unreachable"] != 1 {
		t.Fatalf("outbox %v, want 24 pending and 1 unreachable", st)
	}
	got, _ := s.GetRun(ctx, db.Read, run.ID)
	if got.State != RunSending || !got.Expanded || got.Recipients != 25 {
		t.Fatalf("run %+v", got)
	}
}

func TestTick_CatchesUpOnceAndSkipsWhatIsTooOld(t *testing.T) {
	ctx := context.Background()
	db := testdb.Open(t)
	seed(t, db, 3)
	sh, _ := time.LoadLocation("Asia/Shanghai")
	s := New(Options{Render: plain{}, Location: sh, CatchUp: time.Hour})
	created := time.Date(2026, 11, 29, 7, 0, 0, 0, sh)
	err := store.InTx(ctx, db.Write, func(tx *sql.Tx) error {
		_, err := s.Create(ctx, tx, Notice{Author: 1001, Audience: Audience{Kind: AudienceAll}, Text: "daily", Spec: "0 8 * * *"}, created)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	runs := func() string {
		rows, err := db.Read.Query(`SELECT scheduled_for, state FROM notice_runs ORDER BY scheduled_for`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var out string
		for rows.Next() {
			var at int64
			var state string
			_ = rows.Scan(&at, &state)
			out += time.UnixMilli(at).In(sh).Format("01-02 15:04") + " " + state + "; "
		}
		return out
	}
	// Down from 07:00 on the 29th until 08:30 on 1 December: the 29th's and 30th's runs are
	// too old, the 1st's is within the hour.
	now := time.Date(2026, 12, 1, 8, 30, 0, 0, sh)
	for range 3 { // ticking again changes nothing
		if err := s.Tick(ctx, db.Write, now); err != nil {
			t.Fatal(err)
		}
	}
	if got, want := runs(), "11-29 08:00 skipped; 11-30 08:00 skipped; 12-01 08:00 sending; "; got != want {
		t.Fatalf("runs: %s, want %s", got, want)
	}
	var told int
	_ = db.Read.QueryRow(`SELECT count(*) FROM outbox WHERE chat_id = 1001 AND payload LIKE '%skipped 2%'`).Scan(&told)
	if told != 1 {
		t.Fatalf("author told of skipped runs %d times, want 1", told)
	}
}

func TestScheduleOnce_MissedByMoreThanTheWindowIsSkippedElseSent(t *testing.T) {
	ctx := context.Background()
	db := testdb.Open(t)
	seed(t, db, 2)
	s := New(Options{Render: plain{}, CatchUp: time.Hour})
	now := time.Now()
	once := func(at time.Time) (id int64) {
		err := store.InTx(ctx, db.Write, func(tx *sql.Tx) (err error) {
			id, err = s.Create(ctx, tx, Notice{Author: 1001, Audience: Audience{Kind: AudienceAll}, Text: "x", State: "draft"}, now)
			if err == nil {
				err = s.ScheduleOnce(ctx, tx, id, at, now)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	late, recent := once(now.Add(time.Hour)), once(now.Add(2*time.Hour+30*time.Minute))
	if err := s.Tick(ctx, db.Write, now.Add(3*time.Hour)); err != nil { // down from now until then
		t.Fatal(err)
	}
	state := func(notice int64) (st string) {
		_ = db.Read.QueryRow(`SELECT state FROM notice_runs WHERE notice_id = ?`, notice).Scan(&st)
		return st
	}
	if state(late) != RunSkipped || state(recent) != RunSending {
		t.Fatalf("late run %s, recent run %s", state(late), state(recent))
	}
	err := store.InTx(ctx, db.Write, func(tx *sql.Tx) error { return s.Unschedule(ctx, tx, late, now) })
	if !errors.Is(err, ErrState) {
		t.Fatalf("unschedule of a notice with nothing left to send: %v", err)
	}
}

// The author's status says "waiting for quiet hours" only of a run held by them: not of one sent
// now (even inside quiet hours: an admin sending now means now), nor of one at its own time.
func TestProgress_QuietOnlyForARunHeldByQuietHours(t *testing.T) {
	ctx := context.Background()
	db := testdb.Open(t)
	seed(t, db, 3)
	sh, _ := time.LoadLocation("Asia/Shanghai")
	s := New(Options{Render: plain{}, Location: sh, Quiet: Quiet{On: true, From: 22 * time.Hour, To: 7 * time.Hour}})
	now := time.Date(2026, 11, 30, 23, 27, 0, 0, sh) // inside the quiet hours
	quiet := func(n Notice, schedule func(tx *sql.Tx, id int64) (int64, error)) bool {
		t.Helper()
		var p Progress
		err := store.InTx(ctx, db.Write, func(tx *sql.Tx) error {
			id, err := s.Create(ctx, tx, n, now)
			if err != nil {
				return err
			}
			run, err := schedule(tx, id)
			if err == nil {
				p, err = s.Progress(ctx, tx, run)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if p.Run.State != RunPending {
			t.Fatalf("run %+v", p.Run)
		}
		return p.Quiet
	}
	once := func(at time.Time) func(tx *sql.Tx, id int64) (int64, error) {
		return func(tx *sql.Tx, id int64) (int64, error) {
			if err := s.ScheduleOnce(ctx, tx, id, at, now); err != nil {
				return 0, err
			}
			var run int64
			err := tx.QueryRow(`SELECT id FROM notice_runs WHERE notice_id = ?`, id).Scan(&run)
			return run, err
		}
	}
	all := Audience{Kind: AudienceAll}
	if quiet(Notice{Author: 1001, Audience: all, Text: "now"}, func(tx *sql.Tx, id int64) (int64, error) {
		run, err := s.SendNow(ctx, tx, id, now)
		return run.ID, err
	}) {
		t.Error("a notice sent now is said to wait for quiet hours")
	}
	if !quiet(Notice{Author: 1001, Audience: all, Text: "tonight", State: "draft"}, once(now.Add(time.Hour))) {
		t.Error("a notice due inside quiet hours is not said to wait for them")
	}
	if quiet(Notice{Author: 1001, Audience: all, Text: "urgent", Urgent: true, State: "draft"}, once(now.Add(time.Hour))) {
		t.Error("an urgent notice, never held, is said to wait for quiet hours")
	}
	if quiet(Notice{Author: 1001, Audience: all, Text: "noon", State: "draft"}, once(now.Add(13*time.Hour))) {
		t.Error("a notice due at noon is said to wait for quiet hours")
	}
}

func TestAudienceForScope_VolunteersOfTheAdminsZones(t *testing.T) {
	vol := Audience{Kind: AudienceVolunteers}
	if a, ok := vol.ForScope(false, []string{"b2"}); !ok || a.String() != "volunteers:b2" || parseStored(a.String()).String() != "volunteers:b2" {
		t.Errorf("a b2 admin's volunteers: %v %v", a, ok)
	}
	if a, ok := vol.ForScope(true, nil); !ok || a.String() != "volunteers" {
		t.Errorf("a global admin's volunteers: %v %v", a, ok)
	}
	if _, ok := (Audience{Kind: AudienceVolunteers, Zones: []string{"a1"}}).ForScope(false, []string{"b2"}); ok {
		t.Error("a1's volunteers reached by a b2 admin")
	}
	for _, a := range []Audience{{Kind: AudienceAll}, {Kind: AudienceResidents}, {Kind: AudienceZone, Zone: "a1"}} {
		if _, ok := a.ForScope(false, []string{"b2"}); ok {
			t.Errorf("%v reached by a b2 admin", a)
		}
	}
}

package checkins_test

import (
	"context"
	"database/sql"
	"errors"
	"log/slog"
	"slices"
	"strings"
	"testing"
	"time"

	"linli/checkins"
	"linli/internal/testdb"
	"linli/store"
)

var shanghai = mustLoad("Asia/Shanghai")

func mustLoad(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

func TestSchedule_PromptAndDeadlineOfADay(t *testing.T) {
	newYork := mustLoad("America/New_York")
	cases := []struct {
		name, prompt, deadline string
		loc                    *time.Location
		day                    checkins.Day
		wantPrompt, wantDead   string // "15:04" local, "" for none
	}{
		{"default", "0 9 * * *", "0 12 * * *", shanghai, "20261129", "09:00", "12:00"},
		{"descriptor", "@daily", "30 11 * * *", shanghai, "20261129", "00:00", "11:30"},
		{"weekdays on a Sunday", "0 9 * * 1-5", "0 12 * * *", shanghai, "20261129", "", ""},
		{"weekdays on a Monday", "0 9 * * 1-5", "0 12 * * *", shanghai, "20261130", "09:00", "12:00"},
		{"deadline before prompt", "0 9 * * *", "0 8 * * *", shanghai, "20261129", "09:00", ""},
		{"twice a day: the first", "0 9,15 * * *", "0 10,18 * * *", shanghai, "20261129", "09:00", "10:00"},
		{"spring forward", "0 9 * * *", "0 12 * * *", newYork, "20260308", "09:00", "12:00"},
		{"fall back", "0 9 * * *", "0 12 * * *", newYork, "20261101", "09:00", "12:00"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, err := checkins.NewSchedule(c.prompt, c.deadline, c.loc)
			if err != nil {
				t.Fatal(err)
			}
			p, ok := s.PromptAt(c.day)
			if got := clock(p, ok, c.loc); got != c.wantPrompt {
				t.Errorf("prompt %s, want %s", got, c.wantPrompt)
			}
			d, ok := s.DeadlineAt(c.day)
			if got := clock(d, ok, c.loc); got != c.wantDead {
				t.Errorf("deadline %s, want %s", got, c.wantDead)
			}
			if ok && s.Day(d) != c.day {
				t.Errorf("deadline on %s, not %s", s.Day(d), c.day)
			}
		})
	}
}

func clock(t time.Time, ok bool, loc *time.Location) string {
	if !ok {
		return ""
	}
	return t.In(loc).Format("15:04")
}

func TestNewSchedule_RefusesBadSpecsWithoutPanicking(t *testing.T) {
	for _, spec := range []string{"", "TZ=", "CRON_TZ=Asia/Shanghai 0 9 * * *", "TZ=x", "0 9 * *", "0 0 9 * * *",
		"@sometimes", "0 25 * * *", "<b>", "🩺 9 * * *"} {
		if _, err := checkins.NewSchedule(spec, "0 12 * * *", shanghai); !errors.Is(err, checkins.ErrBadSpec) {
			t.Errorf("prompt %q: %v, want ErrBadSpec", spec, err)
		}
		if _, err := checkins.NewSchedule("0 9 * * *", spec, shanghai); !errors.Is(err, checkins.ErrBadSpec) {
			t.Errorf("deadline %q: %v, want ErrBadSpec", spec, err)
		}
	}
}

func TestParseDayAndDayOf(t *testing.T) {
	for in, ok := range map[string]bool{"20261129": true, "20261329": false, "2026112": false, "x0261129": false, "": false} {
		if _, got := checkins.ParseDay(in); got != ok {
			t.Errorf("ParseDay(%q) ok = %v", in, got)
		}
	}
	// 23:30 UTC on the 28th is already the 29th in Shanghai.
	if d := checkins.DayOf(time.Date(2026, 11, 28, 23, 30, 0, 0, time.UTC), shanghai); d != "20261129" {
		t.Errorf("DayOf = %s", d)
	}
	if m, d := checkins.Day("20261129").MonthDay(); m != 11 || d != 29 {
		t.Errorf("MonthDay = %d/%d", m, d)
	}
}

func TestParseTemperature(t *testing.T) {
	good := map[string]string{"37.8": "37.8", "37,8": "37.8", "３７．８": "37.8", "36.6℃": "36.6", " 38 °C ": "38.0",
		"34": "34.0", "43": "43.0", "39.25": "39.2"}
	for in, want := range good {
		if got, err := checkins.ParseTemperature(in); err != nil || got != want {
			t.Errorf("ParseTemperature(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"", "33.9", "43.1", "45", "-37", "+37", "3.7e1", "NaN", "Inf", "37.8.1", "abc", "37 8", "0x25"} {
		if got, err := checkins.ParseTemperature(in); !errors.Is(err, checkins.ErrBadTemperature) {
			t.Errorf("ParseTemperature(%q) = %q, %v; want ErrBadTemperature", in, got, err)
		}
	}
	for t0, want := range map[string]bool{"37.3": true, "37.2": false, "38+": true, "37.x": false, "36.x": false} {
		if checkins.Fever(t0) != want {
			t.Errorf("Fever(%q) != %v", t0, want)
		}
	}
}

// household adds a monitored household of zone a1 directly.
func household(t *testing.T, db *store.DB, monitored bool) int64 {
	t.Helper()
	var id int64
	err := db.Write.QueryRow(`INSERT INTO households (zone, building, room, name, phone, monitored, created_at, updated_at)
		VALUES ('a1', '3号楼', '301', 'x', '13800138000', ?, 0, 0) RETURNING id`, monitored).Scan(&id)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func inTx(t *testing.T, db *store.DB, fn func(tx *sql.Tx) error) {
	t.Helper()
	if err := store.InTx(context.Background(), db.Write, fn); err != nil {
		t.Fatal(err)
	}
}

func TestOpenAnswerTemperature_OnceEach(t *testing.T) {
	db := testdb.Open(t)
	ctx := context.Background()
	a, b, off := household(t, db, true), household(t, db, true), household(t, db, false)
	day, now := checkins.Day("20261129"), time.Date(2026, 11, 29, 9, 0, 0, 0, shanghai)
	inTx(t, db, func(tx *sql.Tx) error {
		ids, err := checkins.Unprompted(ctx, tx, day, 10)
		if err != nil || len(ids) != 2 || ids[0] != a || ids[1] != b {
			t.Fatalf("unprompted %v, %v; want %d, %d (not %d)", ids, err, a, b, off)
		}
		for i := 0; i < 2; i++ {
			opened, err := checkins.Open(ctx, tx, a, day, now)
			if err != nil || opened != (i == 0) {
				t.Fatalf("open #%d: %v %v", i, opened, err)
			}
		}
		if _, err := checkins.Record(ctx, tx, a, day, checkins.Help, 7, now); err != nil {
			t.Fatal(err)
		}
		c, err := checkins.Record(ctx, tx, a, day, checkins.Fine, 8, now)
		if !errors.Is(err, checkins.ErrAnswered) || c.Answer != checkins.Help || c.AnsweredBy != 7 {
			t.Fatalf("second answer: %+v %v", c, err)
		}
		if _, err := checkins.Record(ctx, tx, b, day, checkins.Fine, 7, now); !errors.Is(err, checkins.ErrNotFound) {
			t.Fatalf("answer without a prompt: %v", err)
		}
		if c, err := checkins.AwaitingTemperature(ctx, tx, 7, day); err != nil || c.HouseholdID != a {
			t.Fatalf("awaiting: %+v %v", c, err)
		}
		if c, err := checkins.SetTemperature(ctx, tx, a, day, "38.5"); err != nil || c.Temperature != "38.5" {
			t.Fatalf("temperature: %+v %v", c, err)
		}
		if _, err := checkins.SetTemperature(ctx, tx, a, day, ""); !errors.Is(err, checkins.ErrTemperatureClosed) {
			t.Fatalf("second temperature: %v", err)
		}
		return nil
	})
}

func TestDeadlineDue_LatePromptsGetTheUsualTimeToAnswer(t *testing.T) {
	db := testdb.Open(t)
	ctx := context.Background()
	s, err := checkins.NewSchedule("0 9 * * *", "0 12 * * *", shanghai)
	if err != nil {
		t.Fatal(err)
	}
	day := checkins.Day("20261129")
	at := func(h, m int) time.Time { return time.Date(2026, 11, 29, h, m, 0, 0, shanghai) }
	due := func(now time.Time) bool {
		ok, err := s.DeadlineDue(ctx, db.Write, day, now)
		if err != nil {
			t.Fatal(err)
		}
		return ok
	}
	if due(at(13, 0)) {
		t.Fatal("a day nobody was prompted has a deadline list")
	}
	id := household(t, db, true)
	// The bot was down from 8:00 to 13:00: prompted at 13:00, the list is due three hours later.
	inTx(t, db, func(tx *sql.Tx) error { _, err := checkins.Open(ctx, tx, id, day, at(13, 0)); return err })
	if due(at(15, 59)) || !due(at(16, 0)) {
		t.Fatal("a late prompt's deadline is not three hours later")
	}
	inTx(t, db, func(tx *sql.Tx) error {
		for i, want := range []bool{true, false} {
			if ok, err := checkins.ClaimDeadline(ctx, tx, day, 1, at(16, 0)); err != nil || ok != want {
				t.Fatalf("claim #%d: %v %v", i, ok, err)
			}
		}
		return nil
	})
}

func TestSilence_UnreachableAndNoLongerMonitored(t *testing.T) {
	db := testdb.Open(t)
	ctx := context.Background()
	day, now := checkins.Day("20261129"), time.Date(2026, 11, 29, 9, 0, 0, 0, shanghai)
	blocked, reachable, nobody, unflagged, answered := household(t, db, true), household(t, db, true),
		household(t, db, true), household(t, db, true), household(t, db, true)
	inTx(t, db, func(tx *sql.Tx) error {
		for _, q := range []string{
			`INSERT INTO household_members (household_id, user_id, relation, created_at) VALUES (?, 7, 'self', 0), (?, 8, 'self', 0)`,
			`INSERT INTO chats (chat_id, unreachable_at) VALUES (7, 1)`,
		} {
			args := []any{blocked, reachable}
			if _, err := tx.ExecContext(ctx, q, args[:strings.Count(q, "?")]...); err != nil {
				return err
			}
		}
		for _, id := range []int64{blocked, reachable, nobody, unflagged, answered} {
			if _, err := checkins.Open(ctx, tx, id, day, now); err != nil {
				return err
			}
		}
		if _, err := checkins.Record(ctx, tx, answered, day, checkins.Fine, 8, now); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `UPDATE households SET monitored = 0 WHERE id = ?`, unflagged)
		return err
	})
	got, err := checkins.Silence(ctx, db.Write, day)
	want := []checkins.Silent{{blocked, true}, {reachable, false}, {nobody, true}}
	if err != nil || !slices.Equal(got, want) {
		t.Fatalf("Silence = %+v, %v; want %+v", got, err, want)
	}
	if c, err := checkins.Count(ctx, db.Write, day); err != nil || c != (checkins.Counts{Prompted: 4, Answered: 1}) {
		t.Fatalf("Count = %+v, %v", c, err)
	}
}

// Only an unmistakable "all is well" typed instead of the button is taken for that answer.
func TestReadsFine_OnlyUnmistakableAnswers(t *testing.T) {
	for text, want := range map[string]bool{
		"好的，都好！": true, "一切正常": true, " 没事 ": true, "All good, thanks": true, "OK": true, "I'm fine": true, "👍": true,
		"不好": false, "不太好": false, "还行吧": false, "好像发烧了": false, "都好吗？": false, "not good": false,
		"fine?": true, // punctuation is not read; "fine" alone is an answer
		"我要买大米": false, "": false, "<b>好</b>": false,
	} {
		if got := checkins.ReadsFine(text); got != want {
			t.Errorf("ReadsFine(%q) = %v, want %v", text, got, want)
		}
	}
}

// A household flagged after the day's list of silent households went out is first asked the next
// day, not prompted that night.
func TestRunOnce_NoPromptsOnceTheDaysListIsOut(t *testing.T) {
	db := testdb.Open(t)
	ctx := context.Background()
	s, err := checkins.NewSchedule("0 9 * * *", "0 12 * * *", shanghai)
	if err != nil {
		t.Fatal(err)
	}
	at := func(d, h, m int) time.Time { return time.Date(2026, 11, d, h, m, 0, 0, shanghai) }
	first := household(t, db, true)
	tell := &countingTeller{}
	run := func(now time.Time) {
		t.Helper()
		inTx(t, db, func(tx *sql.Tx) error {
			_, err := s.RunOnce(ctx, tx, now, tell, slog.New(slog.DiscardHandler))
			return err
		})
	}
	run(at(29, 9, 0))
	run(at(29, 12, 0)) // the list of the silent goes out
	if tell.prompts != 1 || tell.deadlines != 1 {
		t.Fatalf("prompts %d, lists %d; want 1 and 1", tell.prompts, tell.deadlines)
	}
	late := household(t, db, true) // flagged at 23:27
	run(at(29, 23, 27))
	if tell.prompts != 1 {
		t.Fatalf("household %d prompted at night for a day whose list is out", late)
	}
	run(at(30, 9, 0))
	if tell.prompts != 3 {
		t.Fatalf("prompts the next day: %d, want 3 in all (%d and %d)", tell.prompts, first, late)
	}
}

type countingTeller struct{ prompts, deadlines int }

func (c *countingTeller) Prompt(context.Context, *sql.Tx, int64, checkins.Day, time.Time) error {
	c.prompts++
	return nil
}

func (c *countingTeller) Deadline(context.Context, *sql.Tx, checkins.Day, []checkins.Silent, time.Time) error {
	c.deadlines++
	return nil
}

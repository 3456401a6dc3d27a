package checkins

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"linli/store"
)

// DeadlineDue says whether the silent households of day are due to be listed at now, and when.
// The deadline is the day's deadline time, unless the day's first prompt went out late (the bot
// was down at prompt time): then households get as long to answer as the schedule gives them
// (deadline − prompt), counted from that first prompt. A day no one was prompted has no list.
func (s *Schedule) DeadlineDue(ctx context.Context, q store.Querier, day Day, now time.Time) (bool, error) {
	prompt, ok := s.PromptAt(day)
	if !ok {
		return false, nil
	}
	deadline, ok := s.DeadlineAt(day)
	if !ok {
		return false, nil
	}
	var first sql.NullInt64
	if err := q.QueryRowContext(ctx, `SELECT min(prompted_at) FROM checkin_days WHERE day = ?`, string(day)).
		Scan(&first); err != nil {
		return false, fmt.Errorf("checkins: first prompt of %s: %w", day, err)
	}
	if !first.Valid {
		return false, nil
	}
	if late := time.UnixMilli(first.Int64).Add(deadline.Sub(prompt)); late.After(deadline) {
		deadline = late
	}
	return !now.Before(deadline), nil
}

// ClaimDeadline records that day's list is being sent; false if it was already (once a day,
// whatever restarts happen).
func ClaimDeadline(ctx context.Context, tx *sql.Tx, day Day, silent int, now time.Time) (bool, error) {
	res, err := tx.ExecContext(ctx, `INSERT INTO checkin_deadlines (day, sent_at, silent) VALUES (?, ?, ?)
		ON CONFLICT DO NOTHING`, string(day), now.UnixMilli(), silent)
	if err != nil {
		return false, fmt.Errorf("checkins: deadline of %s: %w", day, err)
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// DeadlineSent reports whether day's list went out already.
func DeadlineSent(ctx context.Context, q store.Querier, day Day) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT count(*) FROM checkin_deadlines WHERE day = ?`, string(day)).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("checkins: deadline of %s: %w", day, err)
	}
	return n > 0, nil
}

// Silent is a household prompted on a day that has not answered.
type Silent struct {
	HouseholdID int64
	// Unreachable: every member blocked the bot (or it has none), so the prompt never reached it.
	Unreachable bool
}

// Silence lists the households prompted on day that have not answered, in id order; one taken off
// monitoring since is left out.
func Silence(ctx context.Context, q store.Querier, day Day) ([]Silent, error) {
	rows, err := q.QueryContext(ctx, `SELECT c.household_id,
			NOT EXISTS (SELECT 1 FROM household_members m LEFT JOIN chats ch ON ch.chat_id = m.user_id
				WHERE m.household_id = c.household_id AND ch.unreachable_at IS NULL)
		FROM checkin_days c JOIN households h ON h.id = c.household_id AND h.monitored = 1
		WHERE c.day = ? AND c.answer IS NULL ORDER BY c.household_id`, string(day))
	if err != nil {
		return nil, fmt.Errorf("checkins: silent on %s: %w", day, err)
	}
	defer rows.Close()
	var out []Silent
	for rows.Next() {
		var s Silent
		if err := rows.Scan(&s.HouseholdID, &s.Unreachable); err != nil {
			return nil, fmt.Errorf("checkins: silent on %s: %w", day, err)
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// Counts are a day's figures.
type Counts struct{ Prompted, Answered int }

// Count is how many households still monitored were prompted on day and how many answered; of
// zones only, when some are given.
func Count(ctx context.Context, q store.Querier, day Day, zones ...string) (Counts, error) {
	var c Counts
	args := []any{string(day)}
	in := ""
	if len(zones) > 0 {
		in = ` AND h.zone IN (SELECT value FROM json_each(?))`
		list, _ := json.Marshal(zones)
		args = append(args, string(list))
	}
	err := q.QueryRowContext(ctx, `SELECT count(*), count(c.answer) FROM checkin_days c
		JOIN households h ON h.id = c.household_id AND h.monitored = 1 WHERE c.day = ?`+in, args...).
		Scan(&c.Prompted, &c.Answered)
	if err != nil {
		return Counts{}, fmt.Errorf("checkins: counts of %s: %w", day, err)
	}
	return c, nil
}

// MonitorZone puts every household of zone under monitoring (on) or ends it, and returns those
// that changed. households belongs to package people; this is its one bulk change of the flag.
func MonitorZone(ctx context.Context, tx *sql.Tx, zone string, on bool, now time.Time) ([]int64, error) {
	return store.QueryRows(ctx, tx, "checkins: monitor zone "+zone, func(sc store.Scanner) (int64, error) {
		var id int64
		return id, sc.Scan(&id)
	}, `UPDATE households SET monitored = ?, updated_at = ? WHERE zone = ? AND monitored != ? RETURNING id`,
		on, now.UnixMilli(), zone, on)
}

// Monitored counts the monitored households of each zone.
func Monitored(ctx context.Context, q store.Querier) (map[string]int, error) {
	return store.QueryMap[string, int](ctx, q, "checkins: monitored", `SELECT zone, count(*) FROM households WHERE monitored = 1 GROUP BY zone`)
}

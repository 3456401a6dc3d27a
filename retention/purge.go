// Package retention deletes what Linli no longer needs to keep: Purge anonymises residents'
// personal data in finished orders and in households with nothing left under way, keeping
// everything the statistics count; Backup writes a scheduled copy of the database and keeps
// the newest few.
package retention

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"linli/audit"
	"linli/notices"
	"linli/store"
)

// PurgeOptions says what to purge and who asked.
type PurgeOptions struct {
	// Before is the cutoff: orders finished before it, and households with no order open or
	// finished since and not changed since, are anonymised.
	Before time.Time
	Now    time.Time // recorded as the purge's time
	// Actor and Source are recorded in the audit log (0 and audit.SourceCLI for `bot purge`).
	Actor  int64
	Source string
	// Vacuum rebuilds the file even when nothing changed (the command line does: a purge
	// interrupted before its VACUUM is completed by running it again).
	Vacuum bool
	// Notices also blanks the texts of notices done with before the cutoff (notices.PurgeTexts).
	Notices bool
}

// Summary is what a purge changed. A second purge with the same cutoff changes nothing.
type Summary struct {
	Orders     int64 // orders whose texts, photos and building were blanked
	Households int64 // households whose name, phone and address were blanked
	Users      int64 // users whose Telegram first name was blanked
	Deleted    int64 // rows deleted: handled updates, memberships, link codes, conversations, prompts
	Blanked    int64 // other rows blanked: sent messages, order event details, typed temperatures
	Notices    int64 // notices whose text was blanked (with PurgeOptions.Notices)
	// CheckpointBusy is true when another connection kept the write-ahead log from being
	// emptied; the old pages there are overwritten as the bot goes on writing.
	CheckpointBusy bool
}

// Changed reports whether the purge changed any row.
func (s Summary) Changed() bool {
	return s.Orders+s.Households+s.Users+s.Deleted+s.Blanked+s.Notices > 0
}

// Purge anonymises in one IMMEDIATE transaction on the writer connection (the bot's writes wait
// for it), with secure_delete on, records itself in the audit log in that transaction, then
// VACUUMs and truncates the write-ahead log, so the removed text is gone from the file itself.
func Purge(ctx context.Context, db *store.DB, o PurgeOptions) (Summary, error) {
	conn, err := db.Write.Conn(ctx)
	if err != nil {
		return Summary{}, fmt.Errorf("retention: purge: %w", err)
	}
	defer conn.Close()
	var secure int
	if err := conn.QueryRowContext(ctx, "PRAGMA secure_delete").Scan(&secure); err != nil {
		return Summary{}, fmt.Errorf("retention: purge: %w", err)
	}
	if _, err := conn.ExecContext(ctx, "PRAGMA secure_delete = ON"); err != nil {
		return Summary{}, fmt.Errorf("retention: purge: %w", err)
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), fmt.Sprintf("PRAGMA secure_delete = %d", secure))
	s, err := purgeTx(ctx, conn, o)
	if err != nil {
		return s, err
	}
	if s.Changed() || o.Vacuum {
		if _, err := conn.ExecContext(ctx, "VACUUM"); err != nil {
			return s, fmt.Errorf("retention: vacuum: %w", err)
		}
	}
	s.CheckpointBusy, err = checkpoint(ctx, conn)
	return s, err
}

func purgeTx(ctx context.Context, conn *sql.Conn, o PurgeOptions) (s Summary, err error) {
	tx, err := conn.BeginTx(ctx, nil) // IMMEDIATE: the writer's DSN says so
	if err != nil {
		return s, fmt.Errorf("retention: purge: begin: %w", err)
	}
	defer func() {
		if err != nil {
			_ = tx.Rollback()
		}
	}()
	if s, err = anonymise(ctx, tx, o.Before.UnixMilli(), o.Now.UnixMilli(), dayKey(o.Before)); err != nil {
		return s, err
	}
	if o.Notices {
		if s.Notices, err = notices.PurgeTexts(ctx, tx, o.Before, o.Now); err != nil {
			return s, err
		}
	}
	err = audit.Record(ctx, tx, audit.Entry{
		At: o.Now, Actor: o.Actor, Source: o.Source, Action: "purge", Outcome: audit.OK,
		Args: fmt.Sprintf("before=%s orders=%d households=%d deleted=%d notices=%d",
			o.Before.Format(time.DateOnly), s.Orders, s.Households, s.Deleted, s.Notices),
	})
	if err != nil {
		return s, err
	}
	if err = tx.Commit(); err != nil {
		return s, fmt.Errorf("retention: purge: commit: %w", err)
	}
	return s, nil
}

// dayKey is the check-in day of t ("20261129", see migrations/0009_checkins.sql).
func dayKey(t time.Time) string { return t.Format("20060102") }

// checkpoint empties the write-ahead log into the database file and truncates it, retrying a
// little while a reader holds an old snapshot.
func checkpoint(ctx context.Context, conn *sql.Conn) (busy bool, err error) {
	for try := 0; try < 20; try++ {
		s, err := store.Checkpoint(ctx, conn, "TRUNCATE")
		if err != nil {
			return false, fmt.Errorf("retention: %w", err)
		}
		if !s.Busy {
			return false, nil
		}
		select {
		case <-ctx.Done():
			return true, nil
		case <-time.After(50 * time.Millisecond):
		}
	}
	return true, nil
}

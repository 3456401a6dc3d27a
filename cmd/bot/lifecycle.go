package main

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"os"
	"time"

	"linli/audit"
	"linli/config"
	"linli/retention"
	"linli/store"
)

// purgeArgs are purge's flags: -before DATE|now and -notices (default true).
type purgeArgs struct {
	before  string
	notices bool
}

// purgeCmd is `bot purge -config FILE -before DATE|now [-notices=false]`: it anonymises what
// finished before DATE (a local day in the configured timezone; "now": everything finished so
// far) and, unless -notices=false, blanks the texts of notices done with by then; prints a summary
// and records itself in the audit log. DATE may be today at the latest: a later day would reach
// orders finished after the purge was asked for. Bad or missing -before exits 2.
func purgeCmd(ctx context.Context, cfg *config.Config, args purgeArgs, now time.Time, stdout, stderr io.Writer) int {
	before := args.before
	cutoff, msg := purgeCutoff(before, now, cfg.Location)
	if msg != "" {
		fmt.Fprintf(stderr, "bot purge: %s\n%s", msg, usage)
		return exitUsage
	}
	if _, err := os.Stat(cfg.Database.Path); err != nil {
		return exitCode(stderr, fmt.Errorf("purge: database %s: %w", cfg.Database.Path, err))
	}
	db, err := store.Open(ctx, cfg.Database.Path)
	if err != nil {
		return exitCode(stderr, err)
	}
	defer db.Close()
	s, err := retention.Purge(ctx, db, retention.PurgeOptions{
		Before: cutoff, Now: now, Source: audit.SourceCLI, Vacuum: true, Notices: args.notices,
	})
	if err != nil {
		_ = auditCLI(context.WithoutCancel(ctx), db, "purge", "before="+before, err)
		return exitCode(stderr, err)
	}
	printSummary(stdout, before, cfg.Location, s)
	return exitOK
}

// purgeCutoff reads -before: the start of that day in loc, or what is wrong with it.
func purgeCutoff(before string, now time.Time, loc *time.Location) (time.Time, string) {
	if before == "" {
		return time.Time{}, "-before DATE is required, e.g. -before 2026-06-01, or -before now"
	}
	if before == "now" {
		return now, ""
	}
	cutoff, err := retention.ParseDay(before, loc)
	if err != nil {
		return time.Time{}, "-before: " + err.Error()
	}
	if today := retention.Cutoff(now, 0, loc); cutoff.After(today) {
		return time.Time{}, fmt.Sprintf("-before %s is in the future; the latest is today, %s, which purges what finished before today began",
			before, today.Format(time.DateOnly))
	}
	return cutoff, ""
}

func printSummary(w io.Writer, before string, loc *time.Location, s retention.Summary) {
	fmt.Fprintf(w, "purged what finished before %s (%s): %d orders and %d households anonymised, "+
		"%d names blanked, %d notice texts blanked, %d rows deleted, %d rows blanked; the file was compacted\n",
		before, loc, s.Orders, s.Households, s.Users, s.Notices, s.Deleted, s.Blanked)
	if s.CheckpointBusy {
		fmt.Fprintln(w, "note: the running bot kept the write-ahead log busy; old pages there are overwritten as it goes on")
	}
}

// auditCLI records a run of a command-line tool (import, export, purge, backup) in the audit
// log: actor 0, source cli, outcome ok or failed after runErr. args are cleaned (audit.Clean):
// keys, flags and counts only. A database not yet migrated to the audit log (a backup of an
// old file) records nothing.
func auditCLI(ctx context.Context, db *store.DB, action, args string, runErr error) error {
	outcome := audit.OK
	if runErr != nil {
		outcome = audit.Failed
	}
	return store.InTx(ctx, db.Write, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx,
			`SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'audit_log'`).Scan(&n); err != nil || n == 0 {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{
			At: time.Now(), Source: audit.SourceCLI, Action: action, Args: args, Outcome: outcome,
		})
	})
}

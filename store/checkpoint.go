package store

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"time"
)

// Checkpoints copy the write-ahead log back into the database file. SQLite's own run inside the
// commit that brings the log to 1,000 pages, with two fsyncs, so under a burst every thirtieth
// batch of updates waited for all of them (issue 17: a tenth of /order's and /help's rate, a fifth
// of the claims'). The writer's threshold is raised to backstopPages instead, and RunCheckpoints
// does the work beside it, on a connection of its own: a PASSIVE checkpoint waits for no reader
// and no writer.

// backstopPages is the writer's own checkpoint threshold: reached only when RunCheckpoints is not
// running or cannot keep up (a replicator holding the log, a long read), it keeps the log from
// growing without end, at about 40 MB.
const backstopPages = 10_000

// CheckpointStats is one checkpoint's outcome: the log's length in pages and how many of them
// are now in the database file. Busy: another checkpoint was running.
type CheckpointStats struct {
	Busy         bool
	Log, Applied int
}

// RunCheckpoints checkpoints the database at path every interval until ctx is done. Each one is
// PASSIVE: it copies what no reader still needs and never blocks a writer; once all of the log
// is copied, the next write starts it over from the beginning. observe, when not nil, is told
// each outcome.
func RunCheckpoints(ctx context.Context, path string, every time.Duration, log *slog.Logger,
	observe func(CheckpointStats)) error {
	db, err := sql.Open("sqlite3", dsn(path, "rw", "deferred"))
	if err != nil {
		return fmt.Errorf("store: checkpoints: %w", err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	t := time.NewTicker(every)
	defer t.Stop()
	failing := false
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
		s, err := Checkpoint(ctx, db, "PASSIVE")
		if err != nil {
			if !failing && ctx.Err() == nil {
				log.Warn("checkpoint failed; SQLite's own takes over at its threshold", "component", "store",
					"err", err, "threshold_pages", backstopPages)
			}
			failing = true
			continue
		}
		failing = false
		if observe != nil {
			observe(s)
		}
	}
}

// Checkpoint runs one checkpoint of mode (PASSIVE, FULL, RESTART or TRUNCATE) on q.
func Checkpoint(ctx context.Context, q Querier, mode string) (CheckpointStats, error) {
	var s CheckpointStats
	var busy int
	if err := q.QueryRowContext(ctx, "PRAGMA wal_checkpoint("+mode+")").Scan(&busy, &s.Log, &s.Applied); err != nil {
		return s, fmt.Errorf("store: checkpoint: %w", err)
	}
	s.Busy = busy != 0
	return s, nil
}

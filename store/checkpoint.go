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

// RunCheckpoints checkpoints the database at path every interval until ctx is done, and more
// often as the log nears the writer's own threshold (nextCheckpoint). Each one is PASSIVE: it
// copies what no reader still needs and never blocks a writer; once all of the log is copied,
// the next write starts it over from the beginning. observe, when not nil, is told each outcome.
func RunCheckpoints(ctx context.Context, path string, every time.Duration, log *slog.Logger,
	observe func(CheckpointStats)) error {
	db, err := sql.Open("sqlite3", dsn(path, "rw", "deferred"))
	if err != nil {
		return fmt.Errorf("store: checkpoints: %w", err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	t := time.NewTimer(every)
	defer t.Stop()
	failing := false
	last, lastAt := CheckpointStats{}, time.Now() // as if the log were empty at the start
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
		at := time.Now()
		s, err := Checkpoint(ctx, db, "PASSIVE")
		if err != nil {
			if !failing && ctx.Err() == nil {
				log.Warn("checkpoint failed; SQLite's own takes over at its threshold", "component", "store",
					"err", err, "threshold_pages", backstopPages)
			}
			failing = true
			t.Reset(every)
			continue
		}
		failing = false
		if observe != nil {
			observe(s)
		}
		// Counted from when this one began: copying a burst's pages takes a while (~180 ms for
		// 9,000 on a 2-core cloud machine), and the log grows meanwhile.
		t.Reset(max(nextCheckpoint(last, s, at.Sub(lastAt), every)-time.Since(at), min(minCheckpointGap, every)))
		last, lastAt = s, at
	}
}

// Under a steady load the log never starts over by itself (some reader always holds a snapshot
// with pages in it when the next write begins), so it grows to backstopPages, and the writer's
// own checkpoint then copies, inside its commit and with two fsyncs, all that was written since
// the last checkpoint beside it: with a second between them ~7,000 pages at 800 claims a second,
// and every writer stood still for 150-250 ms (the claims benchmark's p99). Checkpointing beside
// it ten times a second cut that but cost /help and /order a fourteenth of their CPU (each
// checkpoint copies again the pages every commit touches). So the checkpoints beside it come
// closer together only as the log nears the threshold.

// minCheckpointGap is the shortest time between two checkpoints beside the writer: the last one
// before the log reaches the threshold runs about this long before it.
const minCheckpointGap = 10 * time.Millisecond

// nextCheckpoint is how long after a checkpoint that found s, elapsed after one that found prev,
// the next one runs: after every, or halfway to the moment the log would reach backstopPages at
// the rate it grew between the two, if that is sooner. Halfway, because a burst that began
// between the two grows it faster than that: each look estimates again, closer, so the last one
// runs within minCheckpointGap or so of the threshold, a handful in all. A log shorter than
// before started over meanwhile and grew at least from nothing; one past the threshold already
// is the writer's to checkpoint (it does in every commit).
func nextCheckpoint(prev, s CheckpointStats, elapsed, every time.Duration) time.Duration {
	grown := s.Log - prev.Log
	if grown < 0 {
		grown = s.Log
	}
	if grown <= 0 || elapsed <= 0 || s.Log >= backstopPages {
		return every
	}
	reach := time.Duration(float64(backstopPages-s.Log) / float64(grown) * float64(elapsed))
	return min(every, max(reach/2, minCheckpointGap))
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

package retention

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"linli/audit"
	"linli/store"
)

// BenchmarkPurge purges seedPurge's community (110,000 orders, 100,000 of them finished before
// the cutoff) as `bot purge` does, timing its phases separately: the anonymising transaction
// (tx-s: the bot's writes wait for it), the VACUUM that rewrites the file (vacuum-s: writes wait
// for it too) and the write-ahead log's truncation (checkpoint-s); and the file's size before and
// after (db-MB, WAL included). Each iteration purges a fresh copy of a database seeded once; the
// figures are medians over iterations. The time of each statement is logged once.
//
//	go test -run '^$' -bench Purge -benchtime 3x ./retention/
func BenchmarkPurge(b *testing.B) {
	b.StopTimer()
	now := time.Date(2026, 6, 10, 17, 0, 0, 0, time.UTC)
	o := PurgeOptions{Before: now.AddDate(0, 0, -1), Now: now, Source: audit.SourceCLI, Vacuum: true}
	seeded := filepath.Join(b.TempDir(), "seed.db")
	began := time.Now()
	seedPurge(b, seeded, now)
	b.Logf("seeded in %v", time.Since(began).Round(time.Millisecond))
	logSteps(b, seeded, o)
	var tx, vac, cp, before, after []float64
	for range b.N {
		db, path := openCopy(b, seeded)
		before = append(before, fileMB(path))
		ph := purgePhases(b, db, o)
		tx, vac, cp = append(tx, ph[0]), append(vac, ph[1]), append(cp, ph[2])
		after = append(after, fileMB(path))
		db.Close()
	}
	b.ReportMetric(median(tx), "tx-s")
	b.ReportMetric(median(vac), "vacuum-s")
	b.ReportMetric(median(cp), "checkpoint-s")
	b.ReportMetric(median(before), "db-MB-before")
	b.ReportMetric(median(after), "db-MB-after")
}

// purgePhases runs Purge's phases on db as Purge does (secure_delete on, purgeTx, VACUUM,
// checkpoint) and returns the seconds of each; the timer runs only meanwhile.
func purgePhases(b *testing.B, db *store.DB, o PurgeOptions) [3]float64 {
	ctx := context.Background()
	conn, err := db.Write.Conn(ctx)
	if err != nil {
		b.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "PRAGMA secure_delete = ON"); err != nil {
		b.Fatal(err)
	}
	var out [3]float64
	b.StartTimer()
	start := time.Now()
	s, err := purgeTx(ctx, conn, o)
	out[0] = time.Since(start).Seconds()
	if err != nil || s.Orders != benchFinished || s.Households != benchHouseholds-benchBusy {
		b.Fatalf("purge: %+v, %v", s, err)
	}
	start = time.Now()
	if _, err := conn.ExecContext(ctx, "VACUUM"); err != nil {
		b.Fatal(err)
	}
	out[1] = time.Since(start).Seconds()
	start = time.Now()
	if busy, err := checkpoint(ctx, conn); err != nil || busy {
		b.Fatalf("checkpoint: busy %v, %v", busy, err)
	}
	out[2] = time.Since(start).Seconds()
	b.StopTimer()
	return out
}

// logSteps logs the time of each of the purge's statements, run in one transaction on a copy.
func logSteps(b *testing.B, seeded string, o PurgeOptions) {
	db, _ := openCopy(b, seeded)
	defer db.Close()
	ctx := context.Background()
	var log strings.Builder
	began := time.Now()
	err := store.InTx(ctx, db.Write, func(tx *sql.Tx) error {
		for i, st := range steps {
			start := time.Now()
			res, err := tx.ExecContext(ctx, st.sql, o.Before.UnixMilli(), o.Now.UnixMilli(), dayKey(o.Before))
			if err != nil {
				return err
			}
			n, _ := res.RowsAffected()
			fmt.Fprintf(&log, " %d:%d/%v", i+1, n, time.Since(start).Round(time.Millisecond))
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("purge step:rows/time%s; with the commit %v", log.String(), time.Since(began).Round(time.Millisecond))
}

// openCopy copies the seeded database to a new directory and opens it.
func openCopy(b *testing.B, seeded string) (*store.DB, string) {
	path := filepath.Join(b.TempDir(), "linli.db")
	src, err := os.Open(seeded)
	if err != nil {
		b.Fatal(err)
	}
	defer src.Close()
	dst, err := os.Create(path)
	if err == nil {
		_, err = io.Copy(dst, src)
	}
	if err == nil {
		err = dst.Close()
	}
	if err != nil {
		b.Fatal(err)
	}
	db, err := store.Open(context.Background(), path)
	if err != nil {
		b.Fatal(err)
	}
	return db, path
}

// fileMB is the size of the database at path with its write-ahead log, in MB.
func fileMB(path string) float64 {
	var n int64
	for _, p := range []string{path, path + "-wal"} {
		if fi, err := os.Stat(p); err == nil {
			n += fi.Size()
		}
	}
	return float64(n) / 1e6
}

func median(xs []float64) float64 {
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	return s[len(s)/2]
}

package retention

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"linli/store"
)

// BackupOptions configures a scheduled backup.
type BackupOptions struct {
	Dir    string // where backups go; created if missing
	Prefix string // file names are <Prefix>-YYYYMMDD-HHMMSS.db; "" = "linli"
	Keep   int    // keep the newest Keep backups with this prefix; 0 or less = keep all
}

// stamp is the time part of a backup's name: sortable, so the newest sorts last.
const stamp = "20060102-150405"

// Backup writes a consistent copy of db to Dir (through a temporary name, so a crash never
// leaves a half-written .db that rotation would count), then removes the oldest backups beyond
// Keep. It returns the new file's path and the removed ones.
func Backup(ctx context.Context, db *store.DB, o BackupOptions, now time.Time) (string, []string, error) {
	if o.Prefix == "" {
		o.Prefix = "linli"
	}
	if err := os.MkdirAll(o.Dir, 0o750); err != nil {
		return "", nil, fmt.Errorf("retention: backup dir: %w", err)
	}
	path := filepath.Join(o.Dir, o.Prefix+"-"+now.Format(stamp)+".db")
	if _, err := os.Stat(path); err == nil {
		return "", nil, fmt.Errorf("retention: backup %s already exists", path)
	}
	tmp := path + ".tmp"
	_ = os.Remove(tmp) // left by a crash
	if err := store.Backup(ctx, db.Read, tmp); err != nil {
		_ = os.Remove(tmp)
		return "", nil, err
	}
	if err := os.Rename(tmp, path); err != nil {
		return "", nil, fmt.Errorf("retention: backup: %w", err)
	}
	removed, err := rotate(o)
	return path, removed, err
}

// rotate removes the oldest backups with o's prefix beyond o.Keep.
func rotate(o BackupOptions) ([]string, error) {
	if o.Keep <= 0 {
		return nil, nil
	}
	names, err := Backups(o.Dir, o.Prefix)
	if err != nil {
		return nil, err
	}
	if len(names) <= o.Keep {
		return nil, nil
	}
	var removed []string
	for _, p := range names[:len(names)-o.Keep] {
		if err := os.Remove(p); err != nil {
			return removed, fmt.Errorf("retention: rotate: %w", err)
		}
		removed = append(removed, p)
	}
	return removed, nil
}

// Backups lists the backups with prefix in dir, oldest first.
func Backups(dir, prefix string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("retention: list backups: %w", err)
	}
	var out []string
	for _, e := range entries {
		rest, ok := strings.CutPrefix(e.Name(), prefix+"-")
		if !ok || !e.Type().IsRegular() || !strings.HasSuffix(rest, ".db") {
			continue
		}
		if _, err := time.Parse(stamp, strings.TrimSuffix(rest, ".db")); err != nil {
			continue // not one of ours
		}
		out = append(out, filepath.Join(dir, e.Name()))
	}
	slices.Sort(out)
	return out, nil
}

// Prefix is the backup prefix for a database file: its name without the extension.
func Prefix(dbPath string) string {
	base := filepath.Base(dbPath)
	return strings.TrimSuffix(base, filepath.Ext(base))
}

// Cutoff is the start of the local day (in loc) days before now's: the nightly purge's cutoff.
func Cutoff(now time.Time, days int, loc *time.Location) time.Time {
	y, m, d := now.In(loc).Date()
	return time.Date(y, m, d-days, 0, 0, 0, 0, loc)
}

// ParseDay reads a -before date "2006-01-02" as the start of that day in loc.
func ParseDay(s string, loc *time.Location) (time.Time, error) {
	t, err := time.ParseInLocation(time.DateOnly, s, loc)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is not a date like 2026-06-01", s)
	}
	return t, nil
}

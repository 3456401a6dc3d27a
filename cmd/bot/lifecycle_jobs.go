package main

import (
	"context"
	"time"

	"linli/audit"
	"linli/config"
	"linli/retention"
)

// lifecycleEvery is how often the nightly purge and the backup schedule look whether they are due.
const lifecycleEvery = time.Minute

// nightlyPurge is the retention job: once per local day (the first look after midnight, and
// at start) it purges what finished more than retention.days days ago.
func (a *app) nightlyPurge() func(context.Context) error {
	var done time.Time // the cutoff last purged
	return func(ctx context.Context) error {
		now := a.now()
		cutoff := retention.Cutoff(now, a.cfg.Retention.Days, a.cfg.Location)
		if cutoff.Equal(done) {
			return nil
		}
		s, err := retention.Purge(context.WithoutCancel(ctx), a.db, retention.PurgeOptions{
			Before: cutoff, Now: now, Source: audit.SourceSystem, Notices: true,
		})
		if err != nil {
			a.log.Error("nightly purge", "component", "retention", "err", err)
			return err
		}
		done = cutoff
		a.log.Info("nightly purge", "component", "retention", "before", cutoff.Format(time.DateOnly),
			"orders", s.Orders, "households", s.Households, "deleted", s.Deleted, "blanked", s.Blanked,
			"notices", s.Notices)
		return nil
	}
}

// scheduledBackup is the backup job: when the schedule's next time since the last look has
// come, it writes a backup to [backup] dir and keeps the newest [backup] keep.
func (a *app) scheduledBackup() (func(context.Context) error, error) {
	sched, err := config.ParseCronIn(a.cfg.Backup.Schedule, a.cfg.Location)
	if err != nil {
		return nil, err
	}
	next := sched.Next(a.now())
	opt := retention.BackupOptions{
		Dir: a.cfg.Backup.Dir, Keep: a.cfg.Backup.Keep, Prefix: retention.Prefix(a.cfg.Database.Path),
	}
	return func(ctx context.Context) error {
		now := a.now()
		if now.Before(next) {
			return nil
		}
		next = sched.Next(now) // a failed backup waits for the next time too, instead of retrying each minute
		path, removed, err := retention.Backup(context.WithoutCancel(ctx), a.db, opt, now)
		if err != nil {
			a.log.Error("scheduled backup failed", "component", "backup", "err", err)
			return err
		}
		a.log.Info("scheduled backup", "component", "backup", "path", path, "removed", len(removed))
		return nil
	}, nil
}

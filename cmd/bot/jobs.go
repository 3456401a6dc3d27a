package main

import (
	"context"
	"fmt"
	"runtime/debug"
	"sync"
	"time"

	"linli/outbox"
)

// job is one periodic job: run is the domain call (orders' SLA sweep, the check-in job, a notice
// tick, the nightly purge, a scheduled backup), made every `every`, at start if atStart, and
// whenever kick fires. Tests run it through app.runJob, the same function the schedule calls.
type job struct {
	name    string
	every   time.Duration
	atStart bool
	kick    <-chan struct{}
	run     func(context.Context) error
	mu      sync.Mutex // one run at a time, whoever asks
}

// newJobs lists the app's periodic jobs: the lifecycle ones only when configured.
func (a *app) newJobs() map[string]*job {
	list := []*job{
		{name: "sweep", every: sweepEvery, run: a.sweep},
		{name: "checkin", every: sweepEvery, atStart: true, run: a.runCheckins},
		{name: "notices", every: noticeEvery, atStart: true, kick: a.services.Notices.Kicked(), run: a.noticeTick},
	}
	if a.cfg.Retention.Days > 0 {
		list = append(list, &job{name: "retention", every: lifecycleEvery, atStart: true, run: a.nightlyPurge()})
	}
	if a.cfg.Backup.Schedule != "" {
		if backup, err := a.scheduledBackup(); err != nil {
			a.log.Error("backup schedule", "component", "backup", "err", err) // config.Validate checks it: a bug
		} else {
			list = append(list, &job{name: "backup", every: lifecycleEvery, run: backup})
		}
	}
	jobs := make(map[string]*job, len(list))
	for _, j := range list {
		jobs[j.name] = j
	}
	return jobs
}

// shutdownGrace bounds how long stopping waits for the outbox to have nothing due.
const shutdownGrace = 5 * time.Second

// flush waits, up to grace, until the outbox has nothing due now and nothing in flight, so the
// answers to the last updates handled go out before the process ends.
func (a *app) flush(grace time.Duration) {
	ctx, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	for {
		n, err := outbox.Undone(ctx, a.db.Read, time.Now())
		if err != nil || n == 0 {
			return
		}
		a.sender.Wake()
		select {
		case <-ctx.Done():
			a.log.Warn("stopping with messages still to send", "component", "app", "count", n)
			return
		case <-time.After(10 * time.Millisecond):
		}
	}
}

// runJob runs the job called name once, now, and returns its error. A panic in it is logged and
// returned as an error: a job never takes the bot down.
func (a *app) runJob(ctx context.Context, name string) (err error) {
	j := a.jobs[name]
	if j == nil {
		return fmt.Errorf("no job %q", name)
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic: %v", p)
			a.log.Error(name, "component", name, "err", err, "stack", string(debug.Stack()))
		}
	}()
	return j.run(ctx)
}

// schedule runs job j every j.every (and first at once if j.atStart) and whenever j.kick
// fires, until ctx is done. Its failures are logged by the job; the next round tries again.
func (a *app) schedule(ctx context.Context, j *job) {
	tick := time.NewTicker(j.every)
	defer tick.Stop()
	if j.atStart {
		_ = a.runJob(ctx, j.name)
	}
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		case <-j.kick:
		}
		_ = a.runJob(ctx, j.name)
	}
}

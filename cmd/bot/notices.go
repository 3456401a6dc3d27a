package main

import (
	"context"
	"fmt"
	"runtime/debug"
	"time"
)

// noticeEvery is how often the notice scheduler looks for runs due and edits the authors'
// progress messages, besides at start and when a notice is sent or resumed. A tick with nothing
// due reads two small queries and writes nothing.
const noticeEvery = 5 * time.Second

// noticeScheduler ticks the notice scheduler at start (runs missed while the bot was down are
// recorded: sent once if recent, else skipped), every noticeEvery, when a handler started or
// resumed a run, and when a test asks, until ctx is done.
func (a *app) noticeScheduler(ctx context.Context) {
	tick := time.NewTicker(noticeEvery)
	defer tick.Stop()
	svc := a.handlers.Notices()
	_ = a.noticeTick(ctx)
	for {
		var done chan error
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		case <-svc.Kicked():
		case done = <-a.noticesNow:
		}
		err := a.noticeTick(ctx)
		if done != nil {
			done <- err
		}
	}
}

// noticeTick runs one tick; a panic is logged and the next tick tries again. Stopping cuts a
// tick short between (or inside) its transactions: each is whole or rolled back, and the next
// start goes on from what the database says.
func (a *app) noticeTick(ctx context.Context) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic: %v", p)
			a.log.Error("notices", "component", "notices", "err", err, "stack", string(debug.Stack()))
		}
	}()
	if err = a.handlers.Notices().Tick(ctx, a.db.Write, a.now()); err != nil && ctx.Err() == nil {
		a.log.Error("notices", "component", "notices", "err", err)
	}
	return err
}

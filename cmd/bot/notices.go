package main

import (
	"context"
	"database/sql"
	"time"

	"linli/outbox"
	"linli/store"
)

// noticeEvery is how often the notice scheduler looks for runs due and edits the authors'
// progress messages, besides at start and when a notice is sent or resumed. A tick with nothing
// due reads two small queries and writes nothing.
const noticeEvery = 5 * time.Second

// noticeTick runs one tick of the notice scheduler (at start, every noticeEvery, when a handler
// started or resumed a run, and when a test asks: see periodic): runs missed while the bot was
// down are recorded, sent once if recent, else skipped. Stopping cuts a tick short between (or
// inside) its transactions: each is whole or rolled back, and the next start goes on from what
// the database says.
func (a *app) noticeTick(ctx context.Context) error {
	err := a.services.Notices.Tick(ctx, a.db.Write, a.now())
	if err != nil && ctx.Err() == nil {
		a.log.Error("notices", "component", "notices", "err", err)
	}
	return err
}

// paidPerSec is Telegram's limit for paid broadcasts: messages a second in all.
const paidPerSec = 1000

// paidRefused tells the author of the notice whose message r Telegram refused to send as a
// paid broadcast (once per run: notices.PaidRefused); the sender goes on at the free pace.
func (a *app) paidRefused(r outbox.Row, reason string) {
	ctx := context.Background()
	err := store.InTx(ctx, a.db.Write, func(tx *sql.Tx) error {
		return a.services.Notices.PaidRefused(ctx, tx, r.ID, reason, a.now())
	})
	if err != nil {
		a.log.Error("tell the author of a refused paid broadcast", "component", "notices", "outbox_id", r.ID, "err", err)
		return
	}
	a.sender.Wake()
}

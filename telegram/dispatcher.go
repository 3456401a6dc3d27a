package telegram

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
	json "github.com/goccy/go-json"

	"linli/outbox"
	"linli/store"
)

// DispatcherOptions configures a Dispatcher.
type DispatcherOptions struct {
	DB  *store.DB
	Bot *bot.Bot // handlers registered; built with NewBot (synchronous handlers)
	// OnFailure answers the user after their update failed; it runs in a fresh transaction.
	OnFailure func(ctx context.Context, u *Unit, err error) error
	// Committed is called after each commit that may have added outbox rows (wakes the sender).
	Committed func()
	Logger    *slog.Logger
	Now       func() time.Time
	// KeepDone is how long handled updates stay in the inbox; default 48h (must be under a week).
	KeepDone time.Duration
	// Observer is told of each update handled; nil: nobody.
	Observer Observer
}

// Dispatcher feeds inbox rows to the handlers, one at a time in arrival order, and marks each
// done in the transaction of its effects. On start it resumes the rows a crash left undone.
type Dispatcher struct {
	o    DispatcherOptions
	wake chan struct{}
	rest []inboxRow // read and not handled yet: a batch ended early (Run's alone)
}

// NewDispatcher makes a Dispatcher, defaulting zero options.
func NewDispatcher(o DispatcherOptions) *Dispatcher {
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Committed == nil {
		o.Committed = func() {}
	}
	if o.KeepDone == 0 {
		o.KeepDone = 48 * time.Hour
	}
	o.Observer = observerOr(o.Observer)
	return &Dispatcher{o: o, wake: make(chan struct{}, 1)}
}

// Notify tells the dispatcher new rows are in the inbox.
func (d *Dispatcher) Notify() {
	select {
	case d.wake <- struct{}{}:
	default:
	}
}

// Run handles inbox rows until ctx is done; the update being handled when it is cancelled is
// finished first.
func (d *Dispatcher) Run(ctx context.Context) error {
	prune := time.NewTicker(time.Hour)
	defer prune.Stop()
	d.prune(ctx)
	for {
		n, err := d.drain(ctx)
		if err != nil {
			d.o.Logger.Error("dispatch", "component", "dispatcher", "err", err)
		}
		if ctx.Err() != nil {
			return nil
		}
		if n > 0 && err == nil {
			continue
		}
		select {
		case <-ctx.Done():
			return nil
		case <-d.wake:
		case <-prune.C:
			d.prune(ctx)
		case <-time.After(5 * time.Second):
		}
	}
}

func (d *Dispatcher) prune(ctx context.Context) {
	if n, err := pruneInbox(ctx, d.o.DB.Write, d.o.Now(), d.o.KeepDone); err != nil {
		d.o.Logger.Error("prune inbox", "component", "dispatcher", "err", err)
	} else if n > 0 {
		d.o.Logger.Info("pruned handled updates", "component", "dispatcher", "count", n)
	}
}

// drain handles one batch of pending rows and returns how many it handled.
func (d *Dispatcher) drain(ctx context.Context) (int, error) {
	rows := d.rest
	if len(rows) == 0 {
		var err error
		rows, err = pendingUpdates(ctx, d.o.DB.Write, 64)
		if err != nil || len(rows) == 0 || ctx.Err() != nil {
			return 0, err
		}
	}
	n, err := d.handleBatch(context.WithoutCancel(ctx), rows)
	d.rest = nil
	switch {
	case err == nil:
		d.rest = rows[n:] // still pending, still first in line
		return n, nil
	case n > 0: // committed, but a failure could not be recorded
		return n, err
	}
	d.o.Logger.Warn("batch did not commit; handling one by one", "component", "dispatcher", "err", err)
	for i, r := range rows {
		if ctx.Err() != nil {
			return i, nil
		}
		if err := d.handle(context.WithoutCancel(ctx), r); err != nil {
			return i, err
		}
	}
	return len(rows), nil
}

// handleBatch applies several updates in one transaction, each inside its own savepoint, so one
// commit serves them all while a failing update rolls back only its own effects. The done marks
// of those handled are one statement at the end, and commit together with their effects.
// Failures are recorded afterwards. The batch ends early when another writer waits for the
// database (the sender with replies to mark, the poller with new updates): it returns how many
// rows it handled, the rest stay pending.
func (d *Dispatcher) handleBatch(ctx context.Context, rows []inboxRow) (int, error) {
	type failure struct {
		u   *Unit
		err error
	}
	var failed []failure
	var done []int64
	n := 0
	err := store.InTx(ctx, d.o.DB.Write, func(tx *sql.Tx) error {
		failed, done, n = failed[:0], done[:0], 0
		begun := time.Now()
		for _, r := range rows {
			if n > 0 && time.Since(begun) > yieldAfter && store.Contended(d.o.DB.Write) {
				break
			}
			n++
			u, err := decodeUnit(r, d.o.Now())
			if err == nil {
				err = d.applyInSavepoint(ctx, tx, u)
			}
			var dbErr *store.SavepointError
			switch {
			case errors.As(err, &dbErr) && dbErr.Name == "dispatch":
				return err
			case err != nil:
				failed = append(failed, failure{u, err})
			default:
				done = append(done, u.UpdateID)
			}
		}
		return markDone(ctx, tx, d.o.Now(), "", done...)
	})
	if err != nil {
		return 0, err
	}
	d.o.Committed()
	for range n - len(failed) {
		d.o.Observer.UpdateHandled(HandledOK)
	}
	for _, f := range failed {
		if err := d.fail(ctx, f.u, f.err); err != nil {
			return n, err
		}
	}
	return n, nil
}

// yieldAfter is how long a batch holds the database before it lets a waiting writer in: long
// enough that a commit serves several updates (each commit writes every page the batch touched),
// short enough that a reply is marked and sent without waiting for a whole batch.
const yieldAfter = 10 * time.Millisecond

// applyInSavepoint applies u in its own savepoint of tx; a *store.SavepointError named
// "dispatch" means the transaction itself is in trouble, not one update.
func (d *Dispatcher) applyInSavepoint(ctx context.Context, tx *sql.Tx, u *Unit) error {
	return store.Savepoint(ctx, tx, "dispatch", func() error { return d.apply(ctx, tx, u) })
}

func decodeUnit(r inboxRow, now time.Time) (*Unit, error) {
	var upd models.Update
	u := &Unit{Update: &upd, UpdateID: r.ID, Now: now}
	if err := json.Unmarshal(r.Body, &upd); err != nil {
		return u, fmt.Errorf("undecodable update: %w", err)
	}
	return u, nil
}

// handle applies one update in its own transaction. Its effects and its done mark commit
// together; if the handler fails or panics they roll back, and a second transaction records the
// failure and answers. It returns an error only when not even the failure could be recorded
// (the database is failing): the row stays pending for the next pass.
func (d *Dispatcher) handle(ctx context.Context, r inboxRow) error {
	u, err := decodeUnit(r, d.o.Now())
	if err != nil {
		return d.fail(ctx, u, err)
	}
	if err := store.InTx(ctx, d.o.DB.Write, func(tx *sql.Tx) error {
		if err := d.apply(ctx, tx, u); err != nil {
			return err
		}
		return markDone(ctx, tx, u.Now, "", u.UpdateID)
	}); err != nil {
		return d.fail(ctx, u, err)
	}
	d.o.Committed()
	d.o.Observer.UpdateHandled(HandledOK)
	return nil
}

// apply runs the handlers for u in tx; the caller marks the update done there (markDone).
func (d *Dispatcher) apply(ctx context.Context, tx *sql.Tx, u *Unit) error {
	u.Tx, u.Err = tx, nil
	if err := d.process(ctx, u); err != nil {
		return err
	}
	if chat, ok := privateChat(u.Update); ok {
		if _, err := outbox.MarkReachable(ctx, tx, chat); err != nil {
			return err
		}
	}
	return nil
}

// process runs the handlers; a panic that escaped every middleware becomes an error here.
func (d *Dispatcher) process(ctx context.Context, u *Unit) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("%w: %v", ErrPanic, p)
		}
	}()
	d.o.Bot.ProcessUpdate(WithUnit(ctx, u), u.Update)
	return u.Err
}

func (d *Dispatcher) fail(ctx context.Context, u *Unit, cause error) error {
	d.o.Logger.Error("update failed", "component", "dispatcher", "update_id", u.UpdateID, "err", cause)
	u.Err = cause
	err := store.InTx(ctx, d.o.DB.Write, func(tx *sql.Tx) error {
		u.Tx = tx
		if d.o.OnFailure != nil && u.Update != nil {
			if err := d.o.OnFailure(WithUnit(ctx, u), u, cause); err != nil {
				d.o.Logger.Error("failure answer", "component", "dispatcher", "update_id", u.UpdateID, "err", err)
			}
		}
		return markDone(ctx, tx, d.o.Now(), truncate(cause.Error(), 500), u.UpdateID)
	})
	if err != nil {
		return fmt.Errorf("record failure of update %d: %w", u.UpdateID, err)
	}
	d.o.Committed()
	if errors.Is(cause, ErrPanic) {
		d.o.Observer.UpdateHandled(HandledPanic)
	} else {
		d.o.Observer.UpdateHandled(HandledFailed)
	}
	return nil
}

// privateChat is the private chat an update came from, if any: a user who writes to the bot can
// be reached again even if they once blocked it.
func privateChat(u *models.Update) (int64, bool) {
	switch {
	case u.Message != nil && u.Message.Chat.Type == models.ChatTypePrivate:
		return u.Message.Chat.ID, true
	case u.CallbackQuery != nil && u.CallbackQuery.Message.Message != nil &&
		u.CallbackQuery.Message.Message.Chat.Type == models.ChatTypePrivate:
		return u.CallbackQuery.Message.Message.Chat.ID, true
	}
	return 0, false
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}

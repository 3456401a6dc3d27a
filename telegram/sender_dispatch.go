package telegram

import (
	"context"
	"database/sql"
	"errors"
	"sync"
	"time"

	"linli/outbox"
	"linli/store"
)

// The dispatch loop: read what is due, keep the rows whose chats may be sent to now, mark them
// 'sending' and start their sends; sleep (on the clock) until the next one may go or a commit
// wakes the sender.

func (s *Sender) sleep(ctx context.Context, d time.Duration) {
	t := s.clock.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-s.wake:
		s.stale = true
	case <-s.freed:
	case <-t.Chan():
	}
}

// dueRows returns the rows due at now, read from the outbox when new rows were committed, when
// those read before are used up or held, or at least every second (a retry coming due); else
// those read before and not sent yet, so a broadcast paced at a token at a time does not read the
// table for every message. fresh tells which.
func (s *Sender) dueRows(ctx context.Context, now time.Time) (rows []outbox.Row, fresh bool, err error) {
	select {
	case <-s.wake:
		s.stale = true
	default:
	}
	if !s.stale && len(s.due) > 0 && now.Sub(s.dueAt) < time.Second {
		return s.due, false, nil
	}
	// Enough to fill every worker, with some to spare for rows the chats' pace holds back: Due
	// gives one row a chat, and more would only be read, copied and dropped at each look.
	rows, err = outbox.Due(ctx, s.o.DB.Read, now, s.o.Workers+32)
	if err != nil {
		return nil, true, err
	}
	s.due, s.dueAt, s.stale = rows, now, false
	return rows, true, nil
}

// taken drops the rows handed to workers (or dropped) from those read before.
func (s *Sender) taken(ids map[int64]bool) {
	if len(ids) == 0 {
		return
	}
	kept := s.due[:0:0]
	for _, r := range s.due {
		if !ids[r.ID] {
			kept = append(kept, r)
		}
	}
	s.due = kept
}

// dispatch starts the sends that may go now and returns how long to wait before looking again
// (0: look again at once).
func (s *Sender) dispatch(ctx context.Context, wg *sync.WaitGroup) time.Duration {
	now := s.clock.Now()
	if wait := s.pausedFor(now); wait > 0 {
		return wait
	}
	rows, fresh, err := s.dueRows(ctx, now)
	if err != nil {
		if ctx.Err() == nil {
			s.o.Logger.Error("read outbox", "component", "sender", "err", err)
		}
		return time.Second
	}
	ready, wait := s.ready(rows, now)
	if len(ready) == 0 {
		if !fresh {
			s.due = nil // those read before are all held: read the table
			return 0
		}
		return s.idleWait(ctx, wait)
	}
	launched := map[int64]bool{}
	defer func() { s.taken(launched) }()
	// The rows that may go now are marked 'sending' together in one transaction, in priority
	// order; the first the pace holds back ends the batch (later ones would only take tokens
	// ahead of a reply committed meanwhile), and so does the lack of a free worker.
	var batch []outbox.Row
	hold := time.Duration(0)
	held := map[*pace]bool{} // budgets whose next message the pace held back
	for i, r := range ready {
		r.Message.Paid = s.payable(r, now)
		if paced(r.Message.Kind) && held[s.paceOf(r)] {
			// A message behind one its budget held back waits too. The pace can change while
			// the loop goes down the rows (a send at the gate ends its wait for Telegram's
			// second; waiting for a worker below moves now on), and the next message asked
			// then was let through ahead of those held: in the 5,000-order burst, groups of
			// replies left 40-60 places early.
			continue
		}
		ok, d := s.reserve(r, now)
		if !ok {
			// No worker free: those gathered go, and the rest wait for one, unless new rows
			// are committed meanwhile (they may be replies: look again).
			if !s.launch(ctx, wg, batch) {
				return time.Second
			}
			for _, b := range batch {
				launched[b.ID] = true
			}
			batch = nil
			if !s.awaitSlots(ctx, min(s.o.Workers/8, len(ready)-i)) {
				return 0
			}
			now = s.clock.Now()
			if ok, d = s.reserve(r, now); !ok {
				return 0
			}
		}
		if d > 0 {
			if !paced(r.Message.Kind) {
				hold = d // a 429 pause
				break
			}
			held[s.paceOf(r)] = true
			if hold == 0 {
				hold = d
			}
			continue // callback answers further down may still go
		}
		batch = append(batch, r)
	}
	if !s.launch(ctx, wg, batch) {
		return time.Second
	}
	for _, b := range batch {
		launched[b.ID] = true
	}
	return hold
}

// awaitSlots waits until n workers are free (at least one) and reports true, or false when new
// rows were committed or ctx is done first. With every worker busy they free one at a time, and
// marking each row 'sending' as its worker came free was a transaction (and its pages written)
// for every message: a few at once make one. n is an eighth of the workers: with Telegram's
// pace (8 workers) one, as before.
func (s *Sender) awaitSlots(ctx context.Context, n int) bool {
	for n = max(n, 1); cap(s.slots)-len(s.slots) < n; {
		select {
		case <-s.freed: // a worker was freed (freeSlot), or outcomes freed chats
		case <-s.wake:
			s.stale = true // look at the outbox again
			return false
		case <-ctx.Done():
			return false
		}
	}
	return true
}

// launch marks batch 'sending' and starts its sends. A row that is no longer pending (its chat
// answered 403 meanwhile) is dropped. It reports false if the database failed.
func (s *Sender) launch(ctx context.Context, wg *sync.WaitGroup, batch []outbox.Row) bool {
	if len(batch) == 0 {
		return true
	}
	var marked []outbox.Row
	err := store.InTx(ctx, s.o.DB.Write, func(tx *sql.Tx) error {
		var err error
		marked, err = outbox.MarkSending(ctx, tx, batch)
		return err
	})
	for _, r := range batch {
		if len(marked) == 0 || marked[0].ID != r.ID {
			s.turn(r.ID) // forgets it: nothing is waiting for it
			s.free(r.ChatID, r.Message.Kind == outbox.KindAnswer)
			continue
		}
		r, marked = marked[0], marked[1:]
		r.Attempts++
		s.queue(r)
		wg.Add(1)
		go func() { defer wg.Done(); s.send(r) }()
	}
	if err != nil {
		s.o.Logger.Error("mark sending", "component", "sender", "err", err)
		return false
	}
	return true
}

// idleWait decides how long to sleep when nothing may go now.
func (s *Sender) idleWait(ctx context.Context, wait time.Duration) time.Duration {
	if next, err := outbox.NextDue(ctx, s.o.DB.Read); err == nil && !next.IsZero() {
		if d := next.Sub(s.clock.Now()); d > 0 && (wait == 0 || d < wait) {
			wait = d
		}
	}
	if wait == 0 || wait > idleLook {
		wait = idleLook
	}
	return wait
}

// idleLook is the longest the loop sleeps: a commit of new rows or of an outcome wakes it
// sooner.
const idleLook = 5 * time.Second

// unresolved is the outcome of a row whose message cannot be read (outbox.Row.Load) or, for an
// edit, named (outbox.ResolveEdit): given up, with the reason logged, when that cannot change
// (a payload that is not a message; an edit of a message never sent or not sent yet), and tried
// again later when the database failed. An edit is queued behind its message (outbox.Add), so one
// that comes up first was queued ahead of it by mistake: waiting would hold the message back
// behind its own edit. Nothing reached Telegram, so the chat's pace is untouched.
func (s *Sender) unresolved(r outbox.Row, err error) outbox.Outcome {
	o := outbox.Outcome{ID: r.ID, ChatID: r.ChatID, Kind: r.Message.Kind, Err: truncate(err.Error(), 500)}
	settled := errors.Is(err, outbox.ErrUnreadable) || errors.Is(err, outbox.ErrEditTargetGone) ||
		errors.Is(err, outbox.ErrEditPending)
	if !settled && r.Attempts < maxAttempts {
		o.Status, o.NotBefore = outbox.StatusRetry, s.clock.Now().Add(retryDelay(r.Attempts))
		return o
	}
	o.Status = outbox.StatusFailed
	what := "edit given up"
	if r.Message.EditOf == 0 {
		what = "outbox row unreadable: given up"
	}
	s.o.Logger.Warn(what, "component", "sender", "outbox_id", r.ID, "edit_of", r.Message.EditOf,
		"chat_id", r.ChatID, "err", o.Err)
	return o
}

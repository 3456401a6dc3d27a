package orders

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"linli/store"
)

// The SLA sweep, which cmd/bot runs on a ticker:
//   - an open order past its claim deadline is escalated (Sweeper.Escalated offers it wider);
//   - a claimed order past its delivery deadline reminds the claimer, once per claim; at twice
//     the time allowed (counted from the claim) it is released, reason "overdue";
//   - a daily order (Recurring "daily") recurs once per local day: one delivered or received
//     before today began is placed again as a new order for today, one that expired before today
//     is re-opened. One still open or claimed carries over, so a day never gets two; cancelling
//     the day's order ends the series;
//   - the tracked cards of finished orders, and those over a week old, are forgotten (SweepCards).
//
// Each order is handled in its own savepoint: one that fails is logged and left for the next
// sweep, and the others go on.

// SweepBatch bounds the orders of each kind one sweep looks at.
const SweepBatch = 500

// ReasonOverdue is the reason recorded on a claim the sweep takes back.
const ReasonOverdue = "overdue"

// Sweeper is told what the sweep did, to tell people (the handlers render it). Each call runs in
// the order's savepoint: an error undoes that order's step, which the next sweep tries again.
type Sweeper interface {
	// Overdue: claimed o is past its delivery deadline and goes back to the queue at giveBack.
	// Called once per claim.
	Overdue(ctx context.Context, tx *sql.Tx, o Order, giveBack, now time.Time) error
	// TakenBack: o, claimed by holder, was released as overdue. The release's own notifications
	// tell the claimer, the household and the group cards.
	TakenBack(ctx context.Context, tx *sql.Tx, o Order, holder int64, now time.Time) error
	// Escalated: o, open past its claim deadline, is now escalated.
	Escalated(ctx context.Context, tx *sql.Tx, o Order, now time.Time) error
	// Recurred: daily order from is back for today as o: re-opened (o.ID == from) or placed again.
	Recurred(ctx context.Context, tx *sql.Tx, from int64, o Order, now time.Time) error
}

// Home is where a household lives now: a daily order placed again goes there.
type Home struct {
	Zone, Building string
	Vulnerable     bool
}

// SweepOptions is what a sweep needs besides the orders.
type SweepOptions struct {
	Tell     Sweeper
	Location *time.Location // where a day begins, for daily orders
	Logger   *slog.Logger
	// HomeOf is household's Home; an error wrapping ErrNotFound ends its daily series.
	HomeOf func(ctx context.Context, q store.Querier, household int64) (Home, error)
}

// Sweep runs the SLA sweep once, at now, in tx.
func (s *Service) Sweep(ctx context.Context, tx *sql.Tx, now time.Time, o SweepOptions) error {
	if err := s.sweepDeliveries(ctx, tx, now, o); err != nil {
		return err
	}
	if err := s.sweepClaims(ctx, tx, now, o); err != nil {
		return err
	}
	if err := s.recurDaily(ctx, tx, now, o); err != nil {
		return err
	}
	_, err := SweepCards(ctx, tx, now) // cards nothing more can happen to (cards.go)
	return err
}

// each runs fn for order id in a savepoint: a failure is logged and undone, and the sweep goes on.
func each(ctx context.Context, tx *sql.Tx, o SweepOptions, step string, id int64, fn func() error) error {
	failed, err := store.TrySavepoint(ctx, tx, "sweep_order", fn)
	if failed != nil {
		o.Logger.Error("sweep", "component", "sweep", "step", step, "order_id", id, "err", failed)
	}
	return err
}

// sweepDeliveries reminds the claimers of overdue deliveries and takes back the very late ones.
func (s *Service) sweepDeliveries(ctx context.Context, tx *sql.Tx, now time.Time, opt SweepOptions) error {
	late, err := s.PastDeliverDeadline(ctx, tx, now, SweepBatch)
	if err != nil {
		return err
	}
	for _, o := range late {
		giveBack := o.DeliverDeadline.Add(o.DeliverDeadline.Sub(o.ClaimedAt))
		fn := func() error { return s.remind(ctx, tx, o, giveBack, now, opt) }
		if !now.Before(giveBack) {
			fn = func() error { return s.takeBack(ctx, tx, o, now, opt) }
		}
		if err := each(ctx, tx, opt, "deliveries", o.ID, fn); err != nil {
			return err
		}
	}
	return nil
}

// remind tells the claimer of o, once per claim, that it is overdue.
func (s *Service) remind(ctx context.Context, tx *sql.Tx, o Order, giveBack, now time.Time, opt SweepOptions) error {
	res, err := tx.ExecContext(ctx, `INSERT INTO sla_reminders (order_id, deadline, reminded_at) VALUES (?, ?, ?)
		ON CONFLICT DO NOTHING`, o.ID, o.DeliverDeadline.UnixMilli(), now.UnixMilli())
	if err != nil {
		return fmt.Errorf("orders: reminder of #%d: %w", o.ID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return nil // reminded already
	}
	return opt.Tell.Overdue(ctx, tx, o, giveBack, now)
}

// takeBack releases o, overdue.
func (s *Service) takeBack(ctx context.Context, tx *sql.Tx, o Order, now time.Time, opt SweepOptions) error {
	holder := o.ClaimedBy
	o, err := s.Release(ctx, tx, o.ID, 0, true, ReasonOverdue, now)
	if err != nil {
		return err
	}
	return opt.Tell.TakenBack(ctx, tx, o, holder, now)
}

// sweepClaims escalates the open orders nobody claimed in time.
func (s *Service) sweepClaims(ctx context.Context, tx *sql.Tx, now time.Time, opt SweepOptions) error {
	late, err := s.PastClaimDeadline(ctx, tx, now, SweepBatch)
	if err != nil {
		return err
	}
	for _, o := range late {
		err := each(ctx, tx, opt, "claims", o.ID, func() error {
			o, err := s.Escalate(ctx, tx, o.ID, now)
			if err != nil {
				return err
			}
			return opt.Tell.Escalated(ctx, tx, o, now)
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// dailyDue lists the daily orders finished before a day began and not repeated yet.
const dailyDue = `SELECT id FROM orders
	WHERE recurring = 'daily' AND status IN ('delivered', 'received', 'expired')
	  AND coalesce(delivered_at, expired_at) < ?
	  AND NOT EXISTS (SELECT 1 FROM order_repeats r WHERE r.from_id = orders.id)
	ORDER BY id LIMIT ?`

// recurDaily brings back the daily orders finished before today began (in opt.Location).
func (s *Service) recurDaily(ctx context.Context, tx *sql.Tx, now time.Time, opt SweepOptions) error {
	local := now.In(opt.Location)
	today := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, opt.Location)
	ids, err := store.QueryList[int64](ctx, tx, "orders: daily orders", dailyDue, today.UnixMilli(), SweepBatch)
	if err != nil {
		return err
	}
	for _, id := range ids {
		if err := each(ctx, tx, opt, "daily", id, func() error { return s.recur(ctx, tx, id, now, opt) }); err != nil {
			return err
		}
	}
	return nil
}

// recur brings daily order id back for today: re-opened if it expired, else placed again for
// the household as it is now. A series whose category or household is gone ends; a household
// with too many orders open is tried again at the next sweep.
func (s *Service) recur(ctx context.Context, tx *sql.Tx, id int64, now time.Time, opt SweepOptions) error {
	o, err := s.Get(ctx, tx, id)
	if err != nil {
		return err
	}
	if o.Status == StatusExpired {
		if o, err = s.Reopen(ctx, tx, id, 0, now); err != nil {
			return err
		}
		return opt.Tell.Recurred(ctx, tx, id, o, now)
	}
	next, err := s.placeAgain(ctx, tx, o, now, opt)
	switch {
	case errors.Is(err, ErrTooManyOpen):
		opt.Logger.Info("daily order waits: its household has too many open", "component", "sweep", "order_id", id)
		return nil
	case errors.Is(err, ErrCategoryDisabled), errors.Is(err, ErrUnknownCategory), errors.Is(err, ErrNotFound):
		opt.Logger.Info("daily order ends", "component", "sweep", "order_id", id, "reason", err.Error())
	case err != nil:
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO order_repeats (from_id, to_id, at) VALUES (?, ?, ?)`,
		id, next.ID, now.UnixMilli()); err != nil {
		return fmt.Errorf("orders: repeat of #%d: %w", id, err)
	}
	if next.ID == 0 {
		return nil
	}
	return opt.Tell.Recurred(ctx, tx, id, next, now)
}

// placeAgain places a copy of daily order o for today, at the household's home of now.
func (s *Service) placeAgain(ctx context.Context, tx *sql.Tx, o Order, now time.Time, opt SweepOptions) (Order, error) {
	home, err := opt.HomeOf(ctx, tx, o.HouseholdID)
	if err != nil {
		return Order{}, err
	}
	urgent := &o.Urgent
	if o.Urgent && !o.AskedUrgent {
		urgent = nil // urgent by the household's default: today's household decides again
	}
	return s.Place(ctx, tx, NewOrder{
		HouseholdID: o.HouseholdID, PlacedBy: o.PlacedBy, Zone: home.Zone, Building: home.Building,
		Category: o.Category, Items: o.Items, Quantity: o.Quantity, Note: o.Note,
		Urgent: urgent, Vulnerable: home.Vulnerable, Recurring: RecurDaily,
	}, now)
}

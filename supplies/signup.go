package supplies

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"linli/store"
)

// SignUp is a household's line of a group buy.
type SignUp struct {
	ID          int64
	RoundID     int64
	HouseholdID int64
	ItemID      int64
	Quantity    int
	Waiting     bool // on the waiting list, not confirmed
	Position    int  // 1-based place on the waiting list, if waiting
	SignedBy    int64
}

// Request is a household asking for quantity of item no of a round, made by a user acting for it.
type Request struct {
	RoundID     int64
	HouseholdID int64
	Zone        string // the household's, for the audience check
	Building    string
	ItemNo      int
	Quantity    int
	By          int64
}

// checkOpen refuses a sign-up or a withdrawal on round r at now.
func checkOpen(r Round, now time.Time) error {
	if err := stateErr(r); err != nil {
		return err
	}
	if !now.Before(r.Cutoff) {
		return ErrAfterCutoff
	}
	return nil
}

// Sign takes a household's sign-up for one item, or changes its quantity. Stock is first come,
// first served: a new line that does not fit goes on the waiting list in arrival order; a larger
// quantity for a confirmed line that does not fit is refused with ErrSoldOut, and the line kept.
// Refusals: ErrNotFound, ErrCancelled, ErrClosed, ErrNotOpen, ErrAfterCutoff, ErrNoSignUp,
// ErrNotInAudience, ErrNoSuchItem, ErrOverMax, ErrBadInput (quantity below 1).
func (s *Service) Sign(ctx context.Context, tx *sql.Tx, q Request, now time.Time) (SignUp, error) {
	r, err := s.Get(ctx, tx, q.RoundID)
	if err != nil {
		return SignUp{}, refused("sign up", q.RoundID, err)
	}
	it, err := checkRequest(r, q, now)
	if err != nil {
		return SignUp{}, refused("sign up", r.ID, err)
	}
	old, err := s.line(ctx, tx, r.ID, q.HouseholdID, it.ID)
	switch {
	case errors.Is(err, ErrNotSignedUp):
		return s.add(ctx, tx, r, it, q, now)
	case err != nil:
		return SignUp{}, err
	}
	if err := s.change(ctx, tx, r, it, old, q, now); err != nil {
		return SignUp{}, err
	}
	return s.line(ctx, tx, r.ID, q.HouseholdID, it.ID)
}

func checkRequest(r Round, q Request, now time.Time) (Item, error) {
	if err := checkOpen(r, now); err != nil {
		return Item{}, err
	}
	if r.Kind != GroupBuy {
		return Item{}, ErrNoSignUp
	}
	if !r.Serves(q.Zone, q.Building) {
		return Item{}, ErrNotInAudience
	}
	it, ok := r.Item(q.ItemNo)
	switch {
	case !ok:
		return it, ErrNoSuchItem
	case q.Quantity < 1:
		return it, badInput("quantity", "below 1")
	case q.Quantity > it.Max:
		return it, &OverMaxError{Round: r.ID, No: it.No, Item: it.Name, Max: it.Max}
	}
	return it, nil
}

// take takes n of item id's stock: one conditional UPDATE, so concurrent sign-ups never take
// more than there is. It reports whether it fit.
func take(ctx context.Context, tx *sql.Tx, item int64, n int) (bool, error) {
	res, err := tx.ExecContext(ctx, `UPDATE supply_items SET taken = taken + ?
		WHERE id = ? AND (stock IS NULL OR taken + ? <= stock)`, n, item, n)
	if err != nil {
		return false, fmt.Errorf("supplies: take stock of item %d: %w", item, err)
	}
	k, err := res.RowsAffected()
	return k == 1, err
}

// add writes a new line: confirmed if its quantity fits the stock, else waiting.
func (s *Service) add(ctx context.Context, tx *sql.Tx, r Round, it Item, q Request, now time.Time) (SignUp, error) {
	fit, err := take(ctx, tx, it.ID, q.Quantity)
	if err != nil {
		return SignUp{}, err
	}
	status := "confirmed"
	if !fit {
		status = "waiting"
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO supply_signups (round_id, household_id, item_id, quantity,
		status, signed_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		r.ID, q.HouseholdID, it.ID, q.Quantity, status, q.By, now.UnixMilli(), now.UnixMilli()); err != nil {
		return SignUp{}, fmt.Errorf("supplies: sign up R%d: %w", r.ID, err)
	}
	return s.line(ctx, tx, r.ID, q.HouseholdID, it.ID)
}

// change sets a line's quantity to q.Quantity.
func (s *Service) change(ctx context.Context, tx *sql.Tx, r Round, it Item, old SignUp, q Request, now time.Time) error {
	delta := q.Quantity - old.Quantity
	if !old.Waiting && delta > 0 {
		fit, err := take(ctx, tx, it.ID, delta)
		if err != nil {
			return err
		}
		if !fit {
			return refused("sign up", r.ID, ErrSoldOut)
		}
	}
	if !old.Waiting && delta < 0 {
		if _, err := tx.ExecContext(ctx, `UPDATE supply_items SET taken = taken + ? WHERE id = ?`, delta, it.ID); err != nil {
			return fmt.Errorf("supplies: return stock R%d: %w", r.ID, err)
		}
	}
	if _, err := tx.ExecContext(ctx, `UPDATE supply_signups SET quantity = ?, signed_by = ?, updated_at = ? WHERE id = ?`,
		q.Quantity, q.By, now.UnixMilli(), old.ID); err != nil {
		return fmt.Errorf("supplies: change sign-up R%d: %w", r.ID, err)
	}
	return s.promote(ctx, tx, r, it.ID, now)
}

// Withdraw takes back a household's line for item no of round id (every line if no is 0) before
// the cut-off; the stock freed promotes the waiting list in order. It returns the lines withdrawn.
func (s *Service) Withdraw(ctx context.Context, tx *sql.Tx, id, household int64, no int, now time.Time) ([]SignUp, error) {
	r, err := s.Get(ctx, tx, id)
	if err != nil {
		return nil, refused("withdraw", id, err)
	}
	if err := checkOpen(r, now); err != nil {
		return nil, refused("withdraw", id, err)
	}
	lines, err := s.Lines(ctx, tx, id, household)
	if err != nil {
		return nil, err
	}
	var out []SignUp
	for _, l := range lines {
		it, _ := r.ItemByID(l.ItemID)
		if no != 0 && it.No != no {
			continue
		}
		if err := s.drop(ctx, tx, r, l, now); err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	if len(out) == 0 {
		return nil, refused("withdraw", id, ErrNotSignedUp)
	}
	return out, nil
}

func (s *Service) drop(ctx context.Context, tx *sql.Tx, r Round, l SignUp, now time.Time) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM supply_signups WHERE id = ?`, l.ID); err != nil {
		return fmt.Errorf("supplies: withdraw R%d: %w", r.ID, err)
	}
	if l.Waiting {
		return nil
	}
	if _, err := tx.ExecContext(ctx, `UPDATE supply_items SET taken = taken - ? WHERE id = ?`, l.Quantity, l.ItemID); err != nil {
		return fmt.Errorf("supplies: withdraw R%d: %w", r.ID, err)
	}
	return s.promote(ctx, tx, r, l.ItemID, now)
}

// promote confirms the head of item's waiting list while its quantity fits, strictly in arrival
// order (a large head is not overtaken by a smaller one behind it); each household is told.
func (s *Service) promote(ctx context.Context, tx *sql.Tx, r Round, item int64, now time.Time) error {
	for {
		var id, household int64
		var qty int
		err := tx.QueryRowContext(ctx, `SELECT id, household_id, quantity FROM supply_signups
			WHERE item_id = ? AND status = 'waiting' ORDER BY id LIMIT 1`, item).Scan(&id, &household, &qty)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("supplies: promote R%d: %w", r.ID, err)
		}
		fit, err := take(ctx, tx, item, qty)
		if err != nil || !fit {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE supply_signups SET status = 'confirmed', updated_at = ? WHERE id = ?`,
			now.UnixMilli(), id); err != nil {
			return fmt.Errorf("supplies: promote R%d: %w", r.ID, err)
		}
		it, _ := r.ItemByID(item)
		r.Items = []Item{it}
		if err := s.notify(ctx, tx, Event{Kind: EventPromoted, Round: r, Household: household, At: now}); err != nil {
			return err
		}
	}
}

const lineColumns = `s.id, s.round_id, s.household_id, s.item_id, s.quantity, s.status = 'waiting', s.signed_by,
	CASE WHEN s.status = 'waiting' THEN (SELECT count(*) FROM supply_signups w
		WHERE w.item_id = s.item_id AND w.status = 'waiting' AND w.id <= s.id) ELSE 0 END`

func scanLine(sc store.Scanner) (SignUp, error) {
	var l SignUp
	err := sc.Scan(&l.ID, &l.RoundID, &l.HouseholdID, &l.ItemID, &l.Quantity, &l.Waiting, &l.SignedBy, &l.Position)
	return l, err
}

// line reads one line, ErrNotSignedUp if there is none.
func (s *Service) line(ctx context.Context, q store.Querier, round, household, item int64) (SignUp, error) {
	l, err := scanLine(q.QueryRowContext(ctx, `SELECT `+lineColumns+` FROM supply_signups s
		WHERE s.round_id = ? AND s.household_id = ? AND s.item_id = ?`, round, household, item))
	if errors.Is(err, sql.ErrNoRows) {
		return l, refused("sign-up", round, ErrNotSignedUp)
	}
	return l, err
}

// Lines are a household's lines of round id, in item order.
func (s *Service) Lines(ctx context.Context, q store.Querier, id, household int64) ([]SignUp, error) {
	return store.QueryRows(ctx, q, fmt.Sprintf("supplies: lines of R%d", id), scanLine,
		`SELECT `+lineColumns+` FROM supply_signups s JOIN supply_items i ON i.id = s.item_id
		WHERE s.round_id = ? AND s.household_id = ? ORDER BY i.no`, id, household)
}

// Waiting returns the household ids on item's waiting list, in order.
func (s *Service) Waiting(ctx context.Context, q store.Querier, item int64) ([]int64, error) {
	return ids(ctx, q, `SELECT household_id FROM supply_signups WHERE item_id = ? AND status = 'waiting' ORDER BY id`, item)
}

func ids(ctx context.Context, q store.Querier, query string, args ...any) ([]int64, error) {
	return store.QueryList[int64](ctx, q, "supplies", query, args...)
}

package orders

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
	"unicode/utf8"

	"linli/store"
)

// A household ordering a category again while an order of it is still under way is shown that
// order first: more items may be added to it while no volunteer has taken it yet (AddItems), or a
// separate order placed after all.

// EventAmended is written when items are added to an open order; it stays open.
const EventAmended = "amended"

// OpenOfCategory returns the household's newest order of category that is still under way (open
// or claimed); ok is false when there is none.
func (s *Service) OpenOfCategory(ctx context.Context, q store.Querier, household int64, category string) (Order, bool, error) {
	o, err := scan(q.QueryRowContext(ctx, `SELECT `+columns+` FROM orders
		WHERE household_id = ? AND category = ? AND status IN ('open', 'claimed')
		ORDER BY created_at DESC, id DESC LIMIT 1`, household, category))
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return Order{}, false, nil
	case err != nil:
		return Order{}, false, fmt.Errorf("orders: open %s order of household %d: %w", category, household, err)
	}
	return o, true, nil
}

// AddItems appends items to open order id ("; " between), for actor acting for one of
// householdIDs. Only while no one has claimed it: a claimed order is ErrWrongState (returned as it
// stands, so the caller can say it was taken meanwhile). Items over MaxItems in all are ErrBadInput.
// The change bumps the order's version and is recorded as EventAmended, with the items added.
func (s *Service) AddItems(ctx context.Context, tx *sql.Tx, id int64, householdIDs []int64, actor int64, items string, now time.Time) (Order, error) {
	items, err := text("items", items, MaxItems, true)
	if err != nil {
		return Order{}, refused("add items", id, Order{}, err)
	}
	o, err := get(ctx, tx, id)
	if err != nil {
		return Order{}, refused("add items", id, Order{}, err)
	}
	if err := householdMay(householdIDs, StatusOpen)(o); err != nil {
		return o, refused("add items", id, o, err)
	}
	if n := utf8.RuneCountInString(o.Items) + 2 + utf8.RuneCountInString(items); n > MaxItems {
		return o, refused("add items", id, o, &InputError{Field: "items", Reason: fmt.Sprintf("too long in all (%d > %d)", n, MaxItems)})
	}
	res, err := tx.ExecContext(ctx, `UPDATE orders SET items = items || '; ' || ?, version = version + 1
		WHERE id = ? AND status = 'open' AND version = ?`, items, id, o.Version)
	if err != nil {
		return o, fmt.Errorf("orders: add items #%d: %w", id, err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return o, errOr(err, refused("add items", id, o, ErrWrongState))
	}
	after, err := get(ctx, tx, id)
	if err != nil {
		return after, err
	}
	after, err = s.record(ctx, tx, after, Event{Kind: EventAmended, From: StatusOpen, To: StatusOpen, Actor: actor, At: now, Detail: items})
	if err != nil {
		return o, fmt.Errorf("orders: add items #%d: %w", id, err)
	}
	return after, nil
}

func errOr(err, otherwise error) error {
	if err != nil {
		return err
	}
	return otherwise
}

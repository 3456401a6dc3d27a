package orders

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"database/sql"
	"errors"
	"fmt"
	"math/big"
	"time"

	"linli/store"
)

// Hand-over codes (Options.HandoverCode): an order placed while they are on gets a random
// 4-digit code that only its household is shown. The claimer must enter it to mark the order
// delivered; after HandoverTries wrong codes the order's delivery is refused for good (the
// caller tells the admins). The count lives in handover_codes, so it survives a restart.

// HandoverTries is how many wrong codes an order takes before its delivery is refused.
const HandoverTries = 3

// Sentinels of the hand-over check, each wrapped in a *HandoverError by DeliverWithCode.
var (
	ErrHandoverNeeded = errors.New("hand-over code needed")
	ErrHandoverWrong  = errors.New("wrong hand-over code")
	ErrHandoverLocked = errors.New("delivery refused after too many wrong hand-over codes")
)

// HandoverError is a refused hand-over: errors.Is it ErrHandoverWrong (Left tries remain) or
// ErrHandoverLocked (JustLocked when this try was the last one allowed).
type HandoverError struct {
	Order      Order
	Left       int
	JustLocked bool
	err        error
}

// Error says what was refused; never the code.
func (e *HandoverError) Error() string {
	return fmt.Sprintf("orders: hand-over of #%d: %v (%d tries left)", e.Order.ID, e.err, e.Left)
}

// Unwrap gives the sentinel.
func (e *HandoverError) Unwrap() error { return e.err }

// HandoverOn reports whether new orders get a hand-over code.
func (s *Service) HandoverOn() bool { return s.o.HandoverCode }

// newHandoverCode draws 0000-9999 uniformly from the system's random source.
func newHandoverCode() (string, error) {
	n, err := rand.Int(rand.Reader, big.NewInt(10000))
	if err != nil {
		return "", fmt.Errorf("orders: hand-over code: %w", err)
	}
	return fmt.Sprintf("%04d", n.Int64()), nil
}

// addHandoverCode gives new order id its code.
func addHandoverCode(ctx context.Context, tx *sql.Tx, id int64) error {
	code, err := newHandoverCode()
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO handover_codes (order_id, code) VALUES (?, ?)`, id, code); err != nil {
		return fmt.Errorf("orders: hand-over code of #%d: %w", id, err)
	}
	return nil
}

// HandoverCodes returns the codes of those of ids that have one, for their household only.
func (s *Service) HandoverCodes(ctx context.Context, q store.Querier, ids ...int64) (map[int64]string, error) {
	out := map[int64]string{}
	for _, id := range ids {
		var code string
		err := q.QueryRowContext(ctx, `SELECT code FROM handover_codes WHERE order_id = ?`, id).Scan(&code)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			continue
		case err != nil:
			return nil, fmt.Errorf("orders: hand-over code of #%d: %w", id, err)
		}
		out[id] = code
	}
	return out, nil
}

// handover is an order's code row; ok is false when it has none.
type handover struct {
	code     string
	tries    int
	locked   bool
	verified bool
}

func getHandover(ctx context.Context, q store.Querier, id int64) (handover, bool, error) {
	var h handover
	var locked, verified sql.NullInt64
	err := q.QueryRowContext(ctx, `SELECT code, tries, locked_at, verified_at FROM handover_codes WHERE order_id = ?`, id).
		Scan(&h.code, &h.tries, &locked, &verified)
	if errors.Is(err, sql.ErrNoRows) {
		return h, false, nil
	}
	if err != nil {
		return h, false, fmt.Errorf("orders: hand-over of #%d: %w", id, err)
	}
	h.locked, h.verified = locked.Valid, verified.Valid
	return h, true, nil
}

// NeedsHandover reports whether volunteer must enter a code to deliver order id: they hold it,
// it has a code not yet entered, and codes are on. A delivery the claimer may not make at all
// answers with that refusal instead, so nobody else learns whether an order has a code.
func (s *Service) NeedsHandover(ctx context.Context, q store.Querier, id, volunteer int64) (bool, error) {
	o, err := get(ctx, q, id)
	if err != nil {
		return false, refused("deliver", id, Order{}, err)
	}
	if err := deliverCheck(volunteer)(o); err != nil {
		return false, refused("deliver", id, o, err)
	}
	h, ok, err := getHandover(ctx, q, id)
	if err != nil || !ok || !s.o.HandoverCode || h.verified {
		return false, err
	}
	if h.locked {
		return false, &HandoverError{Order: o, err: ErrHandoverLocked}
	}
	return true, nil
}

// DeliverWithCode is Deliver for an order that needs its hand-over code: the right code
// delivers it; a wrong one is counted (and kept even if the caller goes on to commit nothing
// else) and refused with a *HandoverError. Its caller must commit the transaction on a wrong
// code, or the count is lost.
func (s *Service) DeliverWithCode(ctx context.Context, tx *sql.Tx, id, volunteer int64, code, photo string, now time.Time) (Order, error) {
	need, err := s.NeedsHandover(ctx, tx, id, volunteer)
	if err != nil || !need {
		if err != nil {
			return Order{}, err
		}
		return s.deliver(ctx, tx, id, volunteer, photo, now)
	}
	h, _, err := getHandover(ctx, tx, id)
	if err != nil {
		return Order{}, err
	}
	if subtle.ConstantTimeCompare([]byte(h.code), []byte(code)) == 1 {
		if _, err := tx.ExecContext(ctx, `UPDATE handover_codes SET verified_at = ? WHERE order_id = ?`, now.UnixMilli(), id); err != nil {
			return Order{}, fmt.Errorf("orders: hand-over of #%d: %w", id, err)
		}
		return s.deliver(ctx, tx, id, volunteer, photo, now)
	}
	var tries int
	err = tx.QueryRowContext(ctx, `UPDATE handover_codes SET tries = tries + 1,
			locked_at = CASE WHEN tries + 1 >= ? THEN ? END
		WHERE order_id = ? AND locked_at IS NULL RETURNING tries`, HandoverTries, now.UnixMilli(), id).Scan(&tries)
	if err != nil {
		return Order{}, fmt.Errorf("orders: hand-over of #%d: %w", id, err)
	}
	o, err := get(ctx, tx, id)
	if err != nil {
		return Order{}, err
	}
	if tries >= HandoverTries {
		return o, &HandoverError{Order: o, JustLocked: true, err: ErrHandoverLocked}
	}
	return o, &HandoverError{Order: o, Left: HandoverTries - tries, err: ErrHandoverWrong}
}

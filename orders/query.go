package orders

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"linli/store"
)

const columns = `id, household_id, placed_by, zone, building, category, shape, items, quantity,
	urgent, asked_urgent, vulnerable, prescription, note, recurring, status, version, claimed_by,
	created_at, claimed_at, delivered_at, received_at, cancelled_at, expired_at,
	claim_deadline, deliver_deadline, escalated, rating, comment, delivery_photo, prescription_photo,
	media_kind, media_file, media_seconds`

func scan(r store.Scanner) (Order, error) {
	var o Order
	var claimedBy sql.NullInt64
	var created int64
	var claimed, delivered, received, cancelled, expired, claimDue, deliverDue sql.NullInt64
	err := r.Scan(&o.ID, &o.HouseholdID, &o.PlacedBy, &o.Zone, &o.Building, &o.Category, &o.Shape,
		&o.Items, &o.Quantity, &o.Urgent, &o.AskedUrgent, &o.Vulnerable, &o.Prescription, &o.Note, &o.Recurring,
		&o.Status, &o.Version, &claimedBy, &created, &claimed, &delivered, &received, &cancelled,
		&expired, &claimDue, &deliverDue, &o.Escalated, &o.Rating, &o.Comment, &o.DeliveryPhoto, &o.PrescriptionPhoto,
		&o.Media.Kind, &o.Media.File, &o.Media.Seconds)
	if o.Media.File != "" && o.Items == mediaOnly {
		o.Items = ""
	}
	o.ClaimedBy = claimedBy.Int64
	o.CreatedAt = time.UnixMilli(created).UTC()
	o.ClaimedAt, o.DeliveredAt, o.ReceivedAt = ms(claimed), ms(delivered), ms(received)
	o.CancelledAt, o.ExpiredAt = ms(cancelled), ms(expired)
	o.ClaimDeadline, o.DeliverDeadline = ms(claimDue), ms(deliverDue)
	return o, err
}

func ms(n sql.NullInt64) time.Time {
	if !n.Valid {
		return time.Time{}
	}
	return time.UnixMilli(n.Int64).UTC()
}

// get reads order id, returning a bare ErrNotFound if there is none.
func get(ctx context.Context, q store.Querier, id int64) (Order, error) {
	o, err := scan(q.QueryRowContext(ctx, `SELECT `+columns+` FROM orders WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Order{}, ErrNotFound
	}
	return o, err
}

// Get returns order id, or ErrNotFound.
func (s *Service) Get(ctx context.Context, q store.Querier, id int64) (Order, error) {
	o, err := get(ctx, q, id)
	if err != nil {
		return Order{}, fmt.Errorf("orders: get #%d: %w", id, err)
	}
	return o, nil
}

// list runs a query of whole orders.
func list(ctx context.Context, q store.Querier, what, query string, args ...any) ([]Order, error) {
	return store.QueryRows(ctx, q, "orders: "+what, scan, query, args...)
}

// ByHousehold returns up to limit orders (default 20) of the households, newest first.
func (s *Service) ByHousehold(ctx context.Context, q store.Querier, householdIDs []int64, limit int) ([]Order, error) {
	if len(householdIDs) == 0 {
		return nil, nil
	}
	args := make([]any, 0, len(householdIDs)+1)
	for _, id := range householdIDs {
		args = append(args, id)
	}
	return list(ctx, q, "orders of households", `SELECT `+columns+` FROM orders
		WHERE household_id IN (`+marks(len(householdIDs))+`)
		ORDER BY created_at DESC, id DESC LIMIT ?`, append(args, orDefault(limit, 20))...)
}

// QueueFilter selects a queue: open orders in any of Zones and any of Categories (empty: all).
// Remote categories are counsellors' only and never shown in groups: a caller listing for anyone
// else names the categories it may show.
type QueueFilter struct {
	Zones      []string
	Widened    bool // with Zones: also escalated orders of every other zone
	Categories []string
	Limit      int // default 50
	Offset     int
}

// Queue returns the open orders f selects: urgent first (those urgent by their category or the
// resident's word before those urgent only by their household's default), then those of
// vulnerable households, then oldest first. now is when the queue is looked at; the order does not depend on it yet.
func (s *Service) Queue(ctx context.Context, q store.Querier, f QueueFilter, now time.Time) ([]Order, error) {
	var where []string
	var args []any
	if len(f.Zones) > 0 {
		zones := `zone IN (` + marks(len(f.Zones)) + `)`
		if f.Widened {
			zones = `(` + zones + ` OR escalated = 1)`
		}
		where = append(where, zones)
		for _, z := range f.Zones {
			args = append(args, z)
		}
	}
	if len(f.Categories) > 0 {
		where = append(where, `category IN (`+marks(len(f.Categories))+`)`)
		for _, c := range f.Categories {
			args = append(args, c)
		}
	}
	cond := ""
	if len(where) > 0 {
		cond = " AND " + strings.Join(where, " AND ")
	}
	// The literal status = 'open' lets SQLite use the partial index orders_queue.
	return list(ctx, q, "queue", `SELECT `+columns+` FROM orders WHERE status = 'open'`+cond+`
		ORDER BY urgent DESC, asked_urgent DESC, vulnerable DESC, created_at, id LIMIT ? OFFSET ?`,
		append(args, orDefault(f.Limit, 50), max(f.Offset, 0))...)
}

// ClaimedBy returns the orders volunteer holds now (claimed, not yet delivered), the one due
// first first.
func (s *Service) ClaimedBy(ctx context.Context, q store.Querier, volunteer int64) ([]Order, error) {
	return list(ctx, q, fmt.Sprintf("tasks of %d", volunteer), `SELECT `+columns+` FROM orders
		WHERE claimed_by = ? AND status = 'claimed' ORDER BY deliver_deadline, id`, volunteer)
}

// CountOpen returns how many orders of household are open or claimed.
func (s *Service) CountOpen(ctx context.Context, q store.Querier, householdID int64) (int, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT count(*) FROM orders
		WHERE household_id = ? AND status IN ('open', 'claimed')`, householdID).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("orders: count open of household %d: %w", householdID, err)
	}
	return n, nil
}

func marks(n int) string { return strings.TrimSuffix(strings.Repeat("?,", n), ",") }

func orDefault(n, def int) int {
	if n <= 0 {
		return def
	}
	return n
}

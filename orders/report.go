package orders

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"linli/store"
)

// BoardRow counts the orders waiting (open) or under way (claimed) in one zone and category;
// Overdue are those past their deadline: the claim deadline set when placed for an open order,
// the delivery deadline set when claimed for a claimed one (as the SLA sweep reads them).
type BoardRow struct {
	Zone, Category         string
	Open, Claimed, Overdue int
}

// Board counts the orders waiting or under way now in zones (none: every zone), by zone and
// category, in key order. It reads only the orders_board index, in its order.
func Board(ctx context.Context, q store.Querier, now time.Time, zones []string) ([]BoardRow, error) {
	rows, err := q.QueryContext(ctx, `SELECT zone, category, sum(status = 'open'), sum(status = 'claimed'),
			sum(CASE WHEN status = 'open' THEN claim_deadline <= ?1 ELSE deliver_deadline <= ?1 END)
		FROM orders WHERE status IN ('open', 'claimed') AND `+inZones("?2")+`
		GROUP BY zone, category ORDER BY zone, category`, now.UnixMilli(), ZoneList(zones))
	if err != nil {
		return nil, fmt.Errorf("orders: board: %w", err)
	}
	defer rows.Close()
	var out []BoardRow
	for rows.Next() {
		var r BoardRow
		if err := rows.Scan(&r.Zone, &r.Category, &r.Open, &r.Claimed, &r.Overdue); err != nil {
			return nil, fmt.Errorf("orders: board: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// Wait is how one order placed in a window has waited: Claimed is when the claim that holds was
// made (zero if none), Waiting says it is open still.
type Wait struct {
	Placed, Claimed time.Time
	Waiting         bool
}

// PlacedBetween lists how the orders placed in [from, to) in zones (none: every zone) waited,
// oldest first.
func PlacedBetween(ctx context.Context, q store.Querier, from, to time.Time, zones []string) ([]Wait, error) {
	rows, err := q.QueryContext(ctx, `SELECT created_at, claimed_at, status = 'open' FROM orders
		WHERE created_at >= ?1 AND created_at < ?2 AND `+inZones("?3")+` ORDER BY created_at, id`,
		from.UnixMilli(), to.UnixMilli(), ZoneList(zones))
	if err != nil {
		return nil, fmt.Errorf("orders: waits: %w", err)
	}
	defer rows.Close()
	var out []Wait
	for rows.Next() {
		var w Wait
		var placed int64
		var claimed sql.NullInt64
		if err := rows.Scan(&placed, &claimed, &w.Waiting); err != nil {
			return nil, fmt.Errorf("orders: waits: %w", err)
		}
		w.Placed = time.UnixMilli(placed)
		if claimed.Valid && !w.Waiting {
			w.Claimed = time.UnixMilli(claimed.Int64)
		}
		out = append(out, w)
	}
	return out, rows.Err()
}

// Load is a volunteer's work: orders claimed and not delivered yet, how many of those are past
// their delivery deadline, and deliveries since the day began.
type Load struct {
	InHand, Overdue, DeliveredToday int
}

// Loads returns the load of every volunteer who has a task in hand or delivered since dayStart.
// The orders in hand come from the orders_deliver_due index, those delivered today from
// orders_delivered: neither reads the orders claimed and finished before.
func Loads(ctx context.Context, q store.Querier, dayStart, now time.Time) (map[int64]Load, error) {
	rows, err := q.QueryContext(ctx, `SELECT claimed_by, sum(in_hand), sum(overdue), sum(delivered) FROM (
			SELECT claimed_by, 1 AS in_hand, coalesce(deliver_deadline <= ?2, 0) AS overdue, 0 AS delivered
			FROM orders WHERE status = 'claimed'
			UNION ALL
			SELECT claimed_by, 0, 0, 1 FROM orders WHERE delivered_at >= ?1 AND claimed_by IS NOT NULL)
		GROUP BY claimed_by`, dayStart.UnixMilli(), now.UnixMilli())
	if err != nil {
		return nil, fmt.Errorf("orders: loads: %w", err)
	}
	defer rows.Close()
	out := map[int64]Load{}
	for rows.Next() {
		var id int64
		var l Load
		if err := rows.Scan(&id, &l.InHand, &l.Overdue, &l.DeliveredToday); err != nil {
			return nil, fmt.Errorf("orders: loads: %w", err)
		}
		out[id] = l
	}
	return out, rows.Err()
}

package orders

import (
	"context"
	"fmt"
	"time"

	"linli/store"
)

// ZoneLoad is the orders of one zone and category waiting or under way: overdue are those past
// their claim deadline (open) or delivery deadline (claimed).
type ZoneLoad struct {
	Zone, Category         string
	Open, Claimed, Overdue int
}

const zoneLoads = `SELECT zone, category, sum(status = 'open'), sum(status = 'claimed'),
		sum(CASE WHEN status = 'open' THEN claim_deadline <= ?1 ELSE deliver_deadline <= ?1 END)
	FROM orders WHERE status IN ('open', 'claimed')
	GROUP BY zone, category ORDER BY zone, category`

// ZoneLoads counts the orders waiting or under way at now by zone and category, in that order.
func ZoneLoads(ctx context.Context, q store.Querier, now time.Time) ([]ZoneLoad, error) {
	rows, err := q.QueryContext(ctx, zoneLoads, now.UnixMilli())
	if err != nil {
		return nil, wrapErr("orders: zone loads", err)
	}
	defer rows.Close()
	var out []ZoneLoad
	for rows.Next() {
		var l ZoneLoad
		if err := rows.Scan(&l.Zone, &l.Category, &l.Open, &l.Claimed, &l.Overdue); err != nil {
			return nil, wrapErr("orders: zone loads", err)
		}
		out = append(out, l)
	}
	return out, wrapErr("orders: zone loads", rows.Err())
}

// timesSince lists the times to claim ('c': from placing to the claim that holds) and to
// deliver ('d': from that claim to the delivery) of claims and deliveries since ?1, in ms.
const timesSince = `SELECT 'c', claimed_at - created_at FROM orders WHERE claimed_at >= ?1
	UNION ALL
	SELECT 'd', delivered_at - claimed_at FROM orders WHERE delivered_at >= ?1 AND claimed_at IS NOT NULL`

// TimesSince returns the times to claim and to deliver of the claims and deliveries made since.
func TimesSince(ctx context.Context, q store.Querier, since time.Time) (claims, deliveries []time.Duration, err error) {
	rows, err := q.QueryContext(ctx, timesSince, since.UnixMilli())
	if err != nil {
		return nil, nil, wrapErr("orders: times since", err)
	}
	defer rows.Close()
	for rows.Next() {
		var kind string
		var ms int64
		if err := rows.Scan(&kind, &ms); err != nil {
			return nil, nil, wrapErr("orders: times since", err)
		}
		if kind == "c" {
			claims = append(claims, time.Duration(ms)*time.Millisecond)
		} else {
			deliveries = append(deliveries, time.Duration(ms)*time.Millisecond)
		}
	}
	return claims, deliveries, wrapErr("orders: times since", rows.Err())
}

// wrapErr prefixes err with what; nil stays nil.
func wrapErr(what string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("%s: %w", what, err)
}

package orders

import (
	"context"
	"fmt"
	"strings"
	"time"

	"linli/store"
)

// inZones is the SQL condition "zone is one of ?N" for a comma list of zone keys, ” = every
// zone: one parameter whatever the number of zones a scoped admin holds.
func inZones(param string) string {
	return `(` + param + ` = '' OR instr(',' || ` + param + ` || ',', ',' || zone || ',') > 0)`
}

// ZoneList is the parameter inZones takes: zones joined by commas, none = every zone.
func ZoneList(zones []string) string { return strings.Join(zones, ",") }

var statsToday = `SELECT 'c', claimed_at - created_at FROM orders WHERE claimed_at >= ?1 AND ` + inZones("?2") + `
	UNION ALL
	SELECT 'd', delivered_at - claimed_at FROM orders WHERE delivered_at >= ?1 AND claimed_at IS NOT NULL AND ` + inZones("?2")

// TimesSince returns the times to claim (from placing to the claim that holds) and to deliver
// (from that claim to the delivery) of orders in zones (none: every zone) claimed or delivered
// since since.
func TimesSince(ctx context.Context, q store.Querier, since time.Time, zones []string) (claims, deliveries []time.Duration, err error) {
	rows, err := q.QueryContext(ctx, statsToday, since.UnixMilli(), ZoneList(zones))
	if err != nil {
		return nil, nil, fmt.Errorf("orders: times: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var kind string
		var ms int64
		if err := rows.Scan(&kind, &ms); err != nil {
			return nil, nil, fmt.Errorf("orders: times: %w", err)
		}
		if kind == "c" {
			claims = append(claims, time.Duration(ms)*time.Millisecond)
		} else {
			deliveries = append(deliveries, time.Duration(ms)*time.Millisecond)
		}
	}
	return claims, deliveries, rows.Err()
}

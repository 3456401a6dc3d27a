package handlers

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"linli/i18n"
	"linli/people"
)

// statsBudget is how much HTML (in UTF-16 units) /stats puts in its one message, under 4096.
const statsBudget = 3600

// statsNow counts the orders waiting or under way by zone and category; overdue are those past
// their claim deadline (open) or delivery deadline (claimed).
const statsNow = `SELECT zone, category, sum(status = 'open'), sum(status = 'claimed'),
		sum(CASE WHEN status = 'open' THEN claim_deadline <= ?1 ELSE deliver_deadline <= ?1 END)
	FROM orders WHERE status IN ('open', 'claimed')
	GROUP BY zone, category ORDER BY zone, category`

// statsToday lists today's times to claim ('c': from placing to the claim that holds) and to
// deliver ('d': from that claim to the delivery), in milliseconds.
const statsToday = `SELECT 'c', claimed_at - created_at FROM orders WHERE claimed_at >= ?1
	UNION ALL
	SELECT 'd', delivered_at - claimed_at FROM orders WHERE delivered_at >= ?1 AND claimed_at IS NOT NULL`

// statsRow is one zone and category of /stats.
type statsRow struct {
	zone, category         string
	open, claimed, overdue int
}

// stats is /stats: open, claimed and overdue orders by zone and category, today's median times
// to claim and to deliver (the day of the configured time zone), and the volunteers on duty.
func (h *Handlers) stats(r *request) error {
	if strings.TrimSpace(r.cmd.Args) != "" {
		return userErr("stats.usage")
	}
	rows, err := h.statsNow(r)
	if err != nil {
		return err
	}
	claims, deliveries, err := h.statsToday(r)
	if err != nil {
		return err
	}
	vols, err := people.Volunteers(r.ctx, r.unit.Tx)
	if err != nil {
		return err
	}
	onDuty := 0
	for _, v := range vols {
		if v.OnDuty {
			onDuty++
		}
	}
	var total statsRow
	for _, row := range rows {
		total.open, total.claimed, total.overdue = total.open+row.open, total.claimed+row.claimed, total.overdue+row.overdue
	}
	var b strings.Builder
	b.WriteString(r.t("stats.title", h.localTime(r.unit.Now), h.o.Location.String()))
	b.WriteString("\n" + r.t("stats.totals", total.open, total.claimed, total.overdue))
	tail := "\n\n" + r.t("stats.today", i18n.Raw(median(r.lang(), claims)), len(claims),
		i18n.Raw(median(r.lang(), deliveries)), len(deliveries)) +
		"\n" + r.t("stats.volunteers", onDuty, len(vols))
	h.writeStatsRows(&b, r, rows, statsBudget-utf16Len(tail))
	b.WriteString(tail)
	return r.reply(b.String())
}

// writeStatsRows lists rows by zone while they fit in budget.
func (h *Handlers) writeStatsRows(b *strings.Builder, r *request, rows []statsRow, budget int) {
	zone := "\x00"
	for i, row := range rows {
		line := ""
		if row.zone != zone {
			line = "\n\n" + r.t("stats.zone", i18n.Clip(h.zoneName(row.zone), 40))
			zone = row.zone
		}
		line += "\n" + r.t("stats.row", h.categoryLabel(r, row.category), row.open, row.claimed, row.overdue)
		if utf16Len(b.String())+utf16Len(line) > budget-100 {
			b.WriteString("\n" + r.t("stats.more", len(rows)-i))
			return
		}
		b.WriteString(line)
	}
}

func (h *Handlers) statsNow(r *request) ([]statsRow, error) {
	q, err := r.unit.Tx.QueryContext(r.ctx, statsNow, r.unit.Now.UnixMilli())
	if err != nil {
		return nil, fmt.Errorf("handlers: stats: %w", err)
	}
	defer q.Close()
	var out []statsRow
	for q.Next() {
		var s statsRow
		if err := q.Scan(&s.zone, &s.category, &s.open, &s.claimed, &s.overdue); err != nil {
			return nil, fmt.Errorf("handlers: stats: %w", err)
		}
		out = append(out, s)
	}
	return out, q.Err()
}

// statsToday returns today's times to claim and to deliver.
func (h *Handlers) statsToday(r *request) (claims, deliveries []time.Duration, err error) {
	local := r.unit.Now.In(h.o.Location)
	today := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, h.o.Location)
	q, err := r.unit.Tx.QueryContext(r.ctx, statsToday, today.UnixMilli())
	if err != nil {
		return nil, nil, fmt.Errorf("handlers: stats today: %w", err)
	}
	defer q.Close()
	for q.Next() {
		var kind string
		var ms int64
		if err := q.Scan(&kind, &ms); err != nil {
			return nil, nil, fmt.Errorf("handlers: stats today: %w", err)
		}
		if kind == "c" {
			claims = append(claims, time.Duration(ms)*time.Millisecond)
		} else {
			deliveries = append(deliveries, time.Duration(ms)*time.Millisecond)
		}
	}
	return claims, deliveries, q.Err()
}

// median renders the median of ds ("—" for none).
func median(lang string, ds []time.Duration) string {
	if len(ds) == 0 {
		return i18n.T(lang, "stats.no_data")
	}
	slices.Sort(ds)
	n := len(ds)
	return span(lang, (ds[(n-1)/2]+ds[n/2])/2)
}

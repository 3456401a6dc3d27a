package handlers

import (
	"slices"
	"strings"
	"time"

	"linli/i18n"
	"linli/orders"
	"linli/people"
)

// statsBudget is how much HTML (in UTF-16 units) /stats puts in its one message, under 4096.
const statsBudget = 3600

// stats is /stats: open, claimed and overdue orders by zone and category, today's median times
// to claim and to deliver (the day of the configured time zone), and the volunteers on duty.
func (h *Handlers) stats(r *request) error {
	if strings.TrimSpace(r.cmd.Args) != "" {
		return userErr("stats.usage")
	}
	rows, err := orders.ZoneLoads(r.ctx, r.unit.Tx, r.unit.Now)
	if err != nil {
		return err
	}
	claims, deliveries, err := orders.TimesSince(r.ctx, r.unit.Tx, h.dayStart(r.unit.Now))
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
	var total orders.ZoneLoad
	for _, row := range rows {
		total.Open, total.Claimed, total.Overdue = total.Open+row.Open, total.Claimed+row.Claimed, total.Overdue+row.Overdue
	}
	var b strings.Builder
	b.WriteString(r.t("stats.title", h.localTime(r.unit.Now), h.o.Location.String()))
	b.WriteString("\n" + r.t("stats.totals", total.Open, total.Claimed, total.Overdue))
	tail := "\n\n" + r.t("stats.today", i18n.Raw(median(r.lang(), claims)), len(claims),
		i18n.Raw(median(r.lang(), deliveries)), len(deliveries)) +
		"\n" + r.t("stats.volunteers", onDuty, len(vols))
	h.writeStatsRows(&b, r, rows, statsBudget-utf16Len(tail))
	b.WriteString(tail)
	return r.reply(b.String())
}

// writeStatsRows lists rows by zone while they fit in budget.
func (h *Handlers) writeStatsRows(b *strings.Builder, r *request, rows []orders.ZoneLoad, budget int) {
	zone := "\x00"
	for i, row := range rows {
		line := ""
		if row.Zone != zone {
			line = "\n\n" + r.t("stats.zone", i18n.Clip(h.zoneName(row.Zone), 40))
			zone = row.Zone
		}
		line += "\n" + r.t("stats.row", h.categoryLabel(r, row.Category), row.Open, row.Claimed, row.Overdue)
		if utf16Len(b.String())+utf16Len(line) > budget-100 {
			b.WriteString("\n" + r.t("stats.more", len(rows)-i))
			return
		}
		b.WriteString(line)
	}
}

// dayStart is when now's day began in the configured time zone.
func (h *Handlers) dayStart(now time.Time) time.Time {
	local := now.In(h.o.Location)
	return time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, h.o.Location)
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

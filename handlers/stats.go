package handlers

import (
	"slices"
	"strings"
	"time"

	"linli/checkins"
	"linli/i18n"
	"linli/orders"
	"linli/people"
	"linli/supplies"
)

// statsBudget is how much HTML (in UTF-16 units) /stats puts in its one message, under 4096.
const statsBudget = 3600

// statsRow is one zone and category of /stats.
type statsRow = orders.BoardRow

// stats is /stats: open, claimed and overdue orders by zone and category, today's median times
// to claim and to deliver (the day of the configured time zone), and the volunteers on duty.
func (h *Handlers) stats(r *request) error {
	if strings.TrimSpace(r.cmd.Args) != "" {
		return userErr("stats.usage")
	}
	zones := r.scope.Restrict(nil) // a scoped admin's zones; none: every zone
	rows, err := orders.Board(r.ctx, r.unit.Tx, r.unit.Now, zones)
	if err != nil {
		return err
	}
	local := r.unit.Now.In(h.o.Location)
	today := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, h.o.Location)
	claims, deliveries, err := orders.TimesSince(r.ctx, r.unit.Tx, today, zones)
	if err != nil {
		return err
	}
	vols, err := people.Volunteers(r.ctx, r.unit.Tx)
	if err != nil {
		return err
	}
	vols = inScope(vols, r.scope)
	onDuty := 0
	for _, v := range vols {
		if v.OnDuty {
			onDuty++
		}
	}
	var total statsRow
	for _, row := range rows {
		total.Open, total.Claimed, total.Overdue = total.Open+row.Open, total.Claimed+row.Claimed, total.Overdue+row.Overdue
	}
	var b strings.Builder
	b.WriteString(r.t("stats.title", h.localTime(r.unit.Now), h.o.Location.String()))
	if !r.scope.All {
		b.WriteString("\n" + r.scopeText(r.scope))
	}
	b.WriteString("\n" + r.t("stats.totals", total.Open, total.Claimed, total.Overdue))
	tail := "\n\n" + r.t("stats.today", i18n.Raw(median(r.lang(), claims)), len(claims),
		i18n.Raw(median(r.lang(), deliveries)), len(deliveries)) +
		"\n" + r.t("stats.volunteers", onDuty, len(vols))
	more, err := h.statsBeyondOrders(r, zones)
	if err != nil {
		return err
	}
	tail += more
	h.writeStatsRows(&b, r, rows, statsBudget-utf16Len(tail))
	b.WriteString(tail)
	return r.reply(b.String())
}

// statsBeyondOrders is /stats' lines on today's health check-ins and the supply rounds under way
// in zones (none: every zone), each after a newline; "" for what has nothing to say.
func (h *Handlers) statsBeyondOrders(r *request, zones []string) (string, error) {
	var b strings.Builder
	c, err := checkins.Count(r.ctx, r.unit.Tx, checkins.DayOf(r.unit.Now, h.o.Location), zones...)
	if err != nil {
		return "", err
	}
	if c.Prompted > 0 {
		b.WriteString("\n" + r.t("stats.checkins", c.Answered, c.Prompted))
	}
	rounds, err := h.supplies.List(r.ctx, r.unit.Tx, true, 50) // the rounds under way: their states, nothing more
	if err != nil {
		return "", err
	}
	open, delivering := 0, 0
	for _, x := range rounds {
		if !roundInScope(r.scope, x.Audience) {
			continue
		}
		switch x.Status {
		case supplies.StatusOpen:
			open++
		case supplies.StatusClosed, supplies.StatusDelivering:
			delivering++
		}
	}
	if open+delivering > 0 {
		b.WriteString("\n" + r.t("stats.rounds", open, delivering))
	}
	return b.String(), nil
}

// writeStatsRows lists rows by zone while they fit in budget.
func (h *Handlers) writeStatsRows(b *strings.Builder, r *request, rows []statsRow, budget int) {
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

// inScope keeps the volunteers who serve some zone of scope (a volunteer of every zone serves
// all of them).
func inScope(vols []people.Volunteer, scope people.Scope) []people.Volunteer {
	if scope.All {
		return vols
	}
	var out []people.Volunteer
	for _, v := range vols {
		if len(v.Zones) == 0 || slices.ContainsFunc(v.Zones, scope.Covers) {
			out = append(out, v)
		}
	}
	return out
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

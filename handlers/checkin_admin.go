package handlers

import (
	"bytes"
	"context"
	"database/sql"
	"slices"
	"strconv"
	"strings"
	"time"

	"linli/checkins"
	"linli/i18n"
	"linli/outbox"
	"linli/people"
	"linli/records"
)

// The admins' side of check-ins: /monitor flags households, and at the deadline the silent ones
// are listed. Privacy: volunteers get zones, buildings and counts only (as before a claim, no
// name, phone or room: they have taken nothing); admins get names, phones and addresses.

// maxText keeps a list under Telegram's 4,096 characters, counted in bytes to be safe.
const maxText = 4000

// monitor is /monitor <household-id|zone:<key>> on|off; /monitor alone shows the usage and how
// many households each zone has under monitoring. Private chats only: the answer names people.
func (h *Handlers) monitor(r *request) error {
	args := strings.Fields(r.cmd.Args)
	if len(args) == 0 {
		return h.monitorSummary(r)
	}
	if len(args) != 2 || len(r.cmd.Args) > 64 || (args[1] != "on" && args[1] != "off") {
		return userErr("monitor.usage")
	}
	on := args[1] == "on"
	if key, ok := strings.CutPrefix(args[0], "zone:"); ok {
		if !h.zoneExists(key) {
			return userErr("monitor.bad_zone", i18n.Raw(h.zoneKeys()))
		}
		if !r.scope.Covers(key) {
			return r.outside(r.scope, key)
		}
		changed, err := checkins.MonitorZone(r.ctx, r.unit.Tx, key, on, r.unit.Now)
		if err != nil {
			return err
		}
		// A zone's worth of households is told at a broadcast's pace, behind replies.
		if err := h.tellMonitored(r, changed, on, outbox.PriorityBroadcast); err != nil {
			return err
		}
		return r.reply(r.t("monitor.zone_done", key, h.zoneName(key), i18n.Raw(r.t("monitor."+args[1])), len(changed)) + h.monitorTimes(r, on))
	}
	hh, err := h.monitoredHousehold(r, args[0])
	if err != nil {
		return err
	}
	id := hh.ID
	if !r.scope.Covers(hh.Zone) { // a scoped admin monitors the households of their zones only
		return r.outside(r.scope, hh.Zone)
	}
	changed := 0
	if hh.Monitored != on {
		if err := people.SetMonitored(r.ctx, r.unit.Tx, id, on, r.unit.Now); err != nil {
			return err
		}
		if err := h.tellMonitored(r, []int64{id}, on, outbox.PriorityNotify); err != nil {
			return err
		}
		changed = 1
	}
	if changed == 0 {
		return r.reply(r.t("monitor.one_already", id, i18n.Raw(h.checkinContact(r.lang(), hh)), i18n.Raw(r.t("monitor."+args[1]))))
	}
	return r.reply(r.t("monitor.one_done", id, i18n.Raw(h.checkinContact(r.lang(), hh)), i18n.Raw(r.t("monitor."+args[1])), changed) + h.monitorTimes(r, on))
}

// tellMonitored tells the people of households that their daily health check-in begins (on) or
// ends: nobody should be asked about their health without knowing why.
func (h *Handlers) tellMonitored(r *request, households []int64, on bool, prio outbox.Priority) error {
	key, args := "monitor.told_off", []any(nil)
	if on {
		key = "monitor.told_on"
		if ask, due, ok := h.checkinTimes(r); ok {
			key, args = "monitor.told_on_at", []any{ask, due}
		}
	}
	for _, hh := range households {
		if err := h.tellHouseholdIn(r.ctx, r.unit.Tx, hh, r.unit.Now, prio, nil, key, args...); err != nil {
			return err
		}
	}
	return nil
}

// checkinTimes are the local times of day ("09:00") the check-in asks and its answers are due,
// as [checkin] sets them; ok is false without a schedule.
func (h *Handlers) checkinTimes(r *request) (ask, due string, ok bool) {
	if h.o.Checkin == nil {
		return "", "", false
	}
	p, d := h.o.Checkin.Next(r.unit.Now)
	return p.In(h.o.Location).Format("15:04"), d.In(h.o.Location).Format("15:04"), !p.IsZero() && !d.IsZero()
}

// monitorTimes is the line an admin who switched monitoring on reads: when the households are
// asked and when those who did not answer are listed; "" when off or unknown.
func (h *Handlers) monitorTimes(r *request, on bool) string {
	if ask, due, ok := h.checkinTimes(r); on && ok {
		return "\n" + r.t("monitor.times", ask, due)
	}
	return ""
}

// monitoredHousehold is the household /monitor names: by its number (12, #12) or by the phone it
// registered with (a secretary knows phones, not numbers), within the admin's zones.
func (h *Handlers) monitoredHousehold(r *request, arg string) (people.Household, error) {
	digits := strings.TrimLeft(arg, "+#")
	if len(digits) < 7 { // a household number: phones are longer
		id, err := strconv.ParseInt(strings.TrimPrefix(arg, "#"), 10, 64)
		if err != nil || id <= 0 {
			return people.Household{}, userErr("monitor.usage")
		}
		hh, err := people.GetHousehold(r.ctx, r.unit.Tx, id)
		if err != nil {
			return hh, h.refused(monitoring, err, id)
		}
		return hh, nil
	}
	found, err := people.FindByPhone(r.ctx, r.unit.Tx, arg)
	if err != nil {
		return people.Household{}, userErr("monitor.usage")
	}
	var mine []people.Household
	for _, hh := range found {
		if r.scope.Covers(hh.Zone) {
			mine = append(mine, hh)
		}
	}
	switch len(mine) {
	case 1:
		return mine[0], nil
	case 0:
		return people.Household{}, userErr("monitor.no_phone", i18n.Clip(arg, 20))
	}
	var ids []string
	for _, hh := range mine {
		ids = append(ids, "#"+strconv.FormatInt(hh.ID, 10))
	}
	return people.Household{}, userErr("monitor.phone_many", i18n.Clip(arg, 20), strings.Join(ids, ", "))
}

func (h *Handlers) monitorSummary(r *request) error {
	counts, err := checkins.Monitored(r.ctx, r.unit.Tx)
	if err != nil {
		return err
	}
	var lines []string
	for _, z := range h.o.Zones {
		if !r.scope.Covers(z.Key) {
			continue
		}
		lines = append(lines, r.t("monitor.zone_count", z.Key, z.Name, counts[z.Key]))
	}
	return r.reply(r.t("monitor.usage") + "\n\n" + r.t("monitor.summary", i18n.Raw(strings.Join(lines, "\n"))))
}

// silentHousehold is a household listed at the deadline.
type silentHousehold struct {
	people.Household
	unreachable bool
}

// checkinDeadline lists the households that did not answer day's prompt (silence): every admin gets
// the list of their zones (or that all answered), every volunteer on duty the buildings of theirs.
func (h *Handlers) checkinDeadline(ctx context.Context, tx *sql.Tx, day checkins.Day, silence []checkins.Silent, now time.Time) error {
	counts, err := checkins.Count(ctx, tx, day)
	if err != nil {
		return err
	}
	var silent []silentHousehold
	for _, s := range silence {
		hh, err := people.GetHousehold(ctx, tx, s.HouseholdID)
		if err != nil {
			return err
		}
		silent = append(silent, silentHousehold{hh, s.Unreachable})
	}
	// Those the bot cannot reach last: someone has to go and knock.
	slices.SortStableFunc(silent, func(a, b silentHousehold) int {
		switch {
		case a.unreachable == b.unreachable:
			return 0
		case b.unreachable:
			return -1
		}
		return 1
	})
	admins, err := people.AdminIDs(ctx, tx, h.o.Admins)
	if err != nil {
		return err
	}
	// An admin of some zones gets their zones' households only, counted over those zones: the
	// list has names and phones.
	for _, a := range admins {
		scope, err := people.ActingScope(ctx, tx, a, people.RoleAdmin, h.admins[a])
		if err != nil {
			return err
		}
		mine, c := silent, counts
		if !scope.All {
			if c, err = checkins.Count(ctx, tx, day, scope.Zones...); err != nil {
				return err
			}
			mine = nil
			for _, s := range silent {
				if scope.Covers(s.Zone) {
					mine = append(mine, s)
				}
			}
		}
		if !scope.Held() || c.Prompted == 0 && len(mine) == 0 && !scope.All {
			continue // not an admin any more, or nobody of theirs is monitored
		}
		lang, err := h.langOf(ctx, tx, a)
		if err != nil {
			return err
		}
		text, cut := h.missingForAdmin(lang, day, c, mine)
		msgs := []outbox.Message{{ChatID: a, Text: text}}
		if cut { // 2,000 households do not fit a message: the whole list as a spreadsheet
			doc, err := h.missingFile(lang, day, mine)
			if err != nil {
				return err
			}
			msgs = append(msgs, outbox.Message{ChatID: a, Kind: outbox.KindDocument, Document: doc,
				Text: i18n.T(lang, "checkin.missing_file", len(mine))})
		}
		for _, m := range msgs {
			if _, err := outbox.Add(ctx, tx, m, outbox.Options{Priority: outbox.PriorityNotify}, now); err != nil {
				return err
			}
		}
	}
	return h.missingForVolunteers(ctx, tx, day, silent, now)
}

// missingForAdmin is the admins' list: names, phones and addresses; cut reports that not all of
// it fitted (missingFile has it all).
func (h *Handlers) missingForAdmin(lang string, day checkins.Day, counts checkins.Counts, silent []silentHousehold) (text string, cut bool) {
	month, dom := day.MonthDay()
	if len(silent) == 0 {
		return i18n.T(lang, "checkin.all_answered", month, dom, counts.Prompted), false
	}
	unreachable := 0
	lines := make([]string, len(silent))
	for i, s := range silent {
		key := "checkin.missing_entry"
		if s.unreachable {
			key, unreachable = "checkin.missing_unreachable", unreachable+1
		}
		lines[i] = i18n.T(lang, key, i18n.Raw(h.checkinContact(lang, s.Household)))
	}
	head := i18n.T(lang, "checkin.missing_admin", month, dom, len(silent), counts.Prompted, unreachable)
	text, shown := fitLines(lang, head, lines)
	return text, shown < len(lines)
}

// missingFile is the whole list of silent households as a spreadsheet for an admin in lang:
// name, phone, zone, building, unit, room, and whether the bot can reach them.
func (h *Handlers) missingFile(lang string, day checkins.Day, silent []silentHousehold) (*outbox.Document, error) {
	t := records.Table{Header: strings.Split(i18n.T(lang, "checkin.missing_file_header"), ",")}
	for _, s := range silent {
		reach := ""
		if s.unreachable {
			reach = i18n.T(lang, "checkin.missing_file_unreachable")
		}
		t.Rows = append(t.Rows, []string{s.Name, s.Phone, h.zoneName(s.Zone), s.Building, s.Unit, s.Room, reach})
	}
	var buf bytes.Buffer
	if err := records.WriteCSV(&buf, t); err != nil {
		return nil, err
	}
	return &outbox.Document{Name: "checkin-missing-" + string(day) + ".csv", Data: buf.Bytes()}, nil
}

// missingForVolunteers tells every volunteer on duty which buildings of their zones have
// households that did not answer, and how many: one message each, none if all theirs answered.
func (h *Handlers) missingForVolunteers(ctx context.Context, tx *sql.Tx, day checkins.Day, silent []silentHousehold, now time.Time) error {
	if len(silent) == 0 {
		return nil
	}
	vols, err := people.Volunteers(ctx, tx)
	if err != nil {
		return err
	}
	month, dom := day.MonthDay()
	for _, v := range vols {
		if !v.OnDuty {
			continue
		}
		lang, err := h.langOf(ctx, tx, v.UserID)
		if err != nil {
			return err
		}
		lines := h.buildingLines(lang, v, silent)
		if len(lines) == 0 {
			continue
		}
		text, _ := fitLines(lang, i18n.T(lang, "checkin.missing_volunteer", month, dom), lines)
		if _, err := outbox.Add(ctx, tx, outbox.Message{ChatID: v.UserID, Text: text},
			outbox.Options{Priority: outbox.PriorityNotify}, now); err != nil {
			return err
		}
	}
	return nil
}

// buildingLines counts the silent households of v's zones by zone and building.
func (h *Handlers) buildingLines(lang string, v people.Volunteer, silent []silentHousehold) []string {
	type place struct{ zone, building string }
	var order []place
	n, lost := map[place]int{}, map[place]int{}
	for _, s := range silent {
		if !v.Serves(s.Zone, "") {
			continue
		}
		p := place{s.Zone, s.Building}
		if n[p] == 0 {
			order = append(order, p)
		}
		n[p]++
		if s.unreachable {
			lost[p]++
		}
	}
	lines := make([]string, len(order))
	for i, p := range order {
		lines[i] = i18n.T(lang, "checkin.missing_building", h.zoneName(p.zone), p.building, n[p])
		if lost[p] > 0 {
			lines[i] += i18n.T(lang, "checkin.missing_building_unreachable", lost[p])
		}
	}
	return lines
}

// fitLines puts head and as many lines as fit under maxText, then "…and N more"; shown is how
// many did.
func fitLines(lang, head string, lines []string) (text string, shown int) {
	var b strings.Builder
	b.WriteString(head)
	for i, l := range lines {
		more := i18n.T(lang, "checkin.and_more", len(lines)-i)
		if b.Len()+1+len(l)+1+len(more) > maxText {
			b.WriteString("\n" + more)
			return b.String(), i
		}
		b.WriteString("\n" + l)
	}
	return b.String(), len(lines)
}

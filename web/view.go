package web

import (
	"cmp"
	"context"
	"database/sql"
	"html/template"
	"slices"
	"strings"
	"time"

	"linli/checkins"
	"linli/i18n"
	"linli/notices"
	"linli/orders"
	"linli/people"
)

// templates are the pages, parsed once from the embedded files.
type templates struct{ t *template.Template }

func parseTemplates() *templates {
	return &templates{t: template.Must(template.ParseFS(files, "templates/*.html"))}
}

// clip makes a user's text safe for a table cell: control bytes dropped, newlines flattened,
// at most n characters. html/template escapes what is left.
func clip(s string, n int) string {
	s = strings.Join(strings.Fields(i18n.Clean(s)), " ")
	return i18n.Clip(s, n)
}

// zoneBlock is one zone's rows of the order table.
type zoneBlock struct {
	Name  string
	Rows  []orders.BoardRow // Category holds the category's name
	Total orders.BoardRow
}

func (s *Server) fillBoard(p *page, rows []orders.BoardRow) {
	var cur *zoneBlock
	for _, r := range rows {
		p.Open, p.Claimed, p.Overdue = p.Open+r.Open, p.Claimed+r.Claimed, p.Overdue+r.Overdue
		if cur == nil || r.Zone != cur.Total.Zone {
			p.Board = append(p.Board, zoneBlock{Name: s.zoneName(r.Zone), Total: orders.BoardRow{Zone: r.Zone}})
			cur = &p.Board[len(p.Board)-1]
		}
		t := &cur.Total
		t.Open, t.Claimed, t.Overdue = t.Open+r.Open, t.Claimed+r.Claimed, t.Overdue+r.Overdue
		r.Category = clip(s.categoryName(p.Lang, r.Category), 40)
		cur.Rows = append(cur.Rows, r)
	}
}

// zoneName is the configured name of a zone, else its key.
func (s *Server) zoneName(key string) string {
	if z, ok := s.o.Zones.Find(key); ok {
		return clip(z.Name, 40)
	}
	return clip(key, 40)
}

// categoryName names a category in lang: from config, else the catalogue's, else the key.
func (s *Server) categoryName(lang, key string) string {
	if name := s.o.CategoryNames[key][lang]; name != "" {
		return name
	}
	if orders.BuiltIn(key) {
		return i18n.T(lang, "cat."+key)
	}
	return key
}

// volunteerRow is one volunteer's line.
type volunteerRow struct {
	Name, Zones, LastActive         string
	OnDuty                          bool
	InHand, Overdue, DeliveredToday int
}

// maxVolunteers is how many volunteers the page lists; the rest are counted.
const maxVolunteers = 60

func (s *Server) fillVolunteers(ctx context.Context, tx *sql.Tx, p *page, scope people.Scope, dayStart, now time.Time) error {
	vols, err := people.Volunteers(ctx, tx)
	if err != nil {
		return err
	}
	vols = slices.DeleteFunc(vols, func(v people.Volunteer) bool { // a scoped admin's volunteers
		return !scope.All && len(v.Zones) > 0 && !slices.ContainsFunc(v.Zones, scope.Covers)
	})
	names, err := people.VolunteerNames(ctx, tx)
	if err != nil {
		return err
	}
	loads, err := orders.Loads(ctx, tx, dayStart, now)
	if err != nil {
		return err
	}
	var rows []volunteerRow
	for _, v := range vols {
		l := loads[v.UserID]
		rows = append(rows, volunteerRow{Name: clip(names[v.UserID], 40), Zones: s.zoneList(p.Lang, v.Zones),
			LastActive: s.clock(v.ActiveAt), OnDuty: v.OnDuty, InHand: l.InHand, Overdue: l.Overdue,
			DeliveredToday: l.DeliveredToday})
		if v.OnDuty {
			p.OnDuty++
		}
	}
	// On duty first, the busiest first.
	slices.SortStableFunc(rows, func(a, b volunteerRow) int {
		if a.OnDuty != b.OnDuty {
			return map[bool]int{true: -1, false: 1}[a.OnDuty]
		}
		return cmp.Compare(b.InHand, a.InHand)
	})
	if len(rows) > maxVolunteers {
		p.MoreVolunteers, rows = len(rows)-maxVolunteers, rows[:maxVolunteers]
	}
	p.Volunteers = rows
	return nil
}

func (s *Server) zoneList(lang string, zones []string) string {
	if len(zones) == 0 {
		return i18n.T(lang, "web.all_zones")
	}
	names := make([]string, len(zones))
	for i, z := range zones {
		names[i] = s.zoneName(z)
	}
	return clip(strings.Join(names, ", "), 60)
}

// noticeRow is one notice's line.
type noticeRow struct {
	ID                                 int64
	Created, Audience, Text, Schedule  string
	Sent, Unreachable, Failed, Pending int
	State                              string // what became of it, when not simply sent or scheduled
}

func (s *Server) fillNotices(p *page, list []notices.Summary) {
	for _, n := range list {
		row := noticeRow{ID: n.ID, Created: s.clock(n.Created), Audience: s.audience(p.Lang, n.Audience),
			Text: clip(n.Text, 80), Sent: n.Sent, Unreachable: n.Unreachable, Failed: n.Failed, Pending: n.Pending}
		switch {
		case n.State == "cancelled" && n.Spec != "":
			row.State = i18n.Plain(i18n.T(p.Lang, "web.notice_unscheduled", clip(n.Spec, 40)))
		case n.State == "cancelled" && n.Sent == 0:
			row.State = i18n.Plain(i18n.T(p.Lang, "web.notice_discarded"))
		case n.Cancelled > 0:
			row.State = i18n.Plain(i18n.T(p.Lang, "web.notice_stopped", n.Cancelled))
		case n.Spec != "":
			row.Schedule = clip(n.Spec, 40)
		}
		p.Notices = append(p.Notices, row)
	}
}

// audience names a notice's audience ("all", "zone:a1/3号楼") for people.
func (s *Server) audience(lang, a string) string {
	switch a {
	case notices.AudienceAll, notices.AudienceResidents, notices.AudienceVolunteers:
		return i18n.T(lang, "web.audience_"+a)
	}
	rest, ok := strings.CutPrefix(a, "zone:")
	if !ok {
		return clip(a, 40)
	}
	zone, building, _ := strings.Cut(rest, "/")
	return clip(strings.TrimSpace(s.zoneName(zone)+" "+building), 60)
}

// checkinRow is one zone's check-in answers.
type checkinRow struct {
	Zone                  string
	OK, Help, Sick, Quiet int
}

func (s *Server) fillCheckins(p *page, list []checkins.ZoneAnswers) {
	for _, z := range list {
		p.Checkins = append(p.Checkins, checkinRow{Zone: s.zoneName(z.Zone), OK: z.OK, Help: z.Help, Sick: z.Sick, Quiet: z.Quiet})
		t := &p.CheckinTotal
		t.OK, t.Help, t.Sick, t.Quiet = t.OK+z.OK, t.Help+z.Help, t.Sick+z.Sick, t.Quiet+z.Quiet
	}
}

package web

import (
	"context"
	"database/sql"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"linli/checkins"
	"linli/i18n"
	"linli/notices"
	"linli/orders"
	"linli/people"
)

// page is everything the dashboard shows, in one language.
type page struct {
	Lang, AsOf, Zone, Admin, CSRF  string
	Scope                          string // a scoped admin's zones; "" = every zone
	Open, Claimed, Overdue, OnDuty int
	Board                          []zoneBlock
	Chart                          chart
	Volunteers                     []volunteerRow
	MoreVolunteers                 int
	Notices                        []noticeRow
	Checkins                       []checkinRow
	CheckinTotal                   checkinRow
	Rounds                         []roundRow
	Replica                        *replicaState // nil: replication is off
}

// replicaState is the replica's lag as the page shows it.
type replicaState struct {
	Lag    string // e.g. "0.2" seconds
	Behind bool   // more than a minute behind: shown as a warning
}

// T renders a catalogue entry in the page's language; its arguments are numbers and times.
func (p *page) T(key string, args ...any) string { return i18n.Plain(i18n.T(p.Lang, key, args...)) }

// dashboard is the page.
func (s *Server) dashboard(w http.ResponseWriter, r *http.Request) {
	user, token, ok := s.session(w, r)
	if !ok {
		return
	}
	p, err := s.build(r.Context(), user)
	if err != nil {
		s.o.Logger.Error("dashboard", "component", "web", "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	p.CSRF = csrfToken(token)
	s.render(w, http.StatusOK, "dashboard.html", p)
}

// build reads the page's data in one read transaction, so its figures agree with each other.
func (s *Server) build(ctx context.Context, user int64) (*page, error) {
	tx, err := s.o.DB.Read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	now := s.o.Now()
	local := now.In(s.o.Location)
	dayStart := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, s.o.Location)
	admin, err := people.Get(ctx, tx, user)
	if err != nil {
		return nil, err
	}
	p := &page{Lang: admin.Lang, Admin: clip(admin.FirstName, 40), AsOf: s.clock(now), Zone: s.o.Location.String()}
	if s.o.ReplicaLag != nil {
		lag := s.o.ReplicaLag()
		p.Replica = &replicaState{Lag: strconv.FormatFloat(lag.Seconds(), 'f', 1, 64), Behind: lag > time.Minute}
	}
	scope, err := people.ActingScope(ctx, tx, user, people.RoleAdmin, s.admins[user])
	if err != nil {
		return nil, err
	}
	if !scope.All { // a scoped admin sees their zones only
		p.Scope = s.zoneList(p.Lang, scope.Zones)
	}
	zones := scope.Restrict(nil)
	board, err := orders.Board(ctx, tx, now, zones)
	if err != nil {
		return nil, err
	}
	s.fillBoard(p, board)
	waits, err := orders.PlacedBetween(ctx, tx, dayStart, now.Add(time.Millisecond), zones)
	if err != nil {
		return nil, err
	}
	p.Chart = newChart(waits, dayStart, now, s.o.Location)
	if err := s.fillVolunteers(ctx, tx, p, scope, dayStart, now); err != nil {
		return nil, err
	}
	latest, err := notices.Latest(ctx, tx, 10)
	if err != nil {
		return nil, err
	}
	s.fillNotices(p, inScopeNotices(latest, scope))
	answers, err := checkins.AnswersByZone(ctx, tx, checkins.DayOf(now, s.o.Location))
	if err != nil {
		return nil, err
	}
	answers = slices.DeleteFunc(answers, func(a checkins.ZoneAnswers) bool { return !scope.Covers(a.Zone) })
	s.fillCheckins(p, answers)
	if err := s.fillRounds(ctx, tx, p, manager(user, scope)); err != nil {
		return nil, err
	}
	return p, nil
}

// inScopeNotices keeps the notices to a zone of scope (all of them for a global scope).
func inScopeNotices(list []notices.Summary, scope people.Scope) []notices.Summary {
	if scope.All {
		return list
	}
	return slices.DeleteFunc(list, func(n notices.Summary) bool {
		zone, ok := strings.CutPrefix(n.Audience, "zone:")
		zone, _, _ = strings.Cut(zone, "/")
		return !ok || !scope.Covers(zone)
	})
}

// clock is a time as the dashboard shows it, local.
func (s *Server) clock(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.In(s.o.Location).Format("2006-01-02 15:04")
}

func (s *Server) render(w http.ResponseWriter, status int, name string, data any) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	if err := s.tmpl.t.ExecuteTemplate(w, name, data); err != nil {
		s.o.Logger.Error("render", "component", "web", "template", name, "err", err)
	}
}

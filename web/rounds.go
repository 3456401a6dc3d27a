package web

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"linli/i18n"
	"linli/people"
	"linli/supplies"
)

// roundRow is one open supply round on the dashboard.
type roundRow struct {
	ID                  int64
	Title, Status, Ends string
	Households, Waiting int
	Items               []string // "蔬菜包 40/100"; a distribution's "大米 5kg ×1" (each household's)
	Buildings           []supplies.Progress
	Closed              bool // has pick lists
	Free                bool // a distribution: every household of its audience, nobody signs up
}

// manager is user as a manager of rounds: the rounds they created, and those of the zones they
// are an admin of (scope), as /rounds and its exports decide.
func manager(user int64, scope people.Scope) supplies.Manager {
	return supplies.Manager{User: user, All: scope.All, Zones: scope.Zones}
}

// fillRounds reads the rounds not done or cancelled that m manages.
func (s *Server) fillRounds(ctx context.Context, tx *sql.Tx, p *page, m supplies.Manager) error {
	boards, err := supplies.New(supplies.Options{}).Board(ctx, tx, m)
	if err != nil {
		return err
	}
	for _, b := range boards {
		r := b.Round
		status := "round.status_" + string(r.Status)
		free := r.Kind == supplies.Distribution
		if free && r.Status == supplies.StatusOpen {
			status = "round.status_open_free" // announced: nobody signs up
		}
		row := roundRow{ID: r.ID, Title: clip(r.Title, 80), Status: i18n.Plain(i18n.T(p.Lang, status)),
			Ends: s.clock(r.Cutoff), Households: b.Households, Waiting: b.Waiting, Buildings: b.Buildings,
			Closed: r.Status != supplies.StatusOpen && r.Status != supplies.StatusDraft && r.Status != supplies.StatusApproved, Free: free}
		if free && !row.Closed { // allocated at its time: until then, the households its audience reaches
			if row.Households, err = supplies.Households(ctx, tx, r.Audience); err != nil {
				return err
			}
		}
		for _, it := range r.Items {
			if free {
				row.Items = append(row.Items, fmt.Sprintf("%s ×%d", clip(it.Name, 30), it.Max))
				continue
			}
			stock := "∞"
			if it.Stock > 0 {
				stock = strconv.FormatInt(it.Stock, 10)
			}
			row.Items = append(row.Items, fmt.Sprintf("%s %d/%s", clip(it.Name, 30), it.Taken, stock))
		}
		p.Rounds = append(p.Rounds, row)
	}
	return nil
}

// pickPage is the printable pick list of one round.
type pickPage struct {
	Lang, Title, AsOf string
	ID                int64
	Buildings         []pickBuilding
}

// pickBuilding is one building's part of a pick list.
type pickBuilding struct {
	Zone, Building string
	Rows           []supplies.Pick
	Units          int
}

// T renders a catalogue entry in the page's language.
func (p *pickPage) T(key string, args ...any) string { return i18n.Plain(i18n.T(p.Lang, key, args...)) }

// pickList is GET /picklist?round=N: the round's pick list by building, for printing. A round
// that does not exist and one the admin does not manage get the same page, in their language.
func (s *Server) pickList(w http.ResponseWriter, r *http.Request) {
	user, _, ok := s.session(w, r)
	if !ok {
		return
	}
	id, err := strconv.ParseInt(r.URL.Query().Get("round"), 10, 64)
	if err != nil || id <= 0 {
		s.render(w, http.StatusNotFound, "message.html", s.message(r.Context(), user, "web.picklist_unknown"))
		return
	}
	p, err := s.buildPicks(r.Context(), user, id)
	switch {
	case errors.Is(err, supplies.ErrNotFound):
		s.render(w, http.StatusNotFound, "message.html", s.message(r.Context(), user, "web.picklist_unknown"))
	case err != nil:
		s.o.Logger.Error("pick list", "component", "web", "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
	default:
		s.render(w, http.StatusOK, "picklist.html", p)
	}
}

// buildPicks reads round id's pick list for user, who must manage the round.
func (s *Server) buildPicks(ctx context.Context, user, id int64) (*pickPage, error) {
	tx, err := s.o.DB.Read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	admin, err := people.Get(ctx, tx, user)
	if err != nil {
		return nil, err
	}
	scope, err := people.ActingScope(ctx, tx, user, people.RoleAdmin, s.admins[user])
	if err != nil {
		return nil, err
	}
	svc := supplies.New(supplies.Options{})
	round, err := svc.Get(ctx, tx, id)
	if err == nil && !manager(user, scope).Manages(round) {
		err = fmt.Errorf("web: R%d is not %d's: %w", id, user, supplies.ErrNotFound) // as if there were none
	}
	if err != nil {
		return nil, err
	}
	picks, err := svc.PickList(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	p := &pickPage{Lang: admin.Lang, Title: clip(round.Title, 80), ID: id, AsOf: s.clock(s.o.Now())}
	for _, pk := range picks {
		n := len(p.Buildings)
		if n == 0 || p.Buildings[n-1].Zone != pk.Zone || p.Buildings[n-1].Building != pk.Building {
			p.Buildings = append(p.Buildings, pickBuilding{Zone: pk.Zone, Building: pk.Building})
			n++
		}
		p.Buildings[n-1].Rows = append(p.Buildings[n-1].Rows, pk)
		p.Buildings[n-1].Units += pk.Quantity
	}
	return p, nil
}

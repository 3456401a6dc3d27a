package supplies

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"linli/i18n"
	"linli/store"
)

// Limits on what a round may hold.
const (
	MaxTitle    = 100
	MaxItemName = 60
	MaxItems    = 20
	MaxQuantity = 99        // per household per item
	MaxStock    = 1_000_000 // per item
	MaxPrice    = 100_000_00
)

// NewRound is a round as its creator describes it.
type NewRound struct {
	Kind          Kind
	Title         string
	Audience      string
	Handover      Handover // "" = door
	PickupPoint   string
	SlotMinutes   int
	PickupStart   time.Time
	MinHouseholds int
	Cutoff        time.Time
	Items         []Item // No, ID and Taken are set by Create
	CreatedBy     int64
	// NeedsApproval is set for an organiser's group buy: it stays a draft until an admin approves.
	NeedsApproval bool
}

// Validate checks n at now and returns it normalised.
func (s *Service) Validate(n NewRound, now time.Time) (NewRound, error) {
	var err error
	if n.Kind != Distribution && n.Kind != GroupBuy {
		return n, badInput("kind", "not distribution or groupbuy")
	}
	n.Title = strings.TrimSpace(i18n.Clean(n.Title))
	if n.Title == "" || utf8.RuneCountInString(n.Title) > MaxTitle {
		return n, badInput("title", "empty or too long")
	}
	if n.Audience, err = ParseAudience(n.Audience, s.o.ZoneExists); err != nil {
		return n, err
	}
	if n.Handover == "" {
		n.Handover = Door
	}
	if sealed := s.SealedIn(n.Audience); n.Handover == Pickup && len(sealed) > 0 {
		return n, &InputError{Field: "pickup_sealed", Reason: "sealed zones are delivered to the door",
			Zones: sealed}
	}
	switch {
	case n.Handover != Door && n.Handover != Pickup:
		return n, badInput("handover", "not door or pickup")
	case n.Handover == Pickup && (strings.TrimSpace(n.PickupPoint) == "" || n.SlotMinutes < 1 || n.SlotMinutes > 240):
		return n, badInput("pickup", "a point and 1-240 minutes per building")
	case !n.Cutoff.After(now):
		return n, badInput("cutoff", "not in the future")
	case n.MinHouseholds < 0 || n.MinHouseholds > 100_000:
		return n, badInput("minimum", "out of range")
	case len(n.Items) == 0 || len(n.Items) > MaxItems:
		return n, badInput("items", fmt.Sprintf("1-%d items", MaxItems))
	}
	n.PickupPoint = strings.TrimSpace(i18n.Clean(n.PickupPoint))
	if n.Handover == Pickup && n.PickupStart.Before(n.Cutoff) {
		n.PickupStart = PickupStart(n.Kind, n.Cutoff)
	}
	unset := MaxQuantity // a group buy's item with no max: as many as a household asks for, to its stock
	if n.Kind == Distribution {
		unset = 1 // one of each for every household, unless the organiser says more
	}
	n.Items = slices.Clone(n.Items) // normalised in the copy: the caller's items are left as given
	for i := range n.Items {
		if n.Items[i], err = validItem(n.Items[i], unset); err != nil {
			return n, err
		}
		n.Items[i].No = i + 1
	}
	return n, nil
}

// PickupAfterCutoff is how long after a group buy's cut-off its pickup begins: the organiser
// orders the totals from the supplier at the cut-off.
const PickupAfterCutoff = time.Hour

// PickupStart is when the first building's pickup slot of a round of kind with that cut-off
// begins: a distribution's time is when its hand-out begins (what its organiser was asked), a
// group buy's is the end of sign-ups, and its pickup begins PickupAfterCutoff later.
func PickupStart(kind Kind, cutoff time.Time) time.Time {
	if kind == Distribution {
		return cutoff
	}
	return cutoff.Add(PickupAfterCutoff)
}

// SealedIn lists the sealed zones an audience (already parsed) reaches: every sealed zone for
// "all", its own zone if sealed for a zone or building.
func (s *Service) SealedIn(audience string) []string {
	zone := AudienceZone(audience)
	var out []string
	for _, z := range s.o.SealedZones {
		if zone == "" || zone == z {
			out = append(out, z)
		}
	}
	return out
}

// validItem checks it and returns it normalised; an item given no max gets unset (0: left unset,
// for ParseItem, which does not know the round's kind).
func validItem(it Item, unset int) (Item, error) {
	it.Name = strings.TrimSpace(i18n.Clean(it.Name))
	it.Unit = strings.TrimSpace(i18n.Clean(it.Unit))
	if it.Max == 0 {
		it.Max = unset
	}
	switch {
	case it.Name == "" || utf8.RuneCountInString(it.Name) > MaxItemName:
		return it, badInput("item", "name empty or too long")
	case utf8.RuneCountInString(it.Unit) > 10:
		return it, badInput("unit", "too long")
	case it.Price < 0 || it.Price > MaxPrice:
		return it, badInput("price", "out of range")
	case it.Max < 0 || it.Max > MaxQuantity: // 0 only as ParseItem leaves it, for Validate to fill
		return it, badInput("max", "out of range")
	case it.Stock < 0 || it.Stock > MaxStock:
		return it, badInput("stock", "out of range")
	}
	return it, nil
}

// Create validates n and stores it: a draft if it needs approval, else approved (ready to
// publish). Organisers' drafts are announced to admins (EventProposed).
func (s *Service) Create(ctx context.Context, tx *sql.Tx, n NewRound, now time.Time) (Round, error) {
	n, err := s.Validate(n, now)
	if err != nil {
		return Round{}, fmt.Errorf("supplies: create: %w", err)
	}
	if _, err := reached(ctx, tx, n.Audience); err != nil {
		return Round{}, fmt.Errorf("supplies: create: %w", err)
	}
	status := StatusApproved
	if n.NeedsApproval {
		status = StatusDraft
	}
	var start int64
	if n.Handover == Pickup {
		start = n.PickupStart.UnixMilli()
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO supply_rounds (kind, title, audience, handover, pickup_point,
		slot_minutes, pickup_start, min_households, cutoff_at, status, created_by, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, string(n.Kind), n.Title, n.Audience, string(n.Handover),
		n.PickupPoint, n.SlotMinutes, start, n.MinHouseholds, n.Cutoff.UnixMilli(), string(status), n.CreatedBy, now.UnixMilli())
	if err != nil {
		return Round{}, fmt.Errorf("supplies: create: %w", err)
	}
	id, _ := res.LastInsertId()
	for _, it := range n.Items {
		var stock any
		if it.Stock > 0 {
			stock = it.Stock
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO supply_items (round_id, no, name, unit, price, max_qty, stock)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, id, it.No, it.Name, it.Unit, it.Price, it.Max, stock); err != nil {
			return Round{}, fmt.Errorf("supplies: create R%d item %d: %w", id, it.No, err)
		}
	}
	r, err := s.Get(ctx, tx, id)
	if err != nil || status != StatusDraft {
		return r, err
	}
	return r, s.notify(ctx, tx, Event{Kind: EventProposed, Round: r, Actor: n.CreatedBy, At: now})
}

// Preview is n as Create would store it and Publish announce it, without storing anything: for
// its organiser to check before it goes out. households is how many its audience reaches now.
// It refuses as Create does.
func (s *Service) Preview(ctx context.Context, q store.Querier, n NewRound, now time.Time) (r Round, households int, err error) {
	if n, err = s.Validate(n, now); err != nil {
		return Round{}, 0, fmt.Errorf("supplies: preview: %w", err)
	}
	if households, err = reached(ctx, q, n.Audience); err != nil {
		return Round{}, 0, fmt.Errorf("supplies: preview: %w", err)
	}
	status := StatusOpen
	if n.NeedsApproval {
		status = StatusDraft
	}
	r = Round{Kind: n.Kind, Title: n.Title, Audience: n.Audience, Handover: n.Handover, PickupPoint: n.PickupPoint,
		SlotMinutes: n.SlotMinutes, MinHouseholds: n.MinHouseholds, Cutoff: n.Cutoff, Status: status,
		CreatedBy: n.CreatedBy, CreatedAt: now, Items: n.Items}
	if n.Handover == Pickup {
		r.PickupStart = n.PickupStart
	}
	return r, households, nil
}

// Households is how many registered households audience (already parsed) reaches.
func Households(ctx context.Context, q store.Querier, audience string) (int, error) {
	where, args := audienceSQL(audience)
	var n int
	if err := q.QueryRowContext(ctx, `SELECT count(*) FROM households h WHERE `+where, args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("supplies: reach of %s: %w", audience, err)
	}
	return n, nil
}

// reached is Households, refusing an audience no household is in: a round no household would see is
// a mistyped building, not a plan (/notice refuses the same).
func reached(ctx context.Context, q store.Querier, audience string) (int, error) {
	n, err := Households(ctx, q, audience)
	if err == nil && n == 0 {
		err = badInput("audience_empty", "no household registered in "+audience)
	}
	return n, err
}

// Approve lets an admin approve a draft (draft → approved).
func (s *Service) Approve(ctx context.Context, tx *sql.Tx, id, by int64, now time.Time) (Round, error) {
	return s.move(ctx, tx, id, "approve", []Status{StatusDraft}, StatusApproved, `, approved_by = ?`, []any{by})
}

// Publish opens an approved round for sign-up and announces it (EventOpened). A round whose
// cut-off has already passed is refused with ErrAfterCutoff.
func (s *Service) Publish(ctx context.Context, tx *sql.Tx, id, by int64, now time.Time) (Round, error) {
	r, err := s.Get(ctx, tx, id)
	if err != nil {
		return r, refused("publish", id, err)
	}
	if !r.Cutoff.After(now) {
		return r, refused("publish", id, ErrAfterCutoff)
	}
	if r, err = s.move(ctx, tx, id, "publish", []Status{StatusApproved}, StatusOpen, `, opened_at = ?`, []any{now.UnixMilli()}); err != nil {
		return r, err
	}
	return r, s.notify(ctx, tx, Event{Kind: EventOpened, Round: r, Actor: by, At: now})
}

// move takes round id from one of from to to with one conditional UPDATE; set and args add
// assignments. A refusal names what stands in the way and writes nothing.
func (s *Service) move(ctx context.Context, tx *sql.Tx, id int64, action string, from []Status, to Status, set string, args []any) (Round, error) {
	r, err := s.Get(ctx, tx, id)
	if err != nil {
		return r, refused(action, id, err)
	}
	ok := false
	for _, f := range from {
		ok = ok || r.Status == f
	}
	if !ok {
		if e := stateErr(r); e != nil {
			return r, refused(action, id, e)
		}
		return r, refused(action, id, ErrWrongState)
	}
	q := `UPDATE supply_rounds SET status = ?, version = version + 1` + set + ` WHERE id = ? AND version = ?`
	res, err := tx.ExecContext(ctx, q, append(append([]any{string(to)}, args...), id, r.Version)...)
	if err != nil {
		return r, fmt.Errorf("supplies: %s R%d: %w", action, id, err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return r, refused(action, id, ErrWrongState)
	}
	return s.Get(ctx, tx, id)
}

const roundColumns = `id, kind, title, audience, handover, pickup_point, slot_minutes, pickup_start,
	min_households, cutoff_at, status, version, created_by, approved_by, reason, created_at, closed_at`

func scanRound(sc store.Scanner) (Round, error) {
	var r Round
	var start, cutoff, created, closed int64
	err := sc.Scan(&r.ID, &r.Kind, &r.Title, &r.Audience, &r.Handover, &r.PickupPoint, &r.SlotMinutes, &start,
		&r.MinHouseholds, &cutoff, &r.Status, &r.Version, &r.CreatedBy, &r.ApprovedBy, &r.Reason, &created, &closed)
	r.Cutoff, r.CreatedAt = ms(cutoff), ms(created)
	if start > 0 {
		r.PickupStart = ms(start)
	}
	if closed > 0 {
		r.ClosedAt = ms(closed)
	}
	return r, err
}

func ms(v int64) time.Time { return time.UnixMilli(v).UTC() }

// Get reads round id with its items.
func (s *Service) Get(ctx context.Context, q store.Querier, id int64) (Round, error) {
	r, err := scanRound(q.QueryRowContext(ctx, `SELECT `+roundColumns+` FROM supply_rounds WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Round{}, fmt.Errorf("supplies: R%d: %w", id, ErrNotFound)
	}
	if err != nil {
		return Round{}, fmt.Errorf("supplies: R%d: %w", id, err)
	}
	r.Items, err = items(ctx, q, id)
	return r, err
}

func items(ctx context.Context, q store.Querier, round int64) ([]Item, error) {
	return store.QueryRows(ctx, q, fmt.Sprintf("supplies: items of R%d", round), func(sc store.Scanner) (Item, error) {
		var it Item
		err := sc.Scan(&it.ID, &it.RoundID, &it.No, &it.Name, &it.Unit, &it.Price, &it.Max, &it.Stock, &it.Taken)
		return it, err
	}, `SELECT id, round_id, no, name, unit, price, max_qty, coalesce(stock, 0), taken
		FROM supply_items WHERE round_id = ? ORDER BY no`, round)
}

// List returns up to limit rounds, newest first; with active only, those not done or cancelled.
func (s *Service) List(ctx context.Context, q store.Querier, active bool, limit int) ([]Round, error) {
	where := ""
	if active {
		where = `WHERE status NOT IN ('done', 'cancelled')`
	}
	return s.list(ctx, q, `SELECT `+roundColumns+` FROM supply_rounds `+where+` ORDER BY id DESC LIMIT ?`, limit)
}

// Open returns the open rounds whose audience takes a household in zone and building.
func (s *Service) Open(ctx context.Context, q store.Querier, zone, building string) ([]Round, error) {
	all, err := s.list(ctx, q, `SELECT `+roundColumns+` FROM supply_rounds WHERE status = 'open' ORDER BY cutoff_at, id LIMIT ?`, 200)
	var out []Round
	for _, r := range all {
		if r.Serves(zone, building) {
			out = append(out, r)
		}
	}
	return out, err
}

func (s *Service) list(ctx context.Context, q store.Querier, query string, args ...any) ([]Round, error) {
	out, err := store.QueryRows(ctx, q, "supplies: list rounds", scanRound, query, args...)
	if err != nil {
		return nil, err
	}
	for i := range out {
		if out[i].Items, err = items(ctx, q, out[i].ID); err != nil {
			return nil, err
		}
	}
	return out, nil
}

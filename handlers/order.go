package handlers

import (
	"errors"
	"strings"

	"linli/i18n"
	"linli/orders"
	"linli/outbox"
	"linli/people"
)

// place opens the order n (household, category, what, note, urgency, prescription) for the
// user and tells them its number, its state and what happens next. Where it goes is the
// household's. The household comes from a flow's data, so it is read and the user checked again.
func (h *Handlers) place(r *request, n orders.NewOrder) error {
	hh, err := people.GetHousehold(r.ctx, r.unit.Tx, n.HouseholdID)
	if err != nil {
		return err
	}
	if ok, err := people.MayActFor(r.ctx, r.unit.Tx, r.user.ID, hh.ID); err != nil || !ok {
		return errOr(err, userErr("error.forbidden"))
	}
	if err := h.mayServe(r, hh.ID, hh.Zone); err != nil { // a scoped grid worker: their zones only
		return err
	}
	return h.placeFor(r, hh, n)
}

// placeFor places n for hh, which the caller has read and found the user may order for and
// serve: the one-line /order's household is the user's own or the only one they act for, and
// orderCommand has called mayServe.
func (h *Handlers) placeFor(r *request, hh people.Household, n orders.NewOrder) error {
	n.PlacedBy, n.Zone, n.Building, n.Vulnerable = r.user.ID, hh.Zone, hh.Building, hh.IsVulnerable()
	o, err := h.orders.Place(r.ctx, r.unit.Tx, n, r.unit.Now)
	if err != nil {
		return h.refused(ordering, err)
	}
	code, err := h.handoverLine(r.ctx, r.unit.Tx, r.lang(), o)
	if err != nil {
		return err
	}
	placed := r.t("order.placed", o.ID, h.orderText(r, o)) + code
	if r.inPlace != 0 { // a draft's ✅ (freetext.go): the draft becomes this, no reply keyboard is open under it
		err = r.reply(placed)
	} else {
		err = r.send(outbox.Message{Text: placed, RemoveKeyboard: true})
	}
	if err != nil {
		return err
	}
	return h.noCounsellor(r, o)
}

// noCounsellor tells the household, and the admins of its zone, when a counselling request o has
// no counsellor to take it there: otherwise it would wait in a queue no one sees.
func (h *Handlers) noCounsellor(r *request, o orders.Order) error {
	if !h.orders.CounsellorsOnly(o) {
		return nil
	}
	// Who may take it is orders.MayTake's to say: a counsellor who volunteers in its zone and
	// category, or one who is an admin of its zone.
	vols, err := people.Volunteers(r.ctx, r.unit.Tx)
	if err != nil {
		return err
	}
	admins, err := people.ZoneAdmins(r.ctx, r.unit.Tx, o.Zone, h.o.Admins)
	if err != nil {
		return err
	}
	// Each as the taker they would be if they held the counsellor role, which is asked last.
	candidates := map[int64]orders.Taker{}
	for _, v := range vols {
		candidates[v.UserID] = orders.Taker{Volunteer: true, Zones: v.Zones, Categories: v.Categories, Counsellor: true}
	}
	for _, a := range admins {
		t := candidates[a]
		t.Counsellor, t.AdminIn = true, func(zone string) bool { return zone == o.Zone }
		candidates[a] = t
	}
	for user, t := range candidates {
		if !h.orders.MayTake(t, o) {
			continue
		}
		if ok, err := people.HasRole(r.ctx, r.unit.Tx, user, people.RoleCounsellor); err != nil || ok {
			return err // someone will see it
		}
	}
	if err := r.reply(r.t("counsel.none_yet")); err != nil {
		return err
	}
	for _, a := range admins { // the zone and the number only: the request is the resident's own
		if err := h.tell(r.ctx, r.unit.Tx, a, r.unit.Now, "counsel.none_admin", o.ID, i18n.Clip(h.zoneName(o.Zone), 40)); err != nil {
			return err
		}
	}
	return nil
}

// orderCommand is /order (guided) and /order <category> [!urgent] <items> (one line).
func (h *Handlers) orderCommand(r *request) error {
	args := strings.TrimSpace(r.cmd.Args)
	if args == "" {
		return h.startOrder(r)
	}
	cat, items, _ := strings.Cut(args, " ")
	cat = h.categoryTyped(cat)
	var urgent *bool
	items = strings.TrimSpace(i18n.Clean(items))
	if rest, ok := strings.CutPrefix(items, "!urgent"); ok {
		u := true
		urgent, items = &u, strings.TrimSpace(rest)
	}
	if items == "" {
		return userErr("order.usage", i18n.Raw(strings.Join(h.categoryKeys(), ", ")))
	}
	if _, err := h.orders.Catalog().Lookup(cat); err != nil {
		return h.refused(ordering, err)
	}
	hh, err := h.oneLineHousehold(r)
	if err != nil {
		return err
	}
	if err := h.mayServe(r, hh.ID, hh.Zone); err != nil { // before an open order of it is shown
		return err
	}
	n := orders.NewOrder{HouseholdID: hh.ID, Category: cat, Items: items, Urgent: urgent}
	if dup, err := h.oneLineDuplicate(r, n); err != nil || dup {
		return err
	}
	return h.placeFor(r, hh, n)
}

// oneLineHousehold is the household a one-line /order is for: the user's own, else the only one
// they act for; someone acting for several chooses in the guided /order.
func (h *Handlers) oneLineHousehold(r *request) (people.Household, error) {
	hh, err := people.SelfHousehold(r.ctx, r.unit.Tx, r.user.ID)
	if !errors.Is(err, people.ErrNotFound) {
		return hh, err
	}
	ms, err := people.HouseholdsOf(r.ctx, r.unit.Tx, r.user.ID)
	switch {
	case err != nil:
		return people.Household{}, err
	case len(ms) == 0:
		return people.Household{}, userErr("order.register_first")
	case len(ms) > 1:
		return people.Household{}, userErr("order.choose_household")
	}
	return ms[0].Household, nil
}

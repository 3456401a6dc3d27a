package handlers

import (
	"errors"
	"fmt"
	"strings"

	"linli/i18n"
	"linli/people"
)

// registered reports whether the user acts for at least one household.
func (h *Handlers) registered(r *request) (bool, error) {
	ms, err := people.HouseholdsOf(r.ctx, r.unit.Tx, r.user.ID)
	return len(ms) > 0, err
}

// mayRegisterOthers: grid workers and volunteers register residents who have no smartphone.
func (h *Handlers) mayRegisterOthers(r *request) (bool, error) {
	if r.admin {
		return true, nil
	}
	for _, role := range []string{people.RoleGridWorker, people.RoleVolunteer} {
		if ok, err := r.holds(role); err != nil || ok {
			return ok, err
		}
	}
	return false, nil
}

// registerCommand is /register (guided) or /register <zone>; <name>; <phone>; <address> (one
// line). A grid worker registers someone else; anyone else registers their own household.
func (h *Handlers) registerCommand(r *request) error {
	other, err := h.mayRegisterOthers(r)
	if err != nil {
		return err
	}
	data := map[string]string{}
	if other {
		data["for"] = "other"
	} else if _, err := people.SelfHousehold(r.ctx, r.unit.Tx, r.user.ID); !errors.Is(err, people.ErrNotFound) {
		return errOr(err, userErr("register.already")) // a relative may still register their own home
	}
	args := strings.TrimSpace(r.cmd.Args)
	if args == "" {
		return h.startRegistration(r, data)
	}
	parts := strings.Split(strings.ReplaceAll(args, "；", ";"), ";")
	if len(parts) != 4 {
		return userErr("register.usage", i18n.Raw(h.zoneKeys()))
	}
	addr, ok := people.ParseAddress(i18n.Clean(parts[3]))
	switch {
	case !ok && len(strings.Fields(parts[3])) < 2: // one word: not an address at all
		return userErr("register.usage", i18n.Raw(h.zoneKeys()))
	case !ok: // a room, but in which building?
		return userErr("register.which_building", i18n.Clip(strings.TrimSpace(parts[3]), 60))
	}
	building, room := addr.Building, addr.Room
	in, err := people.ValidateHousehold(people.HouseholdInput{
		Zone: strings.ToLower(strings.TrimSpace(parts[0])), Name: parts[1], Phone: parts[2],
		Building: building, Room: room, Size: 1,
	}, h.zoneExists)
	if err != nil {
		return h.refused(registering, err)
	}
	rel := people.RelSelf
	if other {
		rel = people.RelGridWorker
		if err := h.mayServe(r, 0, in.Zone); err != nil {
			return err
		}
	} else if id, ok, err := h.linkedAt(r, nil, in); err != nil {
		return err
	} else if ok { // on the community's list: linked instead of registered twice
		return h.linkImported(r, id)
	} else if err := h.phoneFree(r, nil, false, in.Phone); err != nil {
		return err
	}
	want := ""
	if !other {
		if want, err = h.keptWant(r); err != nil { // typed before registering (want.go)
			return err
		}
	}
	hh, err := people.Register(r.ctx, r.unit.Tx, in, r.user.ID, rel, r.unit.Now)
	if err != nil {
		return h.refused(registering, err)
	}
	if err := h.endGuidedRegistration(r); err != nil {
		return err
	}
	done := r.t("register.done", h.householdText(r, in), fmt.Sprint(hh.ID))
	if want == "" {
		return h.menu(r, done)
	}
	if err := r.reply(done); err != nil {
		return err
	}
	return h.draftFrom(r, want)
}

// endGuidedRegistration ends a guided registration the sender had open (/start begins one) once
// the one-line /register has done its work: their next words are not its answers. A need kept
// before registering goes with it (drafted by then).
func (h *Handlers) endGuidedRegistration(r *request) error {
	f, ok, err := people.LoadFlow(r.ctx, r.unit.Tx, r.user.ID)
	if err != nil || !ok || f.Name != "register" && f.Name != "want" {
		return err
	}
	return people.ClearFlow(r.ctx, r.unit.Tx, r.user.ID)
}

func (h *Handlers) zoneKeys() string {
	var keys []string
	for _, z := range h.o.Zones {
		keys = append(keys, i18n.Escape(z.Key)+" ("+i18n.Escape(z.Name)+")")
	}
	return strings.Join(keys, ", ")
}

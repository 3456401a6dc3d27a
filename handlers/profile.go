package handlers

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"linli/i18n"
	"linli/outbox"
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
		if ok, err := people.HasRole(r.ctx, r.unit.Tx, r.user.ID, role); err != nil || ok {
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
		return h.startFlow(r, h.flows()["register"], "name", data)
	}
	parts := strings.Split(strings.NewReplacer("；", ";").Replace(args), ";")
	if len(parts) != 4 {
		return userErr("register.usage", i18n.Raw(h.zoneKeys()))
	}
	building, room, ok := splitAddress(parts[3])
	if !ok {
		return userErr("register.usage", i18n.Raw(h.zoneKeys()))
	}
	in, err := people.ValidateHousehold(people.HouseholdInput{
		Zone: strings.ToLower(strings.TrimSpace(parts[0])), Name: parts[1], Phone: parts[2],
		Building: building, Room: room, Size: 1,
	}, h.zoneExists)
	var ie *people.InputError
	if errors.As(err, &ie) {
		if ie.Field == "zone" {
			return userErr("register.bad_zone", i18n.Raw(h.zoneKeys()))
		}
		return userErr("register.bad_" + ie.Field)
	}
	if err != nil {
		return err
	}
	rel := people.RelSelf
	if other {
		rel = people.RelGridWorker
	} else if id, ok, err := h.linkedAt(r, nil, in); err != nil {
		return err
	} else if ok { // on the community's list: linked instead of registered twice
		return h.linkImported(r, id)
	}
	hh, err := people.Register(r.ctx, r.unit.Tx, in, r.user.ID, rel, r.unit.Now)
	if errors.Is(err, people.ErrAlreadyRegistered) {
		return userErr("register.already")
	}
	if err != nil {
		return err
	}
	return r.reply(r.t("register.done", h.householdText(r, in), fmt.Sprint(hh.ID)))
}

// splitAddress reads "3号楼 2单元 301" as building "3号楼" and room "2单元 301".
func splitAddress(s string) (building, room string, ok bool) {
	fields := strings.Fields(strings.ReplaceAll(s, "\u3000", " "))
	if len(fields) < 2 {
		return "", "", false
	}
	return fields[0], strings.Join(fields[1:], " "), true
}

func (h *Handlers) zoneKeys() string {
	var keys []string
	for _, z := range h.o.Zones {
		keys = append(keys, i18n.Escape(z.Key)+" ("+i18n.Escape(z.Name)+")")
	}
	return strings.Join(keys, ", ")
}

// profile is /profile: the households the user acts for, each with an Edit button.
func (h *Handlers) profile(r *request) error {
	ms, err := people.HouseholdsOf(r.ctx, r.unit.Tx, r.user.ID)
	if err != nil {
		return err
	}
	if len(ms) == 0 {
		return userErr("order.register_first")
	}
	var b strings.Builder
	b.WriteString(r.t("profile.title"))
	var rows [][]outbox.Button
	for _, m := range ms {
		b.WriteString("\n\n" + string(h.householdText(r, inputOf(m.Household))))
		rows = append(rows, []outbox.Button{{
			Text: r.label("profile.edit", i18n.Clip(m.Household.Name, 20)),
			Data: "p:e:" + strconv.FormatInt(m.Household.ID, 10),
		}})
	}
	return r.reply(b.String(), rows...)
}

func inputOf(hh people.Household) people.HouseholdInput {
	return people.HouseholdInput{Zone: hh.Zone, Building: hh.Building, Unit: hh.Unit, Room: hh.Room,
		Name: hh.Name, Phone: hh.Phone, Size: hh.Size, Vulnerable: hh.Vulnerable}
}

// profileButton: p:e:<id> edits a household the presser acts for, through the registration
// summary.
func (h *Handlers) profileButton(r *request) error {
	_, rest := callbackData(r.callback.Data)
	id, err := strconv.ParseInt(strings.TrimPrefix(rest, "e:"), 10, 64)
	if err != nil {
		return userErr("error.stale_button")
	}
	if ok, err := people.MayActFor(r.ctx, r.unit.Tx, r.user.ID, id); err != nil || !ok {
		return errOr(err, userErr("error.forbidden"))
	}
	hh, err := people.GetHousehold(r.ctx, r.unit.Tx, id)
	if err != nil {
		return err
	}
	data := map[string]string{
		"household": fmt.Sprint(hh.ID), "zone": hh.Zone, "building": hh.Building, "room": address(hh.Unit, hh.Room),
		"name": hh.Name, "phone": hh.Phone, "size": fmt.Sprint(hh.Size), "vuln": strings.Join(hh.Vulnerable, ","),
		"editing": "1",
	}
	return h.startFlow(r, h.flows()["register"], "confirm", data)
}

// menu is the main menu of a registered resident: big buttons for what they do most.
func (h *Handlers) menu(r *request, text string) error {
	return r.reply(text,
		[]outbox.Button{{Text: "🛒 " + r.t("menu.order"), Data: "m:order"}},
		[]outbox.Button{{Text: "📋 " + r.t("menu.orders"), Data: "m:orders"}, {Text: "🏠 " + r.t("menu.profile"), Data: "m:profile"}},
		[]outbox.Button{{Text: "❓ " + r.t("menu.help"), Data: "m:help"}})
}

// menuButton takes the main menu's buttons.
func (h *Handlers) menuButton(r *request) error {
	_, what := callbackData(r.callback.Data)
	if err := r.answer("", false); err != nil {
		return err
	}
	switch what {
	case "order":
		return h.startOrder(r)
	case "orders":
		return h.myOrders(r)
	case "profile":
		return h.profile(r)
	case "help":
		return h.help(r)
	}
	return userErr("error.stale_button")
}

// linkRelative takes /start f_<code>: a relative joins a household to order for it.
func (h *Handlers) linkRelative(r *request, code string) error {
	hh, err := people.UseLinkCode(r.ctx, r.unit.Tx, code, r.user.ID, r.unit.Now)
	switch {
	case errors.Is(err, people.ErrCodeExpired):
		return userErr("family.code_expired")
	case errors.Is(err, people.ErrCodeUsed):
		return userErr("family.code_used")
	case errors.Is(err, people.ErrCodeInvalid):
		return userErr("family.code_invalid")
	case err != nil:
		return err
	}
	return h.menu(r, r.t("family.linked", hh.Name, address(hh.Building, hh.Unit, hh.Room)))
}

// family is /family: a one-time link a resident sends a relative so they can order too.
func (h *Handlers) family(r *request) error {
	hh, err := people.SelfHousehold(r.ctx, r.unit.Tx, r.user.ID)
	if errors.Is(err, people.ErrNotFound) {
		return userErr("order.register_first")
	}
	if err != nil {
		return err
	}
	code, err := people.NewLinkCode(r.ctx, r.unit.Tx, hh.ID, r.user.ID, r.unit.Now, familyCodeTTL)
	if err != nil {
		return err
	}
	link := "https://t.me/" + h.me + "?start=f_" + code
	return r.reply(r.t("family.link", link, code))
}

package handlers

import (
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"

	"github.com/go-telegram/bot/models"

	"linli/i18n"
	"linli/orders"
	"linli/outbox"
	"linli/people"
)

// Volunteers join with a one-time invite an admin makes (/invite), choose the categories they
// take, and go on and off duty. Their buttons carry "v:<verb>[:<arg>]": v:t:<category> toggles a
// category, v:ok ends the choice, v:d:on|off switches duty, v:p:<offset> is the next page of
// /volunteers. Every press is authorised again from the presser, never from the data.

// inviteTTL is how long a volunteer invite stays valid.
const inviteTTL = 72 * time.Hour

// A /volunteers page holds at most volunteersPerPage entries and pageBudget UTF-16 units of
// HTML (what Telegram shows is never longer than its HTML), under Telegram's 4096.
const (
	volunteersPerPage = 30
	pageBudget        = 3600
)

// acts reports whether the user acts as role (a staff role: volunteer, organiser, grid
// worker): they hold it in some zone, or they are an admin, who may do what any of them does.
func acts(r *request, role string) (bool, error) {
	if r.admin {
		return true, nil
	}
	return r.holds(role)
}

// actsAs is acts with the user's roles read already (people.Roles).
func actsAs(r *request, roles []string, role string) bool {
	return r.admin || slices.Contains(roles, role)
}

// actingOnly wraps run so that only those who act as role (acts) get to it; anyone else is told
// refusal.
func actingOnly(role, refusal string, run handlerFunc) handlerFunc {
	return func(r *request) error {
		if ok, err := acts(r, role); err != nil || !ok {
			return errOr(err, userErr(refusal))
		}
		return run(r)
	}
}

// volunteerOnly wraps a command only volunteers (and admins) may run.
func (h *Handlers) volunteerOnly(run handlerFunc) handlerFunc {
	return actingOnly(people.RoleVolunteer, "error.volunteer_only", run)
}

// volunteerRecord is the presser's own volunteer record; an admin who never joined has none.
func (h *Handlers) volunteerRecord(r *request) (people.Volunteer, error) {
	v, err := people.GetVolunteer(r.ctx, r.unit.Tx, r.user.ID)
	return v, h.refused(volunteering, err)
}

// invite is /invite [zone-key ...]: a one-time code and deep link that make someone a volunteer
// for those zones (none: every zone). Only in a private chat: the code is as good as a key.
func (h *Handlers) invite(r *request) error {
	var zones []string
	for _, key := range strings.Fields(strings.ToLower(r.cmd.Args)) {
		if !h.zoneExists(key) {
			return userErr("invite.unknown_zone", i18n.Clip(key, 32), i18n.Raw(h.zoneKeys()))
		}
		if !slices.Contains(zones, key) {
			zones = append(zones, key)
		}
	}
	zones, err := r.within(zones) // a scoped admin invites into their zones only
	if err != nil {
		return err
	}
	code, err := people.NewInvite(r.ctx, r.unit.Tx, zones, r.user.ID, r.unit.Now, inviteTTL)
	if err != nil {
		return err
	}
	link := "https://t.me/" + h.me + "?start=v_" + code
	return r.reply(r.t("invite.done", h.zoneNames(r.lang(), zones), int(inviteTTL/time.Hour), link, code))
}

// join is /join <code>.
func (h *Handlers) join(r *request) error {
	if strings.TrimSpace(r.cmd.Args) == "" {
		return userErr("join.usage")
	}
	return h.joinWithCode(r, r.cmd.Args)
}

// joinWithCode spends an invite (/join <code>, /start v_<code>): a welcome, then the choice of
// categories.
func (h *Handlers) joinWithCode(r *request, code string) error {
	v, err := people.UseInvite(r.ctx, r.unit.Tx, strings.ToLower(strings.TrimSpace(code)), r.user.ID, r.unit.Now)
	if err != nil {
		return h.refused(joining, err)
	}
	r.rolesChanged()
	if err := h.syncMenu(r.ctx, r.unit.Tx, r.user.ID, r.unit.Now); err != nil { // the volunteers' commands
		return err
	}
	welcome := r.t("join.welcome", h.zoneNames(r.lang(), v.Zones)) + "\n\n" + h.dutyText(r, v.OnDuty)
	if err := r.reply(welcome); err != nil {
		return err
	}
	text, rows, err := h.categoryChoice(r, v)
	if err != nil {
		return err
	}
	return r.reply(text, rows...)
}

// offeredCategories are the categories the user may take: every enabled one, those for
// counsellors only if they are one.
func (h *Handlers) offeredCategories(r *request) ([]orders.Category, error) {
	counsellor, err := r.holds(people.RoleCounsellor)
	if err != nil {
		return nil, err
	}
	var out []orders.Category
	for _, c := range h.orders.Catalog().Enabled() {
		if !c.CounsellorsOnly() || counsellor {
			out = append(out, c)
		}
	}
	return out, nil
}

// categoryChoice is the question with one toggle per category and Done.
func (h *Handlers) categoryChoice(r *request, v people.Volunteer) (string, [][]outbox.Button, error) {
	offered, err := h.offeredCategories(r)
	if err != nil {
		return "", nil, err
	}
	var rows [][]outbox.Button
	for _, c := range offered {
		mark := "▫️ "
		if slices.Contains(v.Categories, c.Key) {
			mark = "✅ "
		}
		rows = append(rows, []outbox.Button{{Text: mark + h.categoryLabel(r, c.Key), Data: volunteerButtons.data("t", c.Key)}})
	}
	rows = append(rows, []outbox.Button{{Text: "✔ " + r.t("button.done"), Data: volunteerButtons.data("ok")}})
	return r.t("volunteer.ask_categories", h.categoryNames(r, v.Categories)), rows, nil
}

// categoryNames names the categories a volunteer takes ("every category" for none).
func (h *Handlers) categoryNames(r *request, cats []string) string {
	if len(cats) == 0 {
		return r.t("volunteer.all_categories")
	}
	names := make([]string, len(cats))
	for i, c := range cats {
		names[i] = h.categoryLabel(r, c)
	}
	return strings.Join(names, r.t("volunteer.list_sep"))
}

// volunteerButton takes the volunteers' buttons. They are only ever shown in private chats.
func (h *Handlers) volunteerButton(r *request) error {
	_, rest := callbackData(r.callback.Data)
	verb, arg, _ := strings.Cut(rest, ":")
	switch verb {
	case "t":
		return h.toggleCategory(r, arg)
	case "ok":
		return h.categoriesChosen(r)
	case "d":
		return h.dutyButton(r, arg)
	case "p":
		return h.moreVolunteers(r, arg)
	}
	return userErr("error.stale_button")
}

// toggleCategory is v:t:<category>: the presser's own choice changes, and the question is shown
// again with its marks.
func (h *Handlers) toggleCategory(r *request, key string) error {
	v, err := h.volunteerRecord(r)
	if err != nil {
		return err
	}
	offered, err := h.offeredCategories(r)
	if err != nil {
		return err
	}
	if !slices.ContainsFunc(offered, func(c orders.Category) bool { return c.Key == key }) {
		return userErr("error.stale_button")
	}
	var chosen []string
	for _, c := range offered { // in the catalogue's order; stale keys fall away
		on := slices.Contains(v.Categories, c.Key)
		if on != (c.Key == key) {
			chosen = append(chosen, c.Key)
		}
	}
	if err := people.SetCategories(r.ctx, r.unit.Tx, r.user.ID, chosen); err != nil {
		return err
	}
	v.Categories = chosen
	text, rows, err := h.categoryChoice(r, v)
	if err != nil {
		return err
	}
	return h.showAgain(r, text, rows...)
}

// categoriesChosen is v:ok: the choice is kept (it was saved at each toggle) and summed up.
func (h *Handlers) categoriesChosen(r *request) error {
	v, err := h.volunteerRecord(r)
	if err != nil {
		return err
	}
	return h.showAgain(r, r.t("volunteer.categories_set", h.categoryNames(r, v.Categories)))
}

// showAgain replaces the message whose button was pressed, so toggles do not pile up messages.
// It sends a new message instead when the pressed message is not one carrying that button (an
// inaccessible or forged one): the bot only ever edits its own question.
func (h *Handlers) showAgain(r *request, text string, rows ...[]outbox.Button) error {
	r.replacePressed()
	return r.reply(text, rows...)
}

// carriesButton reports whether kb has a button with exactly this callback data.
func carriesButton(kb *models.InlineKeyboardMarkup, data string) bool {
	if kb == nil {
		return false
	}
	for _, row := range kb.InlineKeyboard {
		for _, b := range row {
			if b.CallbackData == data {
				return true
			}
		}
	}
	return false
}

// duty is /duty (show, with a button to switch) and /duty on|off.
func (h *Handlers) duty(r *request) error {
	v, err := h.volunteerRecord(r)
	if err != nil {
		return err
	}
	switch strings.ToLower(r.cmd.Args) {
	case "":
		return r.reply(h.dutyText(r, v.OnDuty), dutyRow(r, v.OnDuty))
	case "on":
		return h.setDuty(r, true, r.reply)
	case "off":
		return h.setDuty(r, false, r.reply)
	}
	return userErr("duty.usage")
}

// dutyButton is v:d:on|off.
func (h *Handlers) dutyButton(r *request, arg string) error {
	if arg != "on" && arg != "off" {
		return userErr("error.stale_button")
	}
	if _, err := h.volunteerRecord(r); err != nil {
		return err
	}
	return h.setDuty(r, arg == "on", func(text string, rows ...[]outbox.Button) error {
		return h.showAgain(r, text, rows...)
	})
}

func (h *Handlers) setDuty(r *request, on bool, show func(string, ...[]outbox.Button) error) error {
	if err := people.SetDuty(r.ctx, r.unit.Tx, r.user.ID, on, r.unit.Now); err != nil {
		return err
	}
	if on {
		return show(h.dutyText(r, on), dutyRow(r, on))
	}
	// Off duty with tasks in hand: say what they still hold, to deliver or release.
	held, rows, err := h.stillHeld(r)
	if err != nil || held == "" {
		if err != nil {
			return err
		}
		return show(h.dutyText(r, on), dutyRow(r, on))
	}
	return show(h.dutyText(r, on)+"\n\n"+held, append(rows, dutyRow(r, on))...)
}

func (h *Handlers) dutyText(r *request, on bool) string {
	if on {
		return r.t("duty.on")
	}
	return r.t("duty.off")
}

// dutyRow is the button that switches to the other state.
func dutyRow(r *request, on bool) []outbox.Button {
	if on {
		return []outbox.Button{{Text: "⚪ " + r.t("duty.go_off"), Data: volunteerButtons.data("d", "off")}}
	}
	return []outbox.Button{{Text: "🟢 " + r.t("duty.go_on"), Data: volunteerButtons.data("d", "on")}}
}

// volunteers is /volunteers: every volunteer with zones, categories, duty, load and last
// activity, a page at a time. Only in a private chat: it names people.
func (h *Handlers) volunteers(r *request) error {
	return h.volunteerPage(r, 0)
}

// moreVolunteers is v:p:<offset>, the next page; the presser must be an admin now.
func (h *Handlers) moreVolunteers(r *request, arg string) error {
	offset, err := strconv.Atoi(arg)
	switch {
	case !r.admin:
		return userErr("error.admin_only")
	case err != nil || offset < 0:
		return userErr("error.stale_button")
	}
	return h.volunteerPage(r, offset)
}

func (h *Handlers) volunteerPage(r *request, offset int) error {
	all, err := people.Volunteers(r.ctx, r.unit.Tx)
	if err != nil {
		return err
	}
	all = inScope(all, r.scope) // a scoped admin's volunteers: those who serve their zones
	if len(all) == 0 {
		return r.reply(r.t("volunteers.none"))
	}
	if offset >= len(all) {
		return userErr("volunteers.gone")
	}
	var b strings.Builder
	b.WriteString(r.t("volunteers.title", len(all)))
	end := offset
	for ; end < len(all) && end-offset < volunteersPerPage; end++ {
		entry, err := h.volunteerEntry(r, all[end])
		if err != nil {
			return err
		}
		if end > offset && utf16Len(b.String())+utf16Len(entry)+2 > pageBudget {
			break
		}
		b.WriteString("\n\n" + entry)
	}
	b.WriteString("\n\n" + r.t("volunteers.footer", offset+1, end, len(all)))
	if end == len(all) {
		return r.reply(b.String())
	}
	return r.reply(b.String(), []outbox.Button{{Text: r.label("volunteers.more", len(all)-end), Data: volunteerButtons.data("p", strconv.Itoa(end))}})
}

// volunteerEntry is one volunteer in /volunteers; every part is clipped, so one entry never
// outgrows a page.
func (h *Handlers) volunteerEntry(r *request, v people.Volunteer) (string, error) {
	name, _, _, err := h.whoIs(r, v.UserID)
	if err != nil {
		return "", err
	}
	if strings.TrimSpace(name) == "" {
		name = "—"
	}
	held, err := h.orders.ClaimedBy(r.ctx, r.unit.Tx, v.UserID)
	if err != nil {
		return "", err
	}
	duty := r.t("volunteers.off_duty")
	if v.OnDuty {
		duty = r.t("volunteers.on_duty")
	}
	return r.t("volunteers.entry", i18n.Clip(name, 40), v.UserID, i18n.Raw(duty),
		i18n.Clip(h.zoneNames(r.lang(), v.Zones), 300), i18n.Clip(h.categoryNames(r, v.Categories), 300),
		len(held), i18n.Raw(ago(r.lang(), v.ActiveAt, r.unit.Now))), nil
}

// utf16Len is a text's length as Telegram counts it.
func utf16Len(s string) int {
	n := 0
	for _, c := range s {
		n += utf16.RuneLen(c)
	}
	return n
}

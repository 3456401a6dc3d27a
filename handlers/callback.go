package handlers

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"
	"time"

	"linli/i18n"
	"linli/orders"
	"linli/outbox"
	"linli/people"
)

// "Please call me" (请给我回电话): a button in the main menu and under every cancelled flow of a
// registered user. It creates a call-back task (orders.RequestCallback) for the grid workers of
// the household's zone (those granted gridworker there; none: the zone's admins), not for
// volunteers. They are told of it without the phone, name or room, with a Claim button; the one
// who claims it gets those in their private chat (callback_tasks.go). Pressing again while one
// is under way says so and creates nothing. Buttons: m:call (the user's household), m:call:<id>
// (one of several households they act for).

// callButton is the "please call me" button, for household id (0: the user's own).
func callButton(r *request, household int64) outbox.Button {
	data := menuButtons.data("call")
	if household > 0 {
		data = menuButtons.data("call", strconv.FormatInt(household, 10))
	}
	return outbox.Button{Text: "📞 " + r.label("callback.button"), Data: data}
}

// requestCallback is a press of m:call[:<household>].
func (h *Handlers) requestCallback(r *request, arg string) error {
	hh, ok, err := h.callbackHousehold(r, arg)
	if err != nil || !ok {
		return err
	}
	c, created, err := h.orders.RequestCallback(r.ctx, r.unit.Tx, hh.ID, hh.Zone, hh.Building, r.user.ID, r.unit.Now)
	if err != nil {
		return err
	}
	if !created {
		key := "callback.already_open"
		if c.Status == orders.CallbackClaimed {
			key = "callback.already_claimed"
		}
		return r.reply(r.t(key, c.ID))
	}
	if err := h.tellCallbackStaff(r.ctx, r.unit.Tx, c, r.unit.Now); err != nil {
		return err
	}
	return r.reply(r.t("callback.requested", c.ID))
}

// callbackHousehold is the household the press is for: the one named (if the presser acts for
// it), else their own, else the only one they act for; acting for several, they are asked which
// (ok false).
func (h *Handlers) callbackHousehold(r *request, arg string) (people.Household, bool, error) {
	ms, err := people.HouseholdsOf(r.ctx, r.unit.Tx, r.user.ID)
	switch {
	case err != nil:
		return people.Household{}, false, err
	case len(ms) == 0:
		return people.Household{}, false, userErr("callback.register_first")
	case arg != "":
		id, err := strconv.ParseInt(arg, 10, 64)
		for _, m := range ms {
			if err == nil && m.Household.ID == id {
				return m.Household, true, nil
			}
		}
		return people.Household{}, false, userErr("error.stale_button")
	case len(ms) == 1:
		return ms[0].Household, true, nil
	}
	for _, m := range ms {
		if m.Relation == people.RelSelf {
			return m.Household, true, nil
		}
	}
	var rows [][]outbox.Button
	for _, m := range ms {
		b := callButton(r, m.Household.ID)
		b.Text = i18n.Clip(m.Household.Name+" · "+address(m.Household.Building, m.Household.Unit, m.Household.Room), 40)
		rows = append(rows, []outbox.Button{b})
	}
	return people.Household{}, false, r.reply(r.t("callback.ask_who"), rows...)
}

// tellCallbackStaff tells the grid workers of c's zone (none: its admins) of a new call-back:
// zone and building only, and a Claim button.
func (h *Handlers) tellCallbackStaff(ctx context.Context, tx *sql.Tx, c orders.Callback, now time.Time) error {
	staff, err := people.HoldersIn(ctx, tx, people.RoleGridWorker, c.Zone)
	if err == nil && len(staff) == 0 {
		staff, err = people.ZoneAdmins(ctx, tx, c.Zone, h.o.Admins)
	}
	if err != nil {
		return err
	}
	for _, u := range staff {
		lang, err := h.langOf(ctx, tx, u)
		if err != nil {
			return err
		}
		m := outbox.Message{ChatID: u, Text: i18n.T(lang, "callback.new", c.ID, h.zoneName(c.Zone), orDash(c.Building)),
			Buttons: [][]outbox.Button{{claimCallbackButton(lang, c.ID)}}}
		if _, err := outbox.Add(ctx, tx, m, outbox.Options{Priority: outbox.PriorityNotify}, now); err != nil {
			return err
		}
	}
	return nil
}

func claimCallbackButton(lang string, id int64) outbox.Button {
	return outbox.Button{Text: i18n.Plain(i18n.T(lang, "callback.claim_button", id)), Data: callbackButtons.data("c", strconv.FormatInt(id, 10))}
}

func doneCallbackButton(lang string, id int64) outbox.Button {
	return outbox.Button{Text: i18n.Plain(i18n.T(lang, "callback.done_button", id)), Data: callbackButtons.data("d", strconv.FormatInt(id, 10))}
}

// parseCallbackID reads "C12", "c12" or "12".
func parseCallbackID(s string) (int64, bool) {
	s = strings.TrimSpace(s)
	if len(s) > 0 && (s[0] == 'C' || s[0] == 'c') {
		s = s[1:]
	}
	id, err := strconv.ParseInt(s, 10, 64)
	return id, err == nil && id > 0 && !strings.HasPrefix(s, "+")
}

// callbackError answers a refused claim or finish of call-back id: by the refusals table, and
// a call-back in the wrong state by whose it is now.
func (h *Handlers) callbackError(r *request, err error, c orders.Callback, id int64) error {
	if e := h.refused(callingBack, err, id); isRefusal(e) || !errors.Is(err, orders.ErrWrongState) {
		return e
	}
	switch {
	case c.Status == orders.CallbackClaimed && c.ClaimedBy == r.user.ID:
		return userErr("callback.already_yours", id)
	case c.Status == orders.CallbackOpen:
		return userErr("callback.not_yours", id)
	}
	return userErr("callback.closed", id)
}

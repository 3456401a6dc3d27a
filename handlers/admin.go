package handlers

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"linli/i18n"
	"linli/outbox"
	"linli/people"
	"linli/supplies"
)

// grantable are the roles /grant gives; volunteers join with an invite code instead.
var grantable = []string{people.RoleAdmin, people.RoleGridWorker, people.RoleOrganizer, people.RoleCounsellor}

// adminOnly wraps a command only admins may run.
func (h *Handlers) adminOnly(run handlerFunc) handlerFunc {
	return func(r *request) error {
		r.adminCommand = true
		if !r.admin {
			return userErr("error.admin_only")
		}
		return run(r)
	}
}

// roleArgs reads "<user-id> [role] [zone-key ...]" of /grant and /revoke.
func roleArgs(args string) (user int64, role string, zones []string, ok bool) {
	f := strings.Fields(args)
	if len(f) == 0 {
		return 0, "", nil, false
	}
	user, err := strconv.ParseInt(f[0], 10, 64)
	if err != nil || user <= 0 {
		return 0, "", nil, false
	}
	if len(f) >= 2 {
		role = strings.ToLower(f[1])
	}
	if len(f) > 2 {
		zones = f[2:]
	}
	return user, role, zones, true
}

// mayChange refuses a scoped admin a change to a role of user that reaches beyond their zones
// (a config admin's admin role can be changed in the configuration only).
func (h *Handlers) mayChange(r *request, user int64, role string) error {
	if h.admins[user] && role == people.RoleAdmin {
		return userErr("revoke.config_admin")
	}
	if r.scope.All {
		return nil
	}
	var held people.Scope
	var err error
	if role == people.RoleVolunteer {
		held, err = volunteerScope(r, user)
	} else {
		held, err = people.ScopeOf(r.ctx, r.unit.Tx, user, role)
	}
	if err != nil || !held.Held() || r.scope.CoversAll(held.Zones) && !held.All {
		return err
	}
	return r.outside(r.scope, "")
}

// volunteerScope is where user volunteers (none when they are not one).
func volunteerScope(r *request, user int64) (people.Scope, error) {
	v, err := people.GetVolunteer(r.ctx, r.unit.Tx, user)
	if errors.Is(err, people.ErrNotFound) {
		return people.Scope{}, nil
	}
	return people.Scope{All: len(v.Zones) == 0, Zones: v.Zones}, err
}

// bareRevokeInScope refuses a scoped admin's bare /revoke of user when some of the roles user
// holds reach beyond the admin's zones but others do not: they are told to name the role they
// mean ("/revoke 201 admin"), not that only a global admin may. With no role of user inside
// their zones the refusal is mayChange's own.
func (h *Handlers) bareRevokeInScope(r *request, user int64, roles []string) error {
	if r.scope.All {
		return nil
	}
	var mine []string
	var beyond error
	for _, ro := range roles {
		err := h.mayChange(r, user, ro)
		var ue *userError
		switch {
		case err == nil:
			mine = append(mine, ro)
		case !errors.As(err, &ue):
			return err
		case beyond == nil:
			beyond = err
		}
	}
	if beyond != nil && len(mine) > 0 {
		return userErr("revoke.name_role", user, i18n.Raw(r.scopeText(r.scope)), user, mine[0])
	}
	return beyond
}

// revoke is /revoke <user-id> [role]: that role, or every role the person has.
func (h *Handlers) revoke(r *request) error {
	user, role, extra, ok := roleArgs(r.cmd.Args)
	if !ok || len(extra) > 0 || (role != "" && !slices.Contains(people.AllRoles, role)) {
		return userErr("revoke.usage")
	}
	if h.admins[user] && (role == "" || role == people.RoleAdmin) {
		return userErr("revoke.config_admin")
	}
	roles := []string{role}
	if role == "" {
		var err error
		if roles, err = people.Roles(r.ctx, r.unit.Tx, user); err != nil {
			return err
		}
	}
	if role == "" {
		if err := h.bareRevokeInScope(r, user, roles); err != nil {
			return err
		}
	}
	if role == "" && !slices.Contains(roles, people.RoleVolunteer) {
		roles = append(roles, people.RoleVolunteer) // a volunteers row left without its role goes too
	}
	var gone, goneRoles []string
	var batches []supplies.Batch // given back with the volunteer role
	for _, ro := range roles {
		if err := h.mayChange(r, user, ro); err != nil {
			return err
		}
		var had bool
		var err error
		if ro == people.RoleVolunteer {
			had, err = people.RemoveVolunteer(r.ctx, r.unit.Tx, user) // the role and what they serve
		} else {
			had, err = people.Revoke(r.ctx, r.unit.Tx, user, ro)
		}
		r.rolesChanged()
		if err == nil && had && ro == people.RoleAdmin {
			err = people.EndSessionsOf(r.ctx, r.unit.Tx, user) // logged out of the dashboard at once
		}
		if err == nil && had && ro == people.RoleVolunteer {
			batches, err = h.supplies.ReleaseAll(r.ctx, r.unit.Tx, user, r.unit.Now) // their batches back to the queue
		}
		if err != nil {
			return err
		}
		if had {
			gone, goneRoles = append(gone, r.t("role."+ro)), append(goneRoles, ro)
		}
	}
	name, lang, seen, err := h.whoIs(r, user)
	if err != nil {
		return err
	}
	if len(gone) == 0 && role == "" {
		return userErr("revoke.none_any", name, user)
	}
	if len(gone) == 0 {
		return userErr("revoke.none", name, user)
	}
	if err := h.syncMenu(r.ctx, r.unit.Tx, user, r.unit.Now); err != nil { // without the role's commands
		return err
	}
	text := r.t("revoke.done", name, user, strings.Join(gone, "、"))
	released, err := h.endWork(r, user)
	if err != nil {
		return err
	}
	if back := backInQueue(r.lang(), batches, released); back != "" {
		text += "\n" + r.t("revoke.back_in_queue", i18n.Raw(back))
	}
	if err := r.reply(text); err != nil {
		return err
	}
	if !seen || user == r.user.ID {
		return nil
	}
	// They are told, in their language, as they were told of the grant.
	var labels []string
	for _, ro := range goneRoles {
		labels = append(labels, i18n.T(lang, "role."+ro))
	}
	return r.send(outbox.Message{ChatID: user, Text: i18n.T(lang, "revoke.told", i18n.Raw(strings.Join(labels, i18n.T(lang, "order.item_sep"))))})
}

// tellGrantersOfFirst tells whoever granted user a role before user had ever written to the bot
// that they now have: the id was typed blind, and a typo would have given a stranger the role.
func (h *Handlers) tellGrantersOfFirst(ctx context.Context, tx *sql.Tx, user people.User, now time.Time) error {
	grants, err := people.GrantsOf(ctx, tx, user.ID)
	if err != nil {
		return err
	}
	for _, g := range grants {
		if g.By == 0 || g.By == user.ID {
			continue
		}
		lang, err := h.langOf(ctx, tx, g.By)
		if err != nil {
			return err
		}
		if _, err := outbox.Add(ctx, tx, outbox.Message{ChatID: g.By, Text: i18n.T(lang, "grant.first_seen",
			i18n.Clip(user.FirstName, 64), user.ID, i18n.Raw(i18n.T(lang, "role."+g.Role)), user.ID)},
			outbox.Options{Priority: outbox.PriorityNotify}, now); err != nil {
			return err
		}
	}
	return nil
}

// whoIs names a user for an admin: their Telegram first name, or their id if they never wrote.
func (h *Handlers) whoIs(r *request, user int64) (name, lang string, seen bool, err error) {
	return h.whoIsIn(r.ctx, r.unit.Tx, user)
}

// whoIsIn is whoIs outside a request.
func (h *Handlers) whoIsIn(ctx context.Context, tx *sql.Tx, user int64) (name, lang string, seen bool, err error) {
	u, err := people.Get(ctx, tx, user)
	if errors.Is(err, people.ErrNotFound) {
		return strconv.FormatInt(user, 10), h.o.DefaultLang, false, nil
	}
	if err != nil {
		return "", "", false, err
	}
	return u.FirstName, u.Lang, true, nil
}

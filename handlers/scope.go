package handlers

import (
	"errors"
	"strings"

	"linli/i18n"
	"linli/people"
)

// scopeFor is where r's sender may act as role: their grant's zones, widened by their admin
// zones; config admins are global (people.ActingScope).
func (h *Handlers) scopeFor(r *request, role string) (people.Scope, error) {
	return people.ActingScope(r.ctx, r.unit.Tx, r.user.ID, role, h.admins[r.user.ID])
}

// scopeText names a scope for r's user: "all zones" or "zones a1, b2".
func (r *request) scopeText(s people.Scope) string {
	if s.All {
		return r.t("scope.all")
	}
	return r.t("scope.zones", strings.Join(s.Zones, ", "))
}

// outside refuses an action on zone (or "" for every zone), naming the zones r's user holds.
func (r *request) outside(s people.Scope, zone string) error {
	if zone == "" || !s.Held() {
		return userErr("scope.global_only", i18n.Raw(r.scopeText(s)))
	}
	return userErr("scope.outside", i18n.Raw(r.scopeText(s)), zone)
}

// checkZones checks that every key names a configured zone, lower-cased, without repeats.
func (h *Handlers) checkZones(keys []string) ([]string, error) {
	var out []string
	for _, k := range keys {
		k = strings.ToLower(k)
		if _, ok := h.o.Zones.Find(k); !ok {
			return nil, userErr("scope.unknown_zone", i18n.Clip(k, 20), i18n.Raw(h.zoneKeys()))
		}
		if !containsStr(out, k) {
			out = append(out, k)
		}
	}
	return out, nil
}

// within checks that zones (none: every zone) lie inside r's admin scope; a scoped admin asking
// for every zone is given theirs.
func (r *request) within(zones []string) ([]string, error) {
	if r.scope.All {
		return zones, nil
	}
	for _, z := range zones {
		if !r.scope.Covers(z) {
			return nil, r.outside(r.scope, z)
		}
	}
	return r.scope.Restrict(zones), nil
}

func containsStr(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// serveScope is where r's user may register residents and order for them: as a grid worker (or
// an admin) in their zones, and as a volunteer in the zones they serve.
func (h *Handlers) serveScope(r *request) (people.Scope, error) {
	s, err := h.scopeFor(r, people.RoleGridWorker)
	if err != nil || s.All {
		return s, err
	}
	if vol, err := r.holds(people.RoleVolunteer); err != nil || !vol {
		return s, err
	}
	v, err := people.GetVolunteer(r.ctx, r.unit.Tx, r.user.ID)
	if errors.Is(err, people.ErrNotFound) {
		return s, nil
	}
	return s.Union(people.Scope{All: len(v.Zones) == 0, Zones: v.Zones}), err
}

// mayServe refuses a grid worker (or volunteer) a household outside the zones they serve; a
// resident and their relatives always act for their own household.
func (h *Handlers) mayServe(r *request, household int64, zone string) error {
	if household != 0 {
		rel, err := people.RelationOf(r.ctx, r.unit.Tx, r.user.ID, household)
		if err != nil || rel == people.RelSelf || rel == people.RelRelative {
			return err
		}
	}
	s, err := h.serveScope(r)
	if err != nil || s.Covers(zone) {
		return err
	}
	return r.outside(s, zone)
}

// zoneNames names zones for a message ("every zone" for none); the caller escapes.
func (h *Handlers) zoneNames(lang string, zones []string) string {
	if len(zones) == 0 {
		return i18n.T(lang, "volunteer.all_zones")
	}
	names := make([]string, len(zones))
	for i, z := range zones {
		names[i] = h.zoneName(z)
	}
	return strings.Join(names, i18n.T(lang, "volunteer.list_sep"))
}

// scopeData writes a scope into a flow's data: "*" for every zone, else the comma list of its
// zones ("" when the role is not held); scopeFromData reads it back.
func scopeData(s people.Scope) string {
	if s.All {
		return "*"
	}
	return strings.Join(s.Zones, ",")
}

func scopeFromData(v string) people.Scope {
	if v == "*" {
		return people.Global()
	}
	return people.Scope{Zones: strings.FieldsFunc(v, func(c rune) bool { return c == ',' })}
}

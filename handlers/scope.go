package handlers

import (
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

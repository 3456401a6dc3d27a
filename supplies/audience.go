package supplies

import (
	"slices"
	"strings"
)

// ParseAudience checks a round's audience: "all", "zone:<key>" or "zone:<key>/<building>", the
// zone known to zoneExists. It returns it normalised (zone key lower-cased, building trimmed).
func ParseAudience(s string, zoneExists func(string) bool) (string, error) {
	s = strings.TrimSpace(s)
	if strings.EqualFold(s, "all") {
		return "all", nil
	}
	if len(s) < 5 || !strings.EqualFold(s[:5], "zone:") {
		return "", badInput("audience", "not all, zone:<key> or zone:<key>/<building>")
	}
	key, building, hasB := strings.Cut(s[5:], "/")
	key = strings.ToLower(strings.TrimSpace(key))
	building = strings.TrimSpace(building)
	switch {
	case key == "" || (zoneExists != nil && !zoneExists(key)):
		return "", badInput("audience", "unknown zone")
	case hasB && (building == "" || len(building) > 40):
		return "", badInput("audience", "bad building")
	case hasB:
		return "zone:" + key + "/" + building, nil
	}
	return "zone:" + key, nil
}

// AudienceZone is the zone key of an audience, "" for all.
func AudienceZone(audience string) string {
	key, _, _ := strings.Cut(strings.TrimPrefix(audience, "zone:"), "/")
	if audience == "all" {
		return ""
	}
	return key
}

// AudienceWithin reports whether audience lies inside a scope of zones: every zone when all,
// else zones. An audience of all lies only inside every zone.
func AudienceWithin(audience string, all bool, zones []string) bool {
	if all {
		return true
	}
	zone := AudienceZone(audience)
	return zone != "" && slices.Contains(zones, zone)
}

// Manager is someone who may manage rounds, and may see who signed up for them: a user, and the
// zones they are an admin of (All: every zone; neither for someone who is not an admin).
type Manager struct {
	User  int64
	All   bool
	Zones []string
}

// Manages reports whether m may manage round r: its creator, or an admin of its audience's
// zones. /rounds and the dashboard ask the same question.
func (m Manager) Manages(r Round) bool {
	return r.CreatedBy == m.User || AudienceWithin(r.Audience, m.All, m.Zones)
}

// AudienceServes reports whether a household in zone and building is in audience.
func AudienceServes(audience, zone, building string) bool {
	if audience == "all" {
		return true
	}
	key, b, hasB := strings.Cut(strings.TrimPrefix(audience, "zone:"), "/")
	return key == zone && (!hasB || b == building)
}

// audienceSQL is a WHERE term (on households h) and its arguments selecting audience.
func audienceSQL(audience string) (string, []any) {
	if audience == "all" {
		return "1", nil
	}
	key, b, hasB := strings.Cut(strings.TrimPrefix(audience, "zone:"), "/")
	if hasB {
		return "h.zone = ? AND h.building = ?", []any{key, b}
	}
	return "h.zone = ?", []any{key}
}

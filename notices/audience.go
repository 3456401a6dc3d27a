package notices

import (
	"fmt"
	"slices"
	"strings"
)

// Audience is who a notice goes to. Kind is all, residents, volunteers or zone; a zone audience
// is the residents (household members acting for themselves or as relatives, not grid workers)
// of households in Zone, and of Building in it if set. Volunteers serving a zone are not part of
// its audience: "volunteers" reaches them. Volunteers with Zones are those serving any of them
// (or every zone): the volunteers a scoped admin addresses (ForScope).
type Audience struct {
	Kind     string
	Zone     string
	Building string
	Zones    []string
}

// The audience kinds.
const (
	AudienceAll        = "all"
	AudienceResidents  = "residents"
	AudienceVolunteers = "volunteers"
	AudienceZone       = "zone"
)

// String is the audience as typed: "all", "zone:a1", "zone:a1/3号楼".
func (a Audience) String() string {
	switch {
	case a.Kind == AudienceVolunteers && len(a.Zones) > 0:
		return a.Kind + ":" + strings.Join(a.Zones, ",")
	case a.Kind != AudienceZone:
		return a.Kind
	case a.Building != "":
		return "zone:" + a.Zone + "/" + a.Building
	}
	return "zone:" + a.Zone
}

// ParseAudience reads an audience; zones are the configured zone keys.
func ParseAudience(s string, zones []string) (Audience, error) {
	switch k := strings.ToLower(s); k {
	case AudienceAll, AudienceResidents, AudienceVolunteers:
		return Audience{Kind: k}, nil
	}
	if len(s) < 5 || !strings.EqualFold(s[:5], "zone:") { // ZONE:A1 as zone:a1: keys are lower case
		return Audience{}, fmt.Errorf("%w: %q", ErrBadAudience, s)
	}
	zone, building, _ := strings.Cut(s[5:], "/")
	zone = strings.ToLower(zone)
	if zone == "" || strings.Contains(building, "/") || len(building) > 64 {
		return Audience{}, fmt.Errorf("%w: %q", ErrBadAudience, s)
	}
	if !slices.Contains(zones, zone) {
		return Audience{}, fmt.Errorf("%w: %q", ErrUnknownZone, zone)
	}
	return Audience{Kind: AudienceZone, Zone: zone, Building: building}, nil
}

// ForScope is a as an admin of zones (all: of every zone) addresses it, and whether they may: a
// zone audience of theirs as it is, "volunteers" as the volunteers serving their zones; all and
// residents, another zone, or volunteers of another zone, not. A global admin's a is unchanged.
func (a Audience) ForScope(all bool, zones []string) (Audience, bool) {
	switch {
	case all:
		return a, true
	case a.Kind == AudienceZone:
		return a, slices.Contains(zones, a.Zone)
	case a.Kind == AudienceVolunteers && len(a.Zones) == 0:
		a.Zones = slices.Clone(zones)
		return a, len(zones) > 0
	case a.Kind == AudienceVolunteers:
		for _, z := range a.Zones {
			if !slices.Contains(zones, z) {
				return a, false
			}
		}
		return a, true
	}
	return a, false
}

// where is the SQL condition on users u selecting the audience, with its arguments.
func (a Audience) where() (string, []any) {
	const member = `EXISTS (SELECT 1 FROM household_members m JOIN households h ON h.id = m.household_id
		WHERE m.user_id = u.user_id AND m.relation IN ('self', 'relative')`
	switch a.Kind {
	case AudienceAll:
		return "1", nil
	case AudienceResidents:
		return member + ")", nil
	case AudienceVolunteers:
		if len(a.Zones) == 0 {
			return "EXISTS (SELECT 1 FROM volunteers v WHERE v.user_id = u.user_id)", nil
		}
		// v.zones is a comma list; '' serves every zone, so these zones too.
		serves := strings.TrimSuffix(strings.Repeat("instr(',' || v.zones || ',', ?) > 0 OR ", len(a.Zones)), " OR ")
		args := make([]any, len(a.Zones))
		for i, z := range a.Zones {
			args[i] = "," + z + ","
		}
		return "EXISTS (SELECT 1 FROM volunteers v WHERE v.user_id = u.user_id AND (v.zones = '' OR " + serves + "))", args
	case AudienceZone:
		if a.Building != "" {
			return member + " AND h.zone = ? AND h.building = ?)", []any{a.Zone, a.Building}
		}
		return member + " AND h.zone = ?)", []any{a.Zone}
	}
	return "0", nil
}

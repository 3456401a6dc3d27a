package orders

import "slices"

// Taker is someone who may take orders, as the rules of taking see them. orders knows no
// people: the caller fills it from the volunteer's record, roles and admin zones.
type Taker struct {
	Volunteer  bool     // has a volunteer record; Zones and Categories are theirs
	Zones      []string // where they volunteer; empty: every zone
	Categories []string // what they take; empty: every category
	Counsellor bool
	// AdminIn reports whether they are an admin of a zone (every category there); nil: not an
	// admin anywhere.
	AdminIn func(zone string) bool
}

// CounsellorsOnly reports whether only counsellors may take o: by the shape it was placed with,
// or its category's now.
func (s *Service) CounsellorsOnly(o Order) bool {
	if o.Shape == ShapeRemote {
		return true
	}
	cat, err := s.o.Catalog.Lookup(o.Category)
	return err == nil && cat.CounsellorsOnly()
}

// MayTake reports whether t may see and claim o: an admin of its zone, or a volunteer who
// serves its zone and category or, once it is escalated, its category in any zone. Counselling
// is for counsellors only, admins included.
func (s *Service) MayTake(t Taker, o Order) bool {
	if s.CounsellorsOnly(o) && !t.Counsellor {
		return false
	}
	if t.AdminIn != nil && t.AdminIn(o.Zone) {
		return true
	}
	serves := all(t.Zones, o.Zone) && (o.Category == "" || all(t.Categories, o.Category))
	return t.Volunteer && (serves || TakesWidened(t.Categories, o))
}

// TakesWidened reports whether a volunteer who takes categories (empty: all) is offered o once
// it is escalated: in any zone, if they take its category (counselling is still for
// counsellors only). The offer carries the Claim button of /queue, so MayTake accepts the same.
func TakesWidened(categories []string, o Order) bool {
	return o.Escalated && o.Status == StatusOpen && all(categories, o.Category)
}

// CategoriesFor are the enabled categories t takes, for their queue: every one for an admin,
// the counselling ones for counsellors only.
func (s *Service) CategoriesFor(t Taker) []string {
	var out []string
	for _, c := range s.o.Catalog.Enabled() {
		if c.CounsellorsOnly() && !t.Counsellor {
			continue
		}
		if t.AdminIn != nil || all(t.Categories, c.Key) {
			out = append(out, c.Key)
		}
	}
	return out
}

// all reports whether list holds v, an empty list holding everything.
func all(list []string, v string) bool {
	return len(list) == 0 || slices.Contains(list, v)
}

package supplies

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"linli/store"
)

// Total is what the organiser orders from the supplier for one item.
type Total struct {
	No         int
	Name, Unit string
	Price      int64 // fen per unit
	Quantity   int64 // confirmed units
	Households int
	Waiting    int64 // units still on the waiting list
}

// Totals returns the confirmed totals of round id per item, in item order. A distribution not yet
// handed out has no sign-ups: its totals are what it will hand out, each item's amount per
// household times the households its audience reaches, as its cut-off allocates them.
func (s *Service) Totals(ctx context.Context, q store.Querier, id int64) ([]Total, error) {
	r, err := s.Get(ctx, q, id)
	if err != nil {
		return nil, err
	}
	if r.announced() {
		n, err := Households(ctx, q, r.Audience)
		if err != nil {
			return nil, err
		}
		out := make([]Total, 0, len(r.Items))
		for _, it := range r.Items {
			out = append(out, Total{No: it.No, Name: it.Name, Unit: it.Unit, Price: it.Price,
				Quantity: int64(n) * int64(it.Max), Households: n})
		}
		return out, nil
	}
	rows, err := q.QueryContext(ctx, `SELECT i.no, i.name, i.unit, i.price,
			coalesce(sum(CASE WHEN s.status = 'confirmed' THEN s.quantity END), 0),
			count(DISTINCT CASE WHEN s.status = 'confirmed' THEN s.household_id END),
			coalesce(sum(CASE WHEN s.status = 'waiting' THEN s.quantity END), 0)
		FROM supply_items i LEFT JOIN supply_signups s ON s.item_id = i.id
		WHERE i.round_id = ? GROUP BY i.id ORDER BY i.no`, id)
	if err != nil {
		return nil, fmt.Errorf("supplies: totals of R%d: %w", id, err)
	}
	defer rows.Close()
	var out []Total
	for rows.Next() {
		var t Total
		if err := rows.Scan(&t.No, &t.Name, &t.Unit, &t.Price, &t.Quantity, &t.Households, &t.Waiting); err != nil {
			return nil, fmt.Errorf("supplies: totals of R%d: %w", id, err)
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// Pick is one line of a pick list: what goes into one household's parcel.
type Pick struct {
	Zone, Building, Unit, Room string
	HouseholdID                int64
	BatchID                    int64 // 0 before the round is cut into batches
	ItemNo                     int
	Item, ItemUnit             string
	Quantity                   int
}

// PickList returns round id's confirmed lines sorted building → unit → room → item, numbers in
// names compared as numbers (2号楼 before 10号楼). A distribution not yet handed out lists what its
// cut-off will allocate: every household its audience reaches, each item's amount per household.
func (s *Service) PickList(ctx context.Context, q store.Querier, id int64) ([]Pick, error) {
	r, err := s.Get(ctx, q, id)
	if err != nil {
		return nil, err
	}
	query, args := `SELECT h.zone, h.building, h.unit, h.room, h.id,
			coalesce((SELECT d.batch_id FROM supply_deliveries d WHERE d.round_id = s.round_id AND d.household_id = h.id), 0),
			i.no, i.name, i.unit, s.quantity
		FROM supply_signups s JOIN households h ON h.id = s.household_id JOIN supply_items i ON i.id = s.item_id
		WHERE s.round_id = ? AND s.status = 'confirmed'`, []any{id}
	if r.announced() {
		where, aargs := audienceSQL(r.Audience)
		query = `SELECT h.zone, h.building, h.unit, h.room, h.id, 0, i.no, i.name, i.unit, i.max_qty
			FROM households h JOIN supply_items i ON i.round_id = ? WHERE ` + where
		args = append(args, aargs...)
	}
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("supplies: pick list of R%d: %w", id, err)
	}
	defer rows.Close()
	var out []Pick
	for rows.Next() {
		var p Pick
		if err := rows.Scan(&p.Zone, &p.Building, &p.Unit, &p.Room, &p.HouseholdID, &p.BatchID,
			&p.ItemNo, &p.Item, &p.ItemUnit, &p.Quantity); err != nil {
			return nil, fmt.Errorf("supplies: pick list of R%d: %w", id, err)
		}
		out = append(out, p)
	}
	slices.SortFunc(out, func(a, b Pick) int {
		return cmp.Or(Natural(a.Zone, b.Zone), Natural(a.Building, b.Building), Natural(a.Unit, b.Unit),
			Natural(a.Room, b.Room), cmp.Compare(a.HouseholdID, b.HouseholdID), cmp.Compare(a.ItemNo, b.ItemNo))
	})
	return out, rows.Err()
}

// Natural compares a and b with runs of digits compared as numbers: "2号楼" < "10号楼".
func Natural(a, b string) int {
	for a != "" && b != "" {
		da, ra := digits(a)
		db, rb := digits(b)
		if da != "" && db != "" {
			na, _ := strconv.ParseUint(strings.TrimLeft(da, "0"), 10, 64)
			nb, _ := strconv.ParseUint(strings.TrimLeft(db, "0"), 10, 64)
			if c := cmp.Compare(na, nb); c != 0 {
				return c
			}
			if c := cmp.Compare(len(da), len(db)); c != 0 {
				return c
			}
			a, b = ra, rb
			continue
		}
		ca, sa := firstRune(a)
		cb, sb := firstRune(b)
		if c := cmp.Compare(ca, cb); c != 0 {
			return c
		}
		a, b = a[sa:], b[sb:]
	}
	return cmp.Compare(len(a), len(b))
}

func digits(s string) (string, string) {
	i := strings.IndexFunc(s, func(r rune) bool { return !unicode.IsDigit(r) || r > '9' })
	if i < 0 {
		return s, ""
	}
	return s[:i], s[i:]
}

func firstRune(s string) (rune, int) { return utf8.DecodeRuneInString(s) }

package supplies

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"linli/store"
)

// Progress is how far one building of a round got.
type Progress struct {
	Zone, Building                             string
	Households, Delivered, NobodyHome, Pending int
	Batches                                    int
}

// RoundBoard is a round as the dashboard shows it: its sign-ups, stock left and per-building
// progress.
type RoundBoard struct {
	Round      Round
	Households int // signed up (confirmed), or allocated for a distribution
	Waiting    int // households with a line on a waiting list
	Buildings  []Progress
}

// boardShown is how many rounds Board returns at most.
const boardShown = 50

// Board returns the rounds not done or cancelled that m manages, newest first, with their figures.
func (s *Service) Board(ctx context.Context, q store.Querier, m Manager) ([]RoundBoard, error) {
	rounds, err := s.List(ctx, q, true, 500)
	if err != nil {
		return nil, err
	}
	rounds = slices.DeleteFunc(rounds, func(r Round) bool { return !m.Manages(r) })
	rounds = rounds[:min(len(rounds), boardShown)]
	out := make([]RoundBoard, 0, len(rounds))
	for _, r := range rounds {
		f, err := s.Figures(ctx, q, r.ID)
		if err != nil {
			return nil, err
		}
		b := RoundBoard{Round: r, Households: f.Households, Waiting: f.Waiting}
		if b.Buildings, err = progress(ctx, q, r.ID); err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, nil
}

// progress is round id's delivery per building.
func progress(ctx context.Context, q store.Querier, id int64) ([]Progress, error) {
	rows, err := q.QueryContext(ctx, `SELECT b.zone, b.building, count(*),
			sum(d.status IN ('delivered', 'received')), sum(d.status = 'nobody_home'), sum(d.status = 'pending'),
			count(DISTINCT b.id)
		FROM supply_batches b JOIN supply_deliveries d ON d.batch_id = b.id
		WHERE b.round_id = ? GROUP BY b.zone, b.building`, id)
	if err != nil {
		return nil, fmt.Errorf("supplies: progress R%d: %w", id, err)
	}
	defer rows.Close()
	var out []Progress
	for rows.Next() {
		var p Progress
		if err := rows.Scan(&p.Zone, &p.Building, &p.Households, &p.Delivered, &p.NobodyHome, &p.Pending, &p.Batches); err != nil {
			return nil, fmt.Errorf("supplies: progress R%d: %w", id, err)
		}
		out = append(out, p)
	}
	slices.SortFunc(out, func(a, b Progress) int { return cmp.Or(Natural(a.Zone, b.Zone), Natural(a.Building, b.Building)) })
	return out, rows.Err()
}

// Figures are a round's numbers for those who run it: its sign-ups, what they come to, and its
// delivery once it is cut into batches.
type Figures struct {
	Households int   // signed up (confirmed), or allocated for a distribution
	Waiting    int   // households with a line on a waiting list only or besides
	Sum        int64 // fen: the confirmed lines' price times quantity (a group buy's money)
	Deliveries int   // households in its batches (not cancelled): 0 before the close
	Delivered  int   // of those, delivered (or received)
}

// Figures returns round id's figures.
func (s *Service) Figures(ctx context.Context, q store.Querier, id int64) (Figures, error) {
	var f Figures
	err := q.QueryRowContext(ctx, `SELECT
			count(DISTINCT CASE WHEN s.status = 'confirmed' THEN s.household_id END),
			count(DISTINCT CASE WHEN s.status = 'waiting' THEN s.household_id END),
			coalesce(sum(CASE WHEN s.status = 'confirmed' THEN s.quantity * i.price END), 0)
		FROM supply_signups s JOIN supply_items i ON i.id = s.item_id WHERE s.round_id = ?`, id).Scan(&f.Households, &f.Waiting, &f.Sum)
	if err == nil {
		err = q.QueryRowContext(ctx, `SELECT count(DISTINCT household_id),
				count(DISTINCT CASE WHEN status IN ('delivered', 'received') THEN household_id END)
			FROM supply_deliveries WHERE round_id = ?
				AND batch_id IN (SELECT id FROM supply_batches WHERE round_id = ? AND status != 'cancelled')`, id, id).
			Scan(&f.Deliveries, &f.Delivered)
	}
	if err != nil {
		return f, fmt.Errorf("supplies: figures of R%d: %w", id, err)
	}
	return f, nil
}

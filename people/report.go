package people

import (
	"context"
	"fmt"

	"linli/store"
)

// VolunteerNames returns the first name of every volunteer the bot has seen, for reports that
// list volunteers.
func VolunteerNames(ctx context.Context, q store.Querier) (map[int64]string, error) {
	rows, err := q.QueryContext(ctx, `SELECT v.user_id, u.first_name FROM volunteers v JOIN users u ON u.user_id = v.user_id`)
	if err != nil {
		return nil, fmt.Errorf("people: volunteer names: %w", err)
	}
	defer rows.Close()
	out := map[int64]string{}
	for rows.Next() {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			return nil, fmt.Errorf("people: volunteer names: %w", err)
		}
		out[id] = name
	}
	return out, rows.Err()
}

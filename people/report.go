package people

import (
	"context"

	"linli/store"
)

// VolunteerNames returns the first name of every volunteer the bot has seen, for reports that
// list volunteers.
func VolunteerNames(ctx context.Context, q store.Querier) (map[int64]string, error) {
	return store.QueryMap[int64, string](ctx, q, "people: volunteer names", `SELECT v.user_id, u.first_name FROM volunteers v JOIN users u ON u.user_id = v.user_id`)
}

package people

import (
	"context"
	"slices"

	"linli/store"
)

// AdminIDs are the admins of configured (from config) and those granted in the bot, each once,
// in id order.
func AdminIDs(ctx context.Context, q store.Querier, configured []int64) ([]int64, error) {
	granted, err := store.QueryList[int64](ctx, q, "people: admins", `SELECT user_id FROM user_roles WHERE role = 'admin'
		UNION SELECT user_id FROM users WHERE is_admin = 1`)
	if err != nil {
		return nil, err
	}
	out := append(slices.Clone(configured), granted...)
	slices.Sort(out)
	return slices.Compact(out), nil
}

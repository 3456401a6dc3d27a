package people

import (
	"context"
	"slices"

	"linli/store"
)

// HoldersIn are the users who hold role in zone: granted it without zones, or with zone among
// theirs; in id order. (Admins who may act in the role through their own grant are not included:
// see ZoneAdmins.)
func HoldersIn(ctx context.Context, q store.Querier, role, zone string) ([]int64, error) {
	type grant struct {
		user  int64
		zones string
	}
	rows, err := q.QueryContext(ctx, `SELECT user_id, zones FROM user_roles WHERE role = ? ORDER BY user_id`, role)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var g grant
		if err := rows.Scan(&g.user, &g.zones); err != nil {
			return nil, err
		}
		if g.zones == "" || slices.Contains(list(g.zones), zone) {
			out = append(out, g.user)
		}
	}
	return out, rows.Err()
}

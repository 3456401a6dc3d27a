package people

import (
	"context"
	"errors"
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

// Privileged lists, in id order, the users who have written to the bot and hold more than a
// resident does: volunteers, holders of a role, and admins (configured among them). Their
// command menus list their commands.
func Privileged(ctx context.Context, q store.Querier, configured []int64) ([]int64, error) {
	ids, err := store.QueryList[int64](ctx, q, "people: privileged", `SELECT user_id FROM users
		WHERE is_admin = 1 OR user_id IN (SELECT user_id FROM user_roles UNION SELECT user_id FROM volunteers)`)
	if err != nil {
		return nil, err
	}
	for _, id := range configured {
		if _, err := Get(ctx, q, id); err == nil {
			ids = append(ids, id)
		} else if !errors.Is(err, ErrNotFound) {
			return nil, err
		}
	}
	slices.Sort(ids)
	return slices.Compact(ids), nil
}

// ZoneAdmins are the admins whose scope covers zone: those of configured (global) and every
// admin granted without zones or with zone among theirs, each once, in id order.
func ZoneAdmins(ctx context.Context, q store.Querier, zone string, configured []int64) ([]int64, error) {
	all, err := AdminIDs(ctx, q, configured)
	if err != nil {
		return nil, err
	}
	var out []int64
	for _, a := range all {
		s := Global()
		if !slices.Contains(configured, a) {
			if s, err = ScopeOf(ctx, q, a, RoleAdmin); err != nil {
				return nil, err
			}
		}
		if s.Covers(zone) {
			out = append(out, a)
		}
	}
	return out, nil
}

package records

import (
	"context"
	"slices"
	"strings"
	"time"

	"linli/store"
)

// ExportIn is Export limited to zones (none: every zone), for a scoped admin: orders and
// residents of those zones, and the volunteers who serve one of them (or every zone).
func ExportIn(ctx context.Context, q store.Querier, what string, loc *time.Location, zones []string) (Table, error) {
	t, err := Export(ctx, q, what, loc)
	if err != nil || len(zones) == 0 {
		return t, err
	}
	col := slices.Index(t.Header, "zone")
	many := col < 0
	if many {
		col = slices.Index(t.Header, "zones")
	}
	t.Rows = slices.DeleteFunc(t.Rows, func(row []string) bool {
		if !many {
			return !slices.Contains(zones, row[col])
		}
		return row[col] != "" && !slices.ContainsFunc(strings.Split(row[col], ","), func(z string) bool {
			return slices.Contains(zones, z)
		})
	})
	return t, nil
}

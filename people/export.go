package people

import (
	"context"
	"fmt"

	"linli/store"
)

// Resident is a household with who acts for it, for exports.
type Resident struct {
	Household
	Members []Member
}

// Residents lists every household with its members, by id.
func Residents(ctx context.Context, q store.Querier) ([]Resident, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+householdColumns+` FROM households h ORDER BY h.id`)
	if err != nil {
		return nil, fmt.Errorf("people: residents: %w", err)
	}
	var out []Resident
	index := map[int64]int{}
	for rows.Next() {
		h, err := scanHousehold(rows)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("people: residents: %w", err)
		}
		index[h.ID] = len(out)
		out = append(out, Resident{Household: h})
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("people: residents: %w", err)
	}
	return out, addMembers(ctx, q, out, index)
}

func addMembers(ctx context.Context, q store.Querier, out []Resident, index map[int64]int) error {
	rows, err := q.QueryContext(ctx, `SELECT household_id, user_id, relation FROM household_members
		ORDER BY household_id, relation != 'self', created_at, user_id`)
	if err != nil {
		return fmt.Errorf("people: residents: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var m Member
		var rel string
		if err := rows.Scan(&id, &m.UserID, &rel); err != nil {
			return fmt.Errorf("people: residents: %w", err)
		}
		m.Relation = Relation(rel)
		if i, ok := index[id]; ok {
			out[i].Members = append(out[i].Members, m)
		}
	}
	return rows.Err()
}

// FirstNames maps every user the bot knows to their Telegram first name.
func FirstNames(ctx context.Context, q store.Querier) (map[int64]string, error) {
	return store.QueryMap[int64, string](ctx, q, "people: names", `SELECT user_id, first_name FROM users`)
}

package store

import (
	"context"
	"fmt"
	"strconv"
)

// QueryMap runs query, which selects a key and a value per row (`SELECT zone, count(*) ...
// GROUP BY zone`), and returns them as a map. Errors carry what, e.g. "orders: count by status".
func QueryMap[K comparable, V any](ctx context.Context, q Querier, what, query string, args ...any) (map[K]V, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	defer rows.Close()
	out := map[K]V{}
	for rows.Next() {
		var k K
		var v V
		if err := rows.Scan(&k, &v); err != nil {
			return nil, fmt.Errorf("%s: %w", what, err)
		}
		out[k] = v
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	return out, nil
}

// QueryList runs query, which selects one column, and returns its values in order. Errors carry
// what, as QueryMap's do.
func QueryList[T any](ctx context.Context, q Querier, what, query string, args ...any) ([]T, error) {
	return QueryRows(ctx, q, what, func(sc Scanner) (T, error) {
		var v T
		err := sc.Scan(&v)
		return v, err
	}, query, args...)
}

// Scanner is a row to scan: *sql.Row or *sql.Rows.
type Scanner interface{ Scan(dest ...any) error }

// QueryRows runs query and returns each row as scan reads it, in order. Errors carry what, as
// QueryMap's do.
func QueryRows[T any](ctx context.Context, q Querier, what string, scan func(Scanner) (T, error), query string, args ...any) ([]T, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", what, err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	return out, nil
}

// InIDs is SQL for "is one of the ids in the JSON array bound to its ?" (IDs makes it): one
// statement text for any number of ids. IN (?, ?, ...) made a text for every count, each prepared
// and kept apart in the driver's cache of 128 statements a connection, where the counts of a
// burst's batches pushed the bot's other statements out.
const InIDs = `IN (SELECT value FROM json_each(?))`

// IDs is the argument of InIDs for ids.
func IDs(ids []int64) string {
	b := make([]byte, 0, 2+len(ids)*8)
	b = append(b, '[')
	for i, id := range ids {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendInt(b, id, 10)
	}
	return string(append(b, ']'))
}

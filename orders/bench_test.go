package orders_test

import (
	"fmt"
	"testing"

	"linli/internal/testdb"
	"linli/orders"
)

// seed fills the database with n orders over 37 zones and the 7 categories, one in every
// openEvery still open and the rest received: a district some weeks into a lockdown.
func seed(b *testing.B, n, openEvery int) *env {
	b.Helper()
	db := testdb.Open(b)
	if _, err := db.Write.Exec(`INSERT INTO households (zone, building, room, name, phone, created_at, updated_at)
		VALUES ('z0', '1', '101', 'Wang', '138', 0, 0)`); err != nil {
		b.Fatal(err)
	}
	_, err := db.Write.Exec(`
		WITH RECURSIVE i(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM i WHERE n < ?)
		INSERT INTO orders (household_id, placed_by, zone, category, shape, items, urgent, vulnerable,
			status, claimed_by, created_at, claim_deadline)
		SELECT 1, 1, 'z' || (n % 37),
			json_extract('["groceries","medicine","garbage","errand","livestock","farming","counselling"]', '$[' || (n % 7) || ']'),
			'delivery', 'rice', n % 5 = 0, n % 3 = 0,
			CASE WHEN n % ? = 0 THEN 'open' ELSE 'received' END,
			CASE WHEN n % ? = 0 THEN NULL ELSE 7 END, n * 1000, n * 1000 + 1800000
		FROM i`, n, openEvery, openEvery)
	if err != nil { // no ANALYZE: the bot never runs it, so the plans must hold without statistics
		b.Fatal(err)
	}
	return &env{db: db, svc: orders.New(orders.Options{})}
}

// BenchmarkQueue reads a volunteer's first page of a queue among 100,000 orders.
func BenchmarkQueue(b *testing.B) {
	for _, openEvery := range []int{10, 1} {
		e := seed(b, 100_000, openEvery)
		for name, f := range map[string]orders.QueueFilter{
			"two-zones-three-categories": {Zones: []string{"z1", "z2"}, Categories: []string{"groceries", "medicine", "errand"}},
			"one-zone":                   {Zones: []string{"z7"}},
			"everything":                 {},
		} {
			b.Run(fmt.Sprintf("open=%d/%s", 100_000/openEvery, name), func(b *testing.B) {
				for b.Loop() {
					if got, err := e.svc.Queue(ctx, e.db.Read, f, t0); err != nil || len(got) == 0 {
						b.Fatal(len(got), err)
					}
				}
			})
		}
	}
}

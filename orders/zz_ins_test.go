package orders_test

import (
	"testing"
	"time"

	"linli/internal/testdb"
)

func BenchmarkZZInsert(b *testing.B) {
	for _, drop := range []bool{false, true} {
		b.Run(map[bool]string{false: "all-indexes", true: "trimmed"}[drop], func(b *testing.B) {
			db := testdb.Open(b)
			if _, err := db.Write.Exec(`INSERT INTO households (zone, building, room, name, phone, created_at, updated_at)
		VALUES ('z0', '1', '101', 'Wang', '138', 0, 0)`); err != nil {
				b.Fatal(err)
			}
			if drop {
				for _, ix := range []string{"orders_status", "orders_open_age", "orders_created", "orders_household_open"} {
					if _, err := db.Write.Exec("DROP INDEX " + ix); err != nil {
						b.Fatal(err)
					}
				}
			}
			b.ResetTimer()
			n := 0
			for b.Loop() {
				tx, _ := db.Write.Begin()
				for range 64 {
					n++
					if _, err := tx.Exec(`INSERT INTO orders (household_id, placed_by, zone, building, category, shape, items, quantity,
			urgent, vulnerable, prescription, prescription_photo, note, recurring, created_at, claim_deadline,
			media_kind, media_file, media_seconds)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, 1, 5, "z1", "3号楼", "groceries", "delivery", "大米 5kg", "", false, false, false, "", "", "", time.Now().UnixMilli(), time.Now().UnixMilli()+1000, "", "", 0); err != nil {
						b.Fatal(err)
					}
				}
				tx.Commit()
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(n)/1000, "µs/insert")
		})
	}
}

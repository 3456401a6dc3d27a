package supplies_test

import (
	"database/sql"
	"fmt"
	"testing"
	"time"

	"linli/internal/testdb"
	"linli/orders"
	"linli/store"
	"linli/supplies"
)

// seedRound fills a fresh database with households households over buildings buildings of zone
// a1 and an open group buy of two items every household signed up for, as at its cut-off.
func seedRound(b *testing.B, households, buildings int) (*env, supplies.Round) {
	b.Helper()
	e := &env{db: testdb.Open(b)}
	e.svc = supplies.New(supplies.Options{})
	if _, err := e.db.Write.Exec(`
		WITH RECURSIVE i(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM i WHERE n < ? - 1)
		INSERT INTO households (zone, building, unit, room, name, phone, vulnerable, created_at, updated_at)
		SELECT 'a1', (n % ?) + 1 || '号楼', (n / ? % 4) + 1 || '单元', 100 + n / ?, '居民', '139' || n,
			CASE WHEN n % 9 = 0 THEN 'elderly_alone' ELSE '' END, 0, 0 FROM i`,
		households, buildings, buildings, buildings*4); err != nil {
		b.Fatal(err)
	}
	var r supplies.Round
	err := store.InTx(ctx, e.db.Write, func(tx *sql.Tx) (err error) {
		r, err = e.svc.Create(ctx, tx, supplies.NewRound{Kind: supplies.GroupBuy, Title: "蔬菜包", Audience: "zone:a1",
			Cutoff: t0.Add(time.Hour), CreatedBy: organiser, Items: []supplies.Item{{Name: "蔬菜包", Price: 3900, Max: 2},
				{Name: "鸡蛋", Price: 1500, Max: 3, Stock: int64(households)}}}, t0)
		if err == nil {
			r, err = e.svc.Publish(ctx, tx, r.ID, organiser, t0)
		}
		if err != nil {
			return err
		}
		_, err = tx.Exec(`INSERT INTO supply_signups (round_id, household_id, item_id, quantity, status, signed_by, created_at, updated_at)
			SELECT ?, h.id, i.id, 1, 'confirmed', h.id, 0, 0 FROM households h, supply_items i WHERE i.round_id = ?`, r.ID, r.ID)
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	return e, r
}

// BenchmarkCloseRound_BesideQueue closes a round of 3,000 households in 80 buildings into
// totals, pick lists and 80+ batches (one transaction, as the cut-off job runs it), beside a
// volunteer's /queue page among 100,000 orders, for the ratio.
func BenchmarkCloseRound_BesideQueue(b *testing.B) {
	b.Run("close-3000-households-80-buildings", func(b *testing.B) {
		for b.Loop() {
			b.StopTimer()
			e, r := seedRound(b, 3000, 80)
			b.StartTimer()
			err := store.InTx(ctx, e.db.Write, func(tx *sql.Tx) error {
				_, err := e.svc.Close(ctx, tx, r.ID, 0, r.Cutoff)
				return err
			})
			if err != nil {
				b.Fatal(err)
			}
			if _, err := e.svc.PickList(ctx, e.db.Read, r.ID); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("queue-100000-orders", func(b *testing.B) {
		db := testdb.Open(b)
		if _, err := db.Write.Exec(`INSERT INTO households (zone, building, room, name, phone, created_at, updated_at)
			VALUES ('z0', '1', '101', 'Wang', '138', 0, 0)`); err != nil {
			b.Fatal(err)
		}
		if _, err := db.Write.Exec(`
			WITH RECURSIVE i(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM i WHERE n < 100000)
			INSERT INTO orders (household_id, placed_by, zone, category, shape, items, urgent, vulnerable,
				status, claimed_by, created_at, claim_deadline)
			SELECT 1, 1, 'z' || (n % 37), 'groceries', 'delivery', 'rice', n % 5 = 0, n % 3 = 0,
				CASE WHEN n % 10 = 0 THEN 'open' ELSE 'received' END,
				CASE WHEN n % 10 = 0 THEN NULL ELSE 7 END, n * 1000, n * 1000 + 1800000 FROM i`); err != nil {
			b.Fatal(err)
		}
		svc := orders.New(orders.Options{})
		f := orders.QueueFilter{Zones: []string{"z1", "z2"}, Categories: []string{"groceries"}}
		for b.Loop() {
			if got, err := svc.Queue(ctx, db.Read, f, t0); err != nil || len(got) == 0 {
				b.Fatal(len(got), err)
			}
		}
	})
}

// BenchmarkSign_3000Households signs 3,000 households up one after another, each in its own
// transaction as the dispatcher runs it: the domain's share of a sign-up burst.
func BenchmarkSign_3000Households(b *testing.B) {
	for b.Loop() {
		b.StopTimer()
		e, r := seedRound(b, 3000, 80)
		if _, err := e.db.Write.Exec(`DELETE FROM supply_signups`); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		for h := int64(1); h <= 3000; h++ {
			err := store.InTx(ctx, e.db.Write, func(tx *sql.Tx) error {
				_, err := e.svc.Sign(ctx, tx, supplies.Request{RoundID: r.ID, HouseholdID: h, Zone: "a1",
					Building: fmt.Sprintf("%d号楼", (h-1)%80+1), ItemNo: 2, Quantity: 1, By: h}, t0)
				return err
			})
			if err != nil {
				b.Fatal(err)
			}
		}
	}
}

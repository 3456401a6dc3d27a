package retention

import (
	"context"
	"database/sql"
	"fmt"
	"testing"
	"time"

	"linli/store"
)

// The purge benchmark's community, months into a lockdown (as cmd/bot's admin benchmarks):
// 10,000 households of one resident each, 100,000 orders finished 2-100 days before the cutoff
// with their events, 10,000 open or under way today in 2,000 of the households (so 8,000
// households are anonymised), 100,000 handled updates, 200,000 sent messages (replies and
// broadcasts), 2,000 monitored households with 30 days of check-ins and temperatures.
const (
	benchHouseholds = 10_000
	benchFinished   = 100_000
	benchOpen       = 10_000
	benchBusy       = 2_000 // households with an order open today, and monitored
	benchUpdates    = 100_000
	benchMessages   = 200_000
	benchDays       = 30
)

// seedPurge creates the database at path and closes it checkpointed.
func seedPurge(b *testing.B, path string, now time.Time) {
	ctx := context.Background()
	db, err := store.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	err = store.InTx(ctx, db.Write, func(tx *sql.Tx) error { return seedPurgeTx(ctx, tx, now.UnixMilli()) })
	if err == nil {
		_, err = db.Write.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`)
	}
	if errC := db.Close(); err == nil {
		err = errC
	}
	if err != nil {
		b.Fatal(err)
	}
}

const day = int64(24 * 60 * 60 * 1000)

func seedPurgeTx(ctx context.Context, tx *sql.Tx, now int64) error {
	old := now - 120*day
	// Finished order n: finished (received, cancelled, expired or delivered) 2 to 100 days ago.
	done := `?1 - (2 + n % 98) * 86400000`
	stmts := []struct {
		sql  string
		args []any
	}{
		{series(benchHouseholds) + `INSERT INTO users (user_id, first_name, lang, created_at, seen_at)
			SELECT 1000000 + n, '居民' || n, 'zh', ?1, ?1 FROM i`, []any{old}},
		{series(benchHouseholds) + `INSERT INTO households (id, zone, building, unit, room, name, phone, size,
				monitored, registered_by, created_at, updated_at)
			SELECT n + 1, CASE n % 2 WHEN 0 THEN 'a1' ELSE 'b2' END, (n % 40 + 1) || '号楼', n % 4 + 1, 101 + n % 600,
				'居民' || n, '138' || printf('%08d', n), n % 5 + 1, n < ?2, 1000000 + n, ?1, ?1 FROM i`,
			[]any{old, benchBusy}},
		{series(benchHouseholds) + `INSERT INTO household_members (household_id, user_id, relation, created_at)
			SELECT n + 1, 1000000 + n, 'self', ?1 FROM i`, []any{old}},
		{series(benchFinished) + `INSERT INTO orders (id, household_id, placed_by, zone, building, category, shape,
				items, quantity, note, status, claimed_by, created_at, claimed_at, delivered_at, received_at,
				cancelled_at, expired_at, rating, comment, delivery_photo)
			SELECT n + 1, n % ?2 + 1, 1000000 + n % ?2, CASE n % 2 WHEN 0 THEN 'a1' ELSE 'b2' END, (n % 40 + 1) || '号楼',
				'groceries', 'delivery', '大米 5kg, 鸡蛋 30个', '5kg', '放门口，电话 138' || printf('%08d', n % ?2),
				CASE n % 10 WHEN 0 THEN 'cancelled' WHEN 1 THEN 'expired' WHEN 2 THEN 'delivered' ELSE 'received' END,
				CASE WHEN n % 10 < 2 THEN NULL ELSE 2000000 + n % 300 END, ` + done + ` - 7200000,
				CASE WHEN n % 10 < 2 THEN NULL ELSE ` + done + ` - 3600000 END,
				CASE WHEN n % 10 < 2 THEN NULL ELSE ` + done + ` - 600000 END,
				CASE WHEN n % 10 > 2 THEN ` + done + ` END, CASE WHEN n % 10 = 0 THEN ` + done + ` END,
				CASE WHEN n % 10 = 1 THEN ` + done + ` END, n % 6, CASE WHEN n % 3 = 0 THEN '谢谢志愿者！' ELSE '' END,
				CASE WHEN n % 10 > 1 THEN 'AgACAgUAAxkBAAI' || n ELSE '' END FROM i`,
			[]any{now, benchHouseholds}},
		{series(benchOpen) + `INSERT INTO orders (id, household_id, placed_by, zone, category, shape, items, status,
				claimed_by, created_at, claimed_at)
			SELECT ?2 + n + 1, n % ?3 + 1, 1000000 + n % ?3, 'a1', 'medicine', 'delivery', '降压药',
				CASE n % 2 WHEN 0 THEN 'open' ELSE 'claimed' END, CASE n % 2 WHEN 0 THEN NULL ELSE 2000000 + n % 300 END,
				?1 - n * 5000, CASE n % 2 WHEN 0 THEN NULL ELSE ?1 END FROM i`, []any{now, benchFinished, benchBusy}},
		{`INSERT INTO order_events (order_id, at, actor, kind, from_status, to_status, detail)
			SELECT id, created_at, placed_by, 'placed', '', 'open', '' FROM orders`, nil},
		{`INSERT INTO order_events (order_id, at, actor, kind, from_status, to_status, detail)
			SELECT id, claimed_at, claimed_by, 'claimed', 'open', 'claimed', '' FROM orders WHERE claimed_at IS NOT NULL`, nil},
		{`INSERT INTO order_events (order_id, at, actor, kind, from_status, to_status, detail)
			SELECT id, coalesce(received_at, cancelled_at, expired_at, delivered_at), placed_by, 'released', status, status,
				'志愿者说：楼下门禁进不去' FROM orders WHERE status NOT IN ('open', 'claimed') AND id % 4 = 0`, nil},
		{series(benchUpdates) + `INSERT INTO inbox (update_id, body, received_at, done_at)
			SELECT n + 1, '{"update_id":' || (n + 1) || ',"message":{"from":{"id":' || (1000000 + n % 10000) ||
				',"first_name":"居民' || (n % 10000) || '"},"text":"3号楼2单元501 电话13800001234"}}',
				?1 - (100 - n / 1000) * 86400000, ?1 - (100 - n / 1000) * 86400000 + 50 FROM i`, []any{now}},
		{series(benchMessages) + `INSERT INTO outbox (chat_id, priority, payload, dedup_key, status, created_at, sent_at)
			SELECT 1000000 + n / 2 % 10000, n % 2 * 2, '{"text":"您的订单 #' || n || ' 已被志愿者认领，送往 3号楼 501","chat_id":' ||
				(1000000 + n / 2 % 10000) || '}', CASE n % 2 WHEN 1 THEN 'run:' || (n / 20000) END,
				CASE WHEN n % 53 = 0 THEN 'unreachable' ELSE 'sent' END, ?1 - (100 - n / 2000) * 86400000,
				?1 - (100 - n / 2000) * 86400000 FROM i`, []any{now}},
		{series(benchBusy*benchDays) + `INSERT INTO checkin_days (household_id, day, prompted_at, answer, temperature)
			SELECT n % ?1 + 1, strftime('%Y%m%d', (?2 - (n / ?1) * 86400000) / 1000, 'unixepoch'), ?2, 'ok', '36.' || (n % 10)
			FROM i`, []any{benchBusy, now}},
	}
	for i, s := range stmts {
		if _, err := tx.ExecContext(ctx, s.sql, s.args...); err != nil {
			return fmt.Errorf("purge seed %d: %w", i, err)
		}
	}
	return nil
}

// series is a WITH clause naming i(n) for n in [0, count).
func series(count int) string {
	return fmt.Sprintf("WITH RECURSIVE i(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM i WHERE n < %d) ", count-1)
}

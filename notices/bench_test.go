package notices

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"linli/internal/testdb"
	"linli/store"
)

// BenchmarkExpand_100000 expands one run to 100,000 recipients (1,000 per transaction), as the
// scheduler does: ns/op is the whole expansion.
func BenchmarkExpand_100000(b *testing.B) {
	ctx := context.Background()
	const users = 100_000
	for range b.N {
		b.StopTimer()
		db := testdb.Open(b)
		err := store.InTx(ctx, db.Write, func(tx *sql.Tx) error {
			for i := 1; i <= users; i++ {
				if _, err := tx.Exec(`INSERT INTO users (user_id, lang, created_at, seen_at) VALUES (?, 'zh', 0, 0)`, i); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
		s := New(Options{Render: plain{}})
		now := time.Now()
		err = store.InTx(ctx, db.Write, func(tx *sql.Tx) error {
			id, err := s.Create(ctx, tx, Notice{Author: 1, Audience: Audience{Kind: AudienceAll}, Text: "hi"}, now)
			if err == nil {
				_, err = s.SendNow(ctx, tx, id, now)
			}
			return err
		})
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if err := s.Tick(ctx, db.Write, now); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		var n int
		_ = db.Read.QueryRow(`SELECT count(*) FROM outbox WHERE dedup_key IS NOT NULL`).Scan(&n)
		if n != users {
			b.Fatalf("%d rows, want %d", n, users)
		}
		db.Close()
	}
}

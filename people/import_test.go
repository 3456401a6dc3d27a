package people_test

import (
	"context"
	"database/sql"
	"fmt"
	"testing"
	"time"

	"linli/internal/testdb"
	"linli/people"
	"linli/store"
)

func list(n int) []people.HouseholdInput {
	out := make([]people.HouseholdInput, n)
	for i := range out {
		out[i] = people.HouseholdInput{Zone: "a1", Building: fmt.Sprintf("%d号楼", i/100+1), Room: fmt.Sprint(101 + i%100),
			Name: fmt.Sprintf("居民%d", i), Phone: fmt.Sprintf("138%08d", i), Size: 1 + i%5}
	}
	return out
}

func importAll(t testing.TB, db *store.DB, in []people.HouseholdInput) map[people.ImportOutcome]int {
	t.Helper()
	counts := map[people.ImportOutcome]int{}
	err := store.InTx(context.Background(), db.Write, func(tx *sql.Tx) error {
		got, err := people.ImportHouseholds(context.Background(), tx, in, time.Now())
		for _, o := range got {
			counts[o]++
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return counts
}

func TestImportHouseholds_TwoThousandThenAgainUnchangedThenOneUpdated(t *testing.T) {
	db := testdb.Open(t)
	in := list(2000)
	if got := importAll(t, db, in); got[people.ImportNew] != 2000 {
		t.Fatalf("first import: %v", got)
	}
	if got := importAll(t, db, in); got[people.ImportUnchanged] != 2000 {
		t.Fatalf("re-import: %v", got)
	}
	in[7].Phone, in[8].Building = "13999999999", " "+in[8].Building+"　" // a new phone; the same address spaced
	if got := importAll(t, db, in[:10]); got[people.ImportUpdated] != 1 || got[people.ImportUnchanged] != 9 {
		t.Fatalf("changed phone: %v", got)
	}
	hh, err := people.UnlinkedByPhone(context.Background(), db.Read, "+86 139 9999 9999")
	if err != nil || hh.Name != "居民7" {
		t.Fatalf("imported household by phone: %+v, %v", hh, err)
	}
}

func TestImportHouseholds_AddressOfARegisteredHouseholdIsUpdatedNotDoubled(t *testing.T) {
	db := testdb.Open(t)
	ctx := context.Background()
	err := store.InTx(ctx, db.Write, func(tx *sql.Tx) error {
		_, err := people.Register(ctx, tx, people.HouseholdInput{Zone: "a1", Building: "3号楼", Unit: "2单元", Room: "301",
			Name: "王", Phone: "13800138000", Size: 2}, 101, people.RelSelf, time.Now())
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	got := importAll(t, db, []people.HouseholdInput{{Zone: "a1", Building: "３号楼", Room: "2单元301", Name: "王",
		Phone: "13800138000", Size: 3}})
	if got[people.ImportUpdated] != 1 {
		t.Fatalf("%v", got)
	}
	if _, err := people.UnlinkedByPhone(ctx, db.Read, "13800138000"); err == nil {
		t.Fatal("a household registered in the bot was offered for linking")
	}
}

func TestLinkImported_OnlyOnce(t *testing.T) {
	db := testdb.Open(t)
	ctx := context.Background()
	importAll(t, db, list(1))
	hh, err := people.UnlinkedByPhone(ctx, db.Read, "13800000000")
	if err != nil {
		t.Fatal(err)
	}
	for i, user := range []int64{101, 102} {
		err := store.InTx(ctx, db.Write, func(tx *sql.Tx) error {
			_, err := people.LinkImported(ctx, tx, hh.ID, user, time.Now())
			return err
		})
		if (i == 0) != (err == nil) {
			t.Fatalf("user %d: %v", user, err)
		}
	}
	if _, err := people.UnlinkedByPhone(ctx, db.Read, "13800000000"); err == nil {
		t.Fatal("a linked household is still offered")
	}
}

func BenchmarkImportHouseholds2000(b *testing.B) {
	in := list(2000)
	for b.Loop() {
		b.StopTimer()
		db := testdb.Open(b)
		b.StartTimer()
		importAll(b, db, in)
	}
}

package audit_test

import (
	"context"
	"database/sql"
	"strings"
	"testing"
	"time"

	"linli/audit"
	"linli/internal/testdb"
	"linli/store"
)

func TestRecordThenList_NewestFirstByActor(t *testing.T) {
	db := testdb.Open(t)
	ctx := context.Background()
	at := time.UnixMilli(1_780_000_000_000)
	entries := []audit.Entry{
		{At: at, Actor: 900, Source: audit.SourceCommand, Action: "grant", Args: "555 admin", Outcome: audit.OK},
		{At: at, Actor: 101, Source: audit.SourceCommand, Action: "grant", Args: "101 admin", Outcome: audit.Refused},
		{At: at, Source: audit.SourceCLI, Action: "purge", Args: "before=2026-06-01", Outcome: audit.OK},
	}
	for _, e := range entries {
		if err := store.InTx(ctx, db.Write, func(tx *sql.Tx) error { return audit.Record(ctx, tx, e) }); err != nil {
			t.Fatal(err)
		}
	}
	all, err := audit.List(ctx, db.Read, audit.Filter{})
	if err != nil || len(all) != 3 || all[0].Action != "purge" || all[2].Args != "555 admin" || !all[2].At.Equal(at) {
		t.Fatalf("List = %+v, %v", all, err)
	}
	mine, err := audit.List(ctx, db.Read, audit.Filter{Actor: 101})
	if err != nil || len(mine) != 1 || mine[0].Outcome != audit.Refused {
		t.Fatalf("List(actor 101) = %+v, %v", mine, err)
	}
	older, err := audit.List(ctx, db.Read, audit.Filter{BeforeID: all[0].ID, Limit: 1})
	if err != nil || len(older) != 1 || older[0].ID != all[1].ID {
		t.Fatalf("List(before, limit 1) = %+v, %v", older, err)
	}
}

func TestAuditLog_UpdateAndDeleteRefusedBySchema(t *testing.T) {
	db := testdb.Open(t)
	ctx := context.Background()
	err := store.InTx(ctx, db.Write, func(tx *sql.Tx) error {
		return audit.Record(ctx, tx, audit.Entry{At: time.Now(), Actor: 900, Source: audit.SourceButton,
			Action: "button:n:s", Outcome: audit.OK})
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`UPDATE audit_log SET outcome = 'refused'`,
		`UPDATE audit_log SET args = 'x' WHERE id = 1`,
		`DELETE FROM audit_log`,
		`DELETE FROM audit_log WHERE id = 1`,
	} {
		_, err := db.Write.ExecContext(ctx, q)
		if err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s: err = %v, want the append-only refusal", q, err)
		}
	}
	var n int
	if err := db.Read.QueryRow(`SELECT count(*) FROM audit_log WHERE outcome = 'ok' AND args = ''`).Scan(&n); err != nil || n != 1 {
		t.Fatalf("the row changed: %d, %v", n, err)
	}
}

func TestRecord_RefusesAnUnknownOutcome(t *testing.T) {
	db := testdb.Open(t)
	err := audit.Record(context.Background(), db.Write, audit.Entry{At: time.Now(), Source: audit.SourceCLI, Action: "x", Outcome: "maybe"})
	if err == nil {
		t.Fatal("outcome \"maybe\" recorded")
	}
}

func TestClean_KeepsKeysAndIdsDropsPhonesNamesAddresses(t *testing.T) {
	tests := []struct{ in, want string }{
		{"555 admin", "555 admin"},
		{"zone:a1 on", "zone:a1 on"},
		{"0 8 * * * all", "0 8 * * * all"},
		{"13912340001", "***"},
		{"+86 139 1234 0001 x", "*** x"},
		{"139-1234-0001", "***"},
		{"a1; 王秀英; 13912340001; 99号楼 7单元 1703", "… 1703"},
		{"all <b>hi</b>", "all …"},
		{"all\x00\x07 ok", "… ok"},
		{strings.Repeat("abc ", 100), strings.Repeat("abc ", 29) + "a…"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := audit.Clean(tt.in); got != tt.want {
			t.Errorf("Clean(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if len(audit.Clean(tt.in)) > audit.MaxArgs {
			t.Errorf("Clean(%q) longer than MaxArgs", tt.in)
		}
	}
}

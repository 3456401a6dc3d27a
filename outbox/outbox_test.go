package outbox_test

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"testing"
	"time"

	"linli/internal/testdb"
	"linli/outbox"
	"linli/store"
)

var t0 = time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)

func add(t *testing.T, db *store.DB, m outbox.Message, o outbox.Options) int64 {
	t.Helper()
	var id int64
	err := store.InTx(context.Background(), db.Write, func(tx *sql.Tx) error {
		var err error
		id, err = outbox.Add(context.Background(), tx, m, o, t0)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func due(t *testing.T, db *store.DB) []int64 {
	t.Helper()
	rows, err := outbox.Due(context.Background(), db.Read, t0, 100)
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, r := range rows {
		ids = append(ids, r.ID)
	}
	return ids
}

func TestDue_OneHeadPerChat_ReplyBeforeBroadcast(t *testing.T) {
	db := testdb.Open(t)
	b1 := add(t, db, outbox.Message{ChatID: 1, Text: "notice"}, outbox.Options{Priority: outbox.PriorityBroadcast})
	b2 := add(t, db, outbox.Message{ChatID: 2, Text: "notice"}, outbox.Options{Priority: outbox.PriorityBroadcast})
	r1 := add(t, db, outbox.Message{ChatID: 1, Text: "reply"}, outbox.Options{Priority: outbox.PriorityReply})
	add(t, db, outbox.Message{ChatID: 1, Text: "second reply"}, outbox.Options{Priority: outbox.PriorityReply})
	got := due(t, db)
	want := []int64{r1, b2}
	if len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
		t.Fatalf("due = %v, want %v (chat 1's first reply, then chat 2's notice; %d waits)", got, want, b1)
	}
}

func TestDue_ChatWithSendInFlightWaits(t *testing.T) {
	db := testdb.Open(t)
	a := add(t, db, outbox.Message{ChatID: 1, Text: "a"}, outbox.Options{})
	add(t, db, outbox.Message{ChatID: 1, Text: "b"}, outbox.Options{})
	if err := store.InTx(context.Background(), db.Write, func(tx *sql.Tx) error {
		_, err := outbox.MarkSending(context.Background(), tx, []outbox.Row{{ID: a}})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if got := due(t, db); len(got) != 0 {
		t.Fatalf("due = %v while chat 1 has a send in flight", got)
	}
	n, err := outbox.RecoverInFlight(context.Background(), db.Write)
	if err != nil || n != 1 {
		t.Fatalf("recovered %d, %v", n, err)
	}
	if got := due(t, db); len(got) != 1 || got[0] != a {
		t.Fatalf("after recovery due = %v, want [%d] again", got, a)
	}
	var unknown int
	_ = db.Read.QueryRow("SELECT unknown FROM outbox WHERE id = ?", a).Scan(&unknown)
	if unknown != 1 {
		t.Fatalf("unknown = %d, want the interrupted send recorded", unknown)
	}
}

func TestAdd_DedupKeyMakesOneRowPerChat(t *testing.T) {
	db := testdb.Open(t)
	first := add(t, db, outbox.Message{ChatID: 7, Text: "n"}, outbox.Options{DedupKey: "run:1"})
	again := add(t, db, outbox.Message{ChatID: 7, Text: "n"}, outbox.Options{DedupKey: "run:1"})
	other := add(t, db, outbox.Message{ChatID: 8, Text: "n"}, outbox.Options{DedupKey: "run:1"})
	if first == 0 || again != 0 || other == 0 {
		t.Fatalf("ids %d %d %d: want the repeat ignored", first, again, other)
	}
}

func TestUnreachableChat_SettlesPendingAndSkipsNewUntilReachable(t *testing.T) {
	db := testdb.Open(t)
	ctx := context.Background()
	add(t, db, outbox.Message{ChatID: 5, Text: "1"}, outbox.Options{})
	err := store.InTx(ctx, db.Write, func(tx *sql.Tx) error {
		return outbox.Record(ctx, tx, []outbox.Outcome{{ChatID: 5, Status: outbox.StatusUnreachable, Err: "Forbidden: bot was blocked by the user"}}, t0)
	})
	if err != nil {
		t.Fatal(err)
	}
	add(t, db, outbox.Message{ChatID: 5, Text: "2"}, outbox.Options{})
	if got := due(t, db); len(got) != 0 {
		t.Fatalf("due = %v for a chat that blocked the bot", got)
	}
	st, _ := outbox.Stats(ctx, db.Read)
	if st["unreachable"] != 2 {
		t.Fatalf("stats = %v, want both rows unreachable", st)
	}
	err = store.InTx(ctx, db.Write, func(tx *sql.Tx) error {
		was, err := outbox.MarkReachable(ctx, tx, 5)
		if !was {
			t.Error("MarkReachable did not report the chat as marked")
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if id := add(t, db, outbox.Message{ChatID: 5, Text: "3"}, outbox.Options{}); len(due(t, db)) != 1 {
		t.Fatalf("message %d to a chat that wrote again is not due", id)
	}
}

func TestRetry_WaitsForBackoff(t *testing.T) {
	db := testdb.Open(t)
	ctx := context.Background()
	id := add(t, db, outbox.Message{ChatID: 9, Text: "x"}, outbox.Options{})
	err := store.InTx(ctx, db.Write, func(tx *sql.Tx) error {
		return outbox.Record(ctx, tx, []outbox.Outcome{{ID: id, ChatID: 9, Status: outbox.StatusRetry, NotBefore: t0.Add(time.Minute)}}, t0)
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := due(t, db); len(got) != 0 {
		t.Fatalf("due = %v before the backoff ends", got)
	}
	next, err := outbox.NextDue(ctx, db.Read)
	if err != nil || !next.Equal(t0.Add(time.Minute)) {
		t.Fatalf("NextDue = %v, %v", next, err)
	}
}

// mark marks rows sending and returns them, with their payloads, as MarkSending does.
func mark(t *testing.T, db *store.DB, rows []outbox.Row) (marked []outbox.Row) {
	t.Helper()
	if err := store.InTx(context.Background(), db.Write, func(tx *sql.Tx) error {
		var err error
		marked, err = outbox.MarkSending(context.Background(), tx, rows)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return marked
}

// Due tells answers and paid broadcasts by the row's columns, not by reading its payload: a reply
// whose text looks like an answer's JSON is a message like any other. MarkSending reads the
// payloads of the rows it marks, in their order, and Load decodes them, keeping the sender's Paid.
func TestDue_KindAndPaidAreTheRowsMarkSendingReadsTheRest(t *testing.T) {
	db := testdb.Open(t)
	answer := add(t, db, outbox.Message{Kind: outbox.KindAnswer, ChatID: 1, CallbackQueryID: "q"}, outbox.Options{})
	lookalike := add(t, db, outbox.Message{ChatID: 2, Text: `{"kind":"answer"`, Paid: true}, outbox.Options{})
	rows, err := outbox.Due(context.Background(), db.Read, t0, 10)
	if err != nil || len(rows) != 2 {
		t.Fatalf("due: %v, %v", rows, err)
	}
	a, l := rows[0], rows[1]
	if a.ID != answer || a.Message.Kind != outbox.KindAnswer || a.Message.Paid {
		t.Errorf("the answer came back as %+v", a)
	}
	if l.ID != lookalike || l.Message.Kind != outbox.KindSend || !l.Message.Paid || l.Message.Text != "" {
		t.Errorf("the look-alike reply came back as %+v", l)
	}
	rows[1].Message.Paid = false // the sender's decision: this one goes unpaid
	marked := mark(t, db, []outbox.Row{rows[1], rows[0]})
	if len(marked) != 2 || marked[0].ID != lookalike || marked[1].ID != answer {
		t.Fatalf("marked %+v", marked)
	}
	for i := range marked {
		if err := marked[i].Load(); err != nil {
			t.Fatal(err)
		}
	}
	if m := marked[0].Message; m.Text != `{"kind":"answer"` || m.ChatID != 2 || m.Paid {
		t.Errorf("loaded %+v", m)
	}
	if m := marked[1].Message; m.Kind != outbox.KindAnswer || m.CallbackQueryID != "q" {
		t.Errorf("loaded %+v", m)
	}
}

// A row whose payload is not a message is unreadable for good (ErrUnreadable).
func TestLoad_UnreadablePayloadIsFinal(t *testing.T) {
	db := testdb.Open(t)
	id := add(t, db, outbox.Message{ChatID: 1, Text: "hi"}, outbox.Options{})
	if _, err := db.Write.Exec(`UPDATE outbox SET payload = '{"text":' WHERE id = ?`, id); err != nil {
		t.Fatal(err)
	}
	marked := mark(t, db, []outbox.Row{{ID: id}})
	if len(marked) != 1 {
		t.Fatalf("marked %v", marked)
	}
	if err := marked[0].Load(); !errors.Is(err, outbox.ErrUnreadable) {
		t.Errorf("a broken payload: %v, want ErrUnreadable", err)
	}
}

// A message's HTML is stored as it is (not as \u003cb\u003e), and reads back the same.
func TestAdd_PayloadKeepsTheHTMLAsItIs(t *testing.T) {
	db := testdb.Open(t)
	text := "<b>#1</b> 💊 胰岛素 &amp; <i>\"x\"</i> & <a href=\"https://t.me/x?a=1&b=2\">链接</a>"
	id := add(t, db, outbox.Message{ChatID: 1, Text: text, Buttons: [][]outbox.Button{{{Text: "<认领>", Data: "q:c:1"}}}}, outbox.Options{})
	var payload string
	if err := db.Read.QueryRow(`SELECT payload FROM outbox WHERE id = ?`, id).Scan(&payload); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(payload, `\u003c`) || strings.Contains(payload, `\u0026`) || !strings.Contains(payload, "<b>#1</b>") {
		t.Errorf("payload %s: want the HTML as it is", payload)
	}
	rows, err := outbox.Due(context.Background(), db.Read, t0, 10)
	if err != nil || len(rows) != 1 {
		t.Fatalf("due: %v, %v", rows, err)
	}
	marked := mark(t, db, rows)
	if err := marked[0].Load(); err != nil {
		t.Fatal(err)
	}
	if m := marked[0].Message; m.Text != text || m.Buttons[0][0].Text != "<认领>" {
		t.Errorf("read back %+v", m)
	}
}

package orders_test

import (
	"database/sql"
	"slices"
	"testing"
	"time"

	"linli/orders"
)

// track records card c in its own transaction.
func (e *env) track(c orders.Card, at time.Time) {
	e.t.Helper()
	if err := e.tx(func(tx *sql.Tx) error { return orders.TrackCard(ctx, tx, c, at) }); err != nil {
		e.t.Fatal(err)
	}
}

// stale is what StaleCards says for an event of kind on order id, as outbox ids by kind.
func (e *env) stale(kind string, id int64) map[orders.CardKind][]int64 {
	e.t.Helper()
	out := map[orders.CardKind][]int64{}
	err := e.tx(func(tx *sql.Tx) error {
		cards, err := orders.StaleCards(ctx, tx, orders.Event{Kind: kind, OrderID: id})
		for _, c := range cards {
			out[c.Kind] = append(out[c.Kind], c.OutboxID)
		}
		return err
	})
	if err != nil {
		e.t.Fatal(err)
	}
	return out
}

func TestStaleCards_WhichMessagesEachChangeMakesOutOfDate(t *testing.T) {
	e := newEnv(t, orders.Options{})
	hh := e.household("a1", "3")
	a, b := e.place(orders.NewOrder{HouseholdID: hh, Zone: "a1", Building: "3"}, t0), e.place(orders.NewOrder{HouseholdID: hh, Zone: "a1", Building: "3"}, t0)
	e.track(orders.Card{OutboxID: 10, ChatID: -100, Kind: orders.CardGroup, Lang: "zh", Orders: []int64{a.ID}}, t0)
	e.track(orders.Card{OutboxID: 11, ChatID: 7, Kind: orders.CardPush, Lang: "en", Orders: []int64{a.ID}}, t0)
	e.track(orders.Card{OutboxID: 12, ChatID: 7, Kind: orders.CardQueue, Lang: "en", Orders: []int64{b.ID, a.ID}, More: "q:p:10"}, t0)
	e.track(orders.Card{OutboxID: 13, ChatID: 8, Kind: orders.CardTask, Lang: "zh", Orders: []int64{a.ID}}, t0)

	claimed := e.stale(orders.EventClaimed, a.ID)
	if !slices.Equal(claimed[orders.CardGroup], []int64{10}) || !slices.Equal(claimed[orders.CardPush], []int64{11}) ||
		!slices.Equal(claimed[orders.CardQueue], []int64{12}) || len(claimed[orders.CardTask]) != 0 {
		t.Fatalf("claimed: %v", claimed)
	}
	// The page comes with every order it shows, in its order, and its next-page button.
	err := e.tx(func(tx *sql.Tx) error {
		cards, err := orders.StaleCards(ctx, tx, orders.Event{Kind: orders.EventClaimed, OrderID: b.ID})
		if len(cards) != 1 || !slices.Equal(cards[0].Orders, []int64{b.ID, a.ID}) || cards[0].More != "q:p:10" || cards[0].Lang != "en" {
			t.Fatalf("the page of #%d: %+v", b.ID, cards)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := e.stale(orders.EventEscalated, a.ID); len(got) != 0 {
		t.Fatalf("escalated changes no card: %v", got)
	}
	if got := e.stale(orders.EventDelivered, a.ID); !slices.Equal(got[orders.CardTask], []int64{13}) || len(got) != 1 {
		t.Fatalf("delivered: %v", got)
	}
	// The task card was edited once: forgotten.
	if got := e.stale(orders.EventReleased, a.ID); len(got[orders.CardTask]) != 0 || len(got[orders.CardGroup]) != 1 {
		t.Fatalf("released after the task card was edited: %v", got)
	}
}

func TestCardAtAndRetrack_APageTurnedInPlace(t *testing.T) {
	e := newEnv(t, orders.Options{})
	hh := e.household("a1", "3")
	a, b := e.place(orders.NewOrder{HouseholdID: hh, Zone: "a1", Building: "3"}, t0), e.place(orders.NewOrder{HouseholdID: hh, Zone: "a1", Building: "3"}, t0)
	if _, err := e.db.Write.Exec(`INSERT INTO outbox (id, chat_id, priority, payload, status, message_id, created_at)
		VALUES (50, 7, 0, '{}', 'sent', 444, 0)`); err != nil {
		t.Fatal(err)
	}
	e.track(orders.Card{OutboxID: 50, ChatID: 7, Kind: orders.CardQueue, Lang: "zh", Orders: []int64{a.ID}}, t0)
	err := e.tx(func(tx *sql.Tx) error {
		if id, err := orders.CardAt(ctx, tx, 7, 444); err != nil || id != 50 {
			t.Fatalf("CardAt = %d, %v", id, err)
		}
		if id, err := orders.CardAt(ctx, tx, 8, 444); err != nil || id != 0 {
			t.Fatalf("CardAt in another chat = %d, %v", id, err)
		}
		return orders.Retrack(ctx, tx, orders.Card{OutboxID: 50, ChatID: 7, Kind: orders.CardQueue, Lang: "zh", Orders: []int64{b.ID}}, t0)
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := e.stale(orders.EventClaimed, a.ID); len(got) != 0 {
		t.Fatalf("the turned page still counts #%d: %v", a.ID, got)
	}
	if got := e.stale(orders.EventClaimed, b.ID); !slices.Equal(got[orders.CardQueue], []int64{50}) {
		t.Fatalf("the turned page lacks #%d: %v", b.ID, got)
	}
}

func TestSweepCards_ForgetsFinishedOrdersAndOldCards(t *testing.T) {
	e := newEnv(t, orders.Options{})
	hh := e.household("a1", "3")
	open, gone := e.place(orders.NewOrder{HouseholdID: hh, Zone: "a1", Building: "3"}, t0), e.place(orders.NewOrder{HouseholdID: hh, Zone: "a1", Building: "3"}, t0)
	if _, err := e.do(func(tx *sql.Tx) (orders.Order, error) {
		return e.svc.Cancel(ctx, tx, gone.ID, []int64{hh}, resident, t0)
	}); err != nil {
		t.Fatal(err)
	}
	e.track(orders.Card{OutboxID: 1, ChatID: 7, Kind: orders.CardPush, Lang: "zh", Orders: []int64{open.ID}}, t0)
	e.track(orders.Card{OutboxID: 2, ChatID: 7, Kind: orders.CardPush, Lang: "zh", Orders: []int64{gone.ID}}, t0)
	e.track(orders.Card{OutboxID: 3, ChatID: 7, Kind: orders.CardPush, Lang: "zh", Orders: []int64{open.ID}}, t0.Add(-8*24*time.Hour))
	var n int64
	err := e.tx(func(tx *sql.Tx) (err error) {
		n, err = orders.SweepCards(ctx, tx, t0)
		return err
	})
	if err != nil || n != 2 {
		t.Fatalf("swept %d, %v; want 2 (the cancelled order's, the week-old one)", n, err)
	}
	if got := e.stale(orders.EventClaimed, open.ID); !slices.Equal(got[orders.CardPush], []int64{1}) {
		t.Fatalf("kept: %v", got)
	}
}

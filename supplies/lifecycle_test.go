package supplies_test

import (
	"database/sql"
	"errors"
	"testing"
	"time"

	"linli/supplies"
)

func TestSign_RefusalsChangeNothing(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	h := e.households("a1", "1", 2)
	r := e.round(supplies.NewRound{})
	if _, err := e.sign(r, h[0], 1, 2, t0); err != nil {
		t.Fatal(err)
	}
	_, err := e.sign(r, h[1], 1, 3, t0)
	wantErr(t, err, supplies.ErrOverMax)
	var over *supplies.OverMaxError
	if !errors.As(err, &over) || over.Round != r.ID || over.No != 1 || over.Item != "蔬菜包" || over.Max != 2 {
		t.Errorf("the refusal names the item and its maximum: %+v", over)
	}
	_, err = e.sign(r, h[1], 1, 0, t0)
	wantErr(t, err, supplies.ErrBadInput)
	_, err = e.sign(r, h[1], 9, 1, t0)
	wantErr(t, err, supplies.ErrNoSuchItem)
	_, err = e.sign(r, h[1], 1, 1, r.Cutoff)
	wantErr(t, err, supplies.ErrAfterCutoff)
	err = e.tx(func(tx *sql.Tx) error {
		_, err := e.svc.Sign(ctx, tx, supplies.Request{RoundID: r.ID, HouseholdID: h[1], Zone: "b2", Building: "1",
			ItemNo: 1, Quantity: 1}, t0)
		return err
	})
	wantErr(t, err, supplies.ErrNotInAudience)
	if tot, _ := e.svc.Totals(ctx, e.db.Read, r.ID); tot[0].Quantity != 2 || tot[0].Households != 1 {
		t.Fatalf("totals after refusals: %+v", tot)
	}
	if err := e.tx(func(tx *sql.Tx) error { _, err := e.svc.Cancel(ctx, tx, r.ID, organiser, "supplier", t0); return err }); err != nil {
		t.Fatal(err)
	}
	_, err = e.sign(r, h[1], 1, 1, t0)
	wantErr(t, err, supplies.ErrCancelled)
	if k := e.kinds(); k[supplies.EventCancelled] != 1 {
		t.Fatalf("events %v", k)
	}
}

func TestClose_BelowMinimumCancelsOnce(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	h := e.households("a1", "1", 3)
	r := e.round(supplies.NewRound{MinHouseholds: 5})
	for _, x := range h {
		if _, err := e.sign(r, x, 1, 1, t0); err != nil {
			t.Fatal(err)
		}
	}
	// Asked first, it says so, and changes nothing.
	if _, out, err := e.svc.WouldClose(ctx, e.db.Read, r.ID); err != nil || out.Households != 3 || !out.Cancels {
		t.Fatalf("would close: %+v, %v", out, err)
	}
	if e.get(r.ID).Status != supplies.StatusOpen || e.kinds()[supplies.EventCancelled] != 0 {
		t.Fatalf("asking changed the round: %+v", e.get(r.ID))
	}
	for range 3 {
		if _, err := e.svc.CloseDue(ctx, e.db.Write, r.Cutoff); err != nil {
			t.Fatal(err)
		}
	}
	got := e.get(r.ID)
	if got.Status != supplies.StatusCancelled || got.Reason != supplies.ReasonMinimum {
		t.Fatalf("round %+v", got)
	}
	if k := e.kinds(); k[supplies.EventCancelled] != 1 || k[supplies.EventClosed] != 0 {
		t.Fatalf("events %v", k)
	}
	_, _, err := e.svc.WouldClose(ctx, e.db.Read, r.ID)
	wantErr(t, err, supplies.ErrCancelled)
}

func TestClose_BatchesPickListAndHandOver(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	big := e.households("a1", "10号楼", 45)
	small := e.households("a1", "2号楼", 3)
	r := e.round(supplies.NewRound{Audience: "zone:a1"})
	for _, h := range append(append([]int64{}, big...), small...) {
		if _, err := e.sign(r, h, 1, 1, t0); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := e.sign(r, small[0], 2, 3, t0); err != nil {
		t.Fatal(err)
	}
	if n, err := e.svc.CloseDue(ctx, e.db.Write, r.Cutoff.Add(time.Hour)); err != nil || n != 1 {
		t.Fatalf("closed %d, %v", n, err)
	}
	if n, _ := e.svc.CloseDue(ctx, e.db.Write, r.Cutoff.Add(2*time.Hour)); n != 0 {
		t.Fatalf("closed again: %d", n)
	}
	tot, _ := e.svc.Totals(ctx, e.db.Read, r.ID)
	if tot[0].Quantity != 48 || tot[1].Quantity != 3 {
		t.Fatalf("totals %+v", tot)
	}
	picks, _ := e.svc.PickList(ctx, e.db.Read, r.ID)
	if picks[0].Building != "2号楼" || picks[0].Room != "101" || picks[len(picks)-1].Room != "145" {
		t.Fatalf("pick list order: first %+v last %+v", picks[0], picks[len(picks)-1])
	}
	bs, _ := e.svc.Batches(ctx, e.db.Read, r.ID)
	if len(bs) != 3 || bs[0].Building != "2号楼" || bs[1].Households != 40 || bs[2].Households != 5 {
		t.Fatalf("batches %+v", bs)
	}
	b := bs[0]
	err := e.tx(func(tx *sql.Tx) error {
		_, err := e.svc.Claim(ctx, tx, b.ID, 2001, t0)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	err = e.tx(func(tx *sql.Tx) error { _, err := e.svc.Claim(ctx, tx, b.ID, 2002, t0); return err })
	wantErr(t, err, supplies.ErrAlreadyClaimed)
	stops, _ := e.svc.Stops(ctx, e.db.Read, b.ID, 10, 0)
	for i, st := range stops {
		err := e.tx(func(tx *sql.Tx) error {
			_, err := e.svc.Mark(ctx, tx, b.ID, st.HouseholdID, 2001, i != 1, t0)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if b, _ := e.svc.Batch(ctx, e.db.Read, b.ID); b.Status != supplies.BatchDone || b.NobodyHome != 1 {
		t.Fatalf("batch %+v", b)
	}
	if err := e.tx(func(tx *sql.Tx) error { return e.svc.Receive(ctx, tx, r.ID, stops[0].HouseholdID, t0) }); err != nil {
		t.Fatal(err)
	}
	for _, b := range bs[1:] {
		e.finishBatch(b.ID)
	}
	if got := e.get(r.ID); got.Status != supplies.StatusDone {
		t.Fatalf("round %s", got.Status)
	}
	var done supplies.Event
	for _, ev := range e.events {
		if ev.Kind == supplies.EventDone {
			done = ev
		}
	}
	if len(done.NotReached) != 1 || done.NotReached[0].HouseholdID != stops[1].HouseholdID {
		t.Fatalf("not reached %+v", done.NotReached)
	}

	// The household found not home is back: its claimer is told, and may still deliver. Only it
	// may ask: a household delivered to, or not in the round, is refused.
	homeAgain := func(household int64) error {
		return e.tx(func(tx *sql.Tx) error { _, err := e.svc.HomeAgain(ctx, tx, r.ID, household, 1, t0); return err })
	}
	wantErr(t, homeAgain(stops[0].HouseholdID), supplies.ErrWrongState)
	wantErr(t, homeAgain(999_999), supplies.ErrWrongState)
	if err := homeAgain(stops[1].HouseholdID); err != nil {
		t.Fatal(err)
	}
	if last := e.events[len(e.events)-1]; last.Kind != supplies.EventHomeAgain || last.Batch.ClaimedBy != 2001 ||
		last.Household != stops[1].HouseholdID {
		t.Fatalf("home again told %+v", last)
	}
	if err := e.tx(func(tx *sql.Tx) error {
		_, err := e.svc.Mark(ctx, tx, b.ID, stops[1].HouseholdID, 2001, true, t0)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	wantErr(t, homeAgain(stops[1].HouseholdID), supplies.ErrWrongState)
}

func (e *env) finishBatch(id int64) {
	e.t.Helper()
	err := e.tx(func(tx *sql.Tx) error {
		if _, err := e.svc.Claim(ctx, tx, id, 2003, t0); err != nil {
			return err
		}
		stops, err := e.svc.Stops(ctx, tx, id, 100, 0)
		for _, st := range stops {
			if _, err := e.svc.Mark(ctx, tx, id, st.HouseholdID, 2003, true, t0); err != nil {
				return err
			}
		}
		return err
	})
	if err != nil {
		e.t.Fatal(err)
	}
}

func TestParse_Table(t *testing.T) {
	t.Parallel()
	r, err := supplies.ParseRound("groupbuy zone:a1 2026-12-01 18:00 蔬菜团购 min 2; 蔬菜包 ¥39.9/份 max 2 stock 100; 鸡蛋 ¥15", time.UTC)
	if err != nil || r.MinHouseholds != 2 || r.Title != "蔬菜团购" || len(r.Items) != 2 || r.Items[0].Price != 3990 ||
		r.Items[0].Unit != "份" || r.Items[0].Stock != 100 || r.Items[0].Max != 2 || r.Items[1].Max != 0 {
		t.Fatalf("%+v %v", r, err)
	}
	for _, spec := range []string{"蔬菜包 ¥39.9/份 max 2 stock 100", "鸡蛋 ¥15", "大米 5kg/袋", "Tofu ¥4.05/box/2pcs stock 7", "口罩 max 10"} {
		it, err := supplies.ParseItem(spec)
		if again, err2 := supplies.ParseItem(it.Spec()); err != nil || err2 != nil || again != it {
			t.Errorf("%q → %q → %+v %v %v, want %+v", spec, it.Spec(), again, err, err2, it)
		}
	}
	// An item given no max takes the kind's default when validated: a group buy's has no cap of
	// its own (its stock still holds), a distribution's is one for each household.
	at := time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)
	any := supplies.New(supplies.Options{})
	if v, err := any.Validate(r, at); err != nil || v.Items[0].Max != 2 || v.Items[1].Max != supplies.MaxQuantity || v.Items[1].Capped() || !v.Items[0].Capped() {
		t.Errorf("group buy: %+v %v", v.Items, err)
	}
	r.Kind = supplies.Distribution
	if v, err := any.Validate(r, at); err != nil || v.Items[0].Max != 2 || v.Items[1].Max != 1 {
		t.Errorf("distribution: %+v %v", v.Items, err)
	}
	for _, bad := range []string{"", "groupbuy zone:a1 tomorrow 18:00 x; y", "groupbuy zone:a1 2026-12-01 18:00 x; y max 0",
		"groupbuy zone:a1 2026-12-01 18:00 x; y stock -1", "groupbuy zone:a1 2026-12-01 18:00 x; y ¥abc"} {
		if _, err := supplies.ParseRound(bad, time.UTC); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	p, err := supplies.ParseRound("distribution zone:b2 2026-12-01 18:00 菜包; 菜包; pickup 南门 岗亭 15", time.UTC)
	if err != nil || p.Handover != supplies.Pickup || p.PickupPoint != "南门 岗亭" || p.SlotMinutes != 15 || len(p.Items) != 1 {
		t.Fatalf("pickup part: %+v %v", p, err)
	}
	for _, bad := range []string{"pickup 南门", "pickup 南门 x", "pickup", "自提 南门 10; pickup 北门 5"} {
		if _, err := supplies.ParseRound("distribution zone:b2 2026-12-01 18:00 菜包; 菜包; "+bad, time.UTC); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	sealed := supplies.New(supplies.Options{SealedZones: []string{"a1"}})
	for aud, refused := range map[string]bool{"zone:a1": true, "zone:a1/3号楼": true, "all": true, "zone:b2": false} {
		p.Audience = aud
		_, err := sealed.Validate(p, time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC))
		var ie *supplies.InputError
		if got := errors.As(err, &ie) && ie.Field == "pickup_sealed"; got != refused {
			t.Errorf("pickup to %s: %v", aud, err)
		}
	}
	id, w, err := supplies.ParseBuy("R7 1x2 3×1")
	if err != nil || id != 7 || len(w) != 2 || w[1] != (supplies.Want{No: 3, Quantity: 1}) {
		t.Fatalf("%d %v %v", id, w, err)
	}
	for _, bad := range []string{"R7", "R7 1x0", "R7 1x-1", "R7 1xabc", "Rx 1x1", "R7 0x1", "R7 abc"} {
		if _, _, err := supplies.ParseBuy(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	if _, w, _ := supplies.ParseBuy("R7 1x1000000000000"); w[0].Quantity <= supplies.MaxQuantity {
		t.Errorf("10^12 clipped into range: %v", w)
	}
	if supplies.Natural("2号楼", "10号楼") >= 0 || supplies.Natural("B", "A") <= 0 {
		t.Error("natural order")
	}
}

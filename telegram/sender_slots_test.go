package telegram

import (
	"context"
	"testing"
	"time"
)

// TestSender_AwaitSlotsGathersSeveralFreeWorkers: with every worker busy, the dispatch loop waits
// for an eighth of them to come free (so that one transaction marks several rows 'sending'), and
// stops waiting as soon as new rows are committed (they may be replies).
func TestSender_AwaitSlotsGathersSeveralFreeWorkers(t *testing.T) {
	s := NewSender(SenderOptions{Workers: 16})
	for range 16 {
		s.slots <- struct{}{} // every worker busy
	}
	done := make(chan bool, 1)
	go func() { done <- s.awaitSlots(context.Background(), 2) }()
	s.freeSlot()
	select {
	case <-done:
		t.Fatal("went on with one worker free; asked for two")
	case <-time.After(50 * time.Millisecond):
	}
	s.freeSlot()
	select {
	case ok := <-done:
		if !ok {
			t.Fatal("two workers free, yet it reported no slot")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("still waiting with two workers free")
	}

	for len(s.slots) < 16 {
		s.slots <- struct{}{}
	}
	go func() { done <- s.awaitSlots(context.Background(), 2) }()
	s.Wake()
	select {
	case ok := <-done:
		if ok || !s.stale {
			t.Fatalf("after a commit of new rows: %v, stale %v; want false and the outbox read again", ok, s.stale)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("new rows committed, still waiting for workers")
	}
}

package replica

import (
	"context"
	"os/exec"
	"sync"
	"testing"
	"time"
)

type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *fakeClock) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

func TestSupervisor_LagIsTheTimeSinceTheReplicaLastHadEverything(t *testing.T) {
	clock := &fakeClock{now: time.Unix(1_000, 0)}
	s := NewSupervisor(SupervisorOptions{Now: clock.Now})
	clock.add(2 * time.Second)
	if got := s.Lag(); got != 2*time.Second {
		t.Errorf("before any report: lag %s, want the 2s since the start", got)
	}
	steps := []struct {
		advance time.Duration
		report  *Position
		want    time.Duration
	}{
		{0, &Position{DBTXID: 5, ReplicaTXID: 5}, 0},
		{3 * time.Second, nil, 0}, // idle and caught up: no lag however long
		{0, &Position{DBTXID: 7, ReplicaTXID: 5}, 3 * time.Second},
		{2 * time.Second, nil, 5 * time.Second},
		{0, &Position{DBTXID: 7, ReplicaTXID: 7, Err: "disk full"}, 5 * time.Second},
		{time.Second, &Position{DBTXID: 9, ReplicaTXID: 9}, 0},
	}
	for i, st := range steps {
		clock.add(st.advance)
		if st.report != nil {
			s.observe(*st.report)
		}
		if got := s.Lag(); got != st.want {
			t.Errorf("step %d: lag %s, want %s", i, got, st.want)
		}
	}
}

func TestSupervisor_RestartsAStoppedReplicatorAndReadsItsReports(t *testing.T) {
	if _, err := exec.LookPath("sh"); err != nil {
		t.Skip("no sh")
	}
	var mu sync.Mutex
	starts := 0
	s := NewSupervisor(SupervisorOptions{Restart: 10 * time.Millisecond, Command: func() *exec.Cmd {
		mu.Lock()
		starts++
		mu.Unlock()
		return exec.Command("sh", "-c", `echo '{"db_txid":3,"replica_txid":3}'; echo 'not json'; exit 1`)
	}})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); s.Run(ctx) }()
	deadline := time.Now().Add(10 * time.Second)
	for {
		mu.Lock()
		n := starts
		mu.Unlock()
		if n >= 3 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("started %d times, want a restart after each stop", n)
		}
		time.Sleep(5 * time.Millisecond)
	}
	cancel()
	<-done
	if p := s.Position(); p.DBTXID != 3 || p.ReplicaTXID != 3 {
		t.Errorf("position %+v, want the reported 3/3", p)
	}
}

package replica

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"os/exec"
	"sync"
	"time"
)

// SupervisorOptions configures a Supervisor; zero values take the defaults documented.
type SupervisorOptions struct {
	// Command makes the replicator's command (`bot replicate ...`); its standard output must
	// carry one JSON Position a line, and it must stop, shipping what is left, on SIGTERM.
	Command func() *exec.Cmd
	// Stderr receives the replicator's log (default io.Discard).
	Stderr io.Writer
	// Restart is the pause before a replicator that stopped is started again (default 2s).
	Restart time.Duration
	Logger  *slog.Logger
	Now     func() time.Time
}

// Supervisor runs the replicator as a child process, starts it again when it stops, and knows
// how far behind the replica is.
type Supervisor struct {
	o SupervisorOptions

	mu       sync.Mutex
	caughtUp time.Time // the last time the replica was known to have everything
	behind   bool      // the last report said the replica is behind, or none came yet
	pos      Position
}

// NewSupervisor makes a Supervisor; Run starts it.
func NewSupervisor(o SupervisorOptions) *Supervisor {
	if o.Stderr == nil {
		o.Stderr = io.Discard
	}
	if o.Restart <= 0 {
		o.Restart = 2 * time.Second
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	// Until the first report the replica is as far behind as the time since the start.
	return &Supervisor{o: o, caughtUp: o.Now(), behind: true}
}

// Lag is how far behind the replica is: zero while it has every transaction the replicator has
// seen, else the time since it last had.
func (s *Supervisor) Lag() time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.behind {
		return 0
	}
	return s.o.Now().Sub(s.caughtUp)
}

// Position is the last position the replicator reported.
func (s *Supervisor) Position() Position {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.pos
}

func (s *Supervisor) observe(p Position) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pos, s.behind = p, !p.CaughtUp()
	if !s.behind {
		s.caughtUp = s.o.Now()
	}
}

// Run keeps the replicator running until ctx is done, then stops it (SIGTERM: it ships what is
// left) and waits for it.
func (s *Supervisor) Run(ctx context.Context) {
	for {
		err := s.runOnce(ctx)
		if ctx.Err() != nil {
			return
		}
		s.o.Logger.Error("the replicator stopped; starting it again", "component", "replica", "err", err, "in", s.o.Restart)
		s.mu.Lock()
		s.behind = true // nobody is replicating now
		s.mu.Unlock()
		select {
		case <-ctx.Done():
			return
		case <-time.After(s.o.Restart):
		}
	}
}

func (s *Supervisor) runOnce(ctx context.Context) error {
	cmd := s.o.Command()
	cmd.Stderr = s.o.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	setParentDeath(cmd)
	if err := cmd.Start(); err != nil {
		return err
	}
	stopped := make(chan struct{})
	go func() {
		select {
		case <-ctx.Done():
			_ = interrupt(cmd)
		case <-stopped:
		}
	}()
	s.read(out)
	err = cmd.Wait()
	close(stopped)
	return err
}

// read takes the replicator's reports until its output closes.
func (s *Supervisor) read(out io.Reader) {
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		var p Position
		if err := json.Unmarshal(sc.Bytes(), &p); err != nil {
			s.o.Logger.Warn("unreadable report from the replicator", "component", "replica", "err", err)
			continue
		}
		s.observe(p)
	}
}

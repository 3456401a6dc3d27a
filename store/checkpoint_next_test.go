package store

import (
	"testing"
	"time"
)

// The checkpoints beside the writer come closer together only as the log nears the writer's own
// threshold, so that the writer's checkpoint there finds almost nothing left to copy in its
// commit, and stay a second apart otherwise.
func TestNextCheckpoint_CloserOnlyNearTheThreshold(t *testing.T) {
	const every = time.Second
	at := func(log int) CheckpointStats { return CheckpointStats{Log: log, Applied: log} }
	for _, c := range []struct {
		name      string
		prev, now int
		elapsed   time.Duration
		want      time.Duration
	}{
		{"idle: the log did not grow", 500, 500, every, every},
		{"a quiet bot: 30 pages a second", 500, 530, every, every},
		{"a busy second far from the threshold", 0, 3_000, every, every},
		{"the threshold 1.5 s away: look again halfway", 0, 4_000, every, 750 * time.Millisecond},
		// 6,000 pages in the last second: the rest (2,000) in a third of one; look again halfway.
		{"the threshold within the second", 2_000, 8_000, every, every / 6},
		{"closer: halfway again", 9_000, 9_500, 100 * time.Millisecond, 50 * time.Millisecond},
		{"right at it: no sooner than the shortest gap", 9_990, 9_999, 100 * time.Millisecond, minCheckpointGap},
		// Shorter than before: it started over meanwhile and grew 7,000 pages from nothing.
		{"started over meanwhile", 9_000, 7_000, every, 3 * every / 14},
		{"past the threshold: the writer's own", 9_000, backstopPages + 50, every, every},
		{"no time between the two", 1_000, 9_000, 0, every},
	} {
		got := nextCheckpoint(at(c.prev), at(c.now), c.elapsed, every)
		if d := got - c.want; d < -time.Millisecond || d > time.Millisecond {
			t.Errorf("%s: next checkpoint in %v, want %v", c.name, got, c.want)
		}
	}
}

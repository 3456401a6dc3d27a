package supplies

import (
	"context"
	"database/sql"
	"log/slog"
	"time"

	"linli/store"
)

// SweepRounds is the supply rounds' part of the periodic sweep, in tx: every round whose cut-off
// has come is closed (once: the close is a conditional UPDATE from open, so a sweep run again
// after a crash finds nothing to do), each in its own savepoint, a failure logged and left for
// the next sweep; then batch deadlines and pickup slots (Sweep).
func (s *Service) SweepRounds(ctx context.Context, tx *sql.Tx, now time.Time, log *slog.Logger) error {
	due, err := s.Due(ctx, tx, now)
	if err != nil {
		return err
	}
	for _, id := range due {
		failed, err := store.TrySavepoint(ctx, tx, "sweep_round", func() error {
			_, err := s.Close(ctx, tx, id, 0, now)
			return err
		})
		if failed != nil {
			log.Error("sweep", "component", "sweep", "step", "cut-off", "order_id", id, "err", failed)
		}
		if err != nil {
			return err
		}
	}
	_, err = s.Sweep(ctx, tx, now)
	return err
}

package checkins

import (
	"context"
	"database/sql"
	"log/slog"
	"time"

	"linli/store"
)

// Batch bounds the households one run of the job prompts; the rest go in the next transaction
// of the same run, so the dispatcher is never held up for long.
const Batch = 500

// Teller tells people what the check-in job decided (the handlers render it). Each Prompt runs
// in the household's savepoint: an error undoes it, and the household is prompted next run.
type Teller interface {
	// Prompt asks every member of household, whose check-in of day was just opened, how they are.
	Prompt(ctx context.Context, tx *sql.Tx, household int64, day Day, now time.Time) error
	// Deadline lists the households that did not answer day's prompt; silence are they.
	// It is called once per day, when ClaimDeadline let it.
	Deadline(ctx context.Context, tx *sql.Tx, day Day, silence []Silent, now time.Time) error
}

// RunOnce runs the check-in job once, at now, in tx: from the day's prompt time on, every
// monitored household not prompted yet that day is prompted (up to Batch of them), then at the
// deadline the silent households are listed, once. more reports that households are still to be
// prompted: run it again in a new transaction. It reads what is due from the database, so a
// prompt missed while the bot was down goes out once, the same day.
func (s *Schedule) RunOnce(ctx context.Context, tx *sql.Tx, now time.Time, tell Teller, log *slog.Logger) (more bool, err error) {
	day := s.Day(now)
	// Once the day's list of silent households is out, the day's round is over: a household
	// flagged since (at 23:27, say) is first asked tomorrow, not woken tonight for a day gone by.
	over, err := DeadlineSent(ctx, tx, day)
	if err != nil {
		return false, err
	}
	if at, ok := s.PromptAt(day); ok && !now.Before(at) && !over {
		ids, err := Unprompted(ctx, tx, day, Batch)
		if err != nil {
			return false, err
		}
		for _, id := range ids {
			failed, err := store.TrySavepoint(ctx, tx, "checkin_household", func() error {
				opened, err := Open(ctx, tx, id, day, now)
				if err != nil || !opened {
					return err
				}
				return tell.Prompt(ctx, tx, id, day, now)
			})
			if failed != nil {
				log.Error("check-in prompt", "component", "checkin", "household_id", id, "err", failed)
			}
			if err != nil {
				return false, err
			}
		}
		if len(ids) == Batch {
			return true, nil
		}
	}
	if due, err := s.DeadlineDue(ctx, tx, day, now); err != nil || !due {
		return false, err
	}
	silence, err := Silence(ctx, tx, day)
	if err != nil {
		return false, err
	}
	if claimed, err := ClaimDeadline(ctx, tx, day, len(silence), now); err != nil || !claimed {
		return false, err
	}
	return false, tell.Deadline(ctx, tx, day, silence, now)
}

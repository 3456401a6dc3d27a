package telegram

import (
	"context"
	"database/sql"
	"time"

	"linli/outbox"
	"linli/store"
)

// Outcome batching: the sends' outcomes are committed in small batches by one goroutine, and only
// then are their chats and worker slots freed.

// record commits outcomes in small batches and only then frees their chats: until the row is
// no longer 'sending' in the database, the next message to that chat must wait.
func (s *Sender) record() {
	for o := range s.outcome {
		batch := []outbox.Outcome{o}
	more:
		for len(batch) < 64 {
			select {
			case o, ok := <-s.outcome:
				if !ok {
					break more
				}
				batch = append(batch, o)
			default:
				break more
			}
		}
		s.commit(batch)
	}
}

func (s *Sender) commit(batch []outbox.Outcome) {
	ctx := context.Background()
	for {
		err := store.InTx(ctx, s.o.DB.Write, func(tx *sql.Tx) error {
			return outbox.Record(ctx, tx, batch, s.clock.Now())
		})
		if err == nil {
			break
		}
		s.o.Logger.Error("record send outcomes", "component", "sender", "err", err)
		s.clock.Sleep(time.Second)
	}
	for _, o := range batch {
		s.free(o.ChatID, o.Kind == outbox.KindAnswer)
	}
	select {
	case s.freed <- struct{}{}:
	default:
	}
}

package telegram

import (
	"context"
	"database/sql"
	"time"

	"linli/outbox"
	"linli/store"
)

// Outcome batching: the sends' outcomes are committed in batches by one goroutine, and only then
// are their chats freed. A batch takes in, once the write lock is held, every outcome that came
// while it waited for it: the busier the writer, the fewer and larger the commits.

// record commits outcomes as they come, each commit with every outcome waiting by then (gather),
// and only then frees their chats: until the row is no longer 'sending' in the database, the next
// message to that chat must wait.
func (s *Sender) record() {
	for o := range s.outcome {
		s.commit([]outbox.Outcome{o})
	}
}

// maxRecorded is the most outcomes one commit records.
const maxRecorded = 256

// gather adds to batch the outcomes already waiting, up to maxRecorded.
func (s *Sender) gather(batch []outbox.Outcome) []outbox.Outcome {
	for len(batch) < maxRecorded {
		select {
		case o, ok := <-s.outcome:
			if !ok {
				return batch
			}
			batch = append(batch, o)
		default:
			return batch
		}
	}
	return batch
}

func (s *Sender) commit(batch []outbox.Outcome) {
	ctx := context.Background()
	for {
		err := store.InTx(ctx, s.o.DB.Write, func(tx *sql.Tx) error {
			batch = s.gather(batch) // those that came while the lock was busy
			return outbox.Record(ctx, tx, batch, s.clock.Now())
		})
		if err == nil {
			break
		}
		s.o.Logger.Error("record send outcomes", "component", "sender", "err", err)
		s.clock.Sleep(time.Second)
	}
	for _, o := range batch {
		s.freeChat(o.ChatID, o.Kind == outbox.KindAnswer)
	}
	s.signalFreed()
}

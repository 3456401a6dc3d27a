package notices

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"linli/outbox"
)

// Paid broadcasts and the community channel: with Options.Paid every recipient's message of a
// run is marked for Telegram's paid broadcast (the sender paces those up to 1,000 a second);
// with Options.Channel a run of a notice for all is also posted once to that channel.

// PaidRenderer is what a Renderer also implements to tell an author that Telegram refused to
// send their notice as a paid broadcast; without it the author is not told.
type PaidRenderer interface {
	PaidRefused(lang string, n Notice, reason string) string
}

// paidRefusedKey is the outbox key of the author's one message about run's paid refusal.
func paidRefusedKey(run int64) string { return fmt.Sprintf("paid-refused:%d", run) }

// channelKey is the outbox key of run's post to the channel: once per run, whatever happens.
func channelKey(run int64) string { return fmt.Sprintf("channel:%d", run) }

// PaidRefused records that Telegram refused to send outbox row id as a paid broadcast (reason:
// its answer). The sender goes on at the free pace; if the row belongs to a notice's run, its
// author is told, once per run however many sends were refused and however often the bot
// restarts (the message's outbox key is unique per run). Rows of no run are left alone.
func (s *Service) PaidRefused(ctx context.Context, tx *sql.Tx, id int64, reason string, now time.Time) error {
	var key sql.NullString
	err := tx.QueryRowContext(ctx, `SELECT dedup_key FROM outbox WHERE id = ?`, id).Scan(&key)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("notices: paid refusal of #%d: %w", id, err)
	}
	run, err := strconv.ParseInt(strings.TrimPrefix(key.String, "run:"), 10, 64)
	if !strings.HasPrefix(key.String, "run:") || err != nil {
		return nil
	}
	r, err := s.GetRun(ctx, tx, run)
	if err != nil {
		return err
	}
	n, err := s.Get(ctx, tx, r.NoticeID)
	if err != nil {
		return err
	}
	pr, ok := s.o.Render.(PaidRenderer)
	if !ok {
		return nil
	}
	text := pr.PaidRefused(s.authorLang(ctx, tx, n.Author), n, reason)
	_, err = outbox.Add(ctx, tx, outbox.Message{ChatID: n.Author, Text: text},
		outbox.Options{Priority: outbox.PriorityNotify, DedupKey: paidRefusedKey(run)}, now)
	return err
}

// postToChannel queues run's post of n to the configured channel, if there is one and n is for
// all. It is called in the transaction that starts the run; the outbox key makes it once per
// run even so. A supply round's buttons stay out of the channel: sign-ups are private.
func (s *Service) postToChannel(ctx context.Context, tx *sql.Tx, run int64, n Notice, now time.Time) error {
	if s.o.Channel == "" || n.Audience.Kind != AudienceAll || s.o.Render == nil {
		return nil
	}
	body, _, err := s.render(ctx, tx, s.o.ChannelLang, n)
	if err != nil {
		return fmt.Errorf("notices: run %d for the channel: %w", run, err)
	}
	m := outbox.Message{ChatID: outbox.ChannelChat(s.o.Channel), Channel: s.o.Channel, Text: body}
	_, err = outbox.Add(ctx, tx, m, outbox.Options{Priority: outbox.PriorityBroadcast, DedupKey: channelKey(run)}, now)
	return err
}

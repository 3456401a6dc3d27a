package people

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"linli/store"
)

// A group mirroring a queue gets each order as a card, in the language of the admin who bound
// it. The card's Telegram message id is known only once it was sent, so an edit names the card's
// outbox row; group_cards keeps which row is which order's card in which chat.

// SetGroupLang records lang as the language of chat's cards.
func SetGroupLang(ctx context.Context, tx *sql.Tx, chat int64, lang string) error {
	if _, err := tx.ExecContext(ctx, `INSERT INTO group_langs (chat_id, lang) VALUES (?, ?)
		ON CONFLICT (chat_id) DO UPDATE SET lang = excluded.lang`, chat, lang); err != nil {
		return fmt.Errorf("people: language of group %d: %w", chat, err)
	}
	return nil
}

// GroupLang is the language of chat's cards, or def if none was recorded.
func GroupLang(ctx context.Context, q store.Querier, chat int64, def string) (string, error) {
	lang := def
	err := q.QueryRowContext(ctx, `SELECT lang FROM group_langs WHERE chat_id = ?`, chat).Scan(&lang)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("people: language of group %d: %w", chat, err)
	}
	return lang, nil
}

// GroupCard is an order's card in one group: its outbox row and its language.
type GroupCard struct {
	OutboxID int64
	Lang     string
}

// AddGroupCard records that outbox row outboxID is order's card in chat, in lang (replacing an
// earlier card of the order there).
func AddGroupCard(ctx context.Context, tx *sql.Tx, order, chat int64, c GroupCard) error {
	if _, err := tx.ExecContext(ctx, `INSERT INTO group_cards (order_id, chat_id, outbox_id, lang) VALUES (?, ?, ?, ?)
		ON CONFLICT (order_id, chat_id) DO UPDATE SET outbox_id = excluded.outbox_id, lang = excluded.lang`,
		order, chat, c.OutboxID, c.Lang); err != nil {
		return fmt.Errorf("people: group card of #%d in %d: %w", order, chat, err)
	}
	return nil
}

// GroupCards lists order's cards, by chat.
func GroupCards(ctx context.Context, q store.Querier, order int64) ([]GroupCard, error) {
	rows, err := q.QueryContext(ctx, `SELECT outbox_id, lang FROM group_cards WHERE order_id = ? ORDER BY chat_id`, order)
	if err != nil {
		return nil, fmt.Errorf("people: group cards of #%d: %w", order, err)
	}
	defer rows.Close()
	var out []GroupCard
	for rows.Next() {
		var c GroupCard
		if err := rows.Scan(&c.OutboxID, &c.Lang); err != nil {
			return nil, fmt.Errorf("people: group cards of #%d: %w", order, err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

package people

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"linli/store"
)

// A group mirroring a queue gets each order as a card, in the language of the admin who bound
// it. Which outbox row is which order's card is kept by orders.TrackCard (order_cards).

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

// KeepGroupLang records lang as chat's language unless one is recorded already: the first
// binding sets a group's language, a later one by an admin who writes another does not change it.
func KeepGroupLang(ctx context.Context, tx *sql.Tx, chat int64, lang string) error {
	if _, err := tx.ExecContext(ctx, `INSERT INTO group_langs (chat_id, lang) VALUES (?, ?)
		ON CONFLICT (chat_id) DO NOTHING`, chat, lang); err != nil {
		return fmt.Errorf("people: language of group %d: %w", chat, err)
	}
	return nil
}

package outbox

import (
	"context"
	"fmt"

	json "github.com/goccy/go-json"

	"linli/store"
)

// Carrying lists the messages of chat whose buttons, as the outbox last sent or edited them,
// match accepts: by Telegram message id, oldest first. It finds messages nobody tracked (a
// supply batch's checklist, edited page by page in place) once what their buttons act on is no
// longer the chat's, so they can be edited. like is an SQL LIKE pattern a matching payload holds,
// to read only those (and the edits that may have changed them since).
func Carrying(ctx context.Context, q store.Querier, chat int64, like string, match func([][]Button) bool) ([]int, error) {
	rows, err := q.QueryContext(ctx, `SELECT payload, coalesce(message_id, 0),
			coalesce((SELECT t.message_id FROM outbox t WHERE t.id = json_extract(o.payload, '$.edit_of')), 0)
		FROM outbox o WHERE chat_id = ? AND status = 'sent' AND (payload LIKE ? OR json_extract(payload, '$.kind') = ?)
		ORDER BY id`, chat, like, string(KindEdit))
	if err != nil {
		return nil, fmt.Errorf("outbox: messages of %d carrying buttons: %w", chat, err)
	}
	defer rows.Close()
	var order []int
	carries := map[int]bool{} // by message: whether its latest version matches
	for rows.Next() {
		var payload string
		var sent, editOf int
		if err := rows.Scan(&payload, &sent, &editOf); err != nil {
			return nil, fmt.Errorf("outbox: messages of %d carrying buttons: %w", chat, err)
		}
		var m Message
		if err := json.Unmarshal([]byte(payload), &m); err != nil {
			continue // not a message (a purged payload): nothing to edit
		}
		msg := sent
		switch {
		case m.Kind == KindEdit && m.EditMessageID != 0:
			msg = m.EditMessageID
		case m.Kind == KindEdit:
			msg = editOf
		case m.Kind != KindSend:
			continue
		}
		if msg == 0 {
			continue
		}
		if _, seen := carries[msg]; !seen {
			order = append(order, msg)
		}
		carries[msg] = len(m.Buttons) > 0 && match(m.Buttons)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("outbox: messages of %d carrying buttons: %w", chat, err)
	}
	var out []int
	for _, msg := range order {
		if carries[msg] {
			out = append(out, msg)
		}
	}
	return out, nil
}

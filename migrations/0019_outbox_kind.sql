-- +goose Up
-- What the sender chooses by, beside the payload: which Bot API call a row becomes (outbox.Kind:
-- '' sendMessage, 'answer' answerCallbackQuery, ...) and whether it goes as a paid broadcast.
-- Choosing what goes next read and parsed every waiting row's payload before; with a backlog of
-- replies it was the costliest query of a burst (issue 17).
ALTER TABLE outbox ADD COLUMN kind TEXT NOT NULL DEFAULT '';
ALTER TABLE outbox ADD COLUMN paid INTEGER NOT NULL DEFAULT 0 CHECK (paid IN (0, 1));
UPDATE outbox SET kind = coalesce(payload ->> '$.kind', ''), paid = coalesce(payload ->> '$.paid', 0) <> 0
    WHERE status IN ('pending', 'sending') AND json_valid(payload);

-- +goose Down
ALTER TABLE outbox DROP COLUMN paid;
ALTER TABLE outbox DROP COLUMN kind;

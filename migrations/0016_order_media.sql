-- +goose Up
-- An order made from a voice message, an audio file or a photo (a handwritten list, a medicine
-- box) keeps the resident's media by its Telegram file id: only the volunteer who claims the
-- order is sent it (it may say the address); the cards before the claim only name it
-- ("🎤 voice order (0:23)"). Such an order may have no typed items.
ALTER TABLE orders ADD COLUMN media_kind TEXT NOT NULL DEFAULT ''
    CHECK (media_kind IN ('', 'voice', 'audio', 'photo'));
ALTER TABLE orders ADD COLUMN media_file TEXT NOT NULL DEFAULT '';
ALTER TABLE orders ADD COLUMN media_seconds INTEGER NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE orders DROP COLUMN media_seconds;
ALTER TABLE orders DROP COLUMN media_file;
ALTER TABLE orders DROP COLUMN media_kind;

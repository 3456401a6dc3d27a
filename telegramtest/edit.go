package telegramtest

import (
	"reflect"
	"time"

	"github.com/go-telegram/bot/models"
)

// notModified is Telegram's answer to an edit that changes nothing.
const notModified = "message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message"

// editMessageText replaces a bot message's text, entities and inline keyboard (a missing
// reply_markup removes the keyboard, as on Telegram).
func (s *Server) editMessageText(c *call) (any, *apiError) {
	mk, e := inlineOnly(c.p.get("reply_markup"))
	if e != nil {
		return nil, e
	}
	f, err := parseFormatted(c.p.get("text"), c.p.get("parse_mode"), c.p.get("entities"))
	if err != nil {
		return nil, badRequest("%s", err.Error())
	}
	if f.text == "" {
		return nil, badRequest("message text is empty")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	ch, m, e := s.editable(c.p)
	if e != nil {
		return nil, e
	}
	if m.Document != nil || m.Photo != nil {
		return nil, badRequest("there is no text in the message to edit")
	}
	if e := checkLength(f, false); e != nil {
		return nil, e
	}
	if m.Text == f.text && sameEntities(m.Entities, f.entities) && sameInline(m.ReplyMarkup, mk.inline) {
		return nil, badRequest("%s", notModified)
	}
	if e := s.limit(ch, c.p); e != nil {
		return nil, e
	}
	m.Text, m.Raw, m.Entities, m.ParseMode = f.text, c.p.get("text"), f.entities, c.p.get("parse_mode")
	mk.apply(m)
	m.Edited = true
	s.edited(m)
	return s.model(ch, m), nil
}

// editMessageReplyMarkup replaces (or, without reply_markup, removes) a message's inline keyboard.
func (s *Server) editMessageReplyMarkup(c *call) (any, *apiError) {
	mk, e := inlineOnly(c.p.get("reply_markup"))
	if e != nil {
		return nil, e
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	ch, m, e := s.editable(c.p)
	if e != nil {
		return nil, e
	}
	if sameInline(m.ReplyMarkup, mk.inline) {
		return nil, badRequest("%s", notModified)
	}
	if e := s.limit(ch, c.p); e != nil {
		return nil, e
	}
	mk.apply(m)
	s.edited(m)
	return s.model(ch, m), nil
}

// inlineOnly parses an edit's reply_markup, which may only be an inline keyboard.
func inlineOnly(raw string) (markup, *apiError) {
	mk, e := parseMarkup(raw)
	if e == nil && (mk.reply != nil || mk.remove || mk.forceReply) {
		e = badRequest("inline keyboard expected")
	}
	return mk, e
}

// sameEntities reports whether two entity lists are equal, nil and empty alike.
func sameEntities(a, b []models.MessageEntity) bool {
	return len(a) == 0 && len(b) == 0 || reflect.DeepEqual(a, b)
}

// edited records an edit; s.mu is held.
func (s *Server) edited(m *Message) {
	m.EditCount++
	m.EditDate = s.now()
	s.notify(EventEdited, m)
}

// editable finds the bot's own message named by chat_id and message_id; s.mu is held.
func (s *Server) editable(p *params) (*chat, *Message, *apiError) {
	if p.get("inline_message_id") != "" && p.get("chat_id") == "" {
		return nil, nil, badRequest("MESSAGE_ID_INVALID")
	}
	ch, e := s.targetChat(p)
	if e != nil {
		return nil, nil, e
	}
	id, ok := p.int64("message_id", 0)
	if !ok || id == 0 {
		return nil, nil, badRequest("message identifier is not specified")
	}
	m := ch.find(int(id))
	if m == nil {
		return nil, nil, badRequest("message to edit not found")
	}
	if !m.FromBot {
		return nil, nil, badRequest("message can't be edited")
	}
	return ch, m, nil
}

// deleteMessage deletes a message the bot may delete: its own, or any in a private chat or a
// group it administers, if less than 48 hours old.
func (s *Server) deleteMessage(c *call) (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ch, e := s.targetChat(c.p)
	if e != nil {
		return nil, e
	}
	id, ok := c.p.int64("message_id", 0)
	if !ok || id == 0 {
		return nil, badRequest("message identifier is not specified")
	}
	m := ch.find(int(id))
	if m == nil {
		return nil, badRequest("message to delete not found")
	}
	if s.now().Sub(m.Date) > 48*time.Hour {
		return nil, badRequest("message can't be deleted for everyone")
	}
	m.Deleted = true
	s.notify(EventDeleted, m)
	return true, nil
}

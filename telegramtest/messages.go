package telegramtest

import (
	"context"
	"time"

	"github.com/go-telegram/bot/models"
)

// Message is one message in a chat as a user sees it, with edits applied.
type Message struct {
	ID       int
	ChatID   int64
	FromBot  bool
	FromID   int64                  // the sender: the bot's id or the user's
	Text     string                 // plain text after entity parsing (text messages)
	Caption  string                 // plain caption after entity parsing (media messages)
	Raw      string                 // text or caption exactly as the bot sent it, markup included
	Entities []models.MessageEntity // of Text, or of Caption for media
	// ParseMode is the parse_mode the bot used ("" for none).
	ParseMode string
	// ReplyMarkup is the inline keyboard under the message, if any.
	ReplyMarkup *models.InlineKeyboardMarkup
	// ReplyKeyboard is the custom keyboard the message showed, if any.
	ReplyKeyboard  *models.ReplyKeyboardMarkup
	RemoveKeyboard bool   // reply_markup was remove_keyboard
	ForceReply     bool   // reply_markup was force_reply
	MarkupJSON     string // reply_markup exactly as sent ("" if none)
	Document       *File
	Photo          *File
	Voice          *File // a voice message (sendVoice, or a user's)
	Audio          *File // an audio file (sendAudio, or a user's)
	Sticker        bool
	Contact        *models.Contact
	ReplyTo        int  // message id replied to, 0 if none
	Edited         bool // the text was edited; keyboard-only edits count in EditCount alone
	EditCount      int
	Deleted        bool
	Paid           bool // sent with allow_paid_broadcast
	Date           time.Time
	EditDate       time.Time
}

// File is a document or photo in a message.
type File struct {
	FileID, FileUniqueID string
	FileName, MimeType   string
	Size                 int
	Width, Height        int    // photos
	Duration             int    // voice and audio, seconds
	Data                 []byte // the uploaded bytes (nil when sent by file_id or URL)
}

// EventKind says what happened to a message.
type EventKind string

// Event kinds.
const (
	EventNew     EventKind = "new"
	EventEdited  EventKind = "edited"
	EventDeleted EventKind = "deleted"
	// EventCallbackAnswer is the bot answering a button press (a toast or an alert).
	EventCallbackAnswer EventKind = "callback_answer"
)

// Event is a change in a chat, for live views such as the playground.
type Event struct {
	Kind    EventKind
	ChatID  int64
	Message Message         // the message as it is now (EventNew, EventEdited, EventDeleted)
	Answer  *CallbackAnswer // EventCallbackAnswer only
}

// Messages returns chatID's messages as its user sees them now: user and bot messages in order,
// edits applied, deleted ones left out.
func (s *Server) Messages(chatID int64) []Message {
	return s.messages(chatID, func(m *Message) bool { return !m.Deleted })
}

// BotMessages returns the bot's messages in chatID, as Messages does.
func (s *Server) BotMessages(chatID int64) []Message {
	return s.messages(chatID, func(m *Message) bool { return m.FromBot && !m.Deleted })
}

// History returns every message ever in chatID, deleted ones included (Deleted set).
func (s *Server) History(chatID int64) []Message {
	return s.messages(chatID, func(*Message) bool { return true })
}

func (s *Server) messages(chatID int64, keep func(*Message) bool) []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Message
	if c, ok := s.chats[chatID]; ok {
		for _, m := range c.msgs {
			if keep(m) {
				out = append(out, m.clone())
			}
		}
	}
	return out
}

// clone copies m deeply enough that callers cannot reach the server's state.
func (m *Message) clone() Message {
	c := *m
	c.Entities = append([]models.MessageEntity(nil), m.Entities...)
	if m.ReplyMarkup != nil {
		k := *m.ReplyMarkup
		c.ReplyMarkup = &k
	}
	return c
}

// WaitMessage waits until chatID holds a bot message (new or edited, not deleted) that match
// accepts, and returns it; the most recent one if several already do. A nil match accepts any.
func (s *Server) WaitMessage(ctx context.Context, chatID int64, match func(Message) bool) (Message, error) {
	for {
		s.mu.Lock()
		changed := s.changed
		s.mu.Unlock()
		msgs := s.BotMessages(chatID) // match runs unlocked: it may call the server
		for i := len(msgs) - 1; i >= 0; i-- {
			if match == nil || match(msgs[i]) {
				return msgs[i], nil
			}
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return Message{}, ctx.Err()
		case <-s.closed:
			return Message{}, context.Canceled
		}
	}
}

// Subscribe returns a live feed of chat changes and a function that ends it. The feed is
// buffered; a subscriber that falls more than 1024 events behind misses the excess.
func (s *Server) Subscribe() (<-chan Event, func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ch := make(chan Event, 1024)
	s.subSeq++
	id := s.subSeq
	s.subs[id] = ch
	return ch, func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		if c, ok := s.subs[id]; ok {
			close(c)
			delete(s.subs, id)
		}
	}
}

// notify tells waiters and subscribers about a change to m; s.mu is held.
func (s *Server) notify(kind EventKind, m *Message) {
	close(s.changed)
	s.changed = make(chan struct{})
	s.publish(Event{Kind: kind, ChatID: m.ChatID, Message: m.clone()})
}

// publish hands ev to every subscriber that has room; s.mu is held.
func (s *Server) publish(ev Event) {
	for _, ch := range s.subs {
		select {
		case ch <- ev:
		default:
		}
	}
}

// addMessage appends m to chat c with the next message id; s.mu is held.
func (s *Server) addMessage(c *chat, m *Message) *Message {
	m.ID, m.ChatID, m.Date = c.nextID, c.id, s.now()
	c.nextID++
	c.msgs = append(c.msgs, m)
	s.notify(EventNew, m)
	return m
}

// find returns message id of chat c, nil if it does not exist or was deleted.
func (c *chat) find(id int) *Message {
	if id < 1 || id > len(c.msgs) || c.msgs[id-1].Deleted {
		return nil
	}
	return c.msgs[id-1]
}

// Chats lists every chat the server knows, private and group, in no particular order.
func (s *Server) Chats() []int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]int64, 0, len(s.chats))
	for id := range s.chats {
		out = append(out, id)
	}
	return out
}

package telegramtest

import (
	"fmt"
	"time"

	"github.com/go-telegram/bot/models"
)

// callbackQuery is a button press waiting for answerCallbackQuery.
type callbackQuery struct {
	userID, chatID int64
	messageID      int
	data           string
	answered       bool
}

// CallbackAnswer is one answerCallbackQuery the bot made.
type CallbackAnswer struct {
	QueryID   string
	UserID    int64 // who pressed
	ChatID    int64
	MessageID int
	Data      string // the pressed button's callback_data
	Text      string
	ShowAlert bool
	URL       string
	CacheTime int
	At        time.Time
}

// Press has userID press the inline button with exactly this callback_data under the bot's
// message messageID in chatID, queueing a callback_query update. It fails, queueing nothing, if
// that message does not exist or has no such button.
func (s *Server) Press(userID int64, chatID int64, messageID int, data string) (int64, error) {
	s.mu.Lock()
	var m *Message
	if c, ok := s.chats[chatID]; ok {
		m = c.find(messageID)
	}
	exists, has := m != nil, m != nil && m.FromBot && hasButton(m.ReplyMarkup, data)
	s.mu.Unlock()
	if !exists {
		return 0, fmt.Errorf("telegramtest: no message %d in chat %d", messageID, chatID)
	}
	if !has {
		return 0, fmt.Errorf("telegramtest: message %d in chat %d has no inline button with callback_data %q", messageID, chatID, data)
	}
	return s.PressRaw(userID, chatID, messageID, data), nil
}

// hasButton reports whether kb has a button whose callback_data is data.
func hasButton(kb *models.InlineKeyboardMarkup, data string) bool {
	if kb == nil {
		return false
	}
	for _, row := range kb.InlineKeyboard {
		for _, b := range row {
			if b.CallbackData == data {
				return true
			}
		}
	}
	return false
}

// PressRaw queues a callback_query with any data, as a forged or stale client could send: no
// check that the button exists. An unknown message is sent as inaccessible (date 0).
func (s *Server) PressRaw(userID, chatID int64, messageID int, data string) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.user(userID)
	s.seq++
	id := fmt.Sprintf("%d", 7000000000000000000+s.seq)
	s.queries[id] = &callbackQuery{userID: userID, chatID: chatID, messageID: messageID, data: data}
	q := &models.CallbackQuery{ID: id, From: u.model(), Data: data, ChatInstance: fmt.Sprintf("%d", 5000000000000000000+chatID)}
	c, ok := s.chats[chatID]
	var m *Message
	if ok {
		m = c.find(messageID)
	}
	if m != nil {
		q.Message = models.MaybeInaccessibleMessage{Type: models.MaybeInaccessibleMessageTypeMessage, Message: s.model(c, m)}
	} else {
		q.Message = models.MaybeInaccessibleMessage{Type: models.MaybeInaccessibleMessageTypeInaccessibleMessage,
			InaccessibleMessage: &models.InaccessibleMessage{Chat: models.Chat{ID: chatID}, MessageID: messageID}}
		if ok {
			q.Message.InaccessibleMessage.Chat = c.model()
		}
	}
	return s.push(models.Update{CallbackQuery: q})
}

// answerCallbackQuery checks the query exists and was not answered yet.
func (s *Server) answerCallbackQuery(c *call) (any, *apiError) {
	text := c.p.get("text")
	if UTF16Len(text) > 200 {
		return nil, badRequest("MESSAGE_TOO_LONG")
	}
	cacheTime, _ := c.p.int64("cache_time", 0)
	s.mu.Lock()
	defer s.mu.Unlock()
	q, ok := s.queries[c.p.get("callback_query_id")]
	if !ok || q.answered {
		return nil, badRequest("query is too old and response timeout expired or query ID is invalid")
	}
	q.answered = true
	a := CallbackAnswer{
		QueryID: c.p.get("callback_query_id"), UserID: q.userID, ChatID: q.chatID, MessageID: q.messageID, Data: q.data,
		Text: text, ShowAlert: c.p.bool("show_alert"), URL: c.p.get("url"), CacheTime: int(cacheTime), At: s.now(),
	}
	s.answers = append(s.answers, a)
	s.publish(Event{Kind: EventCallbackAnswer, ChatID: q.chatID, Answer: &a})
	return true, nil
}

// CallbackAnswers returns the answerCallbackQuery calls accepted so far, oldest first.
func (s *Server) CallbackAnswers() []CallbackAnswer {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]CallbackAnswer(nil), s.answers...)
}

package telegramtest

import (
	"fmt"

	"github.com/go-telegram/bot/models"
)

// SendText has userID write text to the bot in their private chat; a leading /command (or
// /command@bot) gets a bot_command entity. It returns the update's id. An unknown user is
// registered first, as if they had pressed Start. Writing does not unblock a blocked bot: call
// Unblock first, as the user's Restart button would.
func (s *Server) SendText(userID int64, text string) int64 {
	return s.fromUser(userID, userID, &Message{Text: text, Raw: text, Entities: commandEntity(text)})
}

// SendGroupText has userID write text in group chatID (negative; created if unknown).
func (s *Server) SendGroupText(chatID, userID int64, text string) int64 {
	if chatID >= 0 {
		panic(fmt.Sprintf("telegramtest: SendGroupText(%d): group ids are negative", chatID))
	}
	s.mu.Lock()
	s.groupLocked(chatID, "")
	s.mu.Unlock()
	return s.fromUser(chatID, userID, &Message{Text: text, Raw: text, Entities: commandEntity(text)})
}

// SendContact has userID share their own contact (message.contact with their user_id), as the
// request_contact keyboard button does.
func (s *Server) SendContact(userID int64, phone string) int64 {
	s.mu.Lock()
	u := *s.user(userID)
	s.mu.Unlock()
	contact := &models.Contact{PhoneNumber: phone, FirstName: u.FirstName, LastName: u.LastName, UserID: userID}
	return s.fromUser(userID, userID, &Message{Contact: contact})
}

// SendSticker has userID send a sticker.
func (s *Server) SendSticker(userID int64) int64 {
	return s.fromUser(userID, userID, &Message{Sticker: true})
}

// SendPhoto has userID send a photo with an optional caption.
func (s *Server) SendPhoto(userID int64, caption string) int64 {
	s.mu.Lock()
	f := s.newFile("AgAC", "", "image/jpeg", nil)
	f.Width, f.Height, f.Size = 1280, 960, 120000
	s.keep("photo", f)
	s.mu.Unlock()
	return s.fromUser(userID, userID, &Message{Photo: f, Caption: caption, Raw: caption})
}

// SendVoice has userID send a voice message of seconds.
func (s *Server) SendVoice(userID int64, seconds int) int64 {
	return s.fromUser(userID, userID, &Message{Voice: s.newVoice(seconds)})
}

// SendGroupVoice has userID send a voice message of seconds in group chatID (negative).
func (s *Server) SendGroupVoice(chatID, userID int64, seconds int) int64 {
	s.mu.Lock()
	s.groupLocked(chatID, "")
	s.mu.Unlock()
	return s.fromUser(chatID, userID, &Message{Voice: s.newVoice(seconds)})
}

// SendGroupPhoto has userID send a photo with an optional caption in group chatID (negative).
func (s *Server) SendGroupPhoto(chatID, userID int64, caption string) int64 {
	s.mu.Lock()
	s.groupLocked(chatID, "")
	f := s.newFile("AgAC", "", "image/jpeg", nil)
	f.Width, f.Height, f.Size = 1280, 960, 120000
	s.keep("photo", f)
	s.mu.Unlock()
	return s.fromUser(chatID, userID, &Message{Photo: f, Caption: caption, Raw: caption})
}

// newVoice stores a user's voice message of seconds.
func (s *Server) newVoice(seconds int) *File {
	s.mu.Lock()
	defer s.mu.Unlock()
	f := s.newFile(prefixes["voice"], "", "audio/ogg", nil)
	f.Duration, f.Size = seconds, seconds*2000
	s.keep("voice", f)
	return f
}

// SendAudio has userID send an audio file of seconds with an optional caption.
func (s *Server) SendAudio(userID int64, seconds int, caption string) int64 {
	s.mu.Lock()
	f := s.newFile(prefixes["audio"], "recording.mp3", "audio/mpeg", nil)
	f.Duration, f.Size = seconds, seconds*16000
	s.keep("audio", f)
	s.mu.Unlock()
	return s.fromUser(userID, userID, &Message{Audio: f, Caption: caption, Raw: caption})
}

// fromUser stores m as userID's message in chatID and queues it as an update.
func (s *Server) fromUser(chatID, userID int64, m *Message) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.user(userID)
	c := s.chats[chatID]
	m.FromID = userID
	s.addMessage(c, m)
	return s.push(models.Update{Message: s.model(c, m)})
}

// newFile makes file ids; s.mu is held.
func (s *Server) newFile(prefix, name, mime string, data []byte) *File {
	s.seq++
	return &File{
		FileID:       fmt.Sprintf("%s%08dTEST", prefix, s.seq),
		FileUniqueID: fmt.Sprintf("AQAD%08d", s.seq),
		FileName:     name, MimeType: mime, Size: len(data), Data: data,
	}
}

// model is m as the Bot API sends it; s.mu is held.
func (s *Server) model(c *chat, m *Message) *models.Message {
	out := &models.Message{ID: m.ID, Date: int(m.Date.Unix()), Chat: c.model(), ReplyMarkup: m.ReplyMarkup, Contact: m.Contact}
	if m.FromBot {
		me := s.botUser()
		out.From = &me
	} else if u, ok := s.users[m.FromID]; ok {
		from := u.model()
		out.From = &from
	}
	if !m.EditDate.IsZero() {
		out.EditDate = int(m.EditDate.Unix())
	}
	media := m.Document != nil || m.Photo != nil || m.Sticker || m.Voice != nil || m.Audio != nil
	if media {
		out.Caption, out.CaptionEntities = m.Caption, m.Entities
	} else {
		out.Text, out.Entities = m.Text, m.Entities
	}
	if f := m.Document; f != nil {
		out.Document = &models.Document{FileID: f.FileID, FileUniqueID: f.FileUniqueID, FileName: f.FileName, MimeType: f.MimeType, FileSize: int64(f.Size)}
	}
	if f := m.Photo; f != nil {
		out.Photo = []models.PhotoSize{
			{FileID: f.FileID + "s", FileUniqueID: f.FileUniqueID + "s", Width: max(f.Width/4, 1), Height: max(f.Height/4, 1), FileSize: f.Size / 10},
			{FileID: f.FileID, FileUniqueID: f.FileUniqueID, Width: f.Width, Height: f.Height, FileSize: f.Size},
		}
	}
	if f := m.Voice; f != nil {
		out.Voice = &models.Voice{FileID: f.FileID, FileUniqueID: f.FileUniqueID, Duration: f.Duration, MimeType: f.MimeType, FileSize: int64(f.Size)}
	}
	if f := m.Audio; f != nil {
		out.Audio = &models.Audio{FileID: f.FileID, FileUniqueID: f.FileUniqueID, Duration: f.Duration, FileName: f.FileName, MimeType: f.MimeType, FileSize: int64(f.Size)}
	}
	if m.Sticker {
		out.Sticker = &models.Sticker{FileID: "CAACstickerTEST", FileUniqueID: "AgADsticker", Type: "regular", Width: 512, Height: 512, Emoji: "👍"}
	}
	if m.ReplyTo > 0 {
		if r := c.find(m.ReplyTo); r != nil {
			out.ReplyToMessage = s.model(c, r)
		}
	}
	return out
}

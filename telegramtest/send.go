package telegramtest

import (
	"encoding/json"
	"strings"
)

// getMe describes the bot.
func (s *Server) getMe(*call) (any, *apiError) { return s.botUser(), nil }

// sendMessage validates and stores a text message from the bot.
func (s *Server) sendMessage(c *call) (any, *apiError) {
	mk, e := parseMarkup(c.p.get("reply_markup"))
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
	ch, e := s.targetChat(c.p)
	if e != nil {
		return nil, e
	}
	if e := checkLength(f, false); e != nil {
		return nil, e
	}
	replyTo, e := replyTarget(ch, c.p)
	if e != nil {
		return nil, e
	}
	if e := s.limit(ch, c.p); e != nil {
		return nil, e
	}
	m := &Message{FromBot: true, FromID: s.opts.BotID, Text: f.text, Raw: c.p.get("text"), Entities: f.entities,
		ParseMode: c.p.get("parse_mode"), ReplyTo: replyTo, Paid: c.p.bool("allow_paid_broadcast")}
	mk.apply(m)
	s.addMessage(ch, m)
	return s.model(ch, m), nil
}

// apply puts the markup on a message.
func (mk markup) apply(m *Message) {
	m.ReplyMarkup, m.ReplyKeyboard, m.RemoveKeyboard, m.ForceReply, m.MarkupJSON = mk.inline, mk.reply, mk.remove, mk.forceReply, mk.raw
}

// replyTarget reads reply_parameters or reply_to_message_id; the message must exist unless
// allow_sending_without_reply is set.
func replyTarget(ch *chat, p *params) (int, *apiError) {
	var rp struct {
		MessageID         int  `json:"message_id"`
		AllowWithoutReply bool `json:"allow_sending_without_reply"`
	}
	if raw := p.get("reply_parameters"); raw != "" {
		if json.Unmarshal([]byte(raw), &rp) != nil {
			return 0, badRequest("can't parse reply parameters JSON object")
		}
	} else {
		id, _ := p.int64("reply_to_message_id", 0)
		rp.MessageID, rp.AllowWithoutReply = int(id), p.bool("allow_sending_without_reply")
	}
	if rp.MessageID == 0 {
		return 0, nil
	}
	if ch.find(rp.MessageID) == nil {
		if rp.AllowWithoutReply {
			return 0, nil
		}
		return 0, badRequest("message to be replied not found")
	}
	return rp.MessageID, nil
}

// chatActions are sendChatAction's accepted actions.
var chatActions = map[string]bool{
	"typing": true, "upload_photo": true, "record_video": true, "upload_video": true, "record_voice": true,
	"upload_voice": true, "upload_document": true, "choose_sticker": true, "find_location": true,
	"record_video_note": true, "upload_video_note": true,
}

// sendChatAction checks the chat and the action; it changes nothing a test can see but the log.
func (s *Server) sendChatAction(c *call) (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, e := s.targetChat(c.p); e != nil {
		return nil, e
	}
	if !chatActions[strings.ToLower(c.p.get("action"))] {
		return nil, badRequest("wrong parameter action in request")
	}
	return true, nil
}

// sendDocument stores a document (uploaded, by file_id or by URL) with an optional caption.
func (s *Server) sendDocument(c *call) (any, *apiError) { return s.sendMedia(c, "document") }

// sendPhoto stores a photo (uploaded, by file_id or by URL) with an optional caption.
func (s *Server) sendPhoto(c *call) (any, *apiError) { return s.sendMedia(c, "photo") }

// sendVoice and sendAudio store a voice message or audio file (by file_id, uploaded or by URL).
func (s *Server) sendVoice(c *call) (any, *apiError) { return s.sendMedia(c, "voice") }

func (s *Server) sendAudio(c *call) (any, *apiError) { return s.sendMedia(c, "audio") }

func (s *Server) sendMedia(c *call, kind string) (any, *apiError) {
	mk, e := parseMarkup(c.p.get("reply_markup"))
	if e != nil {
		return nil, e
	}
	f, err := parseFormatted(c.p.get("caption"), c.p.get("parse_mode"), c.p.get("caption_entities"))
	if err != nil {
		return nil, badRequest("%s", err.Error())
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	ch, e := s.targetChat(c.p)
	if e != nil {
		return nil, e
	}
	file, e := s.inputFile(c.p, kind)
	if e != nil {
		return nil, e
	}
	if e := checkLength(f, true); e != nil {
		return nil, e
	}
	replyTo, e := replyTarget(ch, c.p)
	if e != nil {
		return nil, e
	}
	if e := s.limit(ch, c.p); e != nil {
		return nil, e
	}
	m := &Message{FromBot: true, FromID: s.opts.BotID, Caption: f.text, Raw: c.p.get("caption"), Entities: f.entities,
		ParseMode: c.p.get("parse_mode"), ReplyTo: replyTo}
	switch kind {
	case "photo":
		m.Photo = file
	case "voice":
		m.Voice = file
	case "audio":
		m.Audio = file
	default:
		m.Document = file
	}
	mk.apply(m)
	s.addMessage(ch, m)
	return s.model(ch, m), nil
}

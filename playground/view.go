package playground

import (
	"linli/telegramtest"
)

// msgView is a message as the page draws it. HTML is built by renderText: escaped text with the
// page's own tags only.
type msgView struct {
	ID       int           `json:"id"`
	Chat     int64         `json:"chat"`
	FromBot  bool          `json:"fromBot"`
	From     string        `json:"from"`
	HTML     string        `json:"html"`
	Media    string        `json:"media,omitempty"` // "photo", "document: name", "sticker", "contact: phone"
	Buttons  [][]button    `json:"buttons,omitempty"`
	Keyboard [][]keyButton `json:"keyboard,omitempty"`
	Remove   bool          `json:"removeKeyboard,omitempty"`
	Edited   bool          `json:"edited,omitempty"`
	Deleted  bool          `json:"deleted,omitempty"`
	Time     string        `json:"time"`
}

type button struct {
	Text string `json:"text"`
	Data string `json:"data,omitempty"`
	URL  string `json:"url,omitempty"`
}

type keyButton struct {
	Text    string `json:"text"`
	Contact bool   `json:"contact,omitempty"`
}

func (p *Playground) view(m telegramtest.Message) msgView {
	v := msgView{ID: m.ID, Chat: m.ChatID, FromBot: m.FromBot, Edited: m.Edited, Deleted: m.Deleted,
		Remove: m.RemoveKeyboard, Time: m.Date.Format("15:04")}
	if m.FromBot {
		v.From = "Linli"
	} else if who, ok := p.person(m.FromID); ok {
		v.From = who.Name
	}
	body := m.Text
	if m.Photo != nil || m.Document != nil || m.Sticker {
		body = m.Caption
	}
	v.HTML = renderText(body, m.Entities)
	switch {
	case m.Photo != nil:
		v.Media = "photo"
	case m.Document != nil:
		v.Media = "document: " + m.Document.FileName
	case m.Sticker:
		v.Media = "sticker"
	case m.Contact != nil:
		v.Media = "contact: " + m.Contact.PhoneNumber
	}
	if m.ReplyMarkup != nil {
		for _, row := range m.ReplyMarkup.InlineKeyboard {
			var r []button
			for _, b := range row {
				nb := button{Text: b.Text, Data: b.CallbackData}
				if safeURL(b.URL) {
					nb.URL = b.URL
				}
				r = append(r, nb)
			}
			v.Buttons = append(v.Buttons, r)
		}
	}
	if m.ReplyKeyboard != nil {
		for _, row := range m.ReplyKeyboard.Keyboard {
			var r []keyButton
			for _, b := range row {
				r = append(r, keyButton{Text: b.Text, Contact: b.RequestContact})
			}
			v.Keyboard = append(v.Keyboard, r)
		}
	}
	return v
}

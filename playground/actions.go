package playground

// The page's posts: what a visitor sends, presses, shares or adds, checked and passed to the stand-in.

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode"

	"linli/telegramtest"
)

// badRequest is a visitor's mistake, answered 400 with a plain message.
type badRequest string

func (e badRequest) Error() string { return string(e) }

// post wraps a POST endpoint: a bounded form body from this page's own origin, 400 for mistakes.
func (p *Playground) post(h func(url.Values) (any, error)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if o := r.Header.Get("Origin"); o != "" {
			if u, err := url.Parse(o); err != nil || u.Host != r.Host {
				writeJSON(w, http.StatusForbidden, map[string]string{"error": "cross-origin request refused"})
				return
			}
		}
		r.Body = http.MaxBytesReader(w, r.Body, maxBody)
		if err := r.ParseForm(); err != nil {
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": "unreadable form"})
			return
		}
		res, err := h(r.PostForm)
		switch e := err.(type) {
		case nil:
			writeJSON(w, http.StatusOK, res)
		case badRequest:
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": string(e)})
		default:
			writeJSON(w, http.StatusConflict, map[string]string{"error": err.Error()})
		}
	}
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(v)
}

// sender is the person posting (form field "phone") and the chat they post in (field "chat";
// their private chat if absent): a person on the page, in a chat they are in.
func (p *Playground) sender(f url.Values) (Person, int64, error) {
	id, err := strconv.ParseInt(f.Get("phone"), 10, 64)
	if err != nil {
		return Person{}, 0, badRequest("phone: not a number")
	}
	who, ok := p.person(id)
	if !ok {
		return Person{}, 0, badRequest("phone: no such person on the page")
	}
	chat := id
	if c := f.Get("chat"); c != "" {
		if chat, err = strconv.ParseInt(c, 10, 64); err != nil {
			return Person{}, 0, badRequest("chat: not a number")
		}
	}
	if chat != id && !(chat < 0 && chat == p.opts.Group.ID && p.member(id)) {
		return Person{}, 0, badRequest("chat: this person is not in that chat")
	}
	return who, chat, nil
}

func (p *Playground) member(id int64) bool {
	for _, m := range p.opts.Group.Members {
		if m == id {
			return true
		}
	}
	return false
}

// text is a message's text: present, not only blanks, within Telegram's length, no control bytes
// but newlines and tabs.
func text(f url.Values, field string, required bool) (string, error) {
	s := f.Get(field)
	if strings.TrimSpace(s) == "" {
		if required {
			return "", badRequest(field + ": empty")
		}
		return "", nil
	}
	if telegramtest.UTF16Len(s) > maxText {
		return "", badRequest(fmt.Sprintf("%s: longer than %d characters", field, maxText))
	}
	for _, c := range s {
		if unicode.IsControl(c) && c != '\n' && c != '\t' && c != '\r' {
			return "", badRequest(field + ": control characters")
		}
	}
	return s, nil
}

func (p *Playground) send(f url.Values) (any, error) {
	who, chat, err := p.sender(f)
	if err != nil {
		return nil, err
	}
	s, err := text(f, "text", true)
	if err != nil {
		return nil, err
	}
	var upd int64
	if chat < 0 {
		upd = p.ts.SendGroupText(chat, who.ID, s)
	} else {
		upd = p.ts.SendText(who.ID, s)
	}
	return map[string]int64{"update": upd}, nil
}

func (p *Playground) press(f url.Values) (any, error) {
	who, chat, err := p.sender(f)
	if err != nil {
		return nil, err
	}
	msg, err := strconv.Atoi(f.Get("msg"))
	if err != nil {
		return nil, badRequest("msg: not a number")
	}
	data := f.Get("data")
	if data == "" || len(data) > 64 {
		return nil, badRequest("data: not a button")
	}
	upd, err := p.ts.Press(who.ID, chat, msg, data)
	if err != nil {
		return nil, badRequest("no such button on that message")
	}
	return map[string]int64{"update": upd}, nil
}

// demoPhone is the number a person shares with the share-contact button.
func demoPhone(id int64) string { return fmt.Sprintf("+86 138 %04d %04d", id/10000%10000, id%10000) }

func (p *Playground) contact(f url.Values) (any, error) {
	who, chat, err := p.sender(f)
	if err != nil {
		return nil, err
	}
	if chat != who.ID {
		return nil, badRequest("a contact is shared in the private chat")
	}
	return map[string]int64{"update": p.ts.SendContact(who.ID, demoPhone(who.ID))}, nil
}

func (p *Playground) photo(f url.Values) (any, error) {
	who, chat, err := p.sender(f)
	if err != nil {
		return nil, err
	}
	if chat != who.ID {
		return nil, badRequest("photos are sent in the private chat")
	}
	caption, err := text(f, "caption", false)
	if err != nil {
		return nil, err
	}
	if telegramtest.UTF16Len(caption) > 1024 {
		return nil, badRequest("caption: longer than 1024 characters")
	}
	return map[string]int64{"update": p.ts.SendPhoto(who.ID, caption)}, nil
}

func (p *Playground) addPerson(f url.Values) (any, error) {
	name := strings.TrimSpace(f.Get("name"))
	if name == "" || len([]rune(name)) > maxName {
		return nil, badRequest(fmt.Sprintf("name: 1 to %d characters", maxName))
	}
	for _, c := range name {
		if unicode.IsControl(c) {
			return nil, badRequest("name: control characters")
		}
	}
	lang := f.Get("lang")
	if lang != "zh" && lang != "en" {
		return nil, badRequest("lang: zh or en")
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.ppl) >= maxPeople {
		return nil, badRequest("the page is full")
	}
	who := Person{ID: p.next, Name: name, Lang: lang, Role: "resident"}
	p.addLocked(who)
	p.broadcastLocked(sseEvent{Kind: "people", People: append([]Person(nil), p.ppl...)})
	return who, nil
}

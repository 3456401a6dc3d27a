// Package playground is a web page that shows the bot at work with no token and no internet: a
// row of Telegram-like phones (residents, volunteers, an admin) and a volunteers' group, all
// talking to the telegramtest stand-in that the real bot is connected to. What a visitor types or
// presses on a phone goes to the stand-in exactly as a Telegram client's input would; what the
// bot sends arrives on the page live, by server-sent events.
package playground

import (
	"context"
	"embed"
	"encoding/json"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"

	"linli/telegramtest"
)

//go:embed static
var static embed.FS

var page = template.Must(template.ParseFS(static, "static/index.html"))

// Person is someone with a phone on the page.
type Person struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
	Lang string `json:"lang"` // "zh" or "en": the Telegram app's language
	Role string `json:"role"` // what the page calls them: resident, volunteer, admin
}

// Group is the volunteers' group chat shown on the page.
type Group struct {
	ID      int64   `json:"id"` // negative, as Telegram's group ids are
	Title   string  `json:"title"`
	Members []int64 `json:"members"`
}

// Options configures New.
type Options struct {
	People []Person // the phones, in page order
	Group  Group    // the group chat; a zero ID means none
	// DemoPause is the pause between the scripted demo's steps; 0 means none.
	DemoPause time.Duration
}

// Limits on what visitors may post.
const (
	maxText   = 4096 // Telegram's limit for a message, in UTF-16 units
	maxName   = 64
	maxPeople = 24
	maxBody   = 32 << 10
	firstID   = 1001 // ids of people added on the page
)

// Playground is the page and its endpoints (an http.Handler) over a stand-in.
type Playground struct {
	ts    *telegramtest.Server
	opts  Options
	mux   *http.ServeMux
	mu    sync.Mutex
	ppl   []Person
	next  int64
	subs  map[int]chan sseEvent
	subN  int
	demo  bool            // a demo is running
	ctx   context.Context // ends at Close: demos stop
	stop  context.CancelFunc
	Demos sync.WaitGroup
}

// sseEvent is one event for the page: a chat change, a toast, or a change of people or status.
type sseEvent struct {
	Kind    string   `json:"kind"` // new, edited, deleted, toast, people, status
	Chat    int64    `json:"chat,omitempty"`
	Message *msgView `json:"message,omitempty"`
	User    int64    `json:"user,omitempty"`
	Text    string   `json:"text,omitempty"`
	People  []Person `json:"people,omitempty"`
}

// New makes the page for ts and adds opts' people (with their private chats) and group to it.
func New(ts *telegramtest.Server, opts Options) *Playground {
	p := &Playground{ts: ts, opts: opts, next: firstID, subs: map[int]chan sseEvent{}}
	p.ctx, p.stop = context.WithCancel(context.Background())
	for _, who := range opts.People {
		p.addLocked(who)
	}
	if opts.Group.ID < 0 {
		ts.AddGroup(opts.Group.ID, opts.Group.Title)
	}
	p.mux = http.NewServeMux()
	p.mux.HandleFunc("GET /{$}", p.index)
	sub, _ := fs.Sub(static, "static")
	p.mux.Handle("GET /static/", http.StripPrefix("/static/", http.FileServerFS(sub)))
	p.mux.HandleFunc("GET /api/state", p.state)
	p.mux.HandleFunc("GET /events", p.events)
	p.mux.HandleFunc("POST /api/send", p.post(p.send))
	p.mux.HandleFunc("POST /api/press", p.post(p.press))
	p.mux.HandleFunc("POST /api/contact", p.post(p.contact))
	p.mux.HandleFunc("POST /api/photo", p.post(p.photo))
	p.mux.HandleFunc("POST /api/people", p.post(p.addPerson))
	p.mux.HandleFunc("POST /api/demo", p.post(p.startDemo))
	return p
}

func (p *Playground) addLocked(who Person) {
	p.ts.AddUser(telegramtest.User{ID: who.ID, FirstName: who.Name, LanguageCode: who.Lang})
	p.ppl = append(p.ppl, who)
	if who.ID >= p.next {
		p.next = who.ID + 1
	}
}

// Close stops a demo in progress. The page's event streams end when the stand-in closes.
func (p *Playground) Close() { p.stop() }

// People returns the people on the page, in order.
func (p *Playground) People() []Person {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]Person(nil), p.ppl...)
}

// ServeHTTP serves the page and its endpoints.
func (p *Playground) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'")
	p.mux.ServeHTTP(w, r)
}

func (p *Playground) index(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_ = page.Execute(w, struct {
		People []Person
		Group  Group
	}{p.People(), p.opts.Group})
}

// state is every chat on the page as it stands now, for the page to start from.
func (p *Playground) state(w http.ResponseWriter, r *http.Request) {
	ppl := p.People()
	chats := map[string][]msgView{}
	for _, who := range ppl {
		chats[strconv.FormatInt(who.ID, 10)] = p.views(who.ID)
	}
	if p.opts.Group.ID < 0 {
		chats[strconv.FormatInt(p.opts.Group.ID, 10)] = p.views(p.opts.Group.ID)
	}
	writeJSON(w, http.StatusOK, map[string]any{"people": ppl, "group": p.opts.Group, "chats": chats})
}

func (p *Playground) views(chat int64) []msgView {
	msgs := p.ts.Messages(chat)
	out := make([]msgView, 0, len(msgs))
	for _, m := range msgs {
		out = append(out, p.view(m))
	}
	return out
}

// shown reports whether chat is on the page.
func (p *Playground) shown(chat int64) bool {
	if chat < 0 {
		return chat == p.opts.Group.ID
	}
	_, ok := p.person(chat)
	return ok
}

func (p *Playground) person(id int64) (Person, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, who := range p.ppl {
		if who.ID == id {
			return who, true
		}
	}
	return Person{}, false
}

// events streams chat changes and page changes as server-sent events until the visitor leaves.
func (p *Playground) events(w http.ResponseWriter, r *http.Request) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	feed, stop := p.ts.Subscribe()
	defer stop()
	mine, unsub := p.subscribe()
	defer unsub()
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-cache")
	fmt.Fprint(w, ": linli playground\n\n")
	flusher.Flush()
	keep := time.NewTicker(15 * time.Second)
	defer keep.Stop()
	for {
		var out sseEvent
		select {
		case <-r.Context().Done():
			return
		case <-keep.C:
			fmt.Fprint(w, ": keep-alive\n\n")
			flusher.Flush()
			continue
		case ev, ok := <-feed:
			if !ok {
				return
			}
			if !p.shown(ev.ChatID) {
				continue
			}
			out = sseEvent{Kind: string(ev.Kind), Chat: ev.ChatID}
			if ev.Kind == telegramtest.EventCallbackAnswer {
				if ev.Answer == nil || ev.Answer.Text == "" {
					continue
				}
				out = sseEvent{Kind: "toast", Chat: ev.ChatID, User: ev.Answer.UserID, Text: ev.Answer.Text}
			} else {
				v := p.view(ev.Message)
				out.Message = &v
			}
		case ev, ok := <-mine:
			if !ok {
				return
			}
			out = ev
		}
		data, _ := json.Marshal(out)
		fmt.Fprintf(w, "data: %s\n\n", data)
		flusher.Flush()
	}
}

func (p *Playground) subscribe() (<-chan sseEvent, func()) {
	p.mu.Lock()
	defer p.mu.Unlock()
	ch := make(chan sseEvent, 64)
	p.subN++
	id := p.subN
	p.subs[id] = ch
	return ch, func() {
		p.mu.Lock()
		defer p.mu.Unlock()
		delete(p.subs, id)
	}
}

// broadcast sends ev to every open page; p.mu is held.
func (p *Playground) broadcastLocked(ev sseEvent) {
	for _, ch := range p.subs {
		select {
		case ch <- ev:
		default:
		}
	}
}

func (p *Playground) status(text string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.broadcastLocked(sseEvent{Kind: "status", Text: text})
}

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

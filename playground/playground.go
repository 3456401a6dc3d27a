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
	"strconv"
	"sync"
	"time"

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

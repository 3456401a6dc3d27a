package playground

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"

	"linli/telegramtest"
)

const group int64 = -1001000000001

// newPage is a playground over a fresh stand-in (limits off: the test itself plays the bot).
func newPage(t *testing.T) (*Playground, *telegramtest.Server, *httptest.Server) {
	t.Helper()
	ts := telegramtest.New(telegramtest.Options{Limits: telegramtest.Limits{Disabled: true}})
	t.Cleanup(ts.Close)
	pg := New(ts, Options{
		People: []Person{
			{ID: 101, Name: "王秀兰", Lang: "zh", Role: "resident"},
			{ID: 102, Name: "Ann", Lang: "en", Role: "resident"},
			{ID: 201, Name: "李雷", Lang: "zh", Role: "volunteer"},
			{ID: 900, Name: "书记", Lang: "zh", Role: "admin"},
		},
		Group: Group{ID: group, Title: "官北沟志愿者群", Members: []int64{201, 900}},
	})
	t.Cleanup(pg.Close)
	srv := httptest.NewServer(pg)
	t.Cleanup(srv.Close)
	return pg, ts, srv
}

// botCall calls the stand-in as the bot would and returns the result.
func botCall(t *testing.T, ts *telegramtest.Server, method string, params map[string]any) json.RawMessage {
	t.Helper()
	body, _ := json.Marshal(params)
	resp, err := http.Post(ts.URL()+"/bot"+ts.Token()+"/"+method, "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var env struct {
		OK          bool            `json:"ok"`
		Result      json.RawMessage `json:"result"`
		Description string          `json:"description"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&env); err != nil || !env.OK {
		t.Fatalf("%s: %v %s", method, err, env.Description)
	}
	return env.Result
}

// updates takes the updates waiting for the bot.
func updates(t *testing.T, ts *telegramtest.Server) []models.Update {
	t.Helper()
	var ups []models.Update
	_ = json.Unmarshal(botCall(t, ts, "getUpdates", map[string]any{"timeout": 0}), &ups)
	if len(ups) > 0 { // confirm them
		botCall(t, ts, "getUpdates", map[string]any{"timeout": 0, "offset": ups[len(ups)-1].ID + 1})
	}
	return ups
}

func postForm(t *testing.T, srv *httptest.Server, path string, f url.Values) (int, string) {
	t.Helper()
	resp, err := http.PostForm(srv.URL+path, f)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// stream opens the page's event stream and returns its events as they come.
func stream(t *testing.T, srv *httptest.Server) <-chan sseEvent {
	t.Helper()
	req, _ := http.NewRequest("GET", srv.URL+"/events", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("event stream content type %q", ct)
	}
	out := make(chan sseEvent, 64)
	go func() {
		defer close(out)
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			if data, ok := strings.CutPrefix(sc.Text(), "data: "); ok {
				var ev sseEvent
				if json.Unmarshal([]byte(data), &ev) == nil {
					out <- ev
				}
			}
		}
	}()
	return out
}

// await returns the first event that match accepts, failing after a few seconds.
func await(t *testing.T, evs <-chan sseEvent, match func(sseEvent) bool) sseEvent {
	t.Helper()
	timeout := time.After(5 * time.Second)
	for {
		select {
		case ev, ok := <-evs:
			if !ok {
				t.Fatal("event stream ended")
			}
			if match(ev) {
				return ev
			}
		case <-timeout:
			t.Fatal("no such event")
		}
	}
}

func TestPage_LoadsAndNamesThePeople(t *testing.T) {
	t.Parallel()
	_, _, srv := newPage(t)
	resp, err := http.Get(srv.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	for _, want := range []string{"王秀兰", "Ann", "李雷", "书记", "官北沟志愿者群", `aria-label`, "<button"} {
		if !strings.Contains(string(body), want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if resp.Header.Get("Content-Security-Policy") == "" {
		t.Error("no Content-Security-Policy")
	}
	for _, path := range []string{"/static/app.js", "/static/style.css"} {
		r, err := http.Get(srv.URL + path)
		if err != nil || r.StatusCode != 200 {
			t.Fatalf("%s: %v %v", path, err, r)
		}
		r.Body.Close()
	}
}

func TestSend_ReachesTheBotAndTheReplyStreamsEscaped(t *testing.T) {
	t.Parallel()
	_, ts, srv := newPage(t)
	evs := stream(t, srv)
	if code, body := postForm(t, srv, "/api/send", url.Values{"phone": {"101"}, "text": {"你好 <b>"}}); code != 200 {
		t.Fatalf("send: %d %s", code, body)
	}
	ups := updates(t, ts)
	if len(ups) != 1 || ups[0].Message == nil || ups[0].Message.Text != "你好 <b>" || ups[0].Message.From.ID != 101 {
		t.Fatalf("the bot got %+v", ups)
	}
	mine := await(t, evs, func(ev sseEvent) bool { return ev.Kind == "new" && ev.Chat == 101 && !ev.Message.FromBot })
	if mine.Message.HTML != "你好 &lt;b&gt;" {
		t.Fatalf("user's text not escaped: %q", mine.Message.HTML)
	}
	botCall(t, ts, "sendMessage", map[string]any{"chat_id": 101, "parse_mode": "HTML",
		"text": `<b>您好</b> &lt;script&gt;alert(1)&lt;/script&gt; <a href="javascript:alert(1)">x</a> <a href="https://example.org/?a=1&amp;b=2">link</a>`})
	reply := await(t, evs, func(ev sseEvent) bool { return ev.Kind == "new" && ev.Chat == 101 && ev.Message.FromBot })
	h := reply.Message.HTML
	if !strings.Contains(h, "<b>您好</b>") || strings.Contains(h, "<script") || !strings.Contains(h, "&lt;script&gt;") ||
		strings.Contains(h, "javascript:") || !strings.Contains(h, `href="https://example.org/?a=1&amp;b=2"`) {
		t.Fatalf("reply rendered as %q", h)
	}
	// An edit arrives as an edit of the same message.
	var sent models.Message
	_ = json.Unmarshal(botCall(t, ts, "sendMessage", map[string]any{"chat_id": 101, "text": "v1"}), &sent)
	botCall(t, ts, "editMessageText", map[string]any{"chat_id": 101, "message_id": sent.ID, "text": "v2"})
	ed := await(t, evs, func(ev sseEvent) bool { return ev.Kind == "edited" && ev.Chat == 101 })
	if ed.Message.ID != sent.ID || ed.Message.HTML != "v2" || !ed.Message.Edited {
		t.Fatalf("edit: %+v", ed.Message)
	}
}

func TestPress_ContactAndPhoto_ReachTheBot(t *testing.T) {
	t.Parallel()
	_, ts, srv := newPage(t)
	var sent models.Message
	_ = json.Unmarshal(botCall(t, ts, "sendMessage", map[string]any{"chat_id": 101, "text": "选一个",
		"reply_markup": map[string]any{"inline_keyboard": [][]map[string]any{{{"text": "好", "callback_data": "ok:1"}}}}}), &sent)
	if code, body := postForm(t, srv, "/api/press", url.Values{"phone": {"101"}, "msg": {itoa(sent.ID)}, "data": {"ok:1"}}); code != 200 {
		t.Fatalf("press: %d %s", code, body)
	}
	if code, _ := postForm(t, srv, "/api/contact", url.Values{"phone": {"101"}}); code != 200 {
		t.Fatalf("contact: %d", code)
	}
	if code, _ := postForm(t, srv, "/api/photo", url.Values{"phone": {"101"}, "caption": {"门口"}}); code != 200 {
		t.Fatalf("photo: %d", code)
	}
	ups := updates(t, ts)
	if len(ups) != 3 || ups[0].CallbackQuery == nil || ups[0].CallbackQuery.Data != "ok:1" || ups[0].CallbackQuery.From.ID != 101 ||
		ups[1].Message == nil || ups[1].Message.Contact == nil || ups[1].Message.Contact.UserID != 101 ||
		ups[2].Message == nil || len(ups[2].Message.Photo) == 0 || ups[2].Message.Caption != "门口" {
		t.Fatalf("the bot got %+v", ups)
	}
	// A group member presses a card in the group.
	_ = json.Unmarshal(botCall(t, ts, "sendMessage", map[string]any{"chat_id": group, "text": "#1",
		"reply_markup": map[string]any{"inline_keyboard": [][]map[string]any{{{"text": "认领", "callback_data": "q:c:1"}}}}}), &sent)
	if code, body := postForm(t, srv, "/api/press", url.Values{"phone": {"201"}, "chat": {itoa(group)}, "msg": {itoa(sent.ID)}, "data": {"q:c:1"}}); code != 200 {
		t.Fatalf("group press: %d %s", code, body)
	}
	if code, _ := postForm(t, srv, "/api/send", url.Values{"phone": {"900"}, "chat": {itoa(group)}, "text": {"/bindqueue a1"}}); code != 200 {
		t.Fatalf("group send: %d", code)
	}
	ups = updates(t, ts)
	if len(ups) != 2 || ups[0].CallbackQuery == nil || ups[0].CallbackQuery.From.ID != 201 ||
		ups[1].Message == nil || ups[1].Message.Chat.ID != group || ups[1].Message.From.ID != 900 {
		t.Fatalf("the bot got %+v", ups)
	}
}

func itoa[T ~int | ~int64](n T) string { return strconv.FormatInt(int64(n), 10) }

func TestBadPosts_Answer400AndChangeNothing(t *testing.T) {
	t.Parallel()
	_, ts, srv := newPage(t)
	var sent models.Message
	_ = json.Unmarshal(botCall(t, ts, "sendMessage", map[string]any{"chat_id": 101, "text": "选一个",
		"reply_markup": map[string]any{"inline_keyboard": [][]map[string]any{{{"text": "好", "callback_data": "ok:1"}}}}}), &sent)
	msg := itoa(sent.ID)
	before := len(ts.History(101)) + len(ts.History(group))
	cases := []struct {
		path string
		form url.Values
	}{
		{"/api/send", url.Values{"phone": {"555"}, "text": {"hi"}}},                                   // unknown phone
		{"/api/send", url.Values{"phone": {"abc"}, "text": {"hi"}}},                                   // not a number
		{"/api/send", url.Values{"phone": {"101"}}},                                                   // missing text
		{"/api/send", url.Values{"phone": {"101"}, "text": {" \n "}}},                                 // blank
		{"/api/send", url.Values{"phone": {"101"}, "text": {strings.Repeat("长", 5000)}}},              // too long
		{"/api/send", url.Values{"phone": {"101"}, "text": {"a\x00b"}}},                               // control byte
		{"/api/send", url.Values{"phone": {"101"}, "chat": {"102"}, "text": {"hi"}}},                  // someone else's chat
		{"/api/send", url.Values{"phone": {"101"}, "chat": {itoa(group)}, "text": {"hi"}}},            // not in the group
		{"/api/press", url.Values{"phone": {"101"}, "msg": {msg}, "data": {"ok:2"}}},                  // forged data
		{"/api/press", url.Values{"phone": {"101"}, "msg": {"999"}, "data": {"ok:1"}}},                // no such message
		{"/api/press", url.Values{"phone": {"102"}, "chat": {"101"}, "msg": {msg}, "data": {"ok:1"}}}, // not their chat
		{"/api/press", url.Values{"phone": {"101"}, "msg": {msg}, "data": {strings.Repeat("x", 65)}}},
		{"/api/contact", url.Values{"phone": {"201"}, "chat": {itoa(group)}}}, // contacts are private
		{"/api/photo", url.Values{"phone": {"101"}, "caption": {strings.Repeat("x", 1025)}}},
		{"/api/people", url.Values{"name": {""}, "lang": {"zh"}}},
		{"/api/people", url.Values{"name": {strings.Repeat("名", 65)}, "lang": {"zh"}}},
		{"/api/people", url.Values{"name": {"Eve"}, "lang": {"fr"}}},
	}
	for _, c := range cases {
		if code, body := postForm(t, srv, c.path, c.form); code != http.StatusBadRequest {
			t.Errorf("%s %v: %d %s, want 400", c.path, c.form, code, body)
		}
	}
	req, _ := http.NewRequest("POST", srv.URL+"/api/send", strings.NewReader("phone=101&text=hi"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", "https://evil.example")
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != http.StatusForbidden {
		t.Errorf("cross-origin post: %v %v", err, resp)
	}
	if ups := updates(t, ts); len(ups) != 0 {
		t.Fatalf("bad posts reached the bot: %+v", ups)
	}
	if after := len(ts.History(101)) + len(ts.History(group)); after != before {
		t.Fatalf("bad posts changed the chats: %d messages, was %d", after, before)
	}
	if n := len(ts.Users()); n != 4 {
		t.Fatalf("%d users, want the 4 on the page", n)
	}
}

func TestAddPerson_GetsAPhoneEverywhere(t *testing.T) {
	t.Parallel()
	pg, ts, srv := newPage(t)
	evs := stream(t, srv)
	code, body := postForm(t, srv, "/api/people", url.Values{"name": {"Eve <i>"}, "lang": {"en"}})
	if code != 200 {
		t.Fatalf("add: %d %s", code, body)
	}
	ev := await(t, evs, func(ev sseEvent) bool { return ev.Kind == "people" })
	last := ev.People[len(ev.People)-1]
	if last.Name != "Eve <i>" || last.Lang != "en" || len(pg.People()) != 5 {
		t.Fatalf("people: %+v", ev.People)
	}
	if code, _ := postForm(t, srv, "/api/send", url.Values{"phone": {itoa(last.ID)}, "text": {"/start"}}); code != 200 {
		t.Fatalf("the new phone cannot write: %d", code)
	}
	ups := updates(t, ts)
	if len(ups) != 1 || ups[0].Message.From.LanguageCode != "en" {
		t.Fatalf("the bot got %+v", ups)
	}
}

func TestRenderText_EntitiesNestedAndEscaped(t *testing.T) {
	t.Parallel()
	cases := []struct{ raw, want string }{
		{`<b>粗 <i>斜</i></b> &amp; 😀<code>x&lt;y</code>`, `<b>粗 <i>斜</i></b> &amp; 😀<code>x&lt;y</code>`},
		{`<a href="javascript:alert(1)">x</a>`, `x`},
		{`<tg-spoiler>秘密</tg-spoiler>`, `<span class="spoiler">秘密</span>`},
		{`see https://t.me/x?a=1&amp;b="2"`, `see <a href="https://t.me/x?a=1&amp;b=&#34;2&#34;" target="_blank" rel="noopener noreferrer">https://t.me/x?a=1&amp;b=&#34;2&#34;</a>`},
	}
	for _, c := range cases {
		text, ents, err := telegramtest.ParseText(c.raw, "HTML")
		if err != nil {
			t.Fatal(err)
		}
		if c.raw[:4] == "see " { // the whole rest as one link (the stand-in's own detection stops at the quote)
			ents = []models.MessageEntity{{Type: models.MessageEntityTypeURL, Offset: 4, Length: telegramtest.UTF16Len(text) - 4}}
		}
		if got := renderText(text, ents); got != c.want {
			t.Errorf("%s:\n got %s\nwant %s", c.raw, got, c.want)
		}
	}
}

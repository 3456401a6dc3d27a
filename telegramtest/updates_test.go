package telegramtest

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"
)

// getUpdates calls getUpdates with offset (0 = none) and no long polling.
func getUpdates(t *testing.T, s *Server, offset int64) ([]models.Update, error) {
	t.Helper()
	params := map[string]any{}
	if offset != 0 {
		params["offset"] = offset
	}
	env := callJSON(t, s, "getUpdates", params)
	if !env.OK {
		return nil, errors.New(env.Description)
	}
	var upds []models.Update
	return upds, json.Unmarshal(env.Result, &upds)
}

func ids(upds []models.Update) []int64 {
	var out []int64
	for _, u := range upds {
		out = append(out, u.ID)
	}
	return out
}

func TestGetUpdates_ConfirmsOnlyBelowTheOffset(t *testing.T) {
	s := newServer(t, Options{})
	a, b, c := s.SendText(1, "/start"), s.SendText(1, "one"), s.SendText(1, "two")
	if got, _ := getUpdates(t, s, 0); len(got) != 3 || got[0].ID != a {
		t.Fatalf("no offset: %v", ids(got))
	}
	if got, _ := getUpdates(t, s, 0); len(got) != 3 {
		t.Fatalf("unconfirmed updates must come again: %v", ids(got))
	}
	if got, _ := getUpdates(t, s, b); len(got) != 2 || got[0].ID != b {
		t.Fatalf("offset %d: %v", b, ids(got))
	}
	if got, _ := getUpdates(t, s, 0); len(got) != 2 || got[0].ID != b {
		t.Fatalf("after confirming %d: %v", a, ids(got))
	}
	if got, _ := getUpdates(t, s, c+1); len(got) != 0 {
		t.Fatalf("all confirmed: %v", ids(got))
	}
}

func TestGetUpdates_NegativeOffsetKeepsTheLast(t *testing.T) {
	s := newServer(t, Options{})
	for range 5 {
		s.SendText(1, "x")
	}
	if got, _ := getUpdates(t, s, -2); len(got) != 2 || got[0].ID != 4 {
		t.Fatalf("got %v", ids(got))
	}
	if got, _ := getUpdates(t, s, 0); len(got) != 2 {
		t.Fatalf("earlier ones were forgotten: %v", ids(got))
	}
}

func TestGetUpdates_MessageCarriesCommandEntity(t *testing.T) {
	s := newServer(t, Options{BotUsername: "linli_bot"})
	s.AddUser(User{ID: 1, FirstName: "Mei", LanguageCode: "zh"})
	s.SendText(1, "/order@linli_bot rice")
	upds, _ := getUpdates(t, s, 0)
	m := upds[0].Message
	if m.From.ID != 1 || m.From.LanguageCode != "zh" || m.Chat.Type != models.ChatTypePrivate ||
		len(m.Entities) != 1 || m.Entities[0].Type != models.MessageEntityTypeBotCommand || m.Entities[0].Length != len("/order@linli_bot") {
		t.Fatalf("message %+v", m)
	}
}

func TestGetUpdates_LongPollReturnsWhenAnUpdateArrives(t *testing.T) {
	s := newServer(t, Options{})
	go func() {
		time.Sleep(100 * time.Millisecond)
		s.SendText(1, "hi")
	}()
	start := time.Now()
	env := callJSON(t, s, "getUpdates", map[string]any{"timeout": 5})
	if d := time.Since(start); !env.OK || !strings.Contains(string(env.Result), `"hi"`) || d > 2*time.Second {
		t.Fatalf("after %v: %+v", d, env)
	}
}

func TestGetUpdates_LongPollWaitsTheTimeout(t *testing.T) {
	s := newServer(t, Options{})
	start := time.Now()
	env := callJSON(t, s, "getUpdates", map[string]any{"timeout": 1})
	if d := time.Since(start); !env.OK || string(env.Result) != "[]" || d < 900*time.Millisecond {
		t.Fatalf("after %v: %+v", d, env)
	}
}

func TestGetUpdates_SecondPollerTerminatesTheFirst(t *testing.T) {
	s := newServer(t, Options{})
	var first envelope
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		first = callJSON(t, s, "getUpdates", map[string]any{"timeout": 5})
	}()
	for deadline := time.Now().Add(2 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		s.mu.Lock()
		waiting := s.poll != nil
		s.mu.Unlock()
		if waiting {
			break
		}
	}
	wantOK(t, callJSON(t, s, "getUpdates", map[string]any{"timeout": 0}))
	wg.Wait()
	wantError(t, first, 409, "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running")
}

func TestGetUpdates_AllowedUpdatesDropsOtherTypes(t *testing.T) {
	s := newServer(t, Options{})
	wantOK(t, callJSON(t, s, "getUpdates", map[string]any{"allowed_updates": []string{"callback_query"}}))
	s.SendText(1, "dropped")
	s.PressRaw(1, 1, 1, "kept")
	if got, _ := getUpdates(t, s, 0); len(got) != 1 || got[0].CallbackQuery == nil {
		t.Fatalf("got %+v", got)
	}
}

func TestResetUpdateIDs_NextUpdatesStartThere(t *testing.T) {
	s := newServer(t, Options{})
	s.SendText(1, "a")
	s.ResetUpdateIDs(900000)
	if id := s.SendText(1, "b"); id != 900000 {
		t.Fatalf("id %d", id)
	}
}

func TestBlock_QueuesMyChatMemberUpdates(t *testing.T) {
	s := newServer(t, Options{})
	s.AddUser(User{ID: 4})
	s.Block(4)
	s.Block(4) // no change, no update
	s.Unblock(4)
	upds, _ := getUpdates(t, s, 0)
	if len(upds) != 2 || upds[0].MyChatMember.NewChatMember.Type != models.ChatMemberTypeBanned ||
		upds[1].MyChatMember.NewChatMember.Type != models.ChatMemberTypeMember || upds[0].MyChatMember.Chat.ID != 4 {
		t.Fatalf("updates %+v", upds)
	}
}

func TestServer_WrongTokenUnknownMethodAndBodies(t *testing.T) {
	s := newServer(t, Options{Limits: Limits{Disabled: true}})
	wantError(t, post(t, s.URL()+"/bot999:wrong/getMe", "application/json", nil), 401, "Unauthorized")
	wantError(t, callJSON(t, s, "sendTelepathy", nil), 404, "Not Found")
	env := callJSON(t, s, "GETME", nil)
	if wantOK(t, env); !strings.Contains(string(env.Result), `"username":"linli_test_bot"`) {
		t.Fatalf("getMe %s", env.Result)
	}
	s.AddUser(User{ID: 1})
	wantOK(t, post(t, s.URL()+"/bot"+s.Token()+"/sendMessage", "application/x-www-form-urlencoded", []byte("chat_id=1&text=form+body")))
	resp, err := http.Get(s.URL() + "/bot" + s.Token() + "/sendMessage?chat_id=1&text=query")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if got := s.BotMessages(1); len(got) != 2 || got[0].Text != "form body" || got[1].Text != "query" {
		t.Fatalf("messages %+v", got)
	}
	if r := s.Requests(); r[len(r)-1].Params["text"] != "query" || r[len(r)-1].Status != 200 || s.CountCalls("sendmessage") != 2 {
		t.Fatalf("requests %+v", r)
	}
}

func TestWaitMessage_ReturnsMatchingBotMessage(t *testing.T) {
	s := newServer(t, Options{})
	s.AddUser(User{ID: 1})
	go func() {
		time.Sleep(50 * time.Millisecond)
		callJSON(t, s, "sendMessage", map[string]any{"chat_id": 1, "text": "your order is open"})
	}()
	m, err := s.WaitMessage(ctxTimeout(t, 2*time.Second), 1, func(m Message) bool { return strings.Contains(m.Text, "open") })
	if err != nil || m.ID != 1 {
		t.Fatalf("got %+v %v", m, err)
	}
	_, err = s.WaitMessage(ctxTimeout(t, 50*time.Millisecond), 1, func(m Message) bool { return m.Text == "never" })
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("got %v", err)
	}
}

func TestSubscribe_SeesNewEditedAndDeleted(t *testing.T) {
	s := newServer(t, Options{Limits: Limits{Disabled: true}})
	events, stop := s.Subscribe()
	defer stop()
	s.SendText(1, "hi")
	callJSON(t, s, "sendMessage", map[string]any{"chat_id": 1, "text": "menu"})
	callJSON(t, s, "editMessageText", map[string]any{"chat_id": 1, "message_id": 2, "text": "menu 2"})
	callJSON(t, s, "deleteMessage", map[string]any{"chat_id": 1, "message_id": 2})
	var kinds []EventKind
	for range 4 {
		kinds = append(kinds, (<-events).Kind)
	}
	if want := []EventKind{EventNew, EventNew, EventEdited, EventDeleted}; strings.Join(strs(kinds), ",") != strings.Join(strs(want), ",") {
		t.Fatalf("events %v", kinds)
	}
}

func strs(ks []EventKind) []string {
	var out []string
	for _, k := range ks {
		out = append(out, string(k))
	}
	return out
}

package outbox

import (
	"bytes"
	stdjson "encoding/json"
	"reflect"
	"strings"
	"testing"
)

// Payloads are encoded and decoded with goccy/go-json; rows written before that, by
// encoding/json (which escapes <, > and &), must read back the same, and every field must survive
// the round trip, hostile text included.
func TestPayload_RoundTripsAndReadsRowsEncodingJSONWrote(t *testing.T) {
	hostile := "<b>王秀兰</b> & *bold* _x_ [a](b) \u0000\u0007\t\n\u2028 😀 \"q\" \\ " + strings.Repeat("长", 5000)
	for _, m := range []Message{
		{ChatID: 101, Text: hostile, Buttons: [][]Button{{{Text: "✋ 认领 #1", Data: "q:c:1"}, {Text: "地图", URL: "https://example.org/?a=1&b=<2>"}}}},
		{Kind: KindEdit, ChatID: -1001000000001, Text: "✅ <b>已被 李雷 接单</b>", EditMessageID: 42, EditOf: 7},
		{Kind: KindAnswer, ChatID: 5, CallbackQueryID: "4382bfdwdsb323b2d9", Text: "归您了", Alert: true},
		{Kind: KindDocument, ChatID: 900, Text: "export", Document: &Document{Name: "orders.csv", Data: []byte("id,items\n1,\"大米, 5kg\"\n\x00\xff")}},
		{Kind: KindPhoto, ChatID: 101, Photo: "AgACAgIAAxkBAAI", Text: "#3"},
		{ChatID: 102, Text: "share", Keyboard: &ReplyKeyboard{Rows: [][]KeyButton{{{Text: "📞 Share my number", Contact: true}}}, OneTime: true}},
		{ChatID: 102, Text: "done", RemoveKeyboard: true, Paid: true},
		{Kind: KindCommands, ChatID: 900, Commands: []Command{{Command: "order", Description: "下单"}}},
		{ChatID: ChannelChat("@linli_news"), Channel: "@linli_news", Text: "通知"},
	} {
		payload, err := m.encode()
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(payload, `\u003c`) || strings.HasSuffix(payload, "\n") {
			t.Errorf("payload escapes HTML or ends in a newline: %.80s", payload)
		}
		if got, err := decode(payload); err != nil || !reflect.DeepEqual(got, m) {
			t.Errorf("round trip: %v\n got %+v\nwant %+v", err, got, m)
		}
		var old bytes.Buffer // as encoding/json wrote it before
		if err := stdjson.NewEncoder(&old).Encode(m); err != nil {
			t.Fatal(err)
		}
		if got, err := decode(old.String()); err != nil || !reflect.DeepEqual(got, m) {
			t.Errorf("an encoding/json payload: %v\n got %+v\nwant %+v", err, got, m)
		}
	}
}

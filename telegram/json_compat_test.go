package telegram

import (
	stdjson "encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"
)

// The dispatcher decodes updates with goccy/go-json (for speed); it must read every kind of
// update the bot handles exactly as encoding/json, go-telegram/bot's own decoder, does.
func TestDecodeUnit_ReadsEveryUpdateKindAsEncodingJSONDoes(t *testing.T) {
	user := `{"id":101,"is_bot":false,"first_name":"王秀兰","last_name":"<b>&amp;","username":"wxl","language_code":"zh"}`
	private := `{"id":101,"type":"private","first_name":"王秀兰"}`
	group := `{"id":-1001000000001,"type":"supergroup","title":"志愿者群 *_[]"}`
	for name, body := range map[string]string{
		"command with entity": `{"update_id":1,"message":{"message_id":7,"from":` + user + `,"chat":` + private +
			`,"date":1764500000,"text":"/order medicine 胰岛素 2支","entities":[{"offset":0,"length":6,"type":"bot_command"}]}}`,
		"escapes, emoji, control bytes": `{"update_id":2,"message":{"message_id":8,"from":` + user + `,"chat":` + private +
			`,"date":1764500001,"text":"\u0000\u0007\t<script>\"x\"</script> \ud83d\ude00 \\ *bold* _i_ \u2028"}}`,
		"reply in a group": `{"update_id":3,"message":{"message_id":9,"from":` + user + `,"chat":` + group +
			`,"date":1764500002,"text":"ok","reply_to_message":{"message_id":5,"from":{"id":1,"is_bot":true,"first_name":"Linli"},"chat":` + group + `,"date":1764499999,"text":"card"}}}`,
		"photo with caption": `{"update_id":4,"message":{"message_id":10,"from":` + user + `,"chat":` + private +
			`,"date":1764500003,"photo":[{"file_id":"AgAC1","file_unique_id":"u1","width":90,"height":90,"file_size":1200},{"file_id":"AgAC2","file_unique_id":"u2","width":1280,"height":960}],"caption":"/deliver 3","caption_entities":[{"offset":0,"length":8,"type":"bot_command"}]}}`,
		"voice": `{"update_id":5,"message":{"message_id":11,"from":` + user + `,"chat":` + private +
			`,"date":1764500004,"voice":{"file_id":"AwAC","file_unique_id":"v1","duration":7,"mime_type":"audio/ogg","file_size":9000}}}`,
		"contact and location": `{"update_id":6,"message":{"message_id":12,"from":` + user + `,"chat":` + private +
			`,"date":1764500005,"contact":{"phone_number":"+8613900001111","first_name":"王秀兰","user_id":101},"location":{"latitude":39.9,"longitude":116.4}}}`,
		"button press": `{"update_id":7,"callback_query":{"id":"4382bfdwdsb323b2d9","from":` + user +
			`,"message":{"message_id":13,"from":{"id":1,"is_bot":true,"first_name":"Linli"},"chat":` + private + `,"date":1764500006,"text":"需要什么帮助？","reply_markup":{"inline_keyboard":[[{"text":"🥬","callback_data":"f:cat:groceries"}]]}},"chat_instance":"-1","data":"f:cat:groceries"}}`,
		"press on an inaccessible message": `{"update_id":8,"callback_query":{"id":"q2","from":` + user +
			`,"message":{"chat":` + private + `,"message_id":14,"date":0},"chat_instance":"-1","data":"q:c:1"}}`,
		"edited message": `{"update_id":9,"edited_message":{"message_id":15,"from":` + user + `,"chat":` + private +
			`,"date":1764500007,"edit_date":1764500010,"text":"/order groceries 大米"}}`,
		"bot added to a group": `{"update_id":10,"my_chat_member":{"chat":` + group + `,"from":` + user +
			`,"date":1764500008,"old_chat_member":{"status":"left","user":{"id":1,"is_bot":true,"first_name":"Linli"}},"new_chat_member":{"status":"member","user":{"id":1,"is_bot":true,"first_name":"Linli"}}}}`,
		"blocked by the user": `{"update_id":11,"my_chat_member":{"chat":` + private + `,"from":` + user +
			`,"date":1764500009,"old_chat_member":{"status":"member","user":{"id":1,"is_bot":true,"first_name":"Linli"}},"new_chat_member":{"status":"kicked","until_date":0,"user":{"id":1,"is_bot":true,"first_name":"Linli"}}}}`,
		"unknown fields": `{"update_id":12,"message":{"message_id":16,"from":` + user + `,"chat":` + private +
			`,"date":1764500011,"text":"hi","some_future_field":{"a":[1,2,{"b":null}]}},"another_future_update":{}}`,
	} {
		t.Run(name, func(t *testing.T) {
			var want models.Update
			if err := stdjson.Unmarshal([]byte(body), &want); err != nil {
				t.Fatalf("encoding/json: %v", err)
			}
			u, err := decodeUnit(inboxRow{ID: want.ID, Body: []byte(body)}, time.Now())
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(*u.Update, want) {
				t.Errorf("decoded differently:\n got %+v\nwant %+v", *u.Update, want)
			}
		})
	}
	for _, bad := range []string{``, `{`, `{"update_id":"x"}`, `[1,2]`, `{"update_id":1,"message":{"text":"\ud800`} {
		if _, err := decodeUnit(inboxRow{ID: 1, Body: []byte(bad)}, time.Now()); err == nil {
			t.Errorf("decodeUnit(%q) gave no error", bad)
		}
	}
}

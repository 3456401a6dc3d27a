package telegramtest

import "testing"

// BenchmarkCheckSpec_SendMessage is the schema check's cost on a typical message of the bot: text,
// parse mode, link preview options and an inline keyboard of two buttons.
func BenchmarkCheckSpec_SendMessage(b *testing.B) {
	p := &params{vals: map[string]string{
		"chat_id": "101", "text": "您好，<b>邻里</b>", "parse_mode": "HTML",
		"link_preview_options": `{"is_disabled":true}`,
		"reply_markup":         `{"inline_keyboard":[[{"text":"中文","callback_data":"lang:zh"},{"text":"English","callback_data":"lang:en"}]]}`,
	}, files: map[string]upload{}}
	for b.Loop() {
		if e := checkSpec("sendMessage", p); e != nil {
			b.Fatal(e.Desc)
		}
	}
}

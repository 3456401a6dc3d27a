package main

import (
	"slices"
	"testing"

	"linli/telegramtest"
)

// botMethods are the Bot API methods the bot calls. Every end-to-end test checks that the bot
// called nothing else (speaksSpec), so the list stays true; TestBotAPIMethods_AreInTheSchema
// checks each is a method of the published API.
var botMethods = []string{
	"getMe", "getUpdates", "setWebhook", "deleteWebhook",
	"sendMessage", "editMessageText", "answerCallbackQuery", "sendDocument", "sendPhoto", "sendVoice", "sendAudio",
	"setMyCommands", "deleteMyCommands",
}

func TestBotAPIMethods_AreInTheSchema(t *testing.T) {
	for _, m := range botMethods {
		if name, ok := telegramtest.SpecMethod(m); !ok || name != m {
			t.Errorf("%s is not a method of %s (spelt %q there)", m, telegramtest.APIVersion(), name)
		}
	}
}

// speaksSpec fails t, when it ends, if the bot made a request the published Bot API does not
// allow (the stand-in answered it 400 with what is wrong) or called a method botMethods does not
// list.
func speaksSpec(t testing.TB, ts *telegramtest.Server) {
	t.Cleanup(func() {
		for _, r := range ts.SpecViolations() {
			t.Errorf("Bot API spec violation: %s %v: %s", r.Method, r.Params, r.Description)
		}
		for _, r := range ts.Requests() {
			if !slices.Contains(botMethods, r.Method) {
				t.Errorf("the bot called %s, which botMethods (botapi_test.go) does not list", r.Method)
			}
		}
	})
}

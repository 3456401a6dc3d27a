package main

import (
	"fmt"
	"net"
	"strings"
	"testing"

	"linli/internal/testlog"
	"linli/telegramtest"
)

// TestWebhookMode_BehindATLSProxyAsTheREADMESetsItUp runs the bot as deploy/Caddyfile and the
// README set it up: Telegram posts to https://bot.example.org/tg/<path>, the proxy forwards to
// the bot on 127.0.0.1, the bot checks the secret and answers after its commit. A resident
// registers and orders through webhook deliveries only; going back to polling deletes the webhook
// and updates flow by getUpdates again.
func TestWebhookMode_BehindATLSProxyAsTheREADMESetsItUp(t *testing.T) {
	t.Parallel()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	local := l.Addr().String()
	l.Close() // the bot listens there
	ts := telegramtest.New(telegramtest.Options{Token: testToken, Limits: quick})
	speaksSpec(t, ts)
	t.Cleanup(ts.Close)
	ts.ProxyWebhooks("https://bot.example.org", "http://"+local)
	const hookURL = "https://bot.example.org/tg/k3y-path"
	lb := &liveBot{ts: ts, dir: t.TempDir(), logs: &testlog.Buffer{}, hooks: fastSender(),
		telegram: fmt.Sprintf("webhook_url = %q\nwebhook_listen = %q\nwebhook_secret = %q", hookURL, local, "s3cret-Token_1")}
	lb.run(t)
	t.Cleanup(func() { lb.stop() })
	addUsers(ts)

	register(t, lb, zhUser, "zh", "王秀兰")
	if m := lb.say(t, zhUser, "/order medicine 胰岛素"); !strings.Contains(m.Text, "#1") {
		t.Fatalf("order over the webhook: %q", m.Text)
	}
	var set, polls int
	for _, q := range ts.Requests() {
		switch q.Method {
		case "setWebhook":
			if q.Params["url"] == hookURL && q.Params["secret_token"] == "s3cret-Token_1" && q.Status == 200 {
				set++
			}
		case "getUpdates":
			polls++
		}
	}
	if set != 1 || polls != 0 {
		t.Fatalf("setWebhook with the public URL and secret %d times (want 1), getUpdates %d times (want 0)", set, polls)
	}
	if !strings.Contains(lb.logs.String(), "mode=webhook") {
		t.Errorf("the log does not say webhook mode:\n%s", lb.logs.String())
	}

	// Back to polling, as an admin who drops the domain would: the webhook goes, getUpdates works.
	lb.telegram = ""
	lb.restart(t)
	if m := lb.say(t, zhUser, "/orders"); !strings.Contains(m.Text, "#1") {
		t.Fatalf("/orders after switching to polling: %q", m.Text)
	}
	var deleted bool
	for _, q := range ts.Requests() {
		deleted = deleted || q.Method == "deleteWebhook" && q.Status == 200
	}
	if !deleted {
		t.Error("polling mode did not delete the webhook")
	}
	lb.noneRefused(t)
}

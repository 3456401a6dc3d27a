package config

import (
	"strings"
	"testing"
)

func TestParse_BadValueNamesItsKey(t *testing.T) {
	tests := []struct{ name, doc, key string }{
		{"unknown timezone", `timezone = "Mars/Olympus"`, "timezone"},
		{"empty timezone", `timezone = ""`, "timezone"},
		{"Local timezone", `timezone = "Local"`, "timezone"},
		{"language", `language = "fr"`, "language"},
		{"api_url relative", "[telegram]\napi_url = \"api.telegram.org\"", "telegram.api_url"},
		{"api_url ftp", "[telegram]\napi_url = \"ftp://x.org\"", "telegram.api_url"},
		{"api_url empty", "[telegram]\napi_url = \"\"", "telegram.api_url"},
		{"webhook_url not a url", "[telegram]\nwebhook_url = \"hook\"", "telegram.webhook_url"},
		{"webhook_secret charset", "[telegram]\nwebhook_secret = \"a b\"", "telegram.webhook_secret"},
		{"webhook_secret length", "[telegram]\nwebhook_secret = \"" + strings.Repeat("a", 257) + "\"", "telegram.webhook_secret"},
		{"webhook_listen", "[telegram]\nwebhook_listen = \"8443\"", "telegram.webhook_listen"},
		{"database path", "[database]\npath = \"\"", "database.path"},
		{"admin zero", "[admins]\ntelegram_ids = [5, 0]", "admins.telegram_ids[1]"},
		{"admin negative", "[admins]\ntelegram_ids = [-7]", "admins.telegram_ids[0]"},
		{"zone key charset", zones(`"a1"`, `"A 1"`), "zones[1].key"},
		{"zone key too long", zones(`"abcdefghijklmnopq"`), "zones[0].key"},
		{"zone key empty", zones(`""`), "zones[0].key"},
		{"zone key duplicate", zones(`"a1"`, `"b2"`, `"a1"`), "zones[2].key"},
		{"zone name empty", "[[zones]]\nkey = \"a1\"\nname = \" \"\nlevel = \"sealed\"", "zones[0].name"},
		{"zone level", "[[zones]]\nkey = \"a1\"\nname = \"A\"\nlevel = \"closed\"", "zones[0].level"},
		{"claim zero", "[sla]\nclaim_minutes = 0", "sla.claim_minutes"},
		{"urgent negative", "[sla]\nurgent_claim_minutes = -1", "sla.urgent_claim_minutes"},
		{"urgent over normal", "[sla]\nclaim_minutes = 20\nurgent_claim_minutes = 21", "sla.urgent_claim_minutes"},
		{"deliver zero", "[sla]\ndeliver_minutes = 0", "sla.deliver_minutes"},
		{"messages_per_second zero", "[limits]\nmessages_per_second = 0", "limits.messages_per_second"},
		{"messages_per_second nan", "[limits]\nmessages_per_second = nan", "limits.messages_per_second"},
		{"per_chat_per_second inf", "[limits]\nper_chat_per_second = inf", "limits.per_chat_per_second"},
		{"open orders zero", "[limits]\nopen_orders_per_household = 0", "limits.open_orders_per_household"},
		{"messages_per_minute negative", "[limits]\nmessages_per_minute = -5", "limits.messages_per_minute"},
		{"quiet_hours shape", "[notices]\nquiet_hours = \"22-07\"", "notices.quiet_hours"},
		{"quiet_hours hour", "[notices]\nquiet_hours = \"24:00-07:00\"", "notices.quiet_hours"},
		{"quiet_hours equal ends", "[notices]\nquiet_hours = \"07:00-07:00\"", "notices.quiet_hours"},
		{"quiet_hours one end", "[notices]\nquiet_hours = \"22:00\"", "notices.quiet_hours"},
		{"quiet_hours hour 25", "[notices]\nquiet_hours = \"25:00-07:00\"", "notices.quiet_hours"},
		{"catch_up negative", "[notices]\ncatch_up_minutes = -1", "notices.catch_up_minutes"},
		{"confirm_over zero", "[notices]\nconfirm_over = 0", "notices.confirm_over"},
		{"prompt four fields", "[checkin]\nprompt = \"0 9 * *\"", "checkin.prompt"},
		{"prompt six fields", "[checkin]\nprompt = \"0 0 9 * * *\"", "checkin.prompt"},
		{"prompt bad descriptor", "[checkin]\nprompt = \"@sometimes\"", "checkin.prompt"},
		{"prompt empty", "[checkin]\nprompt = \"\"", "checkin.prompt"},
		{"deadline out of range", "[checkin]\ndeadline = \"0 25 * * *\"", "checkin.deadline"},
		{"deadline TZ= would panic", "[checkin]\ndeadline = \"TZ=\"", "checkin.deadline"},
		{"deadline CRON_TZ", "[checkin]\ndeadline = \"CRON_TZ=Asia/Shanghai 0 12 * * *\"", "checkin.deadline"},
		{"web listen", "[web]\nlisten = \"localhost\"", "web.listen"},
		{"web url no scheme", "[web]\nurl = \"linli.example.org\"", "web.url"},
		{"web url ftp", "[web]\nurl = \"ftp://linli.example.org\"", "web.url"},
		{"web url no host", "[web]\nurl = \"https://\"", "web.url"},
		{"log format", "[log]\nformat = \"yaml\"", "log.format"},
		{"log format empty", "[log]\nformat = \"\"", "log.format"},
		{"log format case", "[log]\nformat = \"JSON\"", "log.format"},
		{"web listen everywhere over http", "[web]\nlisten = \":8080\"", "web.listen"},
		{"web listen 0.0.0.0 over http", "[web]\nlisten = \"0.0.0.0:8080\"\nurl = \"http://linli.example.org\"", "web.listen"},
		{"web listen public IP, no url", "[web]\nlisten = \"203.0.113.5:8080\"", "web.listen"},
		{"web listen hostname over http", "[web]\nlisten = \"linli.example.org:8080\"", "web.listen"},
		{"metrics listen port", "[metrics]\nlisten = \"127.0.0.1:99999\"", "metrics.listen"},
		{"retention days negative", "[retention]\ndays = -1", "retention.days"},
		{"backup schedule", "[backup]\nschedule = \"every night\"", "backup.schedule"},
		{"replica relative dir", "[replica]\nurl = \"file://backups/replica\"", "replica.url"},
		{"replica bare path", "[replica]\nurl = \"/mnt/disk2\"", "replica.url"},
		{"replica no bucket", "[replica]\nurl = \"s3:///linli\"", "replica.url"},
		{"replica credentials", "[replica]\nurl = \"s3://AKIA:secret@bucket/linli\"", "replica.url"},
		{"replica endpoint", "[replica]\nurl = \"s3://bucket/linli?endpoint=minio:9000\"", "replica.url"},
		{"replica scheme", "[replica]\nurl = \"gs://bucket/linli\"", "replica.url"},
		{"backup schedule TZ", "[backup]\nschedule = \"TZ=UTC 0 3 * * *\"", "backup.schedule"},
		{"backup keep", "[backup]\nschedule = \"0 3 * * *\"\nkeep = 0", "backup.keep"},
		{"backup dir", "[backup]\nschedule = \"@daily\"\ndir = \"\"", "backup.dir"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.doc+"\n"), noEnv)
			if e := configErr(t, err); e.Key != tt.key {
				t.Errorf("err = %v, want key %s", err, tt.key)
			}
		})
	}
}

// zones builds a [[zones]] document with the given (TOML-quoted) keys.
func zones(keys ...string) string {
	var b strings.Builder
	for _, k := range keys {
		b.WriteString("[[zones]]\nkey = " + k + "\nname = \"楼\"\nlevel = \"controlled\"\n")
	}
	return b.String()
}

func TestParse_AcceptsGoodEdgeValues(t *testing.T) {
	docs := []string{
		"timezone = \"UTC\"\nlanguage = \"en\"",
		"[telegram]\napi_url = \"http://127.0.0.1:8081/\"\nwebhook_listen = \"\"",
		"[checkin]\nprompt = \"@daily\"\ndeadline = \"30 11 * * 1-5\"",
		"[notices]\nquiet_hours = \"22:00-07:00\"\ncatch_up_minutes = 0\nconfirm_over = 1",
		"[sla]\nclaim_minutes = 10\nurgent_claim_minutes = 10",
		"[limits]\nmessages_per_second = 0.5\nper_chat_per_second = 2",
		"[web]\nlisten = \"[::1]:8080\"\n[metrics]\nlisten = \":0\"",
		"[web]\nlisten = \"127.0.0.1:8080\"\nurl = \"https://linli.example.org/\"",
		"[web]\nlisten = \"localhost:8080\"\n[log]\nformat = \"json\"",
		"[web]\nlisten = \":8080\"\nurl = \"https://linli.example.org\"\n[log]\nformat = \"text\"",
		"[web]\nlisten = \"10.0.0.2:8080\"\nurl = \"https://linli.example.org\"",
		zones(`"a1"`, `"grid-12"`, `"0123456789abcdef"`),
		"[retention]\ndays = 30\n[backup]\nschedule = \"0 3 * * *\"\ndir = \"/var/backups/linli\"\nkeep = 1",
	}
	for _, doc := range docs {
		if _, err := Parse([]byte(doc+"\n"), noEnv); err != nil {
			t.Errorf("Parse(%q) = %v, want no error", doc, err)
		}
	}
}

func TestValidateForRun_RequiresTokenAndSafeWebhook(t *testing.T) {
	tests := []struct{ name, doc, key string }{
		{"no token", "", "telegram.token"},
		{"webhook without secret", "webhook_url = \"https://bot.example.org/hook\"", "telegram.webhook_secret"},
		{"webhook over http", "webhook_url = \"http://bot.example.org/hook\"\nwebhook_secret = \"s3cret_-X\"", "telegram.webhook_url"},
		{"good webhook", "webhook_url = \"https://bot.example.org/hook\"\nwebhook_secret = \"s3cret_-X\"", ""},
		{"long polling", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := envWith(secretToken)
			if tt.key == "telegram.token" {
				env = noEnv
			}
			c, err := Parse([]byte("[telegram]\n"+tt.doc+"\n"), env)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			err = c.ValidateForRun()
			if tt.key == "" {
				if err != nil {
					t.Errorf("ValidateForRun = %v, want nil", err)
				}
				return
			}
			if e := configErr(t, err); e.Key != tt.key {
				t.Errorf("ValidateForRun = %v, want key %s", err, tt.key)
			}
			if strings.Contains(err.Error(), "s3cret") {
				t.Errorf("error shows the webhook secret: %v", err)
			}
		})
	}
}

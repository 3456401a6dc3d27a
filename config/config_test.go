package config

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

const secretToken = "123456:AAHsecretTokenValue"

func noEnv(string) string { return "" }

func envWith(token string) func(string) string {
	return func(k string) string {
		if k == TokenEnv {
			return token
		}
		return ""
	}
}

// configErr asserts err is an *Error and returns it.
func configErr(t *testing.T, err error) *Error {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("err = %v (%T), want *config.Error", err, err)
	}
	if !strings.HasPrefix(err.Error(), "config: "+e.Key+": ") {
		t.Errorf("Error() = %q, want prefix %q", err.Error(), "config: "+e.Key+": ")
	}
	return e
}

func TestDefault_HasContractValues(t *testing.T) {
	c := Default()
	want := &Config{
		Timezone: "Asia/Shanghai", Location: c.Location, Language: "zh",
		Telegram: Telegram{APIURL: "https://api.telegram.org", WebhookListen: ":8443"},
		Database: Database{Path: "linli.db"},
		SLA:      SLA{ClaimMinutes: 30, UrgentClaimMinutes: 10, DeliverMinutes: 240},
		Limits:   Limits{MessagesPerSecond: 30, PerChatPerSecond: 1, OpenOrdersPerHousehold: 5, MessagesPerMinute: 20},
		Notices:  Notices{QuietHours: "", CatchUpMinutes: 60, ConfirmOver: 100},
		Checkin:  Checkin{Prompt: "0 9 * * *", Deadline: "0 12 * * *"},
		Backup:   Backup{Dir: "backups", Keep: 7},
		Log:      Log{Format: "text"},
	}
	if !reflect.DeepEqual(c, want) {
		t.Errorf("Default() = %+v\nwant %+v", c, want)
	}
	if c.Location == nil || c.Location.String() != "Asia/Shanghai" {
		t.Errorf("Location = %v, want Asia/Shanghai", c.Location)
	}
	if err := c.Validate(); err != nil {
		t.Errorf("Default().Validate() = %v", err)
	}
}

func TestParse_EmptyFileGivesDefaults(t *testing.T) {
	c, err := Parse(nil, noEnv)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(c, Default()) {
		t.Errorf("Parse(empty) = %+v, want Default()", c)
	}
	if err := c.ValidateForRun(); configErr(t, err).Key != "telegram.token" {
		t.Errorf("ValidateForRun without token = %v, want telegram.token error", err)
	}
}

func TestParse_FileOverridesDefaultsKeyByKey(t *testing.T) {
	c, err := Parse([]byte("timezone = \"Europe/Berlin\"\n[sla]\nclaim_minutes = 45\n"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.SLA.ClaimMinutes != 45 || c.SLA.DeliverMinutes != 240 {
		t.Errorf("SLA = %+v, want claim 45 and default deliver 240", c.SLA)
	}
	if c.Location.String() != "Europe/Berlin" {
		t.Errorf("Location = %v, want Europe/Berlin", c.Location)
	}
}

func TestParse_EnvTokenWinsOverFile(t *testing.T) {
	doc := []byte("[telegram]\ntoken = \"from-file\"\n")
	c, err := Parse(doc, envWith(" from-env\n"))
	if err != nil {
		t.Fatal(err)
	}
	if c.Telegram.Token != "from-env" {
		t.Errorf("token = %q, want the environment's, trimmed", c.Telegram.Token)
	}
	if c, _ = Parse(doc, noEnv); c.Telegram.Token != "from-file" {
		t.Errorf("token without env = %q, want the file's", c.Telegram.Token)
	}
	if c, _ = Parse(nil, envWith("only-env")); c.ValidateForRun() != nil {
		t.Errorf("token from env alone should satisfy ValidateForRun: %v", c.ValidateForRun())
	}
}

func TestParse_SyntaxErrorNamesTheLine(t *testing.T) {
	_, err := Parse([]byte("language = \"en\"\n\n[sla]\nclaim_minutes = = 3\n"), noEnv)
	if e := configErr(t, err); e.Key != "line 4" {
		t.Errorf("Key = %q, want \"line 4\" (err %v)", e.Key, err)
	}
}

func TestParse_WrongTypeNamesKeyAndLine(t *testing.T) {
	_, err := Parse([]byte("[sla]\n\nclaim_minutes = \"soon\"\n"), noEnv)
	e := configErr(t, err)
	if e.Key != "sla.claim_minutes" || !strings.Contains(e.Problem, "line 3") {
		t.Errorf("err = %v, want key sla.claim_minutes at line 3", err)
	}
}

func TestParse_UnknownKeysAreNamed(t *testing.T) {
	tests := []struct{ doc, key string }{
		{"[telegram]\ntokn = \"x\"\n", "telegram.tokn"},
		{"languages = \"zh\"\n", "languages"},
		{"[extra]\n", "extra"},
		{"location = \"x\"\n", "location"},
		{"[[zones]]\nkey=\"a\"\nname=\"A\"\nlevel=\"sealed\"\n[[zones]]\nkey=\"b\"\nname=\"B\"\nlevle=\"sealed\"\n", "zones[1].levle"},
		{"[[categories]]\nkey=\"medicine\"\n[[categories]]\nkey=\"garbage\"\nitem=[\"bags\"]\n", "categories[1].item"},
	}
	for _, tt := range tests {
		_, err := Parse([]byte(tt.doc), noEnv)
		e := configErr(t, err)
		if e.Key != tt.key || e.Problem != "unknown key" {
			t.Errorf("Parse(%q) = %v, want %s: unknown key", tt.doc, err, tt.key)
		}
	}
}

func TestParse_TokenNeverInErrors(t *testing.T) {
	docs := []string{
		"[telegram]\ntoken = " + secretToken + "\n",            // bare value: the library quotes part of it
		"[telegram]\ntoken = \"" + secretToken + "\\q\"\n",     // bad escape
		"[telegram]\ntoken = \"" + secretToken + "\"\nx = 1\n", // unknown key after a good token
		"[telegram]\ntoken = \"" + secretToken + "\"\n[sla]\nclaim_minutes = \"x\"\n",
		"[telegram]\ntoken = \"" + secretToken + "\"\napi_url = \"" + secretToken + "\"\n",
	}
	for _, doc := range docs {
		for _, env := range []func(string) string{noEnv, envWith(secretToken)} {
			_, err := Parse([]byte(doc), env)
			if err == nil {
				t.Fatalf("Parse(%q) succeeded, want an error", doc)
			}
			if strings.Contains(err.Error(), "secretToken") || strings.Contains(err.Error(), "123456:") {
				t.Errorf("error leaks the token: %v", err)
			}
		}
	}
}

func TestLoad_ReadsFileAndReportsMissingOne(t *testing.T) {
	path := filepath.Join(t.TempDir(), "linli.toml")
	if err := os.WriteFile(path, []byte("language = \"en\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	c, err := Load(path, noEnv)
	if err != nil || c.Language != "en" {
		t.Fatalf("Load = %+v, %v; want language en", c, err)
	}
	if _, err := Load(filepath.Join(t.TempDir(), "missing.toml"), noEnv); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Load(missing) = %v, want os.ErrNotExist", err)
	}
}

func TestZone_LooksUpByKey(t *testing.T) {
	c := Default()
	c.Zones = []Zone{{Key: "a1", Name: "1号楼", Level: LevelSealed}, {Key: "b2", Name: "2号楼", Level: LevelPrecaution}}
	if z, ok := c.Zone("b2"); !ok || z.Name != "2号楼" {
		t.Errorf("Zone(b2) = %+v, %v", z, ok)
	}
	if _, ok := c.Zone("zz"); ok {
		t.Error("Zone(zz) found a zone that does not exist")
	}
}

func TestQuietWindow_ParsesAndWrapsMidnight(t *testing.T) {
	from, to, ok := Notices{QuietHours: "22:30-07:00"}.QuietWindow()
	if !ok || from != 22*time.Hour+30*time.Minute || to != 7*time.Hour {
		t.Errorf("QuietWindow = %v, %v, %v", from, to, ok)
	}
	if _, _, ok := (Notices{}).QuietWindow(); ok {
		t.Error("empty quiet_hours should be off")
	}
}

func TestWebBaseURL_FromURLElseListen(t *testing.T) {
	tests := []struct {
		web  Web
		want string
	}{
		{Web{Listen: "127.0.0.1:8080", URL: "https://linli.example.org/"}, "https://linli.example.org"},
		{Web{Listen: "127.0.0.1:8080"}, "http://127.0.0.1:8080"},
		{Web{Listen: ":8080"}, "http://localhost:8080"},
		{Web{Listen: "[::1]:8080"}, "http://[::1]:8080"},
	}
	for _, tt := range tests {
		if got := tt.web.BaseURL(); got != tt.want {
			t.Errorf("%+v.BaseURL() = %q, want %q", tt.web, got, tt.want)
		}
	}
}

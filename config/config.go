// Package config turns Linli's TOML file into a typed, validated Config.
//
// Load and Parse decode over Default, so a file only names what it changes;
// every error is an *Error that names the offending key. The bot token may
// come from the file or from LINLI_TELEGRAM_TOKEN and never appears in an
// error.
package config

import (
	"net"
	"strings"
	"time"
	_ "time/tzdata" // timezones must load on hosts without zoneinfo
)

// TokenEnv is the environment variable whose value, when set, replaces
// telegram.token from the file.
const TokenEnv = "LINLI_TELEGRAM_TOKEN"

// Zone levels, from strictest to loosest.
const (
	LevelSealed     = "sealed"     // 封控区
	LevelControlled = "controlled" // 管控区
	LevelPrecaution = "precaution" // 防范区
)

// Config is the whole configuration file.
type Config struct {
	Timezone string         `toml:"timezone"` // IANA name
	Location *time.Location `toml:"-"`        // loaded from Timezone by Default and Validate
	Language string         `toml:"language"` // default for new users: "zh" or "en"
	Telegram Telegram       `toml:"telegram"`
	Database Database       `toml:"database"`
	Admins   Admins         `toml:"admins"`
	Zones    Zones          `toml:"zones"`
	SLA      SLA            `toml:"sla"`
	Limits   Limits         `toml:"limits"`
	Notices  Notices        `toml:"notices"`
	Checkin  Checkin        `toml:"checkin"`
	Web      Web            `toml:"web"`
	Metrics  Listen         `toml:"metrics"`
	Log      Log            `toml:"log"` // log format: text or json
	// Retention and Backup are the data lifecycle: the nightly purge and scheduled backups.
	Retention Retention `toml:"retention"`
	Backup    Backup    `toml:"backup"`
	// Replica is continuous replication of the database; off by default.
	Replica Replica `toml:"replica"`
	// Orders holds order options beyond SLA and limits: the hand-over code.
	Orders Orders `toml:"orders"`
	// Categories rename, add or switch off order categories; none by default.
	Categories []Category `toml:"categories"`
}

// Orders holds order options; every one is off by default.
type Orders struct {
	// HandoverCode gives each new order a 4-digit code its household tells the volunteer at the
	// door; the volunteer must enter it to mark the order delivered (3 wrong tries refuse it).
	HandoverCode bool `toml:"handover_code"`
}

// Telegram is how the bot reaches the Bot API and how updates reach the bot.
type Telegram struct {
	Token         string `toml:"token"`          // overridden by LINLI_TELEGRAM_TOKEN
	APIURL        string `toml:"api_url"`        // Bot API server base URL
	WebhookURL    string `toml:"webhook_url"`    // empty: long polling
	WebhookListen string `toml:"webhook_listen"` // host:port the webhook server binds
	WebhookSecret string `toml:"webhook_secret"` // checked on every webhook request
}

// Database locates the SQLite file.
type Database struct {
	Path string `toml:"path"`
}

// Admins are the bootstrap administrators.
type Admins struct {
	TelegramIDs []int64 `toml:"telegram_ids"`
}

// Zone is a 封控区, 管控区 or 防范区 (or one of their grids).
type Zone struct {
	Key   string `toml:"key"`   // [a-z0-9-]{1,16}, used in commands
	Name  string `toml:"name"`  // shown to people
	Level string `toml:"level"` // LevelSealed, LevelControlled or LevelPrecaution
}

// SLA holds the deadlines, in minutes, that drive escalation and reminders.
type SLA struct {
	ClaimMinutes       int `toml:"claim_minutes"`
	UrgentClaimMinutes int `toml:"urgent_claim_minutes"`
	DeliverMinutes     int `toml:"deliver_minutes"`
}

// Limits are the rate and quantity limits.
type Limits struct {
	MessagesPerSecond      float64 `toml:"messages_per_second"` // whole bot
	PerChatPerSecond       float64 `toml:"per_chat_per_second"`
	OpenOrdersPerHousehold int     `toml:"open_orders_per_household"`
	MessagesPerMinute      int     `toml:"messages_per_minute"` // per resident
}

// Notices configures scheduled and broadcast notices.
type Notices struct {
	QuietHours     string `toml:"quiet_hours"` // "" or "HH:MM-HH:MM"
	CatchUpMinutes int    `toml:"catch_up_minutes"`
	ConfirmOver    int    `toml:"confirm_over"`
	// PaidBroadcast sends notices as Telegram paid broadcasts (up to 1,000 messages a second,
	// 0.1 Star each from the bot's balance); replies stay free.
	PaidBroadcast bool `toml:"paid_broadcast"`
	// Channel is a public channel ("@name") every notice for all is also posted to; "" = none.
	Channel string `toml:"channel"`
}

// Checkin holds the cron specs of the daily health check-in.
type Checkin struct {
	Prompt   string `toml:"prompt"`
	Deadline string `toml:"deadline"`
}

// Web is the admin dashboard: served on Listen (empty: off); URL is the public base URL the
// bot's login links use, e.g. "https://linli.example.org" behind a TLS reverse proxy
// (empty: "http://" + Listen).
type Web struct {
	Listen string `toml:"listen"`
	URL    string `toml:"url"`
}

// BaseURL is the dashboard's public base URL without a trailing slash: URL, else "http://" +
// Listen (a listener on every interface is named as localhost).
func (w Web) BaseURL() string {
	if w.URL != "" {
		return strings.TrimRight(w.URL, "/")
	}
	host, port, _ := net.SplitHostPort(w.Listen)
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "localhost"
	}
	return "http://" + net.JoinHostPort(host, port)
}

// Listen is an optional HTTP listener; an empty address turns it off.
type Listen struct {
	Listen string `toml:"listen"`
}

// Default returns the configuration used for every key a file leaves out.
// It has no token, no admins and no zones.
func Default() *Config {
	c := &Config{
		Timezone: "Asia/Shanghai",
		Language: "zh",
		Telegram: Telegram{APIURL: "https://api.telegram.org", WebhookListen: ":8443"},
		Database: Database{Path: "linli.db"},
		Log:      Log{Format: "text"},
		SLA:      SLA{ClaimMinutes: 30, UrgentClaimMinutes: 10, DeliverMinutes: 240},
		Limits: Limits{
			MessagesPerSecond: 30, PerChatPerSecond: 1,
			OpenOrdersPerHousehold: 5, MessagesPerMinute: 20,
		},
		Notices: Notices{CatchUpMinutes: 60, ConfirmOver: 100},
		Checkin: Checkin{Prompt: "0 9 * * *", Deadline: "0 12 * * *"},
		Backup:  Backup{Dir: "backups", Keep: 7},
	}
	// Cannot fail: the zone database is embedded through time/tzdata.
	c.Location, _ = time.LoadLocation(c.Timezone)
	return c
}

// Zone returns the zone with the given key.
func (c *Config) Zone(key string) (Zone, bool) { return c.Zones.Find(key) }

// Zones are the configured zones, in the order of the file.
type Zones []Zone

// Find returns the zone with key.
func (zs Zones) Find(key string) (Zone, bool) {
	for _, z := range zs {
		if z.Key == key {
			return z, true
		}
	}
	return Zone{}, false
}

// Keys are the zones' keys, in order.
func (zs Zones) Keys() []string {
	keys := make([]string, len(zs))
	for i, z := range zs {
		keys[i] = z.Key
	}
	return keys
}

// Sealed are the keys of the sealed zones (封控区), whose residents may not leave home.
func (zs Zones) Sealed() []string {
	var keys []string
	for _, z := range zs {
		if z.Level == LevelSealed {
			keys = append(keys, z.Key)
		}
	}
	return keys
}

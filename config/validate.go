package config

import (
	"fmt"
	"math"
	"regexp"
	"strings"
	"time"
)

var (
	zoneKeyRe = regexp.MustCompile(`^[a-z0-9-]{1,16}$`)
	secretRe  = regexp.MustCompile(`^[A-Za-z0-9_-]{1,256}$`)
)

// Validate checks every key except the presence of a token and returns the
// first problem as an *Error. It also sets Location from Timezone.
// Indexes in keys count from 0, as in zones[0].key and categories[2].shape.
func (c *Config) Validate() error {
	checks := []func() error{
		c.validateGeneral, c.validateTelegram, c.validateAdmins, c.validateZones,
		c.validateSLA, c.validateLimits, c.validateNotices, c.validateCheckin, c.validateCategories,
		c.validateLifecycle, c.validateReplica, c.validateOps,
	}
	for _, check := range checks {
		if err := check(); err != nil {
			return err
		}
	}
	return nil
}

// ValidateForRun is Validate plus what the real bot needs: a token, and in
// webhook mode an https webhook_url and a webhook_secret.
func (c *Config) ValidateForRun() error {
	if err := c.Validate(); err != nil {
		return err
	}
	t := c.Telegram
	if t.Token == "" {
		return errorf("telegram.token", "required (or set %s)", TokenEnv)
	}
	if t.WebhookURL == "" {
		return nil
	}
	if !strings.HasPrefix(t.WebhookURL, "https://") {
		return errorf("telegram.webhook_url", "%q must use https", t.WebhookURL)
	}
	if t.WebhookSecret == "" {
		return errorf("telegram.webhook_secret", "required when webhook_url is set")
	}
	return nil
}

func (c *Config) validateGeneral() error {
	if c.Timezone == "" || c.Timezone == "Local" {
		return errorf("timezone", "must be an IANA name such as \"Asia/Shanghai\"")
	}
	loc, err := time.LoadLocation(c.Timezone)
	if err != nil {
		return errorf("timezone", "unknown timezone %q", c.Timezone)
	}
	c.Location = loc
	if c.Language != "zh" && c.Language != "en" {
		return errorf("language", "%q must be \"zh\" or \"en\"", c.Language)
	}
	if c.Database.Path == "" {
		return errorf("database.path", "must not be empty")
	}
	if err := checkListen("web.listen", c.Web.Listen); err != nil {
		return err
	}
	if c.Web.URL != "" {
		if err := checkHTTPURL("web.url", c.Web.URL); err != nil {
			return err
		}
	}
	return checkListen("metrics.listen", c.Metrics.Listen)
}

func (c *Config) validateTelegram() error {
	t := c.Telegram
	if err := checkHTTPURL("telegram.api_url", t.APIURL); err != nil {
		return err
	}
	if t.WebhookURL != "" {
		if err := checkHTTPURL("telegram.webhook_url", t.WebhookURL); err != nil {
			return err
		}
	}
	if t.WebhookSecret != "" && !secretRe.MatchString(t.WebhookSecret) {
		// The secret itself is not shown.
		return errorf("telegram.webhook_secret", "must be 1-256 characters of A-Z a-z 0-9 _ -")
	}
	return checkListen("telegram.webhook_listen", t.WebhookListen)
}

func (c *Config) validateAdmins() error {
	for i, id := range c.Admins.TelegramIDs {
		if id <= 0 {
			return errorf(fmt.Sprintf("admins.telegram_ids[%d]", i), "%d must be a positive Telegram user id", id)
		}
	}
	return nil
}

func (c *Config) validateZones() error {
	seen := make(map[string]int, len(c.Zones))
	for i, z := range c.Zones {
		key := func(field string) string { return fmt.Sprintf("zones[%d].%s", i, field) }
		if !zoneKeyRe.MatchString(z.Key) {
			return errorf(key("key"), "%q must match [a-z0-9-]{1,16}", z.Key)
		}
		if j, dup := seen[z.Key]; dup {
			return errorf(key("key"), "%q is already used by zones[%d]", z.Key, j)
		}
		seen[z.Key] = i
		if strings.TrimSpace(z.Name) == "" {
			return errorf(key("name"), "must not be empty")
		}
		switch z.Level {
		case LevelSealed, LevelControlled, LevelPrecaution:
		default:
			return errorf(key("level"), "%q must be sealed, controlled or precaution", z.Level)
		}
	}
	return nil
}

func (c *Config) validateSLA() error {
	s := c.SLA
	if err := positive("sla.claim_minutes", s.ClaimMinutes); err != nil {
		return err
	}
	if err := positive("sla.urgent_claim_minutes", s.UrgentClaimMinutes); err != nil {
		return err
	}
	if s.UrgentClaimMinutes > s.ClaimMinutes {
		return errorf("sla.urgent_claim_minutes", "%d must not exceed claim_minutes (%d)", s.UrgentClaimMinutes, s.ClaimMinutes)
	}
	return positive("sla.deliver_minutes", s.DeliverMinutes)
}

func (c *Config) validateLimits() error {
	l := c.Limits
	if err := positiveRate("limits.messages_per_second", l.MessagesPerSecond); err != nil {
		return err
	}
	if err := positiveRate("limits.per_chat_per_second", l.PerChatPerSecond); err != nil {
		return err
	}
	if err := positive("limits.open_orders_per_household", l.OpenOrdersPerHousehold); err != nil {
		return err
	}
	return positive("limits.messages_per_minute", l.MessagesPerMinute)
}

func (c *Config) validateNotices() error {
	n := c.Notices
	if _, _, _, err := parseQuietHours(n.QuietHours); err != nil {
		return errorf("notices.quiet_hours", "%q %v", n.QuietHours, err)
	}
	if n.CatchUpMinutes < 0 {
		return errorf("notices.catch_up_minutes", "%d must be 0 or more", n.CatchUpMinutes)
	}
	if n.ConfirmOver < 1 {
		return errorf("notices.confirm_over", "%d must be 1 or more", n.ConfirmOver)
	}
	if n.Channel != "" && !channelName.MatchString(n.Channel) {
		return errorf("notices.channel", "%q must be a public channel's @username (5-32 letters, digits or _)", n.Channel)
	}
	return nil
}

// channelName is a public channel's username as Telegram allows it, with its @.
var channelName = regexp.MustCompile(`^@[A-Za-z][A-Za-z0-9_]{3,30}[A-Za-z0-9]$`)

func (c *Config) validateCheckin() error {
	if err := checkCron("checkin.prompt", c.Checkin.Prompt); err != nil {
		return err
	}
	return checkCron("checkin.deadline", c.Checkin.Deadline)
}

func positive(key string, n int) error {
	if n <= 0 {
		return errorf(key, "%d must be positive", n)
	}
	return nil
}

func positiveRate(key string, f float64) error {
	if !(f > 0) || math.IsInf(f, 0) {
		return errorf(key, "%v must be a positive number", f)
	}
	return nil
}

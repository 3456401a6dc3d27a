// Package checkins keeps the daily health check-ins of households under home health monitoring:
// when the day's prompt and deadline are (Schedule), which households were prompted on which
// local day, their first answer and temperature, and who stayed silent. It knows nothing of
// Telegram; handlers/checkin.go turns it into messages and buttons.
package checkins

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"

	"linli/store"
)

// Answer is a household's answer to the day's prompt.
type Answer string

// The answers, as stored and as written in buttons.
const (
	Fine     Answer = "ok"
	Help     Answer = "help"
	Symptoms Answer = "sick"
)

// Valid reports whether a is one of the answers.
func (a Answer) Valid() bool { return a == Fine || a == Help || a == Symptoms }

var (
	// ErrNotFound: the household was not prompted that day.
	ErrNotFound = errors.New("checkins: no check-in")
	// ErrAnswered: the household's first answer of the day is already in.
	ErrAnswered = errors.New("checkins: already answered")
	// ErrTemperatureClosed: no temperature is asked for (none asked, given or skipped already).
	ErrTemperatureClosed = errors.New("checkins: no temperature asked for")
	// ErrBadTemperature: not a body temperature from 34 to 43 °C.
	ErrBadTemperature = errors.New("checkins: not a temperature from 34 to 43 °C")
)

// Checkin is one household's check-in of one day.
type Checkin struct {
	HouseholdID int64
	Day         Day
	PromptedAt  time.Time
	Answer      Answer // "" until answered
	AnsweredBy  int64
	AnsweredAt  time.Time
	Temperature string // "" if none
	TempOpen    bool   // a temperature is asked for
}

const columns = `household_id, day, prompted_at, coalesce(answer, ''), coalesce(answered_by, 0),
	coalesce(answered_at, 0), coalesce(temperature, ''), temp_open`

func scan(sc store.Scanner) (Checkin, error) {
	var c Checkin
	var prompted, answered int64
	var day, answer string
	err := sc.Scan(&c.HouseholdID, &day, &prompted, &answer, &c.AnsweredBy, &answered, &c.Temperature, &c.TempOpen)
	c.Day, c.Answer, c.PromptedAt = Day(day), Answer(answer), time.UnixMilli(prompted)
	if answered != 0 {
		c.AnsweredAt = time.UnixMilli(answered)
	}
	return c, err
}

// Get is household's check-in of day, or ErrNotFound.
func Get(ctx context.Context, q store.Querier, household int64, day Day) (Checkin, error) {
	c, err := scan(q.QueryRowContext(ctx, `SELECT `+columns+` FROM checkin_days WHERE household_id = ? AND day = ?`,
		household, string(day)))
	if errors.Is(err, sql.ErrNoRows) {
		return Checkin{}, fmt.Errorf("checkins: household %d on %s: %w", household, day, ErrNotFound)
	}
	if err != nil {
		return Checkin{}, fmt.Errorf("checkins: household %d on %s: %w", household, day, err)
	}
	return c, nil
}

// Unprompted lists up to limit monitored households not prompted on day, in id order.
func Unprompted(ctx context.Context, q store.Querier, day Day, limit int) ([]int64, error) {
	return ids(ctx, q, `SELECT h.id FROM households h WHERE h.monitored = 1
		AND NOT EXISTS (SELECT 1 FROM checkin_days c WHERE c.household_id = h.id AND c.day = ?)
		ORDER BY h.id LIMIT ?`, string(day), limit)
}

// Open records that household is prompted on day; false if it was already (a restart, a second
// run of the job): the UNIQUE key is what makes a prompt go out once.
func Open(ctx context.Context, tx *sql.Tx, household int64, day Day, now time.Time) (bool, error) {
	res, err := tx.ExecContext(ctx, `INSERT INTO checkin_days (household_id, day, prompted_at) VALUES (?, ?, ?)
		ON CONFLICT DO NOTHING`, household, string(day), now.UnixMilli())
	if err != nil {
		return false, fmt.Errorf("checkins: open %d on %s: %w", household, day, err)
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// Prompt is the message that carried a member's prompt.
type Prompt struct {
	UserID   int64
	OutboxID int64
}

// AddPrompt records which outbox row carried user's prompt of household's day.
func AddPrompt(ctx context.Context, tx *sql.Tx, household int64, day Day, p Prompt) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO checkin_prompts (household_id, day, user_id, outbox_id) VALUES (?, ?, ?, ?)
		ON CONFLICT DO NOTHING`, household, string(day), p.UserID, p.OutboxID)
	if err != nil {
		return fmt.Errorf("checkins: prompt of %d on %s: %w", household, day, err)
	}
	return nil
}

// Prompts lists the prompts of household's day.
func Prompts(ctx context.Context, q store.Querier, household int64, day Day) ([]Prompt, error) {
	rows, err := q.QueryContext(ctx, `SELECT user_id, outbox_id FROM checkin_prompts
		WHERE household_id = ? AND day = ? ORDER BY user_id`, household, string(day))
	if err != nil {
		return nil, fmt.Errorf("checkins: prompts of %d: %w", household, err)
	}
	defer rows.Close()
	var out []Prompt
	for rows.Next() {
		var p Prompt
		if err := rows.Scan(&p.UserID, &p.OutboxID); err != nil {
			return nil, fmt.Errorf("checkins: prompts of %d: %w", household, err)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// Record takes the household's answer of day from by. Only the first answer counts: a later one
// gets ErrAnswered with the check-in as it stands. A temperature is asked for after it.
func Record(ctx context.Context, tx *sql.Tx, household int64, day Day, a Answer, by int64, now time.Time) (Checkin, error) {
	if !a.Valid() {
		return Checkin{}, fmt.Errorf("checkins: no such answer %q", a)
	}
	res, err := tx.ExecContext(ctx, `UPDATE checkin_days SET answer = ?, answered_by = ?, answered_at = ?, temp_open = 1
		WHERE household_id = ? AND day = ? AND answer IS NULL`, string(a), by, now.UnixMilli(), household, string(day))
	if err != nil {
		return Checkin{}, fmt.Errorf("checkins: answer of %d: %w", household, err)
	}
	c, err := Get(ctx, tx, household, day)
	if err != nil {
		return Checkin{}, err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return c, fmt.Errorf("checkins: household %d on %s: %w", household, day, ErrAnswered)
	}
	return c, nil
}

// SetTemperature records t (from ParseTemperature or a Band) for household's day, once, and
// closes the question; skip ("" t) closes it without one.
func SetTemperature(ctx context.Context, tx *sql.Tx, household int64, day Day, t string) (Checkin, error) {
	var temp any
	if t != "" {
		temp = t
	}
	res, err := tx.ExecContext(ctx, `UPDATE checkin_days SET temperature = ?, temp_open = 0
		WHERE household_id = ? AND day = ? AND temp_open = 1`, temp, household, string(day))
	if err != nil {
		return Checkin{}, fmt.Errorf("checkins: temperature of %d: %w", household, err)
	}
	c, err := Get(ctx, tx, household, day)
	if err != nil {
		return Checkin{}, err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return c, fmt.Errorf("checkins: household %d on %s: %w", household, day, ErrTemperatureClosed)
	}
	return c, nil
}

// Unanswered is the check-in of day, prompted and not answered yet, of a household user acts for
// (their own first), or ErrNotFound.
func Unanswered(ctx context.Context, q store.Querier, user int64, day Day) (Checkin, error) {
	c, err := scan(q.QueryRowContext(ctx, `SELECT `+columns+` FROM checkin_days d
		WHERE day = ? AND answer IS NULL AND household_id IN (SELECT household_id FROM household_members WHERE user_id = ?)
		ORDER BY (SELECT relation != 'self' FROM household_members m WHERE m.household_id = d.household_id AND m.user_id = ?),
			household_id LIMIT 1`, string(day), user, user))
	if errors.Is(err, sql.ErrNoRows) {
		return Checkin{}, fmt.Errorf("checkins: unanswered of %d: %w", user, ErrNotFound)
	}
	if err != nil {
		return Checkin{}, fmt.Errorf("checkins: unanswered of %d: %w", user, err)
	}
	return c, nil
}

// fineWords are whole answers that say, and can only say, that all is well: "好的，都好" typed
// instead of pressing 👍. Anything else (不太好, 还行吧, a question) is not taken for an answer.
var fineWords = map[string]bool{
	"好": true, "好的": true, "都好": true, "都好的": true, "很好": true, "挺好": true, "挺好的": true, "好的都好": true,
	"都很好": true, "一切正常": true, "一切都好": true, "正常": true, "都正常": true, "没事": true, "没事的": true,
	"没问题": true, "平安": true, "好的谢谢": true, "都好谢谢": true, "ok": true, "okay": true, "fine": true,
	"allgood": true, "allfine": true, "allwell": true, "good": true, "weareok": true, "wearefine": true,
	"imfine": true, "iamfine": true, "everythingisfine": true, "allgoodthanks": true, "finethanks": true, "👍": true,
}

// ReadsFine reports whether a typed text is an unmistakable "all is well" (fineWords, ignoring
// case, spaces and punctuation).
func ReadsFine(text string) bool {
	var b strings.Builder
	for _, r := range strings.ToLower(text) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '👍' {
			b.WriteRune(r)
		}
	}
	return fineWords[b.String()]
}

// AwaitingTemperature is the check-in of day whose temperature user was asked for last, or
// ErrNotFound: a typed "37.8" goes there.
func AwaitingTemperature(ctx context.Context, q store.Querier, user int64, day Day) (Checkin, error) {
	c, err := scan(q.QueryRowContext(ctx, `SELECT `+columns+` FROM checkin_days
		WHERE answered_by = ? AND day = ? AND temp_open = 1 ORDER BY answered_at DESC LIMIT 1`, user, string(day)))
	if errors.Is(err, sql.ErrNoRows) {
		return Checkin{}, fmt.Errorf("checkins: temperature from %d: %w", user, ErrNotFound)
	}
	if err != nil {
		return Checkin{}, fmt.Errorf("checkins: temperature from %d: %w", user, err)
	}
	return c, nil
}

// Bands are the temperature buttons: button value → what is recorded.
var Bands = map[string]string{"36": "36.x", "37": "37.x", "38": "38+"}

// ParseTemperature reads a typed temperature ("37.8", "37,8", "３７.８", "37.8℃") and returns it
// with one decimal; ErrBadTemperature for anything not from 34 to 43 °C.
func ParseTemperature(s string) (string, error) {
	s = strings.Map(func(r rune) rune {
		switch {
		case r >= '０' && r <= '９':
			return '0' + r - '０'
		case r == ',' || r == '．' || r == '。':
			return '.'
		}
		return r
	}, strings.TrimSpace(s))
	for _, suffix := range []string{"℃", "°C", "°c", "°", "C", "c"} {
		s = strings.TrimSpace(strings.TrimSuffix(s, suffix))
	}
	if s == "" || len(s) > 5 || strings.ContainsAny(s, "+-eEnNxX_ ") {
		return "", ErrBadTemperature
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f < 34 || f > 43 {
		return "", ErrBadTemperature
	}
	return strconv.FormatFloat(f, 'f', 1, 64), nil
}

// Fever reports whether a recorded temperature is a fever (37.3 °C or more; the 38+ band).
func Fever(t string) bool {
	if t == Bands["38"] {
		return true
	}
	f, err := strconv.ParseFloat(t, 64)
	return err == nil && f >= 37.3
}

func ids(ctx context.Context, q store.Querier, query string, args ...any) ([]int64, error) {
	return store.QueryList[int64](ctx, q, "checkins", query, args...)
}

package handlers

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/go-telegram/bot/models"

	"linli/checkins"
	"linli/i18n"
	"linli/orders"
	"linli/outbox"
	"linli/people"
)

// Daily check-ins of households under home health monitoring. The app runs Checkins on a ticker
// (and at start, so a prompt missed while the bot was down goes out once when it is back the
// same day). It is not an update, so it builds its messages itself, in each recipient's language:
//   - from the day's prompt time on, every member of every monitored household not prompted yet
//     that day gets the prompt with three buttons, "c:<day>:<household>:<answer>";
//   - the household's first answer counts: every member's prompt is edited to show it, and the
//     one who answered is asked for a temperature (buttons or typed, 34–43 °C, or skip);
//     "need help" tells the zone's volunteers on duty (zone and building only) and the admins
//     (name, phone, address), and offers a guided order; "symptoms" tells the admins;
//   - at the deadline the silent households are listed (see checkin_admin.go).
//
// Callback data is written by the client: the day must be today, and the presser must act for
// the household (people.MayActFor), every time.

// CheckinTeller tells people what the check-in job (checkins.Schedule.RunOnce) decided.
func (h *Handlers) CheckinTeller() checkins.Teller { return checkinTeller{h} }

type checkinTeller struct{ h *Handlers }

func (t checkinTeller) Prompt(ctx context.Context, tx *sql.Tx, id int64, day checkins.Day, now time.Time) error {
	return t.h.prompt(ctx, tx, id, day, now)
}

func (t checkinTeller) Deadline(ctx context.Context, tx *sql.Tx, day checkins.Day, silence []checkins.Silent, now time.Time) error {
	return t.h.checkinDeadline(ctx, tx, day, silence, now)
}

// prompt sends every member of household id, whose check-in of day was opened, the question.
func (h *Handlers) prompt(ctx context.Context, tx *sql.Tx, id int64, day checkins.Day, now time.Time) error {
	hh, err := people.GetHousehold(ctx, tx, id)
	if err != nil {
		return err
	}
	members, err := people.Members(ctx, tx, id)
	if err != nil {
		return err
	}
	month, dom := day.MonthDay()
	for _, m := range members {
		lang, err := h.langOf(ctx, tx, m.UserID)
		if err != nil {
			return err
		}
		msg := outbox.Message{ChatID: m.UserID,
			Text:    i18n.T(lang, "checkin.prompt", month, dom, i18n.Raw(h.checkinWho(lang, hh))),
			Buttons: answerButtons(lang, day, id)}
		oid, err := outbox.Add(ctx, tx, msg, outbox.Options{Priority: outbox.PriorityNotify,
			DedupKey: fmt.Sprintf("checkin:%s:%d", day, id)}, now)
		if err != nil {
			return err
		}
		if oid == 0 {
			continue
		}
		if err := checkins.AddPrompt(ctx, tx, id, day, checkins.Prompt{UserID: m.UserID, OutboxID: oid}); err != nil {
			return err
		}
	}
	return nil
}

// answerButtons are the three answers to household id's check-in of day, one to a row.
func answerButtons(lang string, day checkins.Day, id int64) [][]outbox.Button {
	var rows [][]outbox.Button
	for _, a := range []checkins.Answer{checkins.Fine, checkins.Help, checkins.Symptoms} {
		rows = append(rows, []outbox.Button{{Text: i18n.Plain(i18n.T(lang, "checkin.answer."+string(a))), Data: checkinData(day, id, string(a))}})
	}
	return rows
}

// checkinByText takes a text typed while the sender's household has not answered today's
// check-in: an unmistakable "all is well" ("好的，都好") is that answer; a need with a category
// ("我要买药") is not about the check-in (handled: false, it becomes an order draft); anything else
// ("不太舒服", "?") is asked to be answered with the buttons, which come again, rather than be
// taken for an order or an answer it may not be.
func (h *Handlers) checkinByText(r *request, text string, reading orders.Reading) (handled bool, err error) {
	c, err := checkins.Unanswered(r.ctx, r.unit.Tx, r.user.ID, checkins.DayOf(r.unit.Now, h.o.Location))
	switch {
	case errors.Is(err, checkins.ErrNotFound):
		return false, nil
	case err != nil:
		return true, err
	case checkins.ReadsFine(text):
		return true, h.checkinAnswer(r, c, checkins.Fine)
	case reading.Intent == orders.IntentNeed && reading.Category != "":
		return false, nil
	}
	return true, r.reply(r.t("checkin.by_button"), answerButtons(r.lang(), c.Day, c.HouseholdID)...)
}

// checkinWho names the household for its own members: a relative or grid worker may act for
// several.
func (h *Handlers) checkinWho(lang string, hh people.Household) string {
	return i18n.T(lang, "checkin.who", hh.Name, address(hh.Building, hh.Unit, hh.Room))
}

// checkinButton takes a check-in button: "c:<day>:<household>:<verb>", the verb an answer, a
// temperature ("t36", "t37", "t38", "tx" to skip) or "order".
func (h *Handlers) checkinButton(r *request) error {
	_, rest := callbackData(r.callback.Data)
	parts := strings.Split(rest, ":")
	if len(parts) != 3 {
		return userErr("error.stale_button")
	}
	day, ok := checkins.ParseDay(parts[0])
	id, err := strconv.ParseInt(parts[1], 10, 64)
	if !ok || err != nil || id <= 0 {
		return userErr("error.stale_button")
	}
	verb := parts[2]
	band, isTemp := strings.CutPrefix(verb, "t")
	isTemp = isTemp && (band == "x" || checkins.Bands[band] != "")
	if !checkins.Answer(verb).Valid() && verb != "order" && !isTemp {
		return userErr("error.stale_button")
	}
	if mine, err := people.MayActFor(r.ctx, r.unit.Tx, r.user.ID, id); err != nil || !mine {
		return errOr(err, userErr("checkin.not_yours"))
	}
	if day != checkins.DayOf(r.unit.Now, h.o.Location) {
		return userErr("checkin.closed")
	}
	c, err := checkins.Get(r.ctx, r.unit.Tx, id, day)
	if err != nil {
		return h.refused(checkingIn, err)
	}
	switch {
	case verb == "order":
		if err := r.answer("", false); err != nil {
			return err
		}
		return h.startFlow(r, h.flows()["order"], "cat", map[string]string{"household": strconv.FormatInt(id, 10)})
	case isTemp && c.Answer == "":
		return userErr("checkin.answer_first")
	case isTemp:
		return h.checkinTemperature(r, c, checkins.Bands[band], true) // "x": "", skipped
	}
	return h.checkinAnswer(r, c, checkins.Answer(verb))
}

// checkinAnswer takes the household's first answer of the day.
func (h *Handlers) checkinAnswer(r *request, c checkins.Checkin, a checkins.Answer) error {
	c, err := checkins.Record(r.ctx, r.unit.Tx, c.HouseholdID, c.Day, a, r.user.ID, r.unit.Now)
	if errors.Is(err, checkins.ErrAnswered) {
		by, err := h.firstName(r.ctx, r.unit.Tx, c.AnsweredBy)
		if err != nil {
			return err
		}
		text := r.t("checkin.already", i18n.Raw(r.t("checkin.answer."+string(c.Answer))), orDash(by))
		return r.answer(i18n.Clip(i18n.Plain(text), 200), true)
	}
	if err != nil {
		return err
	}
	hh, err := people.GetHousehold(r.ctx, r.unit.Tx, c.HouseholdID)
	if err != nil {
		return err
	}
	if err := r.answer(r.label("checkin.thanks"), false); err != nil {
		return err
	}
	if err := h.showAnswer(r, c, hh); err != nil {
		return err
	}
	switch a {
	case checkins.Help:
		if err := h.checkinHelp(r, c, hh); err != nil {
			return err
		}
	case checkins.Symptoms:
		if err := h.tellAdminsCheckin(r.ctx, r.unit.Tx, r.unit.Now, "checkin.sick_admin", hh, c); err != nil {
			return err
		}
		if err := r.reply(r.t("checkin.sick_sent")); err != nil {
			return err
		}
	}
	return h.askTemperature(r, c)
}

// showAnswer edits every member's prompt to show the answer: the presser's at once, the others'
// behind their prompt (outbox EditOf), so one sent late is still edited.
func (h *Handlers) showAnswer(r *request, c checkins.Checkin, hh people.Household) error {
	prompts, err := checkins.Prompts(r.ctx, r.unit.Tx, c.HouseholdID, c.Day)
	if err != nil {
		return err
	}
	text := func(lang string) string {
		month, dom := c.Day.MonthDay()
		return i18n.T(lang, "checkin.answered", month, dom, i18n.Raw(h.checkinWho(lang, hh)),
			i18n.Raw(i18n.T(lang, "checkin.answer."+string(c.Answer))), orDash(i18n.Clip(r.user.FirstName, 40)))
	}
	// A press edits the message pressed at once (r.msg nil: Telegram no longer shows it, older than
	// 48 hours); a typed answer (checkinByText) edits every prompt behind it.
	pressed := r.callback != nil && r.msg != nil
	if pressed {
		if err := r.send(outbox.Message{Kind: outbox.KindEdit, EditMessageID: r.msg.ID, Text: text(r.lang())}); err != nil {
			return err
		}
	}
	for _, p := range prompts {
		if p.UserID == r.user.ID && pressed {
			continue
		}
		lang, err := h.langOf(r.ctx, r.unit.Tx, p.UserID)
		if err != nil {
			return err
		}
		if _, err := outbox.Add(r.ctx, r.unit.Tx, outbox.Message{EditOf: p.OutboxID, Text: text(lang)},
			outbox.Options{}, r.unit.Now); err != nil {
			return err
		}
	}
	return nil
}

// checkinHelp tells the zone's volunteers on duty (zone and building only: they have not taken
// anything yet) and the admins (who may call), and offers the household a guided order.
func (h *Handlers) checkinHelp(r *request, c checkins.Checkin, hh people.Household) error {
	vols, err := people.OnDuty(r.ctx, r.unit.Tx, hh.Zone, "")
	if err != nil {
		return err
	}
	for _, v := range vols {
		lang, err := h.langOf(r.ctx, r.unit.Tx, v.UserID)
		if err != nil {
			return err
		}
		if _, err := outbox.Add(r.ctx, r.unit.Tx, outbox.Message{ChatID: v.UserID,
			Text: i18n.T(lang, "checkin.help_volunteer", h.zoneName(hh.Zone), hh.Building)},
			outbox.Options{Priority: outbox.PriorityNotify}, r.unit.Now); err != nil {
			return err
		}
	}
	if err := h.tellAdminsCheckin(r.ctx, r.unit.Tx, r.unit.Now, "checkin.help_admin", hh, c); err != nil {
		return err
	}
	data := checkinData(c.Day, c.HouseholdID, "order")
	text := r.t("checkin.help_sent", len(vols))
	if len(vols) == 0 {
		text = r.t("checkin.help_sent_admins")
	}
	return r.reply(text, []outbox.Button{{Text: r.label("checkin.start_order"), Data: data}})
}

// tellAdminsCheckin sends every admin key about household hh: name, phone, address, temperature.
func (h *Handlers) tellAdminsCheckin(ctx context.Context, tx *sql.Tx, now time.Time, key string, hh people.Household, c checkins.Checkin) error {
	admins, err := people.AdminIDs(ctx, tx, h.o.Admins)
	if err != nil {
		return err
	}
	return h.tellAdmins(ctx, tx, admins, now, func(lang string) string {
		temp := i18n.T(lang, "checkin.no_temperature")
		if c.Temperature != "" {
			temp = i18n.T(lang, "checkin.degrees", c.Temperature)
		}
		return i18n.T(lang, key, i18n.Raw(h.checkinContact(lang, hh)), i18n.Raw(temp))
	})
}

// checkinContact is a household as admins see it: name, phone, zone and full address.
func (h *Handlers) checkinContact(lang string, hh people.Household) string {
	return i18n.T(lang, "checkin.contact", hh.Name, hh.Phone, h.zoneName(hh.Zone), address(hh.Building, hh.Unit, hh.Room))
}

// askTemperature asks the one who answered for a temperature, optional.
func (h *Handlers) askTemperature(r *request, c checkins.Checkin) error {
	var row []outbox.Button
	for _, v := range []string{"36", "37", "38"} {
		row = append(row, outbox.Button{Text: checkins.Bands[v], Data: checkinData(c.Day, c.HouseholdID, "t"+v)})
	}
	skip := checkinData(c.Day, c.HouseholdID, "tx")
	return r.reply(r.t("checkin.ask_temperature"), row, []outbox.Button{{Text: r.label("checkin.skip"), Data: skip}})
}

// checkinTemperature records temperature t ("" skips) for c; edit says it came from a button of
// the question, which is then edited to show it. Admins hear of a fever, and of any temperature
// of a household with symptoms.
func (h *Handlers) checkinTemperature(r *request, c checkins.Checkin, t string, edit bool) error {
	c, err := checkins.SetTemperature(r.ctx, r.unit.Tx, c.HouseholdID, c.Day, t)
	if err != nil {
		return h.refused(checkingIn, err)
	}
	text := r.t("checkin.temperature_skipped")
	if t != "" {
		text = r.t("checkin.temperature_recorded", t)
	}
	if edit && r.msg != nil {
		if err := r.answer("", false); err != nil {
			return err
		}
		if err := r.send(outbox.Message{Kind: outbox.KindEdit, EditMessageID: r.msg.ID, Text: text}); err != nil {
			return err
		}
	} else if err := r.reply(text); err != nil {
		return err
	}
	if t == "" || (c.Answer != checkins.Symptoms && !checkins.Fever(t)) {
		return nil
	}
	hh, err := people.GetHousehold(r.ctx, r.unit.Tx, c.HouseholdID)
	if err != nil {
		return err
	}
	return h.tellAdminsCheckin(r.ctx, r.unit.Tx, r.unit.Now, "checkin.temperature_admin", hh, c)
}

// temperatureLike is text meant as a body temperature, in range or not: "39", "45.2", "36,6 ℃",
// "３７．８". Only numbers from 30 to 49.99 are taken, so other numbers typed to the bot (a
// quantity, a room) are never mistaken for one.
var temperatureLike = regexp.MustCompile(`^\s*[34３４][0-9０-９]([.,．。][0-9０-９]{0,2})?\s*(℃|°C|°c|°|C|c)?\s*$`)

// isTemperatureText matches a private text message that looks like a temperature ("37.8",
// "37,8℃"); checkinText decides whether it is one.
func isTemperatureText(upd *models.Update) bool {
	m := upd.Message
	return m != nil && m.Chat.Type == models.ChatTypePrivate && len(m.Text) <= 32 && temperatureLike.MatchString(m.Text)
}

// checkinText takes a typed temperature for the check-in its sender answered today and was asked
// the temperature of. Anything else, or any text while a guided flow runs, goes where it would
// have gone without check-ins.
func (h *Handlers) checkinText(r *request) error {
	def, _, lapsed, err := h.activeFlow(r)
	if err != nil || def != nil {
		return errOr(err, h.unknown(r))
	}
	c, err := checkins.AwaitingTemperature(r.ctx, r.unit.Tx, r.user.ID, checkins.DayOf(r.unit.Now, h.o.Location))
	switch {
	case errors.Is(err, checkins.ErrNotFound) && lapsed != nil:
		return r.refuse(lapsed) // the flow this text was meant for has lapsed
	case errors.Is(err, checkins.ErrNotFound):
		return h.unknown(r)
	case err != nil:
		return err
	}
	t, err := checkins.ParseTemperature(r.msg.Text)
	if err != nil {
		return userErr("checkin.bad_temperature", strings.TrimSpace(r.msg.Text))
	}
	return h.checkinTemperature(r, c, t, false)
}

// orDash is name, or a dash for someone Telegram gave no name.
func orDash(name string) string {
	if strings.TrimSpace(name) == "" {
		return "—"
	}
	return name
}

// checkinData is a check-in button's payload: "c:<day>:<household>:<verb>".
func checkinData(day checkins.Day, household int64, verb string) string {
	return checkinButtons.data(string(day), strconv.FormatInt(household, 10), verb)
}

package handlers

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"linli/notices"
	"linli/outbox"
)

// The guided /schedule, for admins who do not write cron: "/schedule <audience> <text>" keeps
// the notice as a draft and asks when, with buttons: every day at an hour, every week on a day
// at an hour, or once on one of the next seven days at an hour. The choices so far ride in the
// callback data ("n:g:<id>:d:08", "n:g:<id>:w:1:08", "n:g:<id>:o:20261130:08"), so there is
// no conversation state; every press re-checks that the presser is an admin and that the notice
// is still a draft. "Once" becomes a run recorded for that time: the scheduler sends it then,
// and a restart keeps it like any run.

// guidedHours are the hours offered.
var guidedHours = []int{6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21}

// scheduleGuided starts the guided /schedule with a draft of the notice.
func (h *Handlers) scheduleGuided(r *request, aud notices.Audience, rest string) error {
	n, err := h.noticeText(r, aud, rest)
	if err != nil {
		return err
	}
	n.State = "draft"
	id, err := h.notices.Create(r.ctx, r.unit.Tx, n, r.unit.Now)
	if err != nil {
		return err
	}
	return r.reply(r.t("guided.when", id, audienceText(r.lang(), aud), h.o.Location.String()), h.guidedKinds(r, id)...)
}

func (h *Handlers) guidedKinds(r *request, id int64) [][]outbox.Button {
	p := noticeButtons.data("g", strconv.FormatInt(id, 10), "")
	return [][]outbox.Button{{
		{Text: r.label("guided.daily"), Data: p + "d"},
		{Text: r.label("guided.weekly"), Data: p + "w"},
		{Text: r.label("guided.once"), Data: p + "o"},
	}}
}

// guidedButton is a press in the guided /schedule; arg is what follows "n:g:".
func (h *Handlers) guidedButton(r *request, arg string) error {
	parts := strings.Split(arg, ":")
	id, err := strconv.ParseInt(parts[0], 10, 64)
	if err != nil || len(parts) < 2 || len(parts) > 4 {
		return userErr("error.stale_button")
	}
	n, err := h.notices.Get(r.ctx, r.unit.Tx, id)
	if err != nil || n.State != "draft" || n.Author != r.user.ID || n.Spec != "" {
		return userErr("notice.run_state")
	}
	p := noticeButtons.data(append([]string{"g", strconv.FormatInt(id, 10)}, parts[1:]...)...)
	switch kind, rest := parts[1], parts[2:]; {
	case kind == "d" && len(rest) == 0, kind == "w" && len(rest) == 1:
		return h.guidedAsk(r, id, r.t("guided.hour"), hourButtons(p, -1))
	case kind == "o" && len(rest) == 1: // once: today, only the hours still to come
		after := -1
		if now := r.unit.Now.In(h.o.Location); rest[0] == now.Format("20060102") {
			after = now.Hour()
		}
		return h.guidedAsk(r, id, r.t("guided.hour"), hourButtons(p, after))
	case kind == "w" && len(rest) == 0:
		return h.guidedAsk(r, id, r.t("guided.weekday"), h.weekdayButtons(r, p))
	case kind == "o" && len(rest) == 0:
		return h.guidedAsk(r, id, r.t("guided.date"), h.dateButtons(r, p))
	case kind == "d" && len(rest) == 1:
		return h.guidedDone(r, n, parts[1:])
	case (kind == "w" || kind == "o") && len(rest) == 2:
		return h.guidedDone(r, n, parts[1:])
	}
	return userErr("error.stale_button")
}

// guidedAsk edits the question message to the next question.
func (h *Handlers) guidedAsk(r *request, id int64, q string, rows [][]outbox.Button) error {
	text := r.t("guided.step", id) + "\n" + q
	return r.send(outbox.Message{Kind: outbox.KindEdit, EditMessageID: r.msg.ID, Text: text, Buttons: rows})
}

// hourButtons are the guided hours later than after (-1: all of them), four to a row.
func hourButtons(prefix string, after int) [][]outbox.Button {
	var rows [][]outbox.Button
	i := 0
	for _, hr := range guidedHours {
		if hr <= after {
			continue
		}
		if i%4 == 0 {
			rows = append(rows, nil)
		}
		rows[len(rows)-1] = append(rows[len(rows)-1],
			outbox.Button{Text: fmt.Sprintf("%02d:00", hr), Data: fmt.Sprintf("%s:%02d", prefix, hr)})
		i++
	}
	return rows
}

func (h *Handlers) weekdayButtons(r *request, prefix string) [][]outbox.Button {
	rows := [][]outbox.Button{nil, nil}
	for i, d := range []int{1, 2, 3, 4, 5, 6, 0} {
		rows[i/4] = append(rows[i/4], outbox.Button{Text: r.label("guided.day." + strconv.Itoa(d)),
			Data: fmt.Sprintf("%s:%d", prefix, d)})
	}
	return rows
}

func (h *Handlers) dateButtons(r *request, prefix string) [][]outbox.Button {
	today := r.unit.Now.In(h.o.Location)
	first := 0
	if today.Hour() >= guidedHours[len(guidedHours)-1] { // no hour left today
		first = 1
	}
	rows := [][]outbox.Button{nil, nil}
	for i := range 7 {
		d := time.Date(today.Year(), today.Month(), today.Day()+first+i, 12, 0, 0, 0, h.o.Location)
		label := r.label("guided.day."+strconv.Itoa(int(d.Weekday()))) + " " + d.Format("01-02")
		rows[i/4] = append(rows[i/4], outbox.Button{Text: label, Data: prefix + ":" + d.Format("20060102")})
	}
	return rows
}

// guidedDone schedules the draft as chosen: kind d|w|o, then [day or date,] hour.
func (h *Handlers) guidedDone(r *request, n notices.Notice, choice []string) error {
	hour, err := strconv.Atoi(choice[len(choice)-1])
	if err != nil || hour < 0 || hour > 23 {
		return userErr("error.stale_button")
	}
	var when string
	switch choice[0] {
	case "d":
		n.Spec = fmt.Sprintf("0 %d * * *", hour)
	case "w":
		day, err := strconv.Atoi(choice[1])
		if err != nil || day < 0 || day > 6 {
			return userErr("error.stale_button")
		}
		n.Spec = fmt.Sprintf("0 %d * * %d", hour, day)
	case "o":
		at, err := time.ParseInLocation("20060102", choice[1], h.o.Location)
		if err != nil {
			return userErr("error.stale_button")
		}
		at = time.Date(at.Year(), at.Month(), at.Day(), hour, 0, 0, 0, h.o.Location)
		if !at.After(r.unit.Now) {
			return userErr("guided.past", h.localTime(at))
		}
		if err := h.notices.ScheduleOnce(r.ctx, r.unit.Tx, n.ID, at, r.unit.Now); err != nil {
			return err
		}
		when = h.localTime(at)
	}
	if n.Spec != "" {
		if err := h.notices.Activate(r.ctx, r.unit.Tx, n.ID, n.Spec, r.unit.Now); err != nil {
			return err
		}
		s, _ := notices.ParseSpec(n.Spec)
		when = h.localTime(notices.Next(s, r.unit.Now, h.o.Location))
	}
	spec := n.Spec
	if spec == "" {
		spec = r.t("guided.once_spec")
	}
	text := r.t("schedule.done", n.ID, spec, audienceText(r.lang(), n.Audience), when, h.o.Location.String())
	return r.send(outbox.Message{Kind: outbox.KindEdit, EditMessageID: r.msg.ID, Text: text})
}

// looksLikeAudience tells "/schedule <audience> <text>" (guided) from "/schedule <cron> ...".
func looksLikeAudience(field string) bool {
	f := strings.ToLower(field)
	return f == notices.AudienceAll || f == notices.AudienceResidents || f == notices.AudienceVolunteers ||
		strings.HasPrefix(f, "zone:")
}

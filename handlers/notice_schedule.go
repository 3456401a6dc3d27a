package handlers

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"linli/i18n"
	"linli/notices"
)

// scheduleCommand is /schedule <cron> <audience> [!urgent] <text>: five cron fields or one
// descriptor (@daily, @weekly, …; not @every), in the configured time zone.
func (h *Handlers) scheduleCommand(r *request) error {
	spec, rest := cutField(r.cmd.Args)
	if spec == "" {
		return userErr("schedule.usage")
	}
	if looksLikeAudience(spec) {
		aud, err := h.audience(r, spec)
		if err != nil {
			return err
		}
		return h.scheduleGuided(r, aud, rest)
	}
	if !strings.HasPrefix(spec, "@") {
		fields := []string{spec}
		for len(fields) < 5 {
			var f string
			if f, rest = cutField(rest); f == "" {
				break
			}
			fields = append(fields, f)
		}
		spec = strings.Join(fields, " ")
	}
	if u := strings.ToUpper(spec); strings.HasPrefix(u, "TZ=") || strings.HasPrefix(u, "CRON_TZ=") {
		return userErr("schedule.no_tz", h.o.Location.String())
	}
	sched, err := notices.ParseSpec(spec)
	if err != nil {
		return userErr("schedule.bad_cron", i18n.Clip(spec, 64))
	}
	if !notices.FiresWithin(sched, r.unit.Now, h.o.Location, notices.Year) {
		return userErr("schedule.never", i18n.Clip(spec, 64))
	}
	n, err := h.audienceAndText(r, rest, "schedule.usage")
	if err != nil {
		return err
	}
	count, err := h.frequentAndLarge(r, sched, n.Audience)
	if err != nil {
		return err
	}
	n.Spec = notices.NormalSpec(spec)
	next := notices.Next(sched, r.unit.Now, h.o.Location)
	if count > 0 {
		return h.previewSchedule(r, n, count, next)
	}
	id, err := h.notices.Create(r.ctx, r.unit.Tx, n, r.unit.Now)
	if err != nil {
		return err
	}
	text := r.t("schedule.done", id, n.Spec, audienceText(r.lang(), n.Audience), h.localTime(next), h.o.Location.String())
	if at, night := h.notices.SendsAtNight(next, n.Urgent); night {
		text += "\n\n" + r.t("schedule.at_night", h.localTime(at), id)
	}
	return r.reply(text)
}

// localTime shows t in the configured zone.
func (h *Handlers) localTime(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.In(h.o.Location).Format("2006-01-02 15:04")
}

// listNotices is /notices: the scheduled notices with their next run, and the broadcasts not
// finished with their progress.
func (h *Handlers) listNotices(r *request) error {
	sched, err := h.notices.Scheduled(r.ctx, r.unit.Tx)
	if err != nil {
		return err
	}
	sched = slices.DeleteFunc(sched, func(n notices.Notice) bool { return r.reaches(n.Audience) != nil })
	runs, err := h.notices.OpenRuns(r.ctx, r.unit.Tx)
	if err != nil {
		return err
	}
	// A notice sent once at a later time waits among the scheduled ones, not among those under way.
	var once, running []notices.Progress
	for _, run := range runs {
		p, err := h.notices.Progress(r.ctx, r.unit.Tx, run.ID)
		if err != nil {
			return err
		}
		switch {
		case r.reaches(p.Notice.Audience) != nil: // a scoped admin follows the runs of their zones only
		case p.Notice.Spec == "" && run.State == notices.RunPending:
			once = append(once, p)
		default:
			running = append(running, p)
		}
	}
	if len(sched)+len(once)+len(running) == 0 {
		return r.reply(r.t("notices.none"))
	}
	var b strings.Builder
	var lines []string
	for _, n := range sched {
		next := time.Time{}
		if s, err := notices.ParseSpec(n.Spec); err == nil {
			from := r.unit.Now
			if n.LastRunAt.After(from) {
				from = n.LastRunAt
			}
			next = notices.Next(s, from, h.o.Location)
		}
		lines = append(lines, r.t("notices.scheduled_entry", n.ID, n.Spec, audienceText(r.lang(), n.Audience), h.localTime(next),
			i18n.Clip(strings.ReplaceAll(n.Text, "\n", " "), 60)))
	}
	for _, p := range once {
		lines = append(lines, r.t("notices.once_entry", p.Notice.ID, audienceText(r.lang(), p.Notice.Audience), h.localTime(p.Run.SendAfter),
			i18n.Clip(strings.ReplaceAll(p.Notice.Text, "\n", " "), 60)))
	}
	if len(lines) > 0 {
		b.WriteString(r.t("notices.scheduled_title", len(lines)))
		writeList(&b, lines)
	}
	lines = lines[:0]
	for _, p := range running {
		state := r.t("notices.state." + p.Run.State)
		if p.Run.State == notices.RunPending {
			state = r.t("notices.waiting", h.localTime(p.Run.SendAfter))
		}
		lines = append(lines, r.t("notices.running_entry", p.Notice.ID, audienceText(r.lang(), p.Notice.Audience),
			fmtCount(p.Sent+p.Unreachable+p.Failed), fmtCount(p.Total), i18n.Raw(state)))
	}
	if len(lines) > 0 {
		if b.Len() > 0 {
			b.WriteString("\n\n")
		}
		b.WriteString(r.t("notices.running_title", len(lines)))
		writeList(&b, lines)
	}
	b.WriteString("\n\n" + r.t("notices.footer", h.o.Location.String()))
	return r.reply(b.String())
}

// writeList writes lines to b, each on its own line, the first 30 of them: a message has room for
// no more.
func writeList(b *strings.Builder, lines []string) {
	for i, l := range lines {
		if i == 30 {
			b.WriteString("\n…")
			return
		}
		b.WriteString("\n" + l)
	}
}

// unscheduleCommand is /unschedule <N-id>.
func (h *Handlers) unscheduleCommand(r *request) error {
	id, ok := noticeID(r.cmd.Args)
	if !ok {
		return userErr("unschedule.usage")
	}
	if n, err := h.notices.Get(r.ctx, r.unit.Tx, id); err == nil {
		if err := r.reaches(n.Audience); err != nil {
			return err
		}
	}
	err := h.notices.Unschedule(r.ctx, r.unit.Tx, id, r.unit.Now)
	if err != nil {
		return h.refused(unscheduling, err, id)
	}
	return r.reply(r.t("unschedule.done", id))
}

// noticeID reads "N12" (or "n12", "12").
func noticeID(s string) (int64, bool) {
	s = strings.TrimSpace(s)
	s = strings.TrimPrefix(strings.TrimPrefix(s, "N"), "n")
	id, err := strconv.ParseInt(s, 10, 64)
	return id, err == nil && id > 0
}

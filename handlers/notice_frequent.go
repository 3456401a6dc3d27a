package handlers

import (
	"time"

	"github.com/robfig/cron/v3"

	"linli/notices"
	"linli/outbox"
)

// frequentAndLarge is how many people a schedule reaches when it would send to more than
// [notices] confirm_over of them more often than hourly, and 0 when it needs no confirmation.
func (h *Handlers) frequentAndLarge(r *request, s cron.Schedule, aud notices.Audience) (int, error) {
	if !notices.MoreOftenThan(s, r.unit.Now, h.o.Location, time.Hour) {
		return 0, nil
	}
	count, err := h.notices.Count(r.ctx, r.unit.Tx, aud)
	if err != nil || count <= h.o.ConfirmOver {
		return 0, err
	}
	return count, nil
}

// previewSchedule keeps the frequent, large schedule n as a draft and shows its author, like a
// large /notice, what it will send and how often, with Schedule / Discard.
func (h *Handlers) previewSchedule(r *request, n notices.Notice, count int, next time.Time) error {
	n.State = "draft"
	id, err := h.notices.Create(r.ctx, r.unit.Tx, n, r.unit.Now)
	if err != nil {
		return err
	}
	if err := r.reply(r.t("schedule.preview", id, n.Spec, fmtCount(count), audienceText(r.lang(), n.Audience),
		h.localTime(next), h.o.Location.String(), h.o.ConfirmOver)); err != nil {
		return err
	}
	return r.reply(h.noticeBody(r.lang(), n), []outbox.Button{
		{Text: r.label("schedule.button_confirm", fmtCount(count)), Data: noticeData('a', id)},
		{Text: r.label("notice.button_discard"), Data: noticeData('c', id)},
	})
}

// confirmSchedule is the Schedule press on a preview: the draft's schedule starts, and the pressed
// preview says so under the text, its buttons gone.
func (h *Handlers) confirmSchedule(r *request, id int64) error {
	if err := h.notices.ConfirmSchedule(r.ctx, r.unit.Tx, id, r.unit.Now); err != nil {
		return err
	}
	n, err := h.notices.Get(r.ctx, r.unit.Tx, id)
	if err != nil {
		return err
	}
	var next time.Time
	if s, err := notices.ParseSpec(n.Spec); err == nil {
		next = notices.Next(s, r.unit.Now, h.o.Location)
	}
	return h.showAgain(r, h.noticeBody(r.lang(), n)+"\n\n"+r.t("schedule.done", id, n.Spec, audienceText(r.lang(), n.Audience), h.localTime(next), h.o.Location.String()))
}

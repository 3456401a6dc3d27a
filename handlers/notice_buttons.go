package handlers

import (
	"strconv"
	"strings"
	"time"

	"linli/i18n"
	"linli/notices"
	"linli/outbox"
)

// noticeData is the callback data of a notice button: "n:<op>:<id>". Ops s (send), a (start a
// previewed schedule) and c (discard) take a draft notice's id; p (pause), r (resume) and x (cancel) a run's.
func noticeData(op byte, id int64) string {
	return noticeButtons.data(string(op), strconv.FormatInt(id, 10))
}

// noticeButton is a press on a preview or status message button. The data is the client's:
// the presser must be an admin now, whatever the message said.
func (h *Handlers) noticeButton(r *request) error {
	if !r.admin {
		return userErr("error.admin_only")
	}
	_, arg := callbackData(r.callback.Data)
	op, idText, _ := strings.Cut(arg, ":")
	first, _, _ := strings.Cut(idText, ":") // "g" carries more after the id
	id, err := strconv.ParseInt(first, 10, 64)
	if err != nil || id <= 0 || len(op) != 1 {
		return userErr("error.stale_button")
	}
	if err := h.noticeInScope(r, op, id); err != nil {
		return err
	}
	toast := ""
	switch op {
	case "s":
		if err, toast = h.sendDraft(r, id), r.t("notice.sending_toast", id); err == nil {
			err = h.previewBecomes(r, id, r.t("notice.preview_sent", id))
		}
	case "a":
		err, toast = h.confirmSchedule(r, id), r.t("schedule.confirmed_toast", id)
	case "c":
		if err, toast = h.notices.Discard(r.ctx, r.unit.Tx, id), r.t("notice.discarded", id); err == nil {
			err = h.previewBecomes(r, id, toast)
		}
	case "p", "r", "x":
		toast, err = h.controlRun(r, op, id)
	case "g":
		err = h.guidedButton(r, idText)
	default:
		return userErr("error.stale_button")
	}
	if err != nil {
		return h.refused(pressingNotice, err)
	}
	return r.answer(i18n.Plain(toast), false)
}

// noticeInScope refuses a scoped admin a press on a notice (s, c) or run (p, r, x) whose audience
// is beyond their zones.
func (h *Handlers) noticeInScope(r *request, op string, id int64) error {
	if r.scope.All || op == "g" {
		return nil
	}
	if op == "p" || op == "r" || op == "x" {
		run, err := h.notices.GetRun(r.ctx, r.unit.Tx, id)
		if err != nil {
			return h.refused(pressingNotice, err)
		}
		id = run.NoticeID
	}
	n, err := h.notices.Get(r.ctx, r.unit.Tx, id)
	if err != nil {
		return h.refused(pressingNotice, err)
	}
	return r.reaches(n.Audience)
}

// previewBecomes turns the pressed preview of notice id into the notice as it was shown and what
// became of it (line), its buttons gone, so scrolling back tells. A press on a message not
// carrying the button (forged) edits nothing: the toast says it.
func (h *Handlers) previewBecomes(r *request, id int64, line string) error {
	n, err := h.notices.Get(r.ctx, r.unit.Tx, id)
	if err != nil {
		return err
	}
	if r.replacePressed(); r.inPlace == 0 {
		return nil
	}
	return r.reply(h.noticeBody(r.lang(), n) + "\n\n" + line)
}

func (h *Handlers) sendDraft(r *request, id int64) error {
	_, err := h.notices.SendNow(r.ctx, r.unit.Tx, id, r.unit.Now)
	return err
}

// controlRun pauses (p), resumes (r) or cancels (x) run id and returns the toast.
func (h *Handlers) controlRun(r *request, op string, id int64) (string, error) {
	run, err := h.notices.GetRun(r.ctx, r.unit.Tx, id)
	if err != nil {
		return "", err
	}
	switch op {
	case "p":
		return r.t("notice.paused_toast", run.NoticeID), h.notices.Pause(r.ctx, r.unit.Tx, id, r.unit.Now)
	case "r":
		return r.t("notice.resumed_toast", run.NoticeID), h.notices.Resume(r.ctx, r.unit.Tx, id, r.unit.Now)
	}
	return r.t("notice.cancelled_toast", run.NoticeID), h.notices.Cancel(r.ctx, r.unit.Tx, id, r.unit.Now)
}

// noticeBody is the notice as a recipient in lang reads it.
func (h *Handlers) noticeBody(lang string, n notices.Notice) string {
	if n.Urgent {
		return i18n.T(lang, "notice.body_urgent", n.Text)
	}
	return i18n.T(lang, "notice.body", n.Text)
}

// noticeRenderer renders notices for package notices.
type noticeRenderer struct{ h *Handlers }

func (nr noticeRenderer) Body(lang string, n notices.Notice) string { return nr.h.noticeBody(lang, n) }

func (nr noticeRenderer) Skipped(lang string, n notices.Notice, at time.Time, count int) string {
	return i18n.T(lang, "notice.skipped", n.ID, nr.h.localTime(at), count, i18n.Clip(n.Text, 60))
}

// PaidRefused tells the author that Telegram refused notice n as a paid broadcast (reason:
// Telegram's answer).
func (nr noticeRenderer) PaidRefused(lang string, n notices.Notice, reason string) string {
	return i18n.T(lang, "notice.paid_refused", n.ID, i18n.Clip(reason, 80))
}

// Progress is the author's status message of a run: how far it got, then the report.
func (nr noticeRenderer) Progress(lang string, p notices.Progress) (string, [][]outbox.Button) {
	t := func(key string, args ...any) string { return i18n.T(lang, key, args...) }
	text := t("notice.status_title", p.Notice.ID, audienceText(lang, p.Notice.Audience), i18n.Clip(p.Notice.Text, 60)) + "\n"
	done := p.Sent + p.Unreachable + p.Failed
	switch p.Run.State {
	case notices.RunPending:
		switch {
		case p.Quiet:
			text += t("notice.status_quiet", nr.h.localTime(p.Run.SendAfter))
		case p.Due: // sent now: its time, written out, would read as if it waited
			text += t("notice.status_starting")
		default:
			text += t("notice.status_pending", nr.h.localTime(p.Run.SendAfter))
		}
	case notices.RunExpanding, notices.RunSending:
		text += t("notice.status_sending", fmtCount(done), fmtCount(p.Total))
	case notices.RunPaused:
		text += t("notice.status_paused", fmtCount(done), fmtCount(p.Total))
	case notices.RunDone:
		return text + t("notice.status_done", fmtCount(p.Sent), fmtCount(p.Unreachable), fmtCount(p.Failed), fmtCount(p.Total)), nil
	default:
		return text + t("notice.status_cancelled", fmtCount(p.Sent), fmtCount(p.Unreachable), fmtCount(p.Failed),
			fmtCount(p.Cancelled)), nil
	}
	label := func(key string) string { return i18n.Plain(t(key)) }
	first := outbox.Button{Text: label("notice.button_pause"), Data: noticeData('p', p.Run.ID)}
	if p.Run.State == notices.RunPaused {
		first = outbox.Button{Text: label("notice.button_resume"), Data: noticeData('r', p.Run.ID)}
	}
	return text, [][]outbox.Button{{first, {Text: label("notice.button_cancel"), Data: noticeData('x', p.Run.ID)}}}
}

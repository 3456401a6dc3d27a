package handlers

import (
	"errors"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"linli/i18n"
	"linli/notices"
	"linli/outbox"
)

// maxMessage is Telegram's limit on a message's text, in UTF-16 code units after parsing.
const maxMessage = 4096

// noticeCommand is /notice <audience> [!urgent] <text>: a broadcast now. To more people than
// [notices] confirm_over, or inside quiet hours unless urgent, it first shows a preview, the text
// as it will look, with Send / Cancel.
func (h *Handlers) noticeCommand(r *request) error {
	n, err := h.audienceAndText(r, r.cmd.Args, "notice.usage")
	if err != nil {
		return err
	}
	aud := n.Audience
	count, err := h.notices.Count(r.ctx, r.unit.Tx, aud)
	if err != nil {
		return err
	}
	if count == 0 {
		return userErr("notice.nobody", audienceText(r.lang(), aud))
	}
	// Inside the quiet hours the community set, a notice sent now (which they do not hold) is
	// shown first too, however few it reaches, unless it is urgent.
	until, quiet := h.notices.QuietUntil(r.unit.Now)
	quiet = quiet && !n.Urgent
	if count > h.o.ConfirmOver || quiet {
		n.State = "draft"
	}
	id, err := h.notices.Create(r.ctx, r.unit.Tx, n, r.unit.Now)
	if err != nil {
		return err
	}
	if n.State == "draft" {
		head := r.t("notice.preview", id, fmtCount(count), audienceText(r.lang(), aud), h.o.ConfirmOver)
		if count <= h.o.ConfirmOver {
			head = r.t("notice.preview_quiet", id, fmtCount(count), audienceText(r.lang(), aud))
		}
		note := h.nightNote(r)
		if quiet {
			note = "\n\n" + r.t("notice.now_in_quiet", h.clock(r.lang(), r.unit.Now, r.unit.Now), h.clock(r.lang(), until, r.unit.Now))
		}
		if err := r.reply(head + note); err != nil {
			return err
		}
		return r.reply(h.noticeBody(r.lang(), n), []outbox.Button{
			{Text: r.label("notice.button_send", fmtCount(count)), Data: noticeData('s', id)},
			{Text: r.label("notice.button_discard"), Data: noticeData('c', id)},
		})
	}
	_, err = h.notices.SendNow(r.ctx, r.unit.Tx, id, r.unit.Now)
	return err
}

// nightNote is a line, after a blank one, for a preview of something that goes out at once to
// people while they sleep (22:00–07:00 local), else nothing. Sending now is never held by quiet
// hours (notices.SendNow), so they do not silence it.
func (h *Handlers) nightNote(r *request) string {
	if _, night := h.notices.SendsAtNight(r.unit.Now, true); night {
		return "\n\n" + r.t("notice.now_at_night", h.clock(r.lang(), r.unit.Now, r.unit.Now))
	}
	return ""
}

// audienceAndText reads "<audience> [!urgent] <text>" of /notice and /schedule into a notice,
// answering usage (the catalogue key) when either is missing.
func (h *Handlers) audienceAndText(r *request, args, usage string) (notices.Notice, error) {
	audText, rest := cutField(args)
	if audText == "" || strings.TrimSpace(rest) == "" {
		return notices.Notice{}, userErr(usage)
	}
	aud, err := h.audience(r, audText)
	if err != nil {
		return notices.Notice{}, err
	}
	return h.noticeText(r, aud, rest)
}

// audience reads an audience argument, answering what is wrong with it; a scoped admin reaches
// the residents of their own zones only.
func (h *Handlers) audience(r *request, s string) (notices.Audience, error) {
	aud, err := notices.ParseAudience(s, h.o.Zones.Keys())
	switch {
	case err == nil:
		scoped, ok := aud.ForScope(r.scope.All, r.scope.Zones) // a scoped admin's volunteers are their zones'
		if !ok {
			return aud, r.outside(r.scope, aud.Zone)
		}
		return scoped, nil
	case errors.Is(err, notices.ErrUnknownZone):
		zone, _, _ := strings.Cut(strings.TrimPrefix(s, "zone:"), "/")
		return aud, userErr("notice.unknown_zone", i18n.Clip(zone, 32), i18n.Raw(h.zoneKeys()))
	default:
		return aud, userErr("notice.bad_audience", i18n.Clip(s, 64), i18n.Raw(h.zoneKeys()))
	}
}

// reaches refuses a scoped admin an audience beyond their zones (all, residents, every zone's
// volunteers, or another zone's).
func (r *request) reaches(aud notices.Audience) error {
	everyVolunteer := aud.Kind == notices.AudienceVolunteers && len(aud.Zones) == 0 // a global admin's notice
	if _, ok := aud.ForScope(r.scope.All, r.scope.Zones); ok && (r.scope.All || !everyVolunteer) {
		return nil
	}
	return r.outside(r.scope, aud.Zone)
}

// audienceText is aud as a message names it: "volunteers of b2" in lang for a scoped admin's
// volunteers, else as typed ("all", "zone:a1/3号楼").
func audienceText(lang string, aud notices.Audience) string {
	if aud.Kind == notices.AudienceVolunteers && len(aud.Zones) > 0 {
		return i18n.T(lang, "notice.audience_volunteers_of", strings.Join(aud.Zones, ", "))
	}
	return aud.String()
}

// noticeText reads "[!urgent] <text>" into a notice by r's user, refusing an empty text and
// one that would not fit a Telegram message in either language once rendered.
func (h *Handlers) noticeText(r *request, aud notices.Audience, raw string) (notices.Notice, error) {
	text := strings.TrimSpace(i18n.Clean(raw))
	n := notices.Notice{Author: r.user.ID, Audience: aud}
	if rest, ok := strings.CutPrefix(text, "!urgent"); ok {
		if first, _ := utf8.DecodeRuneInString(rest); rest == "" || unicode.IsSpace(first) {
			n.Urgent, text = true, strings.TrimSpace(rest)
		}
	}
	if text == "" {
		return n, userErr("notice.usage")
	}
	n.Text = text
	own := utf16Len(text)
	for _, lang := range i18n.Langs {
		if got := utf16Len(i18n.Plain(h.noticeBody(lang, n))); got > maxMessage {
			return n, userErr("notice.too_long", maxMessage-(got-own), own)
		}
	}
	return n, nil
}

// cutField splits off the first whitespace-separated field of s; rest keeps its line breaks.
func cutField(s string) (field, rest string) {
	s = strings.TrimLeftFunc(s, unicode.IsSpace)
	i := strings.IndexFunc(s, unicode.IsSpace)
	if i < 0 {
		return s, ""
	}
	return s[:i], s[i:]
}

// fmtCount writes n with thousands separators: 10,000.
func fmtCount(n int) string {
	s := strings.TrimPrefix(strconv.Itoa(n), "-")
	var b strings.Builder
	if n < 0 {
		b.WriteByte('-')
	}
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

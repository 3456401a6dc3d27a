package handlers

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/go-telegram/bot/models"

	"linli/i18n"
	"linli/orders"
	"linli/outbox"
)

// Voice messages, audio and photos outside a flow are orders too: many residents are elderly and
// would rather speak their list, or photograph a handwritten one or a medicine box. Each becomes a
// draft like free text (freetext.go): category buttons, nothing ordered before the press; a
// photo's or audio's caption is its items and guesses the category. The media is kept with the
// order by its file id and sent only to the volunteer who claims it (it may say the address):
// every card before the claim names it ("🎤 voice order (0:23)"), never shows it.

// messageMedia is the voice message, audio or photo of m, if it has one.
func messageMedia(m *models.Message) (orders.Media, bool) {
	switch {
	case m == nil:
	case m.Voice != nil:
		return orders.Media{Kind: orders.MediaVoice, File: m.Voice.FileID, Seconds: m.Voice.Duration}, true
	case m.Audio != nil:
		return orders.Media{Kind: orders.MediaAudio, File: m.Audio.FileID, Seconds: m.Audio.Duration}, true
	case len(m.Photo) > 0:
		return orders.Media{Kind: orders.MediaPhoto, File: m.Photo[len(m.Photo)-1].FileID}, true // the largest size
	}
	return orders.Media{}, false
}

// mediaOrder makes a draft of a resident's voice message, audio or photo.
func (h *Handlers) mediaOrder(r *request, media orders.Media) error {
	hh, err := h.draftHousehold(r, "")
	if err != nil || hh == 0 {
		return err
	}
	items := strings.TrimSpace(i18n.Clean(r.msg.Caption))
	if utf8.RuneCountInString(items) > orders.MaxItems {
		return userErr("free.too_long", orders.MaxItems)
	}
	data := map[string]string{"household": strconv.FormatInt(hh, 10), "items": items,
		"n": strconv.FormatInt(r.unit.Update.ID, 10), "media": media.Kind, "file": media.File,
		"secs": strconv.Itoa(media.Seconds)}
	if items != "" {
		data["cat"] = h.orders.Catalog().Read(items).Category
	}
	return h.startDraft(r, data)
}

// draftMedia is the media of a draft flow's data.
func draftMedia(data map[string]string) orders.Media {
	secs, _ := strconv.Atoi(data["secs"])
	return orders.Media{Kind: data["media"], File: data["file"], Seconds: secs}
}

// mediaLabel names an order's media in lang ("🎤 voice order (0:23)"), "" if it has none.
func mediaLabel(lang string, m orders.Media) string {
	switch m.Kind {
	case "":
		return ""
	case orders.MediaPhoto:
		return i18n.T(lang, "media.photo")
	}
	return i18n.T(lang, "media."+m.Kind, fmt.Sprintf("%d:%02d", m.Seconds/60, m.Seconds%60))
}

// itemsOf is what an order asks for as cards show it: its items, and what media it carries.
func itemsOf(lang string, items string, m orders.Media, clip int) i18n.Raw {
	label := mediaLabel(lang, m)
	switch {
	case label == "":
		return i18n.Raw(i18n.Escape(i18n.Clip(items, clip)))
	case items == "":
		return i18n.Raw(label)
	}
	return i18n.Raw(i18n.Escape(i18n.Clip(items, clip)) + " · " + label)
}

// sendMedia sends order o's media to the claimer's private chat, with a caption naming it.
func (h *Handlers) sendMedia(r *request, o orders.Order) error {
	m := outbox.Message{ChatID: r.user.ID, Text: r.t("media.caption", o.ID)}
	switch o.Media.Kind {
	case orders.MediaVoice:
		m.Kind, m.File = outbox.KindVoice, o.Media.File
	case orders.MediaAudio:
		m.Kind, m.File = outbox.KindAudio, o.Media.File
	case orders.MediaPhoto:
		m.Kind, m.Photo = outbox.KindPhoto, o.Media.File
	default:
		return nil
	}
	return r.send(m)
}

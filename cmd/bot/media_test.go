package main

import (
	"strings"
	"testing"

	"linli/telegramtest"
)

// botMediaWith lists, over every message the stand-in recorded in every chat (deleted ones
// too), the chats where the bot sent a voice message, audio or photo with this file id, or
// named the file id in a text or caption.
func botMediaWith(lb *liveBot, file string) []int64 {
	var out []int64
	for _, chat := range lb.ts.Chats() {
		for _, m := range lb.ts.History(chat) {
			if !m.FromBot {
				continue
			}
			for _, f := range []*telegramtest.File{m.Voice, m.Audio, m.Photo, m.Document} {
				if f != nil && f.FileID == file {
					out = append(out, chat)
				}
			}
			if strings.Contains(m.Raw, file) || strings.Contains(m.MarkupJSON, file) {
				out = append(out, chat)
			}
		}
	}
	return out
}

func TestMediaOrders_VoiceAndPhotoReachTheClaimerOnly(t *testing.T) {
	t.Parallel()
	lb := groupBot(t, nil)
	lb.ts.AddGroup(grpA1, "官北沟志愿者群")
	only(t, lb.groupSay(t, grpA1, 900, "/bindqueue a1"))
	register(t, lb, zhUser, "zh", zhResident)
	register(t, lb, enUser, "en", enResident)
	enlist(t, lb, volZH, "zh", "李雷", "a1")
	enlist(t, lb, volEN, "en", "Bob", "a1")

	// A voice message: a draft that names it, with category buttons and no ✅ before one is picked.
	draft := only(t, lb.answers(t, zhUser, len(lb.ts.BotMessages(zhUser)), lb.ts.SendVoice(zhUser, 23)))
	voiceZH, groceries := words(ZH, "media.voice", "0:23"), words(ZH, "cat.groceries")
	if !shows(t, draft.Text, ZH, "free.draft_pick") || !strings.Contains(draft.Text, voiceZH) || hasButton(draft, "✅") || !hasButton(draft, groceries) {
		t.Fatalf("voice draft: %q", draft.Text)
	}
	lb.pressAll(t, zhUser, draft, groceries)
	placed := lb.press(t, zhUser, messageByID(t, lb, zhUser, draft.ID), "✅ "+words(ZH, "free.place", groceries))
	if !shows(t, placed.Text, ZH, "order.placed", 1) || !strings.Contains(placed.Text, voiceZH) {
		t.Fatalf("voice order placed: %q", placed.Text)
	}
	// A photo with a caption: the caption is the items and guesses the category.
	draft = only(t, lb.answers(t, enUser, len(lb.ts.BotMessages(enUser)), lb.ts.SendPhoto(enUser, "insulin, this box")))
	medicine := words(EN, "cat.medicine")
	if !shows(t, draft.Text, EN, "free.draft", medicine, "insulin, this box · "+words(EN, "media.photo")) {
		t.Fatalf("photo draft: %q", draft.Text)
	}
	lb.pressAll(t, enUser, draft, "✅ "+words(EN, "free.place", medicine))
	var voice, photo string
	db := lb.readDB(t)
	_ = db.QueryRow(`SELECT media_file FROM orders WHERE id = 1 AND media_kind = 'voice' AND media_seconds = 23 AND items = '—'`).Scan(&voice)
	_ = db.QueryRow(`SELECT media_file FROM orders WHERE id = 2 AND media_kind = 'photo' AND items = 'insulin, this box'`).Scan(&photo)
	if voice == "" || photo == "" {
		t.Fatalf("media not kept with the orders: %q %q", voice, photo)
	}

	// Before the claim: cards name the media, never carry it.
	lb.drain(t)
	if c := cardOf(t, lb, grpA1, 1); !strings.Contains(c.Text, voiceZH) {
		t.Fatalf("group card of the voice order: %q", c.Text)
	}
	if q := lb.say(t, volEN, "/queue"); !strings.Contains(q.Text, words(EN, "media.voice", "0:23")) || !strings.Contains(q.Text, words(EN, "media.photo")) {
		t.Fatalf("/queue: %q", q.Text)
	}
	if got := botMediaWith(lb, voice); len(got) != 0 {
		t.Fatalf("the voice message was sent before any claim, to %v", got)
	}
	if got := botMediaWith(lb, photo); len(got) != 0 {
		t.Fatalf("the photo was sent before any claim, to %v", got)
	}

	// The claimers get them, and nobody else ever does.
	got := lb.sayAll(t, volZH, "/claim 1")
	if len(got) != 2 || got[1].Voice == nil || got[1].Voice.FileID != voice || !shows(t, got[1].Caption, ZH, "media.caption", 1) {
		t.Fatalf("claimer of the voice order: %+v", got)
	}
	lb.sayAll(t, volEN, "/claim 2")
	lb.drain(t)
	if got := botMediaWith(lb, voice); len(got) != 1 || got[0] != volZH {
		t.Fatalf("the voice message went to %v, want only %d", got, volZH)
	}
	if got := botMediaWith(lb, photo); len(got) != 1 || got[0] != volEN {
		t.Fatalf("the photo went to %v, want only %d", got, volEN)
	}
	mustNotLeak(t, lb, grpA1, voice, photo, resPhone)

	// Audio from someone not registered: asked to register, nothing drafted; a sticker is still
	// answered as before.
	const stranger int64 = 778
	lb.ts.AddUser(telegramtest.User{ID: stranger, FirstName: "New", LanguageCode: "en"})
	if got := only(t, lb.answers(t, stranger, 0, lb.ts.SendAudio(stranger, 65, ""))); !shows(t, got.Text, EN, "free.not_registered") {
		t.Fatalf("audio from a stranger: %q", got.Text)
	}
	if got := only(t, lb.answers(t, zhUser, len(lb.ts.BotMessages(zhUser)), lb.ts.SendAudio(zhUser, 65, ""))); !strings.Contains(got.Text, words(ZH, "media.audio", "1:05")) {
		t.Fatalf("audio draft: %q", got.Text)
	}

	// In a group, a voice message or a photo is nobody's order: no answer, no draft.
	lb.drain(t)
	drafts := func() (n int) {
		_ = lb.readDB(t).QueryRow(`SELECT (SELECT count(*) FROM orders) + (SELECT count(*) FROM conversations)`).Scan(&n)
		return n
	}
	was := drafts()
	if got := lb.answers(t, grpA1, len(lb.ts.BotMessages(grpA1)), lb.ts.SendGroupVoice(grpA1, zhUser, 12)); len(got) != 0 {
		t.Fatalf("a voice message in the group was answered: %+v", got)
	}
	if got := lb.answers(t, grpA1, len(lb.ts.BotMessages(grpA1)), lb.ts.SendGroupPhoto(grpA1, zhUser, "胰岛素")); len(got) != 0 {
		t.Fatalf("a photo in the group was answered: %+v", got)
	}
	if n := drafts(); n != was {
		t.Fatalf("orders and drafts went from %d to %d after media in the group", was, n)
	}
	lb.noneRefused(t)
}

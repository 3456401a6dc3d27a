package handlers

import (
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"linli/i18n"
	"linli/outbox"
	"linli/people"
	"linli/supplies"
)

// roundFlow is the guided /round: kind, title, items (one per line), cut-off, audience, hand-over
// (door, or pickup at a point with minutes per building) and, for a group buy, the minimum
// number of households. Each answer is checked as it comes. Last comes a preview of the round as
// households will see it, and how many it reaches, with Publish (or, for a group buy an admin
// must approve, Send for approval) and a button to change the title, the items, the time or the
// audience: nothing goes out to 2,000 households before its organiser has seen it.
func (h *Handlers) roundFlow() *flowDef {
	text := func(key, next string, check func(r *request, f *people.Flow, s string) error) step {
		return step{
			ask: func(r *request, f *people.Flow) error {
				q := key
				if f.Data["kind"] == string(supplies.Distribution) && freeQuestions[key] {
					q += "_free" // nobody signs up or pays: what each household gets, and from when
				}
				return r.reply(r.t(q), cancelRow(r, strings.TrimPrefix(key, "round.ask_")))
			},
			text: func(r *request, f *people.Flow, s string) (string, error) {
				if err := check(r, f, strings.TrimSpace(s)); err != nil {
					return "", err
				}
				if f.Data["editing"] == strings.TrimPrefix(key, "round.ask_") { // changed from the preview
					delete(f.Data, "editing")
					return "confirm", nil
				}
				return next, nil
			},
		}
	}
	return &flowDef{
		name: "round", cancel: "round.flow_cancelled", finish: h.finishRound, cancelInPlace: true,
		steps: map[string]step{
			"kind": h.choice("kind", "round.ask_kind", []string{"groupbuy", "distribution"}, "title"),
			"title": text("round.ask_title", "items", func(r *request, f *people.Flow, s string) error {
				if t := strings.TrimSpace(i18n.Clean(s)); t == "" || utf8.RuneCountInString(t) > supplies.MaxTitle {
					return userErr("round.flow_bad_title", supplies.MaxTitle)
				}
				f.Data["title"] = s
				return nil
			}),
			"items": text("round.ask_items", "cutoff", func(r *request, f *people.Flow, s string) error {
				n := 0
				for _, line := range strings.Split(s, "\n") {
					if strings.TrimSpace(line) == "" {
						continue
					}
					if _, err := supplies.ParseItem(line); err != nil {
						return h.refused(proposingRound, err) // what is wrong: the price, the max, the stock, the name
					}
					n++
				}
				if n == 0 || n > supplies.MaxItems {
					return userErr("round.flow_bad_items", supplies.MaxItems)
				}
				f.Data["items"] = s
				return nil
			}),
			"cutoff": text("round.ask_cutoff", "audience", func(r *request, f *people.Flow, s string) error {
				t, err := time.ParseInLocation("2006-01-02 15:04", s, h.o.Location)
				switch { // one question answered: its own answer, not the one-line usage
				case err != nil && f.Data["kind"] == string(supplies.Distribution): // it asked when the hand-out begins
					return userErr("round.flow_cutoff_format_free", r.unit.Now.In(h.o.Location).Add(24*time.Hour).Format("2006-01-02")+" 09:00")
				case err != nil:
					return userErr("round.flow_cutoff_format", r.unit.Now.In(h.o.Location).Add(24*time.Hour).Format("2006-01-02")+" 18:00")
				case !t.After(r.unit.Now):
					return userErr("round.flow_cutoff_past", h.localTime(r.unit.Now))
				}
				f.Data["cutoff"] = s
				return nil
			}),
			"audience": {
				ask:    h.askRoundAudience,
				text:   h.roundAudience,
				button: h.roundAudience,
			},
			"handover": h.choice("handover", "round.ask_handover", []string{"door", "pickup"}, "pickup"),
			"pickup": {
				ask: text("round.ask_pickup", "", nil).ask,
				text: func(r *request, f *people.Flow, s string) (string, error) {
					point, mins, _ := strings.Cut(s, ";")
					n, err := strconv.Atoi(strings.TrimSpace(mins))
					if strings.TrimSpace(point) == "" || err != nil || n < 1 || n > 240 {
						return "", userErr("round.bad_pickup")
					}
					f.Data["point"], f.Data["slot"] = strings.TrimSpace(point), strconv.Itoa(n)
					return afterHandover(f), nil
				},
			},
			"minimum": text("round.ask_minimum", "confirm", func(r *request, f *people.Flow, s string) error {
				n, err := strconv.Atoi(s)
				if err != nil || n < 0 || n > 100_000 {
					return userErr("round.bad_minimum")
				}
				f.Data["minimum"] = s
				return nil
			}),
			"confirm": {ask: h.askRoundPreview, button: h.pressRoundPreview},
		},
	}
}

// afterHandover is the step after the hand-over is known: a group buy's minimum; a distribution
// (every household gets it) has none, so its preview.
func afterHandover(f *people.Flow) string {
	if f.Data["kind"] == string(supplies.Distribution) {
		return "confirm"
	}
	return "minimum"
}

// roundEdits are the preview's buttons that go back to one question (its answer then returns to
// the preview); a new audience asks the hand-over again, which depends on it.
var roundEdits = []string{"title", "items", "cutoff", "audience"}

// askRoundPreview shows the round the flow describes as households will see it, how many it
// reaches, and what can still be changed.
func (h *Handlers) askRoundPreview(r *request, f *people.Flow) error {
	_, n, err := h.flowRound(r, f)
	if err != nil {
		return err
	}
	x, households, err := h.supplies.Preview(r.ctx, r.unit.Tx, n, r.unit.Now)
	if err != nil {
		return h.refused(proposingRound, err)
	}
	key, button, status := "round.preview", "round.publish_button", "round.status_to_publish"
	if n.NeedsApproval {
		key, button, status = "round.preview_approval", "round.propose_button", "round.status_to_propose"
	}
	rows := [][]outbox.Button{{flowButton("confirm", "go", r.label(button))}}
	var edits []outbox.Button
	for _, e := range roundEdits {
		edits = append(edits, flowButton("confirm", e, r.label("round.edit_"+e)))
	}
	rows = append(rows, edits[:2], edits[2:], cancelRow(r, "confirm"))
	night := ""
	if !n.NeedsApproval {
		night = h.nightNote(r) // its announcement is a notice like any other
	}
	return r.reply(r.t(key, i18n.Clip(x.Title, 60), i18n.Raw(h.roundFacts(r.lang(), x, status)), households)+night, rows...)
}

// pressRoundPreview publishes (or proposes) the round, the pressed preview becoming the outcome
// (its buttons gone), or goes back to the question to change.
func (h *Handlers) pressRoundPreview(r *request, f *people.Flow, v string) (string, error) {
	if v == "go" {
		r.replacePressed()
		return stepDone, nil
	}
	if !slices.Contains(roundEdits, v) {
		return "", userErr("error.stale_button")
	}
	if v != "audience" {
		f.Data["editing"] = v
	}
	return v, nil
}

// askRoundAudience asks who the round is for, with a button for everyone and one for each zone
// the sender may address (a building is typed).
func (h *Handlers) askRoundAudience(r *request, f *people.Flow) error {
	w, err := h.rounder(r)
	if err != nil {
		return err
	}
	var rows [][]outbox.Button
	if w.scope.All {
		rows = append(rows, []outbox.Button{flowButton("audience", "all", r.label("round.audience_all"))})
	}
	for _, z := range h.o.Zones {
		if w.scope.Covers(z.Key) && len(rows) < maxAudienceButtons {
			rows = append(rows, []outbox.Button{flowButton("audience", "zone:"+z.Key, "📍 "+z.Name)})
		}
	}
	return r.reply(r.t("round.ask_audience"), append(rows, cancelRow(r, "audience"))...)
}

// maxAudienceButtons keeps the audience question's keyboard to a screen; other zones are typed.
const maxAudienceButtons = 12

// roundAudience takes the audience; one that reaches a sealed zone is delivered to the door
// (its residents may not leave home), so the hand-over question is skipped with a word why.
func (h *Handlers) roundAudience(r *request, f *people.Flow, s string) (string, error) {
	a, err := supplies.ParseAudience(strings.TrimSpace(s), func(k string) bool { _, ok := h.o.Zones.Find(k); return ok })
	if err != nil {
		return "", userErr("round.flow_bad_audience", i18n.Raw(h.zoneKeys()))
	}
	w, err := h.rounder(r)
	if err != nil {
		return "", err
	}
	if !w.covers(a) {
		return "", userErr("round.not_your_zone", a)
	}
	if n, err := supplies.Households(r.ctx, r.unit.Tx, a); err != nil {
		return "", err
	} else if n == 0 { // a mistyped building: asked again, not found out after the last question
		return "", userErr("round.flow_empty_audience", a)
	}
	f.Data["audience"] = a
	sealed := h.supplies.SealedIn(a)
	if len(sealed) == 0 {
		return "handover", nil
	}
	f.Data["handover"] = string(supplies.Door)
	if err := r.reply(r.t("round.door_sealed", strings.Join(sealed, ", "))); err != nil {
		return "", err
	}
	return afterHandover(f), nil
}

// freeQuestions are the guided /round's questions asked otherwise of a distribution ("…_free").
var freeQuestions = map[string]bool{"round.ask_items": true, "round.ask_cutoff": true}

// choice is a step answered by one of values' buttons; the handover step skips the pickup
// question for door delivery, and a distribution skips the minimum.
func (h *Handlers) choice(name, key string, values []string, next string) step {
	return step{
		ask: func(r *request, f *people.Flow) error {
			var row []outbox.Button
			for _, v := range values {
				row = append(row, flowButton(name, v, r.label("round.choice_"+v)))
			}
			return r.reply(r.t(key), row, cancelRow(r, name))
		},
		button: func(r *request, f *people.Flow, v string) (string, error) {
			ok := false
			for _, x := range values {
				ok = ok || x == v
			}
			if !ok {
				return "", userErr("error.stale_button")
			}
			f.Data[name] = v
			switch {
			case name == "handover" && v == "door":
				return afterHandover(f), nil
			}
			return next, nil
		},
	}
}

// finishRound creates the round the flow described.
func (h *Handlers) finishRound(r *request, f *people.Flow) error {
	w, n, err := h.flowRound(r, f)
	if err != nil {
		return err
	}
	return h.createRound(r, w, n)
}

// flowRound is the round the flow describes, by the sender (who must still be allowed to run
// rounds).
func (h *Handlers) flowRound(r *request, f *people.Flow) (rounder, supplies.NewRound, error) {
	w, err := h.rounder(r)
	if err != nil {
		return w, supplies.NewRound{}, err
	}
	n := supplies.NewRound{Kind: supplies.Kind(f.Data["kind"]), Title: f.Data["title"], Audience: f.Data["audience"],
		Handover: supplies.Handover(f.Data["handover"]), PickupPoint: f.Data["point"]}
	n.Cutoff, _ = time.ParseInLocation("2006-01-02 15:04", f.Data["cutoff"], h.o.Location)
	n.SlotMinutes, _ = strconv.Atoi(f.Data["slot"])
	n.MinHouseholds, _ = strconv.Atoi(f.Data["minimum"])
	for _, line := range strings.Split(f.Data["items"], "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		it, err := supplies.ParseItem(line)
		if err != nil {
			return w, n, userErr("round.bad_item")
		}
		n.Items = append(n.Items, it)
	}
	n.CreatedBy, n.NeedsApproval = r.user.ID, w.needsApproval(n)
	return w, n, nil
}

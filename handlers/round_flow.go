package handlers

import (
	"strconv"
	"strings"
	"time"

	"linli/i18n"
	"linli/outbox"
	"linli/people"
	"linli/supplies"
)

// roundFlow is the guided /round: kind, title, items (one per line), cut-off, audience, hand-over
// (door, or pickup at a point with minutes per building) and, for a group buy, the minimum
// number of households. Each answer is checked by the supplies package as it comes.
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
				return next, nil
			},
		}
	}
	return &flowDef{
		name: "round", cancel: "round.flow_cancelled", finish: h.finishRound,
		steps: map[string]step{
			"kind": h.choice("kind", "round.ask_kind", []string{"groupbuy", "distribution"}, "title"),
			"title": text("round.ask_title", "items", func(r *request, f *people.Flow, s string) error {
				f.Data["title"] = s
				return nil
			}),
			"items": text("round.ask_items", "cutoff", func(r *request, f *people.Flow, s string) error {
				for _, line := range strings.Split(s, "\n") {
					if _, err := supplies.ParseItem(line); err != nil && strings.TrimSpace(line) != "" {
						return userErr("round.bad_item")
					}
				}
				f.Data["items"] = s
				return nil
			}),
			"cutoff": text("round.ask_cutoff", "audience", func(r *request, f *people.Flow, s string) error {
				t, err := time.ParseInLocation("2006-01-02 15:04", s, h.o.Location)
				switch { // one question answered: its own answer, not the one-line usage
				case err != nil:
					return userErr("round.flow_cutoff_format", r.unit.Now.In(h.o.Location).Add(24*time.Hour).Format("2006-01-02")+" 18:00")
				case !t.After(r.unit.Now):
					return userErr("round.flow_cutoff_past", h.localTime(r.unit.Now))
				}
				f.Data["cutoff"] = s
				return nil
			}),
			"audience": {
				ask:  text("round.ask_audience", "", nil).ask,
				text: h.roundAudience,
			},
			"handover": h.choice("handover", "round.ask_handover", []string{"door", "pickup"}, "pickup"),
			"pickup": text("round.ask_pickup", "minimum", func(r *request, f *people.Flow, s string) error {
				point, mins, _ := strings.Cut(s, ";")
				n, err := strconv.Atoi(strings.TrimSpace(mins))
				if strings.TrimSpace(point) == "" || err != nil || n < 1 || n > 240 {
					return userErr("round.bad_pickup")
				}
				f.Data["point"], f.Data["slot"] = strings.TrimSpace(point), strconv.Itoa(n)
				return nil
			}),
			"minimum": text("round.ask_minimum", stepDone, func(r *request, f *people.Flow, s string) error {
				n, err := strconv.Atoi(s)
				if err != nil || n < 0 || n > 100_000 {
					return userErr("round.bad_minimum")
				}
				f.Data["minimum"] = s
				return nil
			}),
		},
	}
}

// roundAudience takes the audience; one that reaches a sealed zone is delivered to the door
// (its residents may not leave home), so the hand-over question is skipped with a word why.
func (h *Handlers) roundAudience(r *request, f *people.Flow, s string) (string, error) {
	a, err := supplies.ParseAudience(strings.TrimSpace(s), func(k string) bool { _, ok := h.o.Zones.Find(k); return ok })
	if err != nil {
		return "", userErr("round.flow_bad_audience", i18n.Raw(h.zoneKeys()))
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
	if f.Data["kind"] == string(supplies.Distribution) {
		return stepDone, nil
	}
	return "minimum", nil
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
			case name == "handover" && v == "door" && f.Data["kind"] == "distribution":
				return stepDone, nil
			case name == "handover" && v == "door":
				return "minimum", nil
			}
			return next, nil
		},
	}
}

// finishRound creates the round the flow described.
func (h *Handlers) finishRound(r *request, f *people.Flow) error {
	w, err := h.rounder(r)
	if err != nil {
		return err
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
			return userErr("round.bad_item")
		}
		n.Items = append(n.Items, it)
	}
	return h.createRound(r, w, n)
}

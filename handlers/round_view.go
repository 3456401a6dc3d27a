package handlers

import (
	"fmt"
	"strings"

	"linli/i18n"
	"linli/supplies"
)

// yuan renders a price in fen as "¥12.50".
func yuan(fen int64) string { return fmt.Sprintf("¥%d.%02d", fen/100, fen%100) }

// itemLine renders one item: number, name, price per unit, the household maximum and stock left;
// a distribution's, what each household is given.
func itemLine(lang string, kind supplies.Kind, it supplies.Item) string {
	price := ""
	if it.Price > 0 {
		price = " · " + yuan(it.Price)
		if it.Unit != "" {
			price += "/" + it.Unit
		}
	}
	left := ""
	switch l := it.Left(); {
	case l == 0:
		left = " · " + i18n.T(lang, "round.sold_out")
	case l > 0:
		left = " · " + i18n.T(lang, "round.left", l)
	}
	if kind == supplies.Distribution { // no price, no sign-up: what each household is given
		return i18n.T(lang, "round.item_free", it.No, i18n.Clip(it.Name, 60), it.Max, unitAfter(lang, it.Unit, int64(it.Max)))
	}
	if !it.Capped() {
		return i18n.T(lang, "round.item_any", it.No, i18n.Clip(it.Name, 60), i18n.Raw(i18n.Escape(price)), i18n.Raw(left))
	}
	return i18n.T(lang, "round.item", it.No, i18n.Clip(it.Name, 60), i18n.Raw(i18n.Escape(price)), it.Max, i18n.Raw(left))
}

// roundSummary renders a round's facts and items (HTML).
func (h *Handlers) roundSummary(lang string, x supplies.Round) string {
	status := "round.status_" + string(x.Status)
	if x.Kind == supplies.Distribution && x.Status == supplies.StatusOpen { // nobody signs up: it is announced
		status = "round.status_open_free"
	}
	return h.roundFacts(lang, x, status)
}

// roundFacts is roundSummary with the status line's state given by its catalogue key: a preview
// says what the round will be, not a state it is not in yet.
func (h *Handlers) roundFacts(lang string, x supplies.Round, status string) string {
	var b strings.Builder
	cutoff := "round.cutoff"
	if x.Kind == supplies.Distribution { // handed out from its time
		cutoff = "round.cutoff_free"
	}
	b.WriteString(i18n.T(lang, "round.kind_"+string(x.Kind)) + " · " + i18n.T(lang, status))
	if x.Kind == supplies.GroupBuy && !x.ClosedAt.IsZero() && x.ClosedAt.Before(x.Cutoff) { // closed early: when it really closed
		b.WriteString("\n" + i18n.T(lang, "round.closed_early", h.localTime(x.ClosedAt), h.localTime(x.Cutoff), i18n.Clip(x.Audience, 60)))
	} else {
		b.WriteString("\n" + i18n.T(lang, cutoff, h.localTime(x.Cutoff), i18n.Clip(x.Audience, 60)))
	}
	b.WriteString(h.roundTerms(lang, x))
	for _, it := range x.Items {
		b.WriteString("\n" + itemLine(lang, x.Kind, it))
	}
	return b.String()
}

// roundFigures are the lines, each after a newline, /rounds adds for those who run round x: the
// households signed up and, for a group buy, what they come to; once it is cut into batches, how
// many of its households are delivered.
func roundFigures(lang string, x supplies.Round, f supplies.Figures) string {
	var b strings.Builder
	switch x.Status {
	case supplies.StatusDraft, supplies.StatusApproved, supplies.StatusCancelled:
		return ""
	case supplies.StatusOpen:
		if x.Kind == supplies.Distribution { // nobody signs up: allocated at its time
			return ""
		}
	}
	if x.Kind == supplies.GroupBuy {
		b.WriteString("\n" + i18n.T(lang, "round.figures_signed", f.Households, yuan(f.Sum)))
		if f.Waiting > 0 {
			b.WriteString(i18n.T(lang, "round.figures_waiting", f.Waiting))
		}
	}
	switch {
	case x.Status == supplies.StatusOpen:
	case f.Deliveries == 0:
		b.WriteString("\n" + i18n.T(lang, "round.figures_nothing"))
	default:
		b.WriteString("\n" + i18n.T(lang, "round.figures_delivered", f.Delivered, f.Deliveries))
	}
	return b.String()
}

// roundTerms are the lines, each after a newline, that a household signing up must know besides
// the items: the minimum it goes ahead with, and where and when a pickup is.
func (h *Handlers) roundTerms(lang string, x supplies.Round) string {
	var b strings.Builder
	if x.MinHouseholds > 1 { // "goes ahead with 1 or more" says nothing
		b.WriteString("\n" + i18n.T(lang, "round.minimum", x.MinHouseholds))
	}
	if x.Handover == supplies.Pickup {
		b.WriteString("\n" + i18n.T(lang, "round.pickup", i18n.Clip(x.PickupPoint, 60), x.SlotMinutes, h.localTime(x.PickupStart)))
	}
	return b.String()
}

// unitAfter is an item's unit as it follows n of it in lang: " 袋", " bag", " bags", or nothing
// for none. An English word the organiser typed is made plural after any n but one.
func unitAfter(lang, unit string, n int64) string {
	if unit = i18n.Clip(unit, 10); unit == "" {
		return ""
	}
	if lang == i18n.EN && n != 1 {
		unit = englishPlural(unit)
	}
	return " " + unit
}

// englishPlural is the plural of a lower-case English word ("box" → "boxes", "bottle" →
// "bottles", "family" → "families"); anything else (Chinese, an abbreviation such as kg or ml, a
// word already ending in s) is left as it is.
func englishPlural(w string) string {
	for _, c := range w {
		if c < 'a' || c > 'z' {
			return w
		}
	}
	switch {
	case len(w) < 3 || strings.HasSuffix(w, "s") || !strings.ContainsAny(w, "aeiouy"): // kg, ml, pcs
		return w
	case strings.HasSuffix(w, "x"), strings.HasSuffix(w, "z"), strings.HasSuffix(w, "ch"), strings.HasSuffix(w, "sh"):
		return w + "es"
	case strings.HasSuffix(w, "y") && !strings.ContainsRune("aeiou", rune(w[len(w)-2])):
		return w[:len(w)-1] + "ies"
	}
	return w + "s"
}

// totalsText renders supplier totals (HTML).
func totalsText(lang string, x supplies.Round, totals []supplies.Total) string {
	var b strings.Builder
	b.WriteString(i18n.T(lang, "round.totals_title", x.ID, i18n.Clip(x.Title, 60)))
	var sum int64
	free := x.Kind == supplies.Distribution // quantities to hand out: no money
	for _, t := range totals {
		if free {
			b.WriteString("\n" + i18n.T(lang, "round.total_line_free", t.No, i18n.Clip(t.Name, 60), t.Quantity,
				unitAfter(lang, t.Unit, t.Quantity), t.Households))
			continue
		}
		b.WriteString("\n" + i18n.T(lang, "round.total_line", t.No, i18n.Clip(t.Name, 60), t.Quantity,
			unitAfter(lang, t.Unit, t.Quantity), t.Households, yuan(t.Price*t.Quantity)))
		sum += t.Price * t.Quantity
	}
	if !free {
		b.WriteString("\n" + i18n.T(lang, "round.total_sum", yuan(sum)))
	}
	return b.String()
}

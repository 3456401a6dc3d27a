package handlers

import (
	"linli/checkins"
	"linli/notices"
	"linli/orders"
	"linli/people"
	"linli/records"
	"linli/supplies"
	"slices"
)

// composedKeys lists, for each literal a key is composed from, every key the code can make
// from it, from the domain's own lists where it has them: a value added there without its text
// fails TestCatalogue_EveryKeyInTheCodeExists.
func composedKeys() map[string][]string {
	statuses := []orders.Status{orders.StatusOpen, orders.StatusClaimed, orders.StatusDelivered,
		orders.StatusReceived, orders.StatusCancelled, orders.StatusExpired}
	var roles []string
	for _, r := range people.AllRoles {
		roles = append(roles, r, r+".about")
	}
	var cats, items []string
	for _, c := range orders.DefaultCategories() {
		cats = append(cats, c.Key)
		items = append(items, c.Items...)
	}
	var told []string
	for kind := range householdTold {
		if kind == orders.EventUndelivered { // told with the reason: notify.undelivered.<reason>
			told = append(told, kind+"."+orders.ReasonUndone, kind+"."+orders.ReasonNotReceived)
			continue
		}
		told = append(told, kind)
	}
	return map[string][]string{
		"role.":           prefixed("role.", roles...),
		"checkin.answer.": prefixed("checkin.answer.", string(checkins.Fine), string(checkins.Help), string(checkins.Symptoms)),
		"monitor.":        prefixed("monitor.", "on", "off"),
		"export.what.":    prefixed("export.what.", records.Kinds...),
		"flow.lapsed.":    prefixed("flow.lapsed.", "order", "register", "grant", "draft", "round", "cancelround", "callback", "handover"),
		"status.":         prefixed("status.", strs(statuses)...),
		"next.":           prefixed("next.", strs(statuses)...),
		"guided.day.":     prefixed("guided.day.", "0", "1", "2", "3", "4", "5", "6"),
		"notices.state.": prefixed("notices.state.", notices.RunPending, notices.RunExpanding, notices.RunSending,
			notices.RunPaused),
		"notify.":        prefixed("notify.", told...),
		"queue.told_":    prefixed("queue.told_", orders.EventCancelled, orders.EventReceived),
		"note.":          prefixed("note.", "door", "call"),
		"order.refused_": prefixed("order.refused_", "cancel", "received", "not_received"),
		"round.refused_": prefixed("round.refused_", "close", "cancel", "approve", "decline"),
		"order.why_": slices.Concat(prefixed("order.why_cancel.", strs(statuses)...),
			prefixed("order.why_received.", strs(statuses)...), prefixed("order.why_not_received.", strs(statuses)...)),
		"order.ask_items.": prefixed("order.ask_items.", strs([]orders.Shape{orders.ShapeDelivery, orders.ShapePickup, orders.ShapeWork, orders.ShapeRemote})...),
		"cat.":             prefixed("cat.", cats...),
		"order.example.":   prefixed("order.example.", cats...),
		"item.":            prefixed("item.", items...),
		"vuln.":            prefixed("vuln.", people.Vulnerabilities...),
		"web.audience_":    prefixed("web.audience_", notices.AudienceAll, notices.AudienceResidents, notices.AudienceVolunteers),
		"batch.stop_":      prefixed("batch.stop_", supplies.StopPending, supplies.StopDelivered, supplies.StopNobodyHome, supplies.StopReceived),
		"round.closed_":    prefixed("round.closed_", "closed", "cancelled", "closed_none", "cancelled_none"),
		"round.file_":      prefixed("round.file_", records.WhatRound, records.WhatPickList),
		"round.choice_": append(prefixed("round.choice_", strs([]supplies.Kind{supplies.GroupBuy, supplies.Distribution})...),
			prefixed("round.choice_", strs([]supplies.Handover{supplies.Door, supplies.Pickup})...)...),
		"round.edit_":   prefixed("round.edit_", roundEdits...),
		"batch.status_": prefixed("batch.status_", supplies.BatchOpen, supplies.BatchClaimed, supplies.BatchDone, supplies.BatchCancelled),
		"round.":        prefixed("round.", supplies.EventSlotSoon, supplies.EventSlotStart),
		"cards.task_":   prefixed("cards.task_", orders.EventDelivered, orders.EventReleased, orders.EventCancelled, orders.EventReceived),
		"free.": prefixed("free.", strs([]orders.Intent{orders.IntentGreeting, orders.IntentThanks, orders.IntentQuestion,
			orders.IntentNothing})...),
		"media.":      prefixed("media.", orders.MediaVoice, orders.MediaAudio),
		"round.kind_": prefixed("round.kind_", strs([]supplies.Kind{supplies.GroupBuy, supplies.Distribution})...),
		"round.status_": prefixed("round.status_", strs([]supplies.Status{supplies.StatusDraft, supplies.StatusApproved,
			supplies.StatusOpen, supplies.StatusClosed, supplies.StatusDelivering, supplies.StatusDone, supplies.StatusCancelled})...),
	}
}

func prefixed(prefix string, values ...string) []string {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = prefix + v
	}
	return out
}

func strs[S ~string](in []S) []string {
	out := make([]string, len(in))
	for i, s := range in {
		out[i] = string(s)
	}
	return out
}

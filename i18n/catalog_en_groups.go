package i18n

// catalogENGroups holds the texts of group queue mirrors, the SLA sweep, daily orders and /stats
// (en).
var catalogENGroups = map[string]string{
	"cmd.stats":       "Orders open, claimed and overdue; today's times",
	"cmd.bindqueue":   "In a group: post new orders here: /bindqueue [zone ...]",
	"cmd.unbindqueue": "In a group: stop posting new orders here",

	"groups.in_group_only":      "Send %s in the group chat that should show the queue (add me to the group first).",
	"groups.unknown_zone":       "There is no zone “%s”; nothing changed.\nZones: %s\nUsage: /bindqueue [zone ...]; no zone means all zones.",
	"groups.bound_backlog":      "Orders already waiting: %d, posted below.",
	"groups.bound_backlog_more": "The %d most pressing orders already waiting are posted below; volunteers see the rest with /queue.",
	"groups.bound":              "✅ New orders of %s will be posted in this group, each with a Claim button.\nWhoever claims one gets the address from me in a private chat, so volunteers should start a chat with me first. /unbindqueue stops it.",
	"groups.unbind_usage":       "Usage: /unbindqueue, in the group, with nothing after it.",
	"groups.not_bound":          "This group shows no queue. /bindqueue [zone ...] makes it show one.",
	"groups.unbound":            "New orders are no longer posted here. Cards already here are still kept up to date.",
	"groups.items_discreet":     "(what it asks for is shown to the volunteer who claims it)",
	"groups.lang_set":           "OK: what I post in this group is in English from now on.",
	"groups.card_new":           "🆕 <b>New order</b>: tap Claim to take it; the address is sent to you privately.\n\n%s",
	"groups.card_taken_by":      "✅ <b>Taken by %s</b>. Thank you!\n\n%s",
	"groups.card_taken":         "✅ <b>Taken by a volunteer</b>. Thank you!\n\n%s",
	"groups.card_cancelled":     "✖ <b>Cancelled by the household</b>: nothing to do.\n\n%s",
	"groups.card_expired":       "⌛ <b>Withdrawn</b>: it waited too long.\n\n%s",
	"groups.card_open_again":    "🔄 <b>Waiting for a volunteer again</b>: tap Claim to take it.\n\n%s",

	"sla.under_a_minute":  "under a minute",
	"sla.minutes":         "%d min",
	"sla.hours":           "%d h %d min",
	"sla.date_time":       "%d/%d %s",
	"sla.remind":          "⏰ Order #%d is overdue by %s. Please deliver it now and tap Delivered, or release it so someone else can. If it is not delivered by %s, it goes back to the queue.\n\n%s",
	"sla.released_admin":  "↩️ Order #%d was not delivered in time by %s (ID %d) and is back in the queue (placed %s ago).\n\n%s",
	"sla.escalated_admin": "⏰ Order #%d has waited %s and nobody has taken it. It is now offered to every volunteer on duty who takes its category, in any zone (%d told).\n\n%s",
	"sla.widened":         "⏰ Order #%d has waited %s and nobody has taken it yet. Can you help, even outside your usual zone?\n\n%s",
	"sla.waiting_in_zone": "⏰ Order #%d in your area has waited %s and nobody has taken it yet. Can you take it?\n\n%s",

	"daily.reopened":     "🔁 Your daily order #%d is open again for today:\n\n%s",
	"daily.placed_again": "🔁 Your daily order #%d comes again today as #%d:\n\n%s\n\nTo stop it, cancel today's order.",

	"stats.title":      "📊 <b>Orders</b> at %s (%s)",
	"stats.totals":     "Open %d · claimed %d · overdue %d",
	"stats.zone":       "<b>%s</b>",
	"stats.row":        "· %s: open %d, claimed %d, overdue %d",
	"stats.more":       "…and %d more lines.",
	"stats.today":      "<b>Today</b>: median time to claim %s (orders claimed: %d); to deliver %s (delivered: %d).",
	"stats.usage":      "Usage: /stats, with nothing after it.",
	"stats.no_data":    "—",
	"stats.volunteers": "Volunteers on duty: %d of %d.",
	"stats.checkins":   "Health check-ins today: %d answered of %d asked.",
	"stats.rounds":     "Supply rounds: %d open, %d being delivered (/rounds).",
}

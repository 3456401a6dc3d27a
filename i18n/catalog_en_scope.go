package i18n

// catalogENScope holds the English texts of scoped roles: which zones a role covers, and the
// refusals that name them.
var catalogENScope = map[string]string{
	"scope.all":          "all zones",
	"scope.zones":        "zones %s",
	"scope.unknown_zone": "There is no zone %s. Zones: %s. Nothing changed.",
	"scope.outside":      "You hold this role for %s only: %s is outside them. Nothing changed.",
	"scope.global_only":  "Only an admin of all zones can do this; you hold %s. Nothing changed.",
}

// catalogENPlace holds the English texts of where commands run.
var catalogENPlace = map[string]string{
	"place.private_only": "Please send me this in a private chat: what it shows or changes is nobody else's business.",
	"place.open_private": "Open the private chat",
}

// catalogENRevoke holds the English texts of what a revocation ends.
var catalogENRevoke = map[string]string{
	"revoke.back_in_queue": "↩️ Back in the queue for other volunteers: %s.",
	"revoke.batch_item":    "B%d (%s)",
	"revoke.item_sep":      ", ",
}

// catalogENSanity holds the English texts of refused input (issue 12).
var catalogENSanity = map[string]string{
	"schedule.never":           "“%s” never fires within a year (a 30 February, say), so nothing would ever be sent. Nothing was scheduled.",
	"schedule.preview":         "📋 <b>Preview of schedule N%d</b>\n<code>%s</code> would send to <b>%s</b> people (%s) more often than once an hour, first at %s (%s). More than %d people need your confirmation: check the text as they will see it and press Schedule. Nothing is scheduled yet.",
	"schedule.button_confirm":  "🗓 Schedule for %s people",
	"schedule.confirmed_toast": "Schedule N%d started.",
}

// catalogENAddress holds the English question when a typed address names no building.
var catalogENAddress = map[string]string{
	"register.which_building": "Which building is “%s” in? Please write the building first, then the room, e.g. <code>3号楼 2单元 501</code>, <code>3-2-501</code> or <code>Building 3, Room 301</code>. Nothing was registered.",
}

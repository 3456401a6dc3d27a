package i18n

// catalogENFree holds the texts of orders made from free text (en).
var catalogENFree = map[string]string{
	"free.greeting":            "👋 Hello! I help the neighbourhood get what it needs while we stay home. Just type what you need (for example “rice and eggs”), send a voice message or a photo of your list, or tap a button:",
	"free.thanks":              "😊 You are welcome! Stay well. Anything else? Type it, or tap a button:",
	"free.question":            "🙋 Good question. To order, just type what you need (for example “rice and eggs”) or tap “Order help”; /help lists everything I can do. Or tap a button:",
	"free.nothing":             "🙂 Type what you need (for example “rice and eggs”), send a voice message or a photo of your list, or tap a button:",
	"free.not_registered":      "👋 Hello! To order help, please register your household first: tap “Order help” or send /start.",
	"free.not_registered_kept": "👋 Hello! To order help, please register your household first: tap “Order help” or send /start. I will keep “%s” and make it an order once you are registered.",
	"free.too_long":            "That is too long for one order (at most %d characters). Please send a shorter list; nothing was ordered.",
	"free.staff":               "You serve the community, so you need no household of your own here. Your tasks are in /mytasks; once delivered, press “Delivered” on the task card, or send /deliver and the number (a photo may go with it). /help lists every command.",
	"free.earlier_not_placed":  "Your draft before this one (%s) was not placed: it could not go in the same order. Place this one, then send me the other again.",
	"free.received_which":      "Which delivery came? Tap its button:",
	"free.received_not_yet":    "None of your orders is marked delivered yet. Still on its way:",
	"free.where":               "Your orders under way:",
	"free.where_none":          "You have no order under way. To order, just tell me what you need.",
	"free.cancel_which":        "Which order do you want to cancel? Tap its button (I will ask once more):",
	"free.cancel_none":         "There is nothing to cancel: no order of yours is waiting.",
	"free.draft":               "📝 I read this as an order:\n\nCategory: <b>%s</b>\nWhat: %s\n\nTap ✅ to place it, or pick another category. Nothing is ordered until you tap.",
	"free.draft_pick":          "📝 I read this as an order:\n\nWhat: %s\n\nWhich kind of help is it? Pick a category; nothing is ordered until you confirm.",
	"free.place":               "Order as %s",
	"free.pick_first":          "Please pick a category first.",
}

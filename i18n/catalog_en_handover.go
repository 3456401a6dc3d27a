package i18n

// catalogENHandover holds the texts of hand-over codes (en): the household's code, the
// claimer's question, wrong tries, and the admins' notice of a refused delivery.
var catalogENHandover = map[string]string{
	"handover.your_code":    "🔑 Hand-over code: <b>%s</b>. Tell it to the volunteer only once the goods are in your hands; never send it to anyone.",
	"handover.ask":          "🔑 Order #%d: ask the household for its 4-digit hand-over code and type it here. Hand the goods over once it is right.",
	"handover.wrong":        "❌ That code is not right. %d tries left.",
	"handover.bad_format":   "Please type the 4 digits of the hand-over code, e.g. 0427.",
	"handover.locked":       "⛔ Delivery of #%d is refused: the hand-over code was wrong %d times. The zone's admins have been told; please keep the goods and wait for them to get in touch.",
	"handover.locked_admin": "⚠️ <b>Delivery refused</b>: order #%d (%s, %s). Volunteer %s (id %d) entered a wrong hand-over code %d times, so the order cannot be marked delivered. Please phone the household and the volunteer.",
	"handover.cancelled":    "Delivery not marked. Press Delivered again (or send /deliver id code) at the door.",
	"flow.lapsed.handover":  "The hand-over code was not entered within %d minutes. Press Delivered again (or send /deliver id code) at the door.",
}

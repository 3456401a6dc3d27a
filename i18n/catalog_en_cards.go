package i18n

// catalogENCards holds the texts of cards edited when their order changes (en).
var catalogENCards = map[string]string{
	"cards.queue_title":    "<b>Open orders for you</b> (kept up to date), urgent and vulnerable households first:",
	"cards.queue_gone":     "<b>#%d</b> · %s: no longer in the queue.",
	"cards.task_delivered": "📦 Order #%d marked delivered; the household is asked to confirm. The address is no longer shown here. Thank you!",
	"cards.task_moved":     "📍 Order #%d: the household changed its name, phone or address. This card is out of date: the new one is below.",
	"cards.task_released":  "↩️ Order #%d is no longer yours: it is back in the queue for another volunteer. The address is no longer shown here.",
	"cards.tasks_changed":  "📋 Your tasks changed: order #%d is %s. The addresses are no longer shown here; send /mytasks for the orders you hold now.",
	"cards.task_cancelled": "✖ Order #%d was cancelled by the household: nothing to deliver. The address is no longer shown here.",
	"cards.task_received":  "✅ The household found order #%d after all and confirmed it received: no need to bring it again. The address is no longer shown here. Thank you!",
}

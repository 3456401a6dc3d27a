package i18n

// catalogZHCards holds the texts of cards edited when their order changes (zh).
var catalogZHCards = map[string]string{
	"cards.queue_title":    "<b>可接的订单</b>（随时更新），紧急和需照顾的住户优先：",
	"cards.queue_gone":     "<b>#%d</b> · %s：已不在队列中。",
	"cards.task_delivered": "📦 订单 #%d 已标记送达，正在请居民确认。这里不再显示地址。谢谢您！",
	"cards.task_moved":     "📍 订单 #%d：居民改了姓名、电话或地址，这张卡片已过时，请看下面的新卡片。",
	"cards.task_released":  "↩️ 订单 #%d 已不归您：已退回队列，会由其他志愿者接。这里不再显示地址。",
	"cards.tasks_changed":  "📋 您的任务有变化：订单 #%d 现在是“%s”。这里不再显示地址；发送 /mytasks 查看您现在的任务。",
	"cards.task_cancelled": "✖ 订单 #%d 已被居民取消，不用再送。这里不再显示地址。",
	"cards.task_received":  "✅ 居民其实收到了订单 #%d，已确认收货，不用再送。这里不再显示地址。谢谢您！",
}

package i18n

// catalogZHHandover holds the texts of hand-over codes (zh): the household's code, the
// claimer's question, wrong tries, and the admins' notice of a refused delivery.
var catalogZHHandover = map[string]string{
	"handover.your_code":    "🔑 交接码：<b>%s</b>。东西送到您手上后再告诉志愿者，不要发给任何人。",
	"handover.ask":          "🔑 订单 #%d：请向居民要 4 位交接码，并在这里输入。交接码正确后再交付物品。",
	"handover.wrong":        "❌ 交接码不对。还可以试 %d 次。",
	"handover.bad_format":   "请输入 4 位数字的交接码，例如 0427。",
	"handover.locked":       "⛔ 订单 #%d 不能标记送达：交接码已经错了 %d 次。已通知本片区管理员，请先保管好物品，等管理员联系您。",
	"handover.locked_admin": "⚠️ <b>送达被拒</b>：订单 #%d（%s，%s）。志愿者 %s（id %d）输错交接码 %d 次，这个订单不能标记送达。请给居民和志愿者打电话核实。",
	"handover.cancelled":    "没有标记送达。到门口时再按“已送达”（或发送 /deliver 订单号 交接码）。",
	"flow.lapsed.handover":  "%d 分钟内没有输入交接码。到门口时再按“已送达”（或发送 /deliver 订单号 交接码）。",
}

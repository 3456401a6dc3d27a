package i18n

// catalogZHGroups holds the texts of group queue mirrors, the SLA sweep, daily orders and /stats
// (zh).
var catalogZHGroups = map[string]string{
	"cmd.stats":       "订单统计：待接、已接、超时；今天的用时",
	"cmd.bindqueue":   "在群里：把新订单发到这个群：/bindqueue [片区 ...]",
	"cmd.unbindqueue": "在群里：不再把新订单发到这个群",

	"groups.in_group_only":      "请在要显示订单的群里发送 %s（先把我拉进群）。",
	"groups.unknown_zone":       "没有片区“%s”，没有做任何改动。\n可用的片区：%s\n用法：/bindqueue [片区 ...]，不写片区则为所有片区。",
	"groups.bound_backlog":      "已经在等的订单有 %d 个，卡片发在下面。",
	"groups.bound_backlog_more": "已经在等的订单中最急的 %d 个发在下面；其余的志愿者用 /queue 查看。",
	"groups.bound":              "✅ %s的新订单会发到这个群，每张卡片都带“认领”按钮。\n认领的人会在和我的私聊里收到地址，所以志愿者请先和我私聊一次。/unbindqueue 停止。",
	"groups.unbind_usage":       "用法：在群里发送 /unbindqueue，后面不要加内容。",
	"groups.not_bound":          "这个群没有显示订单。/bindqueue [片区 ...] 可以让它显示。",
	"groups.unbound":            "新订单不再发到这个群。已经发出的卡片仍会更新状态。",
	"groups.items_discreet":     "（具体内容只给接单的志愿者看）",
	"groups.lang_set":           "好的：以后我在这个群里发的消息都用中文。",
	"groups.card_new":           "🆕 <b>新订单</b>：点“认领”接单，地址会私聊发给您。\n\n%s",
	"groups.card_taken_by":      "✅ <b>已被 %s 接单</b>，谢谢！\n\n%s",
	"groups.card_taken":         "✅ <b>已被志愿者接单</b>，谢谢！\n\n%s",
	"groups.card_cancelled":     "✖ <b>居民已取消</b>，不需要处理。\n\n%s",
	"groups.card_expired":       "⌛ <b>已撤回</b>：等待时间太长。\n\n%s",
	"groups.card_open_again":    "🔄 <b>重新等待志愿者</b>：点“认领”接单。\n\n%s",

	"sla.under_a_minute":  "不到 1 分钟",
	"sla.minutes":         "%d 分钟",
	"sla.hours":           "%d 小时 %d 分钟",
	"sla.date_time":       "%d月%d日 %s",
	"sla.remind":          "⏰ 订单 #%d 已超时 %s。请马上送达并点“已送达”，或者退回让别人接。如果到 %s 还没有送达，订单会退回队列。\n\n%s",
	"sla.released_admin":  "↩️ 订单 #%d 没有被 %s（ID %d）按时送达，已退回队列（下单于 %s前）。\n\n%s",
	"sla.escalated_admin": "⏰ 订单 #%d 已等了 %s，还没有人接。现在已推送给所有接这个类别的在岗志愿者，不限片区（通知了 %d 人）。\n\n%s",
	"sla.widened":         "⏰ 订单 #%d 已等了 %s，还没有人接。您能帮忙吗？不在您的片区也可以。\n\n%s",
	"sla.waiting_in_zone": "⏰ 您片区的订单 #%d 已经等了 %s，还没有人接。您能接吗？\n\n%s",

	"daily.reopened":     "🔁 您的每日订单 #%d 今天重新开放：\n\n%s",
	"daily.placed_again": "🔁 您的每日订单 #%d 今天继续，新订单号 #%d：\n\n%s\n\n不再需要的话，取消今天的订单即可。",

	"stats.title":      "📊 <b>订单统计</b> %s（%s）",
	"stats.totals":     "待接 %d · 已接 %d · 超时 %d",
	"stats.zone":       "<b>%s</b>",
	"stats.row":        "· %s：待接 %d，已接 %d，超时 %d",
	"stats.more":       "……还有 %d 行。",
	"stats.today":      "<b>今天</b>：接单用时中位数 %s（%d 单）；送达用时中位数 %s（%d 单）。",
	"stats.usage":      "用法：/stats，后面不要加内容。",
	"stats.no_data":    "—",
	"stats.volunteers": "在岗志愿者：%d 人（共 %d 人）。",
	"stats.checkins":   "今日健康打卡：已回答 %d / 已询问 %d 户。",
	"stats.rounds":     "物资轮次：%d 个进行中，%d 个配送中（/rounds）。",
}

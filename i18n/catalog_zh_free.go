package i18n

// catalogZHFree holds the texts of orders made from free text (zh).
var catalogZHFree = map[string]string{
	"free.greeting":            "👋 您好！我帮邻里在居家期间买菜、买药、清运垃圾。直接打字说需要什么（例如“大米和鸡蛋”），发语音或拍清单照片都可以，也可以点下面的按钮：",
	"free.thanks":              "😊 不客气！请多保重。还需要什么吗？直接打字，或点下面的按钮：",
	"free.question":            "🙋 好问题。下单只要直接打字说需要什么（例如“大米和鸡蛋”），或点“我要下单”；发送 /help 查看全部功能。也可以点下面的按钮：",
	"free.nothing":             "🙂 直接打字说需要什么（例如“大米和鸡蛋”），发语音或拍清单照片都可以，也可以点下面的按钮：",
	"free.not_registered":      "👋 您好！要下单，请先登记您的住户信息：点“我要下单”或发送 /start。",
	"free.not_registered_kept": "👋 您好！要下单，请先登记您的住户信息：点“我要下单”或发送 /start。您说的「%s」我先记下了，登记好后马上帮您做成订单。",
	"free.too_long":            "内容太长，一个订单最多 %d 个字。请发短一点的清单；没有下单。",
	"free.staff":               "您是社区的工作人员或志愿者，不需要登记住户。任务在 /mytasks；送到后点任务卡上的「已送达」，或发送 /deliver 编号（可以附一张照片）。发送 /help 查看全部命令。",
	"free.earlier_not_placed":  "前一个草稿（%s）没有下单：它不能和这个放在同一个订单里。请先下好这一单，再把那个重新发给我。",
	"free.received_which":      "哪一单收到了？请点对应的按钮：",
	"free.received_not_yet":    "您的订单还没有标记为已送达，还在路上的有：",
	"free.where":               "您正在进行的订单：",
	"free.where_none":          "您现在没有正在进行的订单。需要什么直接告诉我就行。",
	"free.cancel_which":        "要取消哪一单？请点对应的按钮（我会再确认一次）：",
	"free.cancel_none":         "没有可以取消的：您现在没有等待中的订单。",
	"free.draft":               "📝 我理解您要下单：\n\n类别：<b>%s</b>\n需要：%s\n\n点 ✅ 确认下单，或选择其他类别。点之前不会下单。",
	"free.draft_pick":          "📝 我理解您要下单：\n\n需要：%s\n\n请选择是哪类帮助；确认之前不会下单。",
	"free.place":               "按%s下单",
	"free.pick_first":          "请先选择类别。",
}

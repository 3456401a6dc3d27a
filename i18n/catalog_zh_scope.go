package i18n

// catalogZHScope holds the Chinese texts of scoped roles: which zones a role covers, and the
// refusals that name them.
var catalogZHScope = map[string]string{
	"scope.all":          "全部区域",
	"scope.zones":        "区域 %s",
	"scope.unknown_zone": "没有区域 %s。现有区域：%s。没有改动。",
	"scope.outside":      "您的权限只包括%s：%s 不在其中。没有改动。",
	"scope.global_only":  "只有管理全部区域的管理员才能这样做；您管理的是%s。没有改动。",
}

// catalogZHPlace holds the Chinese texts of where commands run.
var catalogZHPlace = map[string]string{
	"place.private_only": "请在与我的私聊中发送这个命令：涉及个人信息，不宜在群里显示。",
	"place.open_private": "打开私聊",
}

// catalogZHRevoke holds the Chinese texts of what a revocation ends.
var catalogZHRevoke = map[string]string{
	"revoke.back_in_queue": "↩️ 已退回队列，等待其他志愿者认领：%s。",
	"revoke.batch_item":    "B%d（%s）",
	"revoke.item_sep":      "、",
}

// catalogZHSanity holds the Chinese texts of refused input (issue 12).
var catalogZHSanity = map[string]string{
	"schedule.never":           "“%s”一年之内一次也不会触发（例如 2 月 30 日），通知永远不会发出。未排定。",
	"schedule.preview":         "📋 <b>定时通知 N%d 预览</b>\n<code>%s</code> 会每小时不止一次地发给 <b>%s</b> 人（%s），第一次在 %s（%s）。超过 %d 人需要您确认：请看一下他们收到的样子，再按“排定”。现在还没有排定。",
	"schedule.button_confirm":  "🗓 排定（%s 人）",
	"schedule.confirmed_toast": "定时通知 N%d 已排定。",
}

// catalogZHAddress holds the Chinese question when a typed address names no building.
var catalogZHAddress = map[string]string{
	"register.which_building": "“%s”在哪一栋楼？请先写楼号，再写门牌号，例如 <code>3号楼 2单元 501</code>、<code>3-2-501</code> 或 <code>Building 3, Room 301</code>。未登记。",
}

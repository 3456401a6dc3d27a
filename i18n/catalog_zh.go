package i18n

// catalogZHBasic is the Chinese catalogue. Entries are HTML; %s arguments are escaped by T.
var catalogZHBasic = map[string]string{
	"start.greeting": "您好，%s！我是<b>邻里</b>，社区封控期间的互助小帮手。\n\n" +
		"居民可以在这里下单买菜、买药、清运垃圾和请人帮忙；志愿者接单送到门口；社区管理员发布通知。\n\n" +
		"请先选择您的语言：",
	"start.lang_prompt":  "请选择语言 / Choose your language:",
	"lang.set":           "好的，以后我会用中文和您交流。发送 /help 查看可以使用的命令。",
	"lang.usage":         "用法：/lang zh 或 /lang en\n当前语言：中文",
	"lang.unknown":       "不支持这种语言。%s",
	"help.title":         "<b>您可以使用这些命令：</b>",
	"help.group_title":   "<b>在群里可以使用：</b>",
	"help.group_footer":  "下单、您的任务以及与您本人有关的一切，都在与我的私聊中进行：请点下面的按钮，再在私聊里发送 /help。",
	"help.admin_title":   "<b>管理员命令：</b>",
	"help.footer":        "有问题请联系您所在社区的网格员。\n您的用户 ID：<code>%d</code>",
	"cmd.start":          "开始 / 选择语言",
	"cmd.help":           "查看可用命令",
	"cmd.lang":           "切换语言（zh 或 en）",
	"unknown.command":    "我不认识这个命令：%s\n发送 /help 查看可以使用的命令。",
	"unknown.text":       "抱歉，我没有看懂。发送 /help 查看可以使用的命令。",
	"unknown.media":      "抱歉，我只能看懂文字消息和按钮。发送 /help 查看可以使用的命令。",
	"error.internal":     "抱歉，出了点问题，您的操作没有完成。请稍后再试一次。",
	"error.forbidden":    "您没有权限执行这个操作。",
	"error.stale_button": "这个按钮已经失效了。",
	"button.zh":          "中文",
	"button.en":          "English",
}

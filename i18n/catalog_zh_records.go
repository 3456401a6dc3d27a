package i18n

// catalogZHRecords holds the Chinese texts of exports and of linking to a household imported
// from a grid worker's list.
var catalogZHRecords = map[string]string{
	"cmd.export":             "导出 CSV：/export [orders|residents|volunteers]",
	"export.usage":           "用法：/export [orders|residents|volunteers]\norders：订单（默认）；residents：居民户；volunteers：志愿者及其接单情况。",
	"export.caption":         "📄 %s：共 %d 行（CSV，UTF-8，可用 Excel 或 WPS 打开）",
	"export.too_big":         "%s 的导出文件超过 Telegram 允许的 50 MB，请在服务器上运行 bot export。",
	"export.what.orders":     "订单",
	"export.what.residents":  "居民户",
	"export.what.volunteers": "志愿者",
	"register.found":         "社区的居民名单里有一户登记了这个电话：\n\n👤 %s\n📍 %s · %s\n\n这是您家吗？",
	"register.this_is_me":    "✅ 是我家",
	"register.not_me":        "不是我家",
	"register.linked":        "✅ 已关联到社区名单里的您家（户号 %[2]s）：\n\n%[1]s\n\n信息有误请发送 /profile 修改。需要帮助时发送 /order。",
	"register.link_taken":    "这一户刚刚已由别人关联。请点“不是我家”继续登记。",
}

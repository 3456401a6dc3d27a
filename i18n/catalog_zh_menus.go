package i18n

// catalogZHMenus holds the command menu's descriptions that differ by role (zh).
var catalogZHMenus = map[string]string{
	"cmd.register_other": "代居民登记住户（或登记自己家）",
	"cmd.order_other":    "替您服务的住户下单（或给自己家下单）",
}

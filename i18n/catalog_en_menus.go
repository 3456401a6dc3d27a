package i18n

// catalogENMenus holds the command menu's descriptions that differ by role (en).
var catalogENMenus = map[string]string{
	"cmd.register_other": "Register a resident's household (or your own)",
	"cmd.order_other":    "Order for a household you serve (or your own)",
}

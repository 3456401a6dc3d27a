package i18n

// catalogENRecords holds the English texts of exports and of linking to a household imported
// from a grid worker's list.
var catalogENRecords = map[string]string{
	"cmd.export":             "Records as CSV: /export [orders|residents|volunteers]",
	"export.usage":           "Usage: /export [orders|residents|volunteers]\norders: the orders (the default); residents: the households; volunteers: the volunteers and their work.",
	"export.caption":         "📄 %s, rows: %d (CSV, UTF-8; opens in Excel or WPS)",
	"export.too_big":         "The %s export is over the 50 MB Telegram allows; please run bot export on the server.",
	"export.what.orders":     "Orders",
	"export.what.residents":  "Households",
	"export.what.volunteers": "Volunteers",
	"register.found":         "Your community's list has a household with this phone number:\n\n👤 %s\n📍 %s · %s\n\nIs this your home?",
	"register.this_is_me":    "✅ This is me",
	"register.not_me":        "Not me",
	"register.linked":        "✅ Linked to your household from the community's list (household %[2]s):\n\n%[1]s\n\nIf something is wrong, send /profile to edit it. Send /order when you need help.",
	"register.link_taken":    "Someone else has just linked this household. Please tap “Not me” to go on registering.",
}

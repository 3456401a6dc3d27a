package i18n

// catalogENBasic is the English catalogue. Entries are HTML; %s arguments are escaped by T.
var catalogENBasic = map[string]string{
	"start.greeting": "Hello, %s! I am <b>Linli</b> (邻里), your neighbourhood's helper during the lockdown.\n\n" +
		"Residents can order groceries and medicine, ask for garbage pickup and other help here; " +
		"volunteers take the orders to your door; community admins post notices.\n\n" +
		"First, please choose your language:",
	"start.lang_prompt":  "请选择语言 / Choose your language:",
	"lang.set":           "OK, I will talk to you in English from now on. Send /help to see what you can do.",
	"lang.usage":         "Usage: /lang zh or /lang en\nCurrent language: English",
	"lang.unknown":       "That language is not supported. %s",
	"help.title":         "<b>Commands you can use:</b>",
	"help.group_title":   "<b>In this group:</b>",
	"help.group_footer":  "Ordering, your tasks and everything about you happen in a private chat with me: tap below, then send /help there.",
	"help.admin_title":   "<b>Admin commands:</b>",
	"help.footer":        "Questions? Ask your community's grid worker.\nYour user id: <code>%d</code>",
	"cmd.start":          "Start / choose language",
	"cmd.help":           "Show the commands you can use",
	"cmd.lang":           "Change language (zh or en)",
	"unknown.command":    "I don't know the command %s.\nSend /help to see what you can do.",
	"unknown.text":       "Sorry, I didn't understand that. Send /help to see what you can do.",
	"unknown.media":      "Sorry, I can only read text messages and buttons. Send /help to see what you can do.",
	"error.internal":     "Sorry, something went wrong and nothing was changed. Please try again in a moment.",
	"error.forbidden":    "You are not allowed to do that.",
	"error.stale_button": "This button has expired.",
	"button.zh":          "中文",
	"button.en":          "English",
}

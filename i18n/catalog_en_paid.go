package i18n

// catalogENPaid holds the texts of paid broadcasts (en): what the author of a notice is told
// when Telegram refuses to send it as a paid broadcast.
var catalogENPaid = map[string]string{
	"notice.paid_refused": "⚠️ Telegram refused to send notice N%d as a paid broadcast (%s): the bot's Stars balance is probably spent. It goes on at the free pace of 30 messages a second; everyone still gets it once. Top up the balance in @BotFather to go faster next time.",
}

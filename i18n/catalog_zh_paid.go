package i18n

// catalogZHPaid holds the texts of paid broadcasts (zh): what the author of a notice is told
// when Telegram refuses to send it as a paid broadcast.
var catalogZHPaid = map[string]string{
	"notice.paid_refused": "⚠️ Telegram 拒绝以付费广播发送通知 N%d（%s），机器人的星星（Stars）余额可能已用完。通知将以免费速度（每秒 30 条）继续发送，每人仍只收到一次。请在 @BotFather 充值，下次即可加速。",
}

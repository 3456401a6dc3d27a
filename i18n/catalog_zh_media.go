package i18n

// catalogZHMedia holds the texts of orders made from voice messages, audio and photos (zh).
var catalogZHMedia = map[string]string{
	"media.voice":   "🎤 语音订单（%s）",
	"media.audio":   "🎵 录音订单（%s）",
	"media.photo":   "📷 照片订单",
	"media.caption": "订单 #%d 居民发来的原始消息（只有您能看到）。",
}

package i18n

// catalogENMedia holds the texts of orders made from voice messages, audio and photos (en).
var catalogENMedia = map[string]string{
	"media.voice":   "🎤 voice order (%s)",
	"media.audio":   "🎵 audio order (%s)",
	"media.photo":   "📷 photo order",
	"media.caption": "The household's own message for order #%d (only you have it).",
}

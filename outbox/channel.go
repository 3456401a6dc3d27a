package outbox

import (
	"hash/fnv"
	"strings"
)

// ChannelChat is the chat id the outbox keys a channel's rows by when the channel is known by
// its "@username" only (Message.Channel): a stable negative number below every id Telegram
// gives a group or channel (-100 followed by at most 13 digits), so it never meets a real chat.
func ChannelChat(username string) int64 {
	h := fnv.New32a()
	h.Write([]byte(strings.ToLower(strings.TrimPrefix(username, "@"))))
	return -(1 << 60) - int64(h.Sum32())
}

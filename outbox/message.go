// Package outbox holds the messages waiting to be sent. Domain code adds rows inside its own
// transactions, so a state change and the messages it causes commit together; the sender in
// package telegram drains the table within Telegram's limits and records each outcome here.
package outbox

import (
	"strings"

	json "github.com/goccy/go-json"
)

// Kind says which Bot API call a Message becomes.
type Kind string

// The kinds of message the sender knows.
const (
	KindSend     Kind = ""         // sendMessage
	KindEdit     Kind = "edit"     // editMessageText of EditMessageID
	KindAnswer   Kind = "answer"   // answerCallbackQuery of CallbackQueryID
	KindDocument Kind = "document" // sendDocument with Document
	KindPhoto    Kind = "photo"    // sendPhoto of the Telegram file id Photo, Text as caption
	KindVoice    Kind = "voice"    // sendVoice of the Telegram file id File, Text as caption
	KindAudio    Kind = "audio"    // sendAudio of the Telegram file id File, Text as caption
	// KindCommands sets the command menu of the private chat ChatID (setMyCommands, scope chat)
	// to Commands, or removes it when there are none (deleteMyCommands): the chat then shows the
	// bot's default menu.
	KindCommands Kind = "commands"
)

// Priority orders the queue: replies to someone who just wrote go before notifications, which go
// before broadcasts.
type Priority int

// The priorities, most urgent first.
const (
	PriorityReply     Priority = 0
	PriorityNotify    Priority = 1
	PriorityBroadcast Priority = 2
)

// Message is one thing to send, already rendered in the recipient's language. Texts are HTML
// (Telegram's parse_mode "HTML"); whoever builds one escapes every user-supplied string.
type Message struct {
	Kind            Kind           `json:"kind,omitempty"`
	ChatID          int64          `json:"chat_id"`
	Text            string         `json:"text,omitempty"`
	Buttons         [][]Button     `json:"buttons,omitempty"`  // inline keyboard
	Keyboard        *ReplyKeyboard `json:"keyboard,omitempty"` // reply keyboard under the input field
	RemoveKeyboard  bool           `json:"remove_keyboard,omitempty"`
	EditMessageID   int            `json:"edit_message_id,omitempty"`
	CallbackQueryID string         `json:"callback_query_id,omitempty"`
	Alert           bool           `json:"alert,omitempty"` // answer as a pop-up instead of a toast
	Document        *Document      `json:"document,omitempty"`
	Photo           string         `json:"photo,omitempty"`    // a Telegram file id, for KindPhoto
	File            string         `json:"file,omitempty"`     // a Telegram file id, for KindVoice and KindAudio
	Commands        []Command      `json:"commands,omitempty"` // for KindCommands
	// EditOf is the outbox id of an earlier message to edit, for when its Telegram message id is
	// not known yet: Add takes that message's chat and priority (so the edit queues behind it)
	// and makes this a KindEdit; the sender resolves the message id when it sends (ResolveEdit).
	EditOf int64 `json:"edit_of,omitempty"`
	// Paid sends it as a paid broadcast (allow_paid_broadcast: up to 1,000 messages a second,
	// paid from the bot's Stars balance); the sender paces it on its own, faster, budget.
	Paid bool `json:"paid,omitempty"`
	// Channel is a public channel's "@username" to post to; ChatID is then ChannelChat(Channel),
	// the row's key for the chat's pace and reachability.
	Channel string `json:"channel,omitempty"`
}

// Button is an inline button: Data is sent back in a callback query (1–64 bytes), or URL opens.
type Button struct {
	Text string `json:"text"`
	Data string `json:"data,omitempty"`
	URL  string `json:"url,omitempty"`
}

// ReplyKeyboard replaces the user's keyboard with big buttons that send their text.
type ReplyKeyboard struct {
	Rows    [][]KeyButton `json:"rows"`
	OneTime bool          `json:"one_time,omitempty"`
}

// KeyButton is a reply-keyboard button; Contact asks Telegram to share the user's phone number.
type KeyButton struct {
	Text    string `json:"text"`
	Contact bool   `json:"contact,omitempty"`
}

// Command is one entry of a command menu: the command without its slash, and what it does.
type Command struct {
	Command     string `json:"command"`
	Description string `json:"description"`
}

// Document is a file sent as an attachment, with Text as its caption.
type Document struct {
	Name string `json:"name"`
	Data []byte `json:"data"`
}

// encode is m's payload: JSON, with <, > and & as they are. Messages are Telegram HTML, and
// json.Marshal's escapes (\u003c for each <) made a reply's payload a quarter longer and slower to
// read back (Row.Load) for nothing: the payload is never put in a web page.
func (m Message) encode() (string, error) {
	var b strings.Builder
	e := json.NewEncoder(&b)
	e.SetEscapeHTML(false)
	if err := e.Encode(m); err != nil {
		return "", err
	}
	return strings.TrimSuffix(b.String(), "\n"), nil
}

func decode(s string) (Message, error) {
	var m Message
	err := json.Unmarshal([]byte(s), &m)
	return m, err
}

package handlers

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/go-telegram/bot/models"
)

// command is a parsed "/name@bot args" message.
type command struct {
	Name string // lower case, without the slash and the @bot suffix
	Args string // the rest of the text, trimmed
}

// parseCommand reads the bot command at the start of m, if any. A command addressed to another
// bot ("/start@otherbot" in a group) is not ours. go-telegram/bot's own command matching does not
// accept the "@botname" form at all, so Linli matches commands itself.
func parseCommand(m *models.Message, botUsername string) (command, bool) {
	if m == nil {
		return command{}, false
	}
	text := m.Text
	if text == "" && len(m.Photo) > 0 {
		text = m.Caption // "/deliver 12" under a photo of the goods at the door
	}
	if !strings.HasPrefix(text, "/") {
		return command{}, false
	}
	head, rest, _ := strings.Cut(text, " ")
	if i := strings.IndexAny(head, "\n\t"); i >= 0 {
		head, rest = head[:i], text[i+1:]
	}
	name, target, addressed := strings.Cut(head[1:], "@")
	if addressed && !strings.EqualFold(target, botUsername) {
		return command{}, false
	}
	if name == "" || utf8.RuneCountInString(name) > 32 || !isCommandName(name) {
		return command{}, false
	}
	return command{Name: strings.ToLower(name), Args: strings.TrimSpace(rest)}, true
}

func isCommandName(s string) bool {
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_') {
			return false
		}
	}
	return true
}

// callbackData splits "verb:arg" button data.
func callbackData(s string) (verb, arg string) {
	verb, arg, _ = strings.Cut(s, ":")
	return verb, arg
}

// verbAndID reads a button's "<kind>:<verb>:<id>"; ok is false unless id is a positive number.
func verbAndID(s string) (verb string, id int64, ok bool) {
	_, rest := callbackData(s)
	verb, arg, _ := strings.Cut(rest, ":")
	id, err := strconv.ParseInt(arg, 10, 64)
	return verb, id, err == nil && id > 0
}

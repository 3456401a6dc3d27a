package handlers

import (
	"fmt"
	"strings"
)

// buttonKind is the first part of an inline button's callback data, "<kind>:<part>:...":
// Register sends every press of a kind to its one handler, and each kind's payloads are written
// only by kind.data.
type buttonKind string

// The kinds of button, each with the handler that takes its presses.
const (
	languageButtons  buttonKind = "lang" // /start's language choice: setLang
	flowButtons      buttonKind = "f"    // a guided flow's step: flowButton
	orderButtons     buttonKind = "o"    // /myorders: orderButton
	profileButtons   buttonKind = "p"    // /profile: profileButton
	menuButtons      buttonKind = "m"    // the resident's main menu: menuButton
	volunteerButtons buttonKind = "v"    // /join, duty, categories: volunteerButton
	queueButtons     buttonKind = "q"    // claim, deliver, release, pages: queueButton
	noticeButtons    buttonKind = "n"    // notices and the guided /schedule: noticeButton
	checkinButtons   buttonKind = "c"    // the daily check-in: checkinButton
	roundButtons     buttonKind = "r"    // supply rounds for admins: roundButton
	buyButtons       buttonKind = "b"    // /buy: buyButton
	batchButtons     buttonKind = "s"    // delivery batches: batchButton
	callbackButtons  buttonKind = "k"    // call-back tasks of grid workers: callbackButton
)

// maxCallbackData is Telegram's limit on a button's callback data, in bytes.
const maxCallbackData = 64

// data writes k's payload "<k>:<part>:<part>...". A payload over Telegram's 64 bytes would be
// refused with the whole message, so it is a bug: data panics (the handler's press fails and
// is logged; TestButtonData_UnderTelegramsLimit keeps the longest ones in check).
func (k buttonKind) data(parts ...string) string {
	s := string(k) + ":" + strings.Join(parts, ":")
	if len(s) > maxCallbackData {
		panic(fmt.Sprintf("handlers: callback data %q is over %d bytes", s, maxCallbackData))
	}
	return s
}

package handlers

import (
	"linli/outbox"
)

// place says where a command or a button may run. The zero value is the safe one.
type place int

const (
	privateOnly place = iota // shows or changes a person's data, or hands out a code or a link
	groupOnly                // manages the group it is sent in (a queue mirror)
	anywhere                 // shows nothing about anyone (/help, /lang)
)

// btnSpec is one button kind: the verb its callback data starts with ("q" in "q:c:12"), where
// its messages are, and its handler. A press is authorised again by the handler from its presser.
type btnSpec struct {
	verb  buttonKind
	where place
	run   handlerFunc
}

// buttons lists every button kind. Only queue cards are posted in groups: their Claim button
// answers the presser privately. Every other button sits under a private message.
func (h *Handlers) buttons() []btnSpec {
	return []btnSpec{
		{languageButtons, privateOnly, h.langButton},
		{flowButtons, privateOnly, h.flowButton},
		{orderButtons, privateOnly, h.orderButton},
		{profileButtons, privateOnly, h.profileButton},
		{menuButtons, privateOnly, h.menuButton},
		{volunteerButtons, privateOnly, h.volunteerButton},
		{queueButtons, anywhere, h.queueButton},
		{noticeButtons, privateOnly, h.noticeButton},
		{checkinButtons, privateOnly, h.checkinButton},
		{roundButtons, privateOnly, h.roundButton},
		{buyButtons, privateOnly, h.buyButton},
		{batchButtons, privateOnly, h.batchButton},
		{callbackButtons, privateOnly, h.gridWorkerOnly(h.callbackButton)},
	}
}

// placed wraps run so it runs only where it may. A private-only command in a group gets a short
// pointer to the private chat, with a button that opens it, and nothing else; a private-only
// button pressed in a group (a forged or forwarded one) gets the same as a pop-up and changes
// nothing. A group-only command in private says where to send it. This is the one place that
// says so: the handlers behind it do not test the chat again, nor have texts of their own for it.
func (h *Handlers) placed(where place, name string, run handlerFunc) handlerFunc {
	return func(r *request) error {
		switch {
		case where == privateOnly && !r.private:
			return h.pointToPrivate(r)
		case where == groupOnly && r.private:
			return userErr("groups.in_group_only", "/"+name)
		}
		return run(r)
	}
}

// pointToPrivate answers in a group: "send me this in a private chat", with a deep link to the
// bot. Nothing of the command ran.
func (h *Handlers) pointToPrivate(r *request) error {
	if r.callback != nil {
		return r.answer(r.label("place.private_only"), true)
	}
	return r.reply(r.t("place.private_only"), []outbox.Button{{Text: r.label("place.open_private"), URL: h.botLink()}})
}

// botLink opens the private chat with the bot.
func (h *Handlers) botLink() string { return "https://t.me/" + h.me }

// Places lists every command with where it may run ("private", "group", "anywhere"), for the
// test that walks the whole command table in a group.
func (h *Handlers) Places() map[string]string {
	out := map[string]string{}
	for _, c := range h.commands() {
		out[c.name] = c.where.String()
	}
	return out
}

// ButtonVerbs lists every button kind's verb with where it may run, like Places.
func (h *Handlers) ButtonVerbs() map[string]string {
	out := map[string]string{}
	for _, b := range h.buttons() {
		out[string(b.verb)] = b.where.String()
	}
	return out
}

func (p place) String() string {
	return [...]string{"private", "group", "anywhere"}[p]
}

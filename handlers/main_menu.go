package handlers

import (
	"strings"

	"linli/outbox"
)

// menu is the main menu of a registered resident: big buttons for what they do most.
func (h *Handlers) menu(r *request, text string) error {
	return r.reply(text,
		[]outbox.Button{{Text: "🛒 " + r.t("menu.order"), Data: menuButtons.data("order")}},
		[]outbox.Button{{Text: "📋 " + r.t("menu.orders"), Data: menuButtons.data("orders")}, {Text: "🏠 " + r.t("menu.profile"), Data: menuButtons.data("profile")}},
		[]outbox.Button{callButton(r, 0)},
		[]outbox.Button{{Text: "❓ " + r.t("menu.help"), Data: menuButtons.data("help")}})
}

// menuButton takes the main menu's buttons.
func (h *Handlers) menuButton(r *request) error {
	_, what := callbackData(r.callback.Data)
	if err := r.answer("", false); err != nil {
		return err
	}
	if what, arg, ok := strings.Cut(what, ":"); ok && what == "call" {
		return h.requestCallback(r, arg)
	}
	switch what {
	case "call":
		return h.requestCallback(r, "")
	case "order":
		return h.startOrder(r)
	case "orders":
		return h.myOrders(r)
	case "profile":
		return h.profile(r)
	case "help":
		return h.help(r)
	}
	return userErr("error.stale_button")
}

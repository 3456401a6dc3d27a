package handlers

import (
	"unicode/utf8"

	"linli/i18n"
	"linli/orders"
	"linli/people"
)

// Someone not registered who types what they need ("我要买点大米和鸡蛋") is told to register
// first, and the need is kept, as one typed where the name is asked is (f.Data["want"]): a "want"
// flow holds it, yields to whatever they type next, and hands it to the registration they start
// (the menu's order button, /start, /register), which drafts it once they are registered.

// wantFlow holds a need typed before registering. Its one step has no taker: any message ends
// it and is read as if none were running; asked again (a language pressed after /start), it
// starts the registration.
func (h *Handlers) wantFlow() *flowDef {
	return &flowDef{
		name:   "want",
		cancel: "order.cancelled",
		yields: true,
		quiet:  true,
		steps: map[string]step{
			"want": {ask: func(r *request, f *people.Flow) error { return h.startRegistration(r, nil) }},
		},
		finish: func(r *request, f *people.Flow) error { return nil },
	}
}

// keepWant answers a need typed by someone not registered: kept (added to one kept before) and
// said so, with the menu whose order button registers them. One too long to be an order is not
// kept.
func (h *Handlers) keepWant(r *request, want string) error {
	if old := r.yielded; old != nil && old.Name == "want" {
		want = joinItems(old.Data["want"], want)
		r.yielded = nil
	}
	if want == "" || utf8.RuneCountInString(want) > orders.MaxItems {
		return h.menu(r, r.t("free.not_registered"))
	}
	f := people.Flow{Name: "want", Step: "want", Data: map[string]string{"want": want}}
	if err := people.SaveFlow(r.ctx, r.unit.Tx, r.user.ID, f, r.unit.Now); err != nil {
		return err
	}
	return h.menu(r, r.t("free.not_registered_kept", want))
}

// keptWant is the need kept by the want flow, if one is running.
func (h *Handlers) keptWant(r *request) (string, error) {
	def, f, _, err := h.activeFlow(r)
	if err != nil || def == nil || def.name != "want" {
		return "", err
	}
	return f.Data["want"], nil
}

// startRegistration begins the guided registration with data, taking over a need kept before
// (said again, so they know it is not lost).
func (h *Handlers) startRegistration(r *request, data map[string]string) error {
	if data == nil {
		data = map[string]string{}
	}
	if data["for"] != "other" {
		want, err := h.keptWant(r)
		if err != nil {
			return err
		}
		if want != "" {
			data["want"] = want
			if err := r.reply(r.t("register.want_noted", i18n.Clip(want, orders.MaxItems))); err != nil {
				return err
			}
		}
	}
	return h.startFlow(r, h.flows()["register"], "name", data)
}

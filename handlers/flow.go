package handlers

import (
	"strings"
	"time"

	"linli/i18n"
	"linli/orders"
	"linli/outbox"
	"linli/people"
)

// flowTTL is how long a guided flow waits for its next answer before it lapses.
const flowTTL = 30 * time.Minute

// A guided flow is a few questions asked one at a time, with buttons where the answer is one of
// a few, and text where it is free. Its state lives in the conversations table (people.Flow), so
// a restart in the middle continues where the user was. Buttons carry "f:<step>:<value>": a press
// whose step is not the current one is stale and changes nothing.

// step is one question of a flow. ask sends it; text, button, contact and photo take an answer and
// return the next step ("" to stay, stepDone to finish). A nil taker means that kind of answer
// does not fit this question.
type step struct {
	ask     func(r *request, f *people.Flow) error
	text    func(r *request, f *people.Flow, s string) (string, error)
	button  func(r *request, f *people.Flow, v string) (string, error)
	contact func(r *request, f *people.Flow, phone string) (string, error)
	photo   func(r *request, f *people.Flow, fileID string) (string, error)
}

// stepDone ends a flow: its finish runs and the state is cleared.
const stepDone = "done"

// flowDef is a whole flow.
type flowDef struct {
	name   string
	steps  map[string]step
	finish func(r *request, f *people.Flow) error
	cancel string // catalogue key for "cancelled" (what was abandoned)
	// yields: a message that fits no step ends the flow and is read as if none were running
	// (the draft of a free-text order: the next text is a new draft).
	yields bool
	// residents: a flow a resident is in (register, order, draft), where words of an emergency
	// are answered as such before any step reads them; the flow stays where it was.
	residents bool
	// photo, when set, takes a photo the current step has no use for (a prescription sent after
	// "yes, I have one" was tapped); it reports whether it took it, and the step is asked again.
	photo func(r *request, f *people.Flow, fileID string) (bool, error)
	// dropped, when set, marks the flow's cancel as an admin action for the audit log (a question
	// an admin's action asked, dropped: a grant, a round's cancellation).
	dropped func(r *request, f *people.Flow)
	// cancelInPlace: ✖ pressed on one of its questions (the round's preview) turns that question
	// into what was abandoned, its buttons gone, so scrolling back says what became of it.
	cancelInPlace bool
	// quiet: a lapsed one is cleared without a word (nothing was asked that waits for an answer).
	quiet bool
}

// flows lists every flow by name.
func (h *Handlers) flows() map[string]*flowDef { return h.flowDefs }

// defineFlows makes every flow's definition; New keeps them (a step is a function of the
// request, so one definition serves every user: building them all for every press of a button
// was a fiftieth of a guided order's time).
func (h *Handlers) defineFlows() map[string]*flowDef {
	return map[string]*flowDef{
		"register":    h.registerFlow(),
		"order":       h.orderFlow(),
		"round":       h.roundFlow(),
		"draft":       h.draftFlow(),
		"handover":    h.handoverFlow(),
		"callback":    h.callbackFlow(),
		"grant":       h.grantFlow(),
		"cancelround": h.cancelRoundFlow(),
		"want":        h.wantFlow(),
	}
}

// startFlow begins def at first, replacing any flow the user was in.
func (h *Handlers) startFlow(r *request, def *flowDef, first string, data map[string]string) error {
	if data == nil {
		data = map[string]string{}
	}
	f := &people.Flow{Name: def.name, Step: first, Data: data}
	return h.goTo(r, def, f, first)
}

// goTo moves f to next (saving it) and asks that question, or finishes.
func (h *Handlers) goTo(r *request, def *flowDef, f *people.Flow, next string) error {
	if next == stepDone {
		if err := people.ClearFlow(r.ctx, r.unit.Tx, r.user.ID); err != nil {
			return err
		}
		return def.finish(r, f)
	}
	f.Step = next
	if err := people.SaveFlow(r.ctx, r.unit.Tx, r.user.ID, *f, r.unit.Now); err != nil {
		return err
	}
	return def.steps[next].ask(r, f)
}

// activeFlow returns the user's flow, if one is running. A lapsed one is cleared and returned
// as lapsed, the answer that tells the user so; it is not an error, so the clearing is kept.
func (h *Handlers) activeFlow(r *request) (def *flowDef, f *people.Flow, lapsed *userError, err error) {
	got, ok, err := people.LoadFlow(r.ctx, r.unit.Tx, r.user.ID)
	if err != nil || !ok {
		return nil, nil, nil, err
	}
	def = h.flows()[got.Name]
	if def == nil || def.steps[got.Step].ask == nil || got.Expired(r.unit.Now, flowTTL) {
		lapsed = &userError{key: "flow.lapsed"}
		if def != nil && (def.quiet || def.yields && r.callback == nil) {
			lapsed = nil // a draft's lapse: the message is read afresh, as any would be
		} else if def != nil {
			lapsed = &userError{key: "flow.lapsed." + def.name, args: []any{int(flowTTL / time.Minute)}}
		}
		return nil, nil, lapsed, people.ClearFlow(r.ctx, r.unit.Tx, r.user.ID)
	}
	return def, &got, nil, nil
}

// flowInput feeds a message to the running flow. It reports false if there is none.
func (h *Handlers) flowInput(r *request) (bool, error) {
	def, f, lapsed, err := h.activeFlow(r)
	if lapsed != nil && err == nil {
		return true, r.refuse(lapsed)
	}
	if err != nil || def == nil {
		return err != nil, err
	}
	st := def.steps[f.Step]
	if r.msg.Text != "" && orders.IsCancel(r.msg.Text) { // "取消" typed: ✖, not an answer
		return true, h.cancelFlow(r)
	}
	if def.residents && r.msg.Text != "" && h.orders.Catalog().Read(r.msg.Text).Intent == orders.IntentEmergency {
		return true, h.emergency(r, strings.TrimSpace(i18n.Clean(r.msg.Text)))
	}
	if len(r.msg.Photo) > 0 && st.photo == nil && def.photo != nil {
		if took, err := def.photo(r, f, r.msg.Photo[len(r.msg.Photo)-1].FileID); err != nil || took {
			if err == nil {
				err = people.SaveFlow(r.ctx, r.unit.Tx, r.user.ID, *f, r.unit.Now)
			}
			return true, errOr(err, st.ask(r, f))
		}
	}
	var next string
	switch {
	case r.msg.Contact != nil && st.contact != nil:
		if r.msg.Contact.UserID != 0 && r.msg.Contact.UserID != r.user.ID {
			return true, userErr("register.contact_not_yours")
		}
		next, err = st.contact(r, f, r.msg.Contact.PhoneNumber)
	case len(r.msg.Photo) > 0 && st.photo != nil:
		next, err = st.photo(r, f, r.msg.Photo[len(r.msg.Photo)-1].FileID) // the largest size
	case r.msg.Text != "" && st.text != nil:
		next, err = st.text(r, f, r.msg.Text)
	case def.yields:
		r.yielded = f
		return false, people.ClearFlow(r.ctx, r.unit.Tx, r.user.ID)
	default:
		// A sticker, a photo, or text where a button is expected: ask again.
		if err := r.reply(r.t("flow.use_buttons")); err != nil {
			return true, err
		}
		return true, st.ask(r, f)
	}
	return true, h.advance(r, def, f, next, err)
}

// advance applies a step's answer: on bad input the user is told and asked again.
func (h *Handlers) advance(r *request, def *flowDef, f *people.Flow, next string, err error) error {
	if err != nil {
		return err
	}
	if next == "" {
		next = f.Step
	}
	return h.goTo(r, def, f, next)
}

// flowButton takes a press on a flow's button: "f:<step>:<value>".
func (h *Handlers) flowButton(r *request) error {
	_, rest := callbackData(r.callback.Data)
	stepName, value, _ := strings.Cut(rest, ":")
	if value == "x" && stepName != "" {
		return h.cancelFlow(r)
	}
	def, f, lapsed, err := h.activeFlow(r)
	if lapsed != nil && err == nil {
		return r.refuse(lapsed)
	}
	if err != nil {
		return err
	}
	if def == nil || f.Step != stepName || def.steps[stepName].button == nil {
		return userErr("error.stale_button")
	}
	if err := r.answer("", false); err != nil {
		return err
	}
	next, err := def.steps[stepName].button(r, f, value)
	if err == nil && (next == "" || next == stepName) {
		r.replacePressed() // the same question again: the pressed menu is updated, not posted anew
	}
	return h.advance(r, def, f, next, err)
}

// cancelFlow abandons the running flow, saying what was abandoned; with none running, it shows
// what can be cancelled instead.
func (h *Handlers) cancelFlow(r *request) error {
	def, f, _, err := h.activeFlow(r)
	if err != nil {
		return err
	}
	if def == nil && r.callback != nil {
		return userErr("flow.closed") // ✖ on a question already answered or given up: nothing runs
	}
	if def == nil { // /cancel alone: the orders that can still be cancelled, as "取消" typed
		_, err := h.aboutOrders(r, orders.IntentCancel, true)
		return err
	}
	if err := people.ClearFlow(r.ctx, r.unit.Tx, r.user.ID); err != nil {
		return err
	}
	if def.dropped != nil {
		def.dropped(r, f)
	}
	m := r.removeKeyboard(r.t(def.cancel))
	if ok, err := h.registered(r); err != nil {
		return err
	} else if ok && f.Step != "phone" { // "please call me"; at the phone step the contact keyboard goes first
		m.Buttons = [][]outbox.Button{{callButton(r, 0)}}
	}
	if def.cancelInPlace {
		if r.replacePressed(); r.inPlace != 0 { // no reply keyboard to take away in these flows
			return r.reply(m.Text, m.Buttons...)
		}
	}
	return r.send(m)
}

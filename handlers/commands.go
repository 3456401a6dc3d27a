package handlers

import (
	"strings"

	"linli/i18n"
	"linli/outbox"
	"linli/people"
)

// role says who may use a command.
type role int

const (
	everyone role = iota
	adminOnly
	volunteerOnly  // volunteers and admins; see handlers/volunteer.go
	organizerOnly  // admins and organisers: supply rounds; checked by the command (round.go)
	gridWorkerOnly // grid workers and admins: call-back tasks (callback_tasks.go)
)

// cmdSpec is one command: its name, its description key for /help and the command menu, who may
// use it, where it may run (see place), and its handler.
type cmdSpec struct {
	name  string
	desc  string
	who   role
	where place
	run   handlerFunc
}

// commands lists every command, in the order /help and the command menu show them. Anything
// that shows or changes a person's data, or hands out a code or a link, runs in private only.
func (h *Handlers) commands() []cmdSpec {
	return []cmdSpec{
		{"start", "cmd.start", everyone, privateOnly, h.start},
		{"order", "cmd.order", everyone, privateOnly, h.orderCommand},
		{"orders", "cmd.orders", everyone, privateOnly, h.myOrders},
		{"cancel", "cmd.cancel", everyone, privateOnly, h.cancelCommand},
		{"received", "cmd.received", everyone, privateOnly, h.receivedCommand},
		{"buy", "cmd.buy", everyone, privateOnly, h.buyCommand},
		{"profile", "cmd.profile", everyone, privateOnly, h.profile},
		{"register", "cmd.register", everyone, privateOnly, h.registerCommand},
		{"family", "cmd.family", everyone, privateOnly, h.family},
		{"help", "cmd.help", everyone, anywhere, h.help},
		{"lang", "cmd.lang", everyone, anywhere, h.lang},
		{"join", "cmd.join", everyone, privateOnly, h.join},
		{"duty", "cmd.duty", volunteerOnly, privateOnly, h.duty},
		{"queue", "cmd.queue", volunteerOnly, privateOnly, h.queue},
		{"claim", "cmd.claim", volunteerOnly, privateOnly, h.claimCommand},
		{"deliver", "cmd.deliver", volunteerOnly, privateOnly, h.deliverCommand},
		{"release", "cmd.release", volunteerOnly, privateOnly, h.releaseCommand},
		{"mytasks", "cmd.mytasks", volunteerOnly, privateOnly, h.myTasks},
		{"callbacks", "cmd.callbacks", gridWorkerOnly, privateOnly, h.callbacksCommand},
		{"done", "cmd.done", gridWorkerOnly, privateOnly, h.doneCommand},
		{"grant", "cmd.grant", adminOnly, privateOnly, h.grant},
		{"revoke", "cmd.revoke", adminOnly, privateOnly, h.revoke},
		{"invite", "cmd.invite", adminOnly, privateOnly, h.invite},
		{"volunteers", "cmd.volunteers", adminOnly, privateOnly, h.volunteers},
		{"stats", "cmd.stats", adminOnly, privateOnly, h.stats},
		{"export", "cmd.export", adminOnly, privateOnly, h.exportCommand},
		{"bindqueue", "cmd.bindqueue", adminOnly, groupOnly, h.bindQueue},
		{"unbindqueue", "cmd.unbindqueue", adminOnly, groupOnly, h.unbindQueue},
		{"notice", "cmd.notice", adminOnly, privateOnly, h.noticeCommand},
		{"schedule", "cmd.schedule", adminOnly, privateOnly, h.scheduleCommand},
		{"notices", "cmd.notices", adminOnly, privateOnly, h.listNotices},
		{"unschedule", "cmd.unschedule", adminOnly, privateOnly, h.unscheduleCommand},
		{"monitor", "cmd.monitor", adminOnly, privateOnly, h.monitor},
		{"dashboard", "cmd.dashboard", adminOnly, privateOnly, h.dashboard},
		{"round", "cmd.round", organizerOnly, privateOnly, h.roundCommand},
		{"rounds", "cmd.rounds", organizerOnly, privateOnly, h.roundsCommand},
		{"closeround", "cmd.closeround", organizerOnly, privateOnly, h.closeRoundCommand},
		{"cancelround", "cmd.cancelround", organizerOnly, privateOnly, h.cancelRoundCommand},
	}
}

// start greets the user: a newcomer chooses a language and is then registered step by step;
// someone registered gets the main menu. "/start f_<code>" links a relative to a household.
func (h *Handlers) start(r *request) error {
	if code, ok := strings.CutPrefix(r.cmd.Args, "f_"); ok {
		return h.linkRelative(r, code)
	}
	if code, ok := strings.CutPrefix(r.cmd.Args, "v_"); ok {
		return h.joinWithCode(r, code)
	}
	ok, err := h.registered(r)
	if err != nil {
		return err
	}
	name := r.user.FirstName
	if name == "" {
		name = "👋"
	}
	if err := h.syncMenu(r.ctx, r.unit.Tx, r.user.ID, r.unit.Now); err != nil { // one refused before (never started)
		return err
	}
	if ok {
		return h.menu(r, r.t("start.welcome_back", i18n.Clip(name, 40)))
	}
	return r.reply(r.t("start.greeting", i18n.Clip(name, 40)), langButtons())
}

func langButtons() []outbox.Button {
	return []outbox.Button{
		{Text: i18n.T(i18n.ZH, "button.zh"), Data: languageButtons.data(i18n.ZH)},
		{Text: i18n.T(i18n.EN, "button.en"), Data: languageButtons.data(i18n.EN)},
	}
}

// help lists the commands this user may use.
func (h *Handlers) help(r *request) error {
	if !r.private {
		return h.groupHelp(r)
	}
	var b strings.Builder
	b.WriteString(r.t("help.title"))
	h.writeCommands(&b, r, everyone)
	roles, err := r.roles()
	if err != nil {
		return err
	}
	if actsAs(r, roles, people.RoleVolunteer) && h.hasCommands(volunteerOnly) {
		b.WriteString("\n\n" + r.t("help.volunteer_title"))
		h.writeCommands(&b, r, volunteerOnly)
	}
	if actsAs(r, roles, people.RoleOrganizer) {
		b.WriteString("\n\n" + r.t("help.organizer_title"))
		h.writeCommands(&b, r, organizerOnly)
	}
	if actsAs(r, roles, people.RoleGridWorker) {
		b.WriteString("\n\n" + r.t("help.gridworker_title"))
		h.writeCommands(&b, r, gridWorkerOnly)
	}
	if r.admin && h.hasCommands(adminOnly) {
		b.WriteString("\n\n" + r.t("help.admin_title"))
		h.writeCommands(&b, r, adminOnly)
	}
	b.WriteString("\n\n" + r.t("help.footer", r.user.ID))
	return r.reply(b.String())
}

// groupHelp is /help in a group: what runs there, and a button to the private chat for the rest.
// Nothing about the sender (their roles, their id) is shown to the group.
func (h *Handlers) groupHelp(r *request) error {
	var b strings.Builder
	b.WriteString(r.t("help.group_title"))
	for _, c := range h.commands() {
		if c.where != privateOnly {
			b.WriteString("\n/" + c.name + " — " + r.t(c.desc))
		}
	}
	b.WriteString("\n\n" + r.t("help.group_footer"))
	return r.reply(b.String(), []outbox.Button{{Text: r.label("place.open_private"), URL: h.botLink()}})
}

func (h *Handlers) hasCommands(who role) bool {
	for _, c := range h.commands() {
		if c.who == who {
			return true
		}
	}
	return false
}

func (h *Handlers) writeCommands(b *strings.Builder, r *request, who role) {
	for _, c := range h.commands() {
		if c.who == who {
			b.WriteString("\n/" + c.name + " — " + r.t(c.desc))
		}
	}
}

// lang switches the language: /lang zh|en.
func (h *Handlers) lang(r *request) error {
	arg := strings.ToLower(strings.TrimSpace(r.cmd.Args))
	switch {
	case arg == "":
		return r.reply(r.t("lang.usage"), langButtons())
	case !i18n.Supported(arg):
		return userErr("lang.unknown", i18n.Raw(r.t("lang.usage")))
	}
	if !r.private && r.admin { // an admin's /lang in a group is the group's cards' language too
		if err := people.SetGroupLang(r.ctx, r.unit.Tx, r.chatID, arg); err != nil {
			return err
		}
		return r.reply(i18n.T(arg, "groups.lang_set"))
	}
	return h.setLang(r, arg)
}

// langButton is a press on a language button; it changes only the presser's own language.
func (h *Handlers) langButton(r *request) error {
	_, arg := callbackData(r.callback.Data)
	if !i18n.Supported(arg) {
		return userErr("error.stale_button")
	}
	if err := r.answer("", false); err != nil {
		return err
	}
	if err := h.setLang(r, arg); err != nil {
		return err
	}
	// A newcomer goes on to registration; one in a flow is asked its question again; a volunteer
	// or an admin with no household of their own is shown what they can do, not registered.
	if ok, err := h.registered(r); err != nil || ok {
		return err
	}
	if def, f, _, err := h.activeFlow(r); err != nil || def != nil { // a lapsed one is gone
		if err != nil {
			return err
		}
		return def.steps[f.Step].ask(r, f)
	}
	if staff, err := h.staff(r); err != nil || staff {
		return errOr(err, h.help(r))
	}
	return h.startRegistration(r, nil)
}

// staff reports whether the user serves the community (an admin, a volunteer, any granted role):
// they need no household of their own to use the bot.
func (h *Handlers) staff(r *request) (bool, error) {
	if r.admin {
		return true, nil
	}
	roles, err := r.roles()
	return len(roles) > 0, err
}

func (h *Handlers) setLang(r *request, lang string) error {
	if err := people.SetLang(r.ctx, r.unit.Tx, r.user.ID, lang); err != nil {
		return err
	}
	r.user.Lang = lang
	if err := h.syncMenu(r.ctx, r.unit.Tx, r.user.ID, r.unit.Now); err != nil { // its language too
		return err
	}
	return r.reply(r.t("lang.set"))
}

// unknown answers what no route took: an unknown command, free text, a sticker or a photo. In
// groups only commands addressed to the bot get an answer, so the bot never talks over people.
func (h *Handlers) unknown(r *request) error {
	switch {
	case r.callback != nil:
		return userErr("error.stale_button")
	case r.msg == nil || r.msg.From == nil:
		return nil // an edit, a membership change: nothing to answer
	case r.cmd.Name == "" && r.private:
		if handled, err := h.flowInput(r); handled || err != nil {
			return err
		}
	}
	switch {
	case r.cmd.Name != "":
		return r.reply(r.t("unknown.command", "/"+i18n.Clip(r.cmd.Name, 32)))
	case !r.private:
		return nil
	case r.msg.Text != "":
		return h.freeText(r) // freetext.go: an order draft, or a friendly answer
	}
	if media, ok := messageMedia(r.msg); ok {
		return h.mediaOrder(r, media) // media.go: a voice message or photo is a draft too
	}
	return r.reply(r.t("unknown.media"))
}

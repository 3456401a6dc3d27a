package i18n

// catalogENRoles holds the English texts of roles and the admin commands that grant them.
var catalogENRoles = map[string]string{
	"cmd.grant":                "Grant a role: /grant user-id admin|gridworker|counsellor",
	"cmd.revoke":               "Take roles away: /revoke user-id [role]",
	"error.admin_only":         "Only admins can use this command.",
	"grant.usage":              "Usage: /grant user-id role\nRoles: admin, gridworker (grid worker), counsellor\nThe user id is the number people see when they send /help. Volunteers join with /invite.",
	"grant.done":               "✅ %s (id %d) is now a %s.",
	"grant.not_seen":           "They have not written to me yet; it works once they send /start.",
	"grant.told":               "Your community made you a %s. %s",
	"revoke.usage":             "Usage: /revoke user-id [role]\nWithout a role, every role they have is taken away.",
	"revoke.config_admin":      "This admin is listed in the configuration file and can only be removed there.",
	"revoke.none":              "%s (id %d) does not have that role; nothing changed.",
	"revoke.done":              "Taken away from %s (id %d): %s.",
	"role.admin":               "admin",
	"role.gridworker":          "grid worker",
	"role.counsellor":          "counsellor",
	"role.volunteer":           "volunteer",
	"role.admin.about":         "Send /help to see the admin commands.",
	"role.gridworker.about":    "You can /register residents who have no smartphone and /order for them; you will be told of every change to their orders.",
	"role.counsellor.about":    "Counselling requests go to counsellors only.",
	"role.volunteer.about":     "Send /queue to see the orders you can take.",
	"order.choose_household":   "You order for several households: send /order and choose which one with the buttons.",
	"order.for":                "For: %s",
	"register.ask_phone_other": "Step 2: the resident's phone number (mobile, or landline with area code)?",
}

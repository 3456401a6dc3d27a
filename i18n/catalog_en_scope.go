package i18n

// catalogENScope holds the English texts of scoped roles: which zones a role covers, and the
// refusals that name them.
var catalogENScope = map[string]string{
	"scope.all":          "all zones",
	"scope.zones":        "zones %s",
	"scope.unknown_zone": "There is no zone %s. Zones: %s. Nothing changed.",
	"scope.outside":      "You hold this role for %s only: %s is outside them. Nothing changed.",
	"scope.global_only":  "Only an admin of all zones can do this; you hold %s. Nothing changed.",
}

// catalogENPlace holds the English texts of where commands run.
var catalogENPlace = map[string]string{
	"place.private_only": "Please send me this in a private chat: what it shows or changes is nobody else's business.",
	"place.open_private": "Open the private chat",
}

// catalogENRevoke holds the English texts of what a revocation ends.
var catalogENRevoke = map[string]string{
	"revoke.released": "↩️ %d task(s) they had claimed are back in the queue; the households were told.",
}

package i18n

// catalogENDuplicates holds the texts of duplicates (en): an order of a category already under
// way, and a registration with a phone another household uses.
var catalogENDuplicates = map[string]string{
	"dup.ask":               "You already have order #%d (%s) under way:\n📋 %s\nStatus: %s\n\nThe new items: %s\n\nAdd them to that order, or place a separate one?",
	"dup.add":               "Add to #%d",
	"dup.separate":          "Place a separate order",
	"dup.gone_claimed":      "A volunteer took #%d meanwhile, so nothing more can be added to it.\n\nPlace the new items as a separate order?\n📋 %s",
	"dup.gone_closed":       "#%d is no longer waiting, so nothing more can be added to it.\n\nPlace the new items as a separate order?\n📋 %s",
	"dup.added":             "✅ Added to order #%d:\n\n%s",
	"dup.too_long":          "Together that would be too long (%d characters at most). Please place a separate order instead.",
	"register.phone_taken":  "📵 This phone number is already registered for another household, so it cannot be registered again.\n\nIf you live there or are family, ask that household to send /family: it gets a one-time link for you. Open it, and you can order for them as a relative.\n\nOr type a different phone number.",
	"register.phone_listed": "📵 This phone number is on the community's household list with another address, so it cannot be registered again. Check the address (Edit address), or share your own number with the button at the phone step to be recognised; your grid worker can help too.",
}

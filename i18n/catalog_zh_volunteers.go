package i18n

// catalogZHVolunteers holds the texts of volunteers (zh).
var catalogZHVolunteers = map[string]string{}

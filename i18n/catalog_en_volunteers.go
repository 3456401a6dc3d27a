package i18n

// catalogENVolunteers holds the texts of volunteers (en).
var catalogENVolunteers = map[string]string{}

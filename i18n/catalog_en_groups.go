package i18n

// catalogENGroups holds the texts of groups (en).
var catalogENGroups = map[string]string{}

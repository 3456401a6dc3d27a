package i18n

// catalogZHGroups holds the texts of groups (zh).
var catalogZHGroups = map[string]string{}

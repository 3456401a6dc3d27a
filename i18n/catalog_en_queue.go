package i18n

// catalogENQueue holds the texts of queue (en).
var catalogENQueue = map[string]string{}

package i18n

// catalogZHQueue holds the texts of queue (zh).
var catalogZHQueue = map[string]string{}

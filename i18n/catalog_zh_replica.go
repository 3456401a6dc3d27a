package i18n

// catalogZHReplica holds the texts about the replica (continuous replication) (zh).
var catalogZHReplica = map[string]string{
	"web.replica_ok":     "异地副本已同步（落后 %s 秒）",
	"web.replica_behind": "⚠ 异地副本缺少最近 %s 秒的更改",
}

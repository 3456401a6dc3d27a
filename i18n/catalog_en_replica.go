package i18n

// catalogENReplica holds the texts about the replica (continuous replication) (en).
var catalogENReplica = map[string]string{
	"web.replica_ok":     "Replica up to date (%s s behind)",
	"web.replica_behind": "⚠ The replica is missing the last %s s of changes",
}

//go:build !sqlite_trace

package store

func ZZDump(string) {}

func zzDriver(d string) string { return d }

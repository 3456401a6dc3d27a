//go:build !unix

package main

// inUse cannot tell here whether another process has the database open; restore then relies
// on -force alone.
func inUse(string) (bool, error) { return false, nil }

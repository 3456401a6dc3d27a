// Package migrations holds the numbered, append-only SQL migrations of Linli's database.
//
// Each file is applied once, in order, in its own transaction together with the version bump
// (see store.Migrate). Never edit a file that has shipped: add a new one.
package migrations

import "embed"

// FS is every migration file, embedded in the binary.
//
//go:embed *.sql
var FS embed.FS

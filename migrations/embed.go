// Package migrations holds Spor's SQL schema, applied in order by goose.
package migrations

import "embed"

// FS holds every migration file.
//
//go:embed *.sql
var FS embed.FS

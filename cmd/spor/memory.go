package main

import (
	"log/slog"
	"os"
	"runtime/debug"
)

// defaultMemoryLimit is the Go heap's soft limit when GOMEMLIMIT is unset. Every
// login makes 12 MiB of argon2id garbage; with the collector's default headroom (the
// heap may double between collections) a burst of logins would take the process
// near 130 MB. Under this limit the collector runs sooner instead, and a burst of 50
// logins peaks under 100 MB (`make bench`); page traffic stays far below it.
const defaultMemoryLimit = 96 << 20

// limitMemory applies defaultMemoryLimit unless the operator set GOMEMLIMIT.
func limitMemory(log *slog.Logger) {
	if os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	debug.SetMemoryLimit(defaultMemoryLimit)
	log.Debug("Go memory limit", "bytes", defaultMemoryLimit)
}

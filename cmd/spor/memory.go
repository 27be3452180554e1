package main

import (
	"log/slog"
	"os"
	"runtime/debug"
)

// defaultMemoryLimit is the Go runtime's soft memory limit when GOMEMLIMIT is unset.
// Every login makes 12 MiB of argon2id garbage; with the collector's default headroom
// (the heap may double between collections) logins took the process to 120-140 MB.
// Under this limit the collector runs sooner instead: a burst of 50 logins peaks near
// 85 MB (`make bench`). The live heap of page traffic (about 20 MB) and of 4 hashes at
// once (48 MiB) stays below it, so the collector does not thrash.
const defaultMemoryLimit = 64 << 20

// limitMemory applies defaultMemoryLimit unless the operator set GOMEMLIMIT.
func limitMemory(log *slog.Logger) {
	if os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	debug.SetMemoryLimit(defaultMemoryLimit)
	log.Debug("Go memory limit", "bytes", defaultMemoryLimit)
}

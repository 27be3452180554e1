package app

import (
	"context"
	"log/slog"
	"net/http"

	"github.com/jackc/pgx/v5/pgxpool"

	"spor/internal/database"
)

// readyz answers 200 when the database answers. It pings through its own
// one-connection pool within database.ProbeTimeout, so it never queues behind page
// requests: a busy instance is still ready, and the orchestrator does not restart it.
func readyz(probe *pgxpool.Pool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), database.ProbeTimeout)
		defer cancel()
		if err := probe.Ping(ctx); err != nil {
			slog.WarnContext(ctx, "readiness: database unavailable", "err", err)
			w.Header().Set("Retry-After", "5")
			http.Error(w, "database unavailable\n", http.StatusServiceUnavailable)
			return
		}
		_, _ = w.Write([]byte("ok\n"))
	}
}

package main

import (
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"spor/internal/testutil"
)

func TestMetricsOnTheirOwnListener(t *testing.T) {
	srv := testutil.NewServer(t)
	if res := srv.Client(t).Get("/metrics"); res.Status != http.StatusNotFound {
		t.Errorf("public router /metrics: %d, want 404", res.Status)
	}
	addr, stop, err := serveMetrics("127.0.0.1:0", srv.App.Metrics, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	res, err := http.Get("http://" + addr.String() + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || !strings.Contains(string(body), "spor_db_pool_connections") {
		t.Errorf("metrics listener: %d, body without the pool metrics", res.StatusCode)
	}
}

package main

import (
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"
)

// serveMetrics serves h at /metrics on addr (METRICS_ADDR), a listener of its own so
// the public router never exposes internals, and returns the address it listens on
// and how to stop it.
func serveMetrics(addr string, h http.Handler, log *slog.Logger) (net.Addr, func(), error) {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", h)
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, nil, fmt.Errorf("listen on METRICS_ADDR=%s: %w", addr, err)
	}
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second, WriteTimeout: time.Minute}
	go func() { _ = srv.Serve(ln) }()
	log.Info("metrics", "url", "http://"+ln.Addr().String()+"/metrics")
	return ln.Addr(), func() { _ = srv.Close() }, nil
}

package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"
)

// healthcheck asks the server on ADDR whether it is ready (/readyz answers 200):
// the container's HEALTHCHECK, since the distroless image has no curl or shell.
func healthcheck(ctx context.Context, addr string) error {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	url := "http://" + localAddr(addr) + "/readyz"
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return fmt.Errorf("healthcheck: %w", err)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("healthcheck: %w", err)
	}
	defer res.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(res.Body, 4096))
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("healthcheck: %s answered %d", url, res.StatusCode)
	}
	return nil
}

// localAddr turns a listen address into one to dial from the same machine: an
// empty or unspecified host (":8080", "0.0.0.0:8080", "[::]:8080") is loopback.
func localAddr(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return addr
	}
	if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
		host = "127.0.0.1"
	}
	return net.JoinHostPort(host, port)
}

// logLines is the standard output of serve, migrate and seed with LOG_FORMAT=json:
// every line written to it (the start banner, demo logins, migration reports)
// becomes an info record, so a log collector sees nothing but JSON.
type logLines struct {
	log *slog.Logger
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *logLines) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.buf.Write(p)
	for {
		line, err := l.buf.ReadString('\n')
		if err != nil { // no newline yet: keep the rest for the next write
			l.buf.Reset()
			l.buf.WriteString(line)
			return len(p), nil
		}
		if s := strings.TrimSpace(line); s != "" {
			l.log.Info(s)
		}
	}
}

package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"spor/internal/testutil"
)

// TestHealthcheck: exit 0 only when /readyz on ADDR answers 200.
func TestHealthcheck(t *testing.T) {
	status := http.StatusOK
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/readyz" {
			http.NotFound(w, r)
			return
		}
		w.WriteHeader(status)
	}))
	defer srv.Close()
	addr := strings.TrimPrefix(srv.URL, "http://")
	port := addr[strings.LastIndex(addr, ":"):]
	check := func(a string) error {
		env := map[string]string{"ADDR": a}
		return run(context.Background(), []string{"healthcheck"}, func(k string) string { return env[k] }, strings.NewReader(""), io.Discard, io.Discard)
	}
	for _, a := range []string{addr, port, "0.0.0.0" + port} {
		if err := check(a); err != nil {
			t.Errorf("ADDR=%s, ready server: %v", a, err)
		}
	}
	status = http.StatusServiceUnavailable
	if err := check(addr); err == nil {
		t.Error("a 503 from /readyz passed the health check")
	}
	srv.Close()
	if err := check(addr); err == nil {
		t.Error("nothing listening passed the health check")
	}
}

// TestJSONLogsEveryLine runs `spor serve` with LOG_FORMAT=json, migrations and demo
// content on a fresh database, probes it with `spor healthcheck`, stops it, and
// parses every line it wrote on standard output and error as JSON.
func TestJSONLogsEveryLine(t *testing.T) {
	port := freePort(t)
	env := map[string]string{"DATABASE_URL": testutil.NewEmptyDB(t), "ADDR": "127.0.0.1:" + port,
		"DEMO": "true", "LOG_FORMAT": "json", "LOG_LEVEL": "debug"}
	getenv := func(k string) string { return env[k] }
	ctx, cancel := context.WithCancel(context.Background())
	var stdout, stderr syncBuffer
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"serve"}, getenv, strings.NewReader(""), &stdout, &stderr) }()
	waitFor(t, "http://127.0.0.1:"+port+"/healthz", done)
	if err := run(context.Background(), []string{"healthcheck"}, getenv, strings.NewReader(""), io.Discard, io.Discard); err != nil {
		t.Errorf("healthcheck on a running server: %v", err)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("serve: %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not stop")
	}
	all := stdout.String() + stderr.String()
	for _, want := range []string{"Spor is running", "admin@example.org", "demo content loaded", `"path":"/readyz"`} {
		if !strings.Contains(all, want) {
			t.Errorf("output lacks %q", want)
		}
	}
	for name, out := range map[string]string{"stdout": stdout.String(), "stderr": stderr.String()} {
		for _, line := range strings.Split(strings.TrimRight(out, "\n"), "\n") {
			if out == "" {
				break
			}
			var rec map[string]any
			if err := json.Unmarshal([]byte(line), &rec); err != nil || rec["msg"] == nil {
				t.Errorf("%s line is not a JSON log record: %q", name, line)
			}
		}
	}
}

package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a strings.Builder safe for the server goroutine and the test.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestServeLifecycle is `make run` twice on a fresh folder: the private cluster is
// created, migrated and filled with demo content; the server answers; stopping it
// stops the cluster; the second run finds everything still there.
func TestServeLifecycle(t *testing.T) {
	tmp := t.TempDir()
	for _, d := range []string{tmp, filepath.Dir(tmp)} {
		_ = os.Chmod(d, 0o755)
	}
	dataDir := filepath.Join(tmp, "data")
	port := freePort(t)
	env := map[string]string{"DATA_DIR": dataDir, "ADDR": "127.0.0.1:" + port, "DEMO": "true", "LOG_LEVEL": "warn", "METRICS_ADDR": "127.0.0.1:0"}
	getenv := func(k string) string { return env[k] }

	serveOnce := func() string {
		ctx, cancel := context.WithCancel(context.Background())
		var out syncBuffer
		done := make(chan error, 1)
		go func() { done <- run(ctx, []string{"serve"}, getenv, strings.NewReader(""), &out, io.Discard) }()
		base := "http://127.0.0.1:" + port
		body := waitFor(t, base+"/", done)
		if !strings.Contains(body, `lang="da"`) || !strings.Contains(body, "Spor") {
			t.Errorf("home page: %.200s", body)
		}
		cancel() // what SIGTERM or Ctrl-C does through signal.NotifyContext
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("serve: %v", err)
			}
		case <-time.After(30 * time.Second):
			t.Fatal("serve did not stop")
		}
		if _, err := os.Stat(filepath.Join(dataDir, "postgres", "postmaster.pid")); err == nil {
			t.Error("private PostgreSQL still running after the server stopped")
		}
		return out.String()
	}

	first := serveOnce()
	for _, want := range []string{"demo content loaded", "http://localhost:" + port, "admin@example.org", "spor-demo-2026"} {
		if !strings.Contains(first, want) {
			t.Errorf("first run output lacks %q:\n%s", want, first)
		}
	}
	second := serveOnce()
	if strings.Contains(second, "demo content loaded") {
		t.Error("demo content loaded again into a database that has content")
	}
}

func freePort(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return fmt.Sprint(l.Addr().(*net.TCPAddr).Port)
}

func waitFor(t *testing.T, url string, done chan error) string {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case err := <-done:
			t.Fatalf("serve ended early: %v", err)
		default:
		}
		if res, err := http.Get(url); err == nil {
			b, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode == 200 {
				return string(b)
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("%s never answered", url)
	return ""
}

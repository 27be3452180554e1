package main

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"spor/internal/database"
)

// PostgreSQL is not running when `spor serve` starts: serve waits (logging its
// retries) and answers once the database is up. Then PostgreSQL is stopped and
// started again under requests: pages answer 503 with Retry-After while it is down,
// never 500, and 200 again after, with nobody restarting Spor.
func TestServeWaitsForPostgresAndRidesOutOutage(t *testing.T) {
	tmp := t.TempDir()
	for _, d := range []string{tmp, filepath.Dir(tmp)} {
		_ = os.Chmod(d, 0o755)
	}
	ctx := context.Background()
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	cluster, err := database.StartCluster(ctx, filepath.Join(tmp, "pg"), database.ClusterOptions{Fast: true}, quiet)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cluster.ForceStop() })
	if err := cluster.ForceStop(); err != nil {
		t.Fatal(err)
	}

	port := freePort(t)
	base := "http://127.0.0.1:" + port
	env := map[string]string{"DATABASE_URL": cluster.URL("spor"), "ADDR": "127.0.0.1:" + port, "LOG_LEVEL": "warn"}
	var logs syncBuffer
	serveCtx, stop := context.WithCancel(ctx)
	defer stop()
	done := make(chan error, 1)
	go func() {
		done <- run(serveCtx, []string{"serve"}, func(k string) string { return env[k] }, strings.NewReader(""), io.Discard, &logs)
	}()
	time.Sleep(1500 * time.Millisecond)
	select {
	case err := <-done:
		t.Fatalf("serve gave up while PostgreSQL was down: %v", err)
	default:
	}
	if !strings.Contains(logs.String(), "waiting for PostgreSQL") {
		t.Errorf("no log line about waiting for PostgreSQL:\n%s", logs.String())
	}
	if err := cluster.Start(ctx, database.ClusterOptions{Fast: true}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, base+"/groups", done)

	// Load while PostgreSQL goes down and comes back.
	var mu sync.Mutex
	seen := map[int]int{}
	var noRetryAfter int
	loadCtx, stopLoad := context.WithCancel(ctx)
	var wg sync.WaitGroup
	client := &http.Client{Timeout: 15 * time.Second}
	for i := range 4 {
		path := []string{"/", "/groups", "/events", "/readyz"}[i]
		wg.Go(func() {
			for loadCtx.Err() == nil {
				res, err := client.Get(base + path)
				if err != nil {
					continue
				}
				_, _ = io.Copy(io.Discard, res.Body)
				res.Body.Close()
				mu.Lock()
				seen[res.StatusCode]++
				if res.StatusCode == http.StatusServiceUnavailable && res.Header.Get("Retry-After") == "" {
					noRetryAfter++
				}
				mu.Unlock()
				time.Sleep(20 * time.Millisecond)
			}
		})
	}
	time.Sleep(500 * time.Millisecond)
	if err := cluster.ForceStop(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(2 * time.Second)
	mu.Lock()
	during := seen[http.StatusServiceUnavailable]
	mu.Unlock()
	if err := cluster.Start(ctx, database.ClusterOptions{Fast: true}); err != nil {
		t.Fatal(err)
	}
	recovered := false
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if res, err := client.Get(base + "/groups"); err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				recovered = true
				break
			}
		}
	}
	stopLoad()
	wg.Wait()
	if during == 0 {
		t.Errorf("no 503 while PostgreSQL was down: %v", seen)
	}
	if seen[http.StatusInternalServerError] != 0 {
		t.Errorf("%d answers were 500 during the outage: %v", seen[http.StatusInternalServerError], seen)
	}
	if noRetryAfter != 0 {
		t.Errorf("%d 503 answers without Retry-After", noRetryAfter)
	}
	if !recovered {
		t.Error("pages did not come back after PostgreSQL was started again")
	}
	t.Logf("answers during the outage test: %v", seen)
	stop()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve: %v", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("serve did not stop")
	}
}

package main

import (
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestMain lets a test run the real command in a child process (the test binary
// itself, with SPOR_TEST_MAIN=1), so that a test can kill it with SIGKILL.
func TestMain(m *testing.M) {
	if os.Getenv("SPOR_TEST_MAIN") == "1" {
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// A `spor serve` killed with SIGKILL leaves its private PostgreSQL running. The next
// `spor serve` on the same DATA_DIR adopts it and stops it on exit; a cluster
// started by hand (`spor cluster start`) is reused but left running.
func TestServeAdoptsClusterOfCrashedRun(t *testing.T) {
	tmp := t.TempDir()
	for _, d := range []string{tmp, filepath.Dir(tmp)} {
		_ = os.Chmod(d, 0o755)
	}
	dataDir := filepath.Join(tmp, "data")
	pidFile := filepath.Join(dataDir, "postgres", "postmaster.pid")
	port := freePort(t)
	base := "http://127.0.0.1:" + port
	env := map[string]string{"DATA_DIR": dataDir, "ADDR": "127.0.0.1:" + port, "LOG_LEVEL": "info"}
	getenv := func(k string) string { return env[k] }
	t.Cleanup(func() {
		_ = run(context.Background(), []string{"cluster", "stop"}, getenv, strings.NewReader(""), io.Discard, io.Discard)
	})

	child := exec.Command(os.Args[0], "serve")
	child.Env = append(os.Environ(), "SPOR_TEST_MAIN=1", "DATA_DIR="+dataDir, "ADDR=127.0.0.1:"+port, "LOG_LEVEL=warn")
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	childDone := make(chan error, 1)
	go func() { childDone <- child.Wait() }()
	waitFor(t, base+"/readyz", childDone)
	_ = child.Process.Signal(syscall.SIGKILL)
	<-childDone
	if _, err := os.Stat(pidFile); err != nil {
		t.Fatalf("after SIGKILL the cluster should still run (that is the case under test): %v", err)
	}

	serveOnce := func() string {
		var logs syncBuffer
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() { done <- run(ctx, []string{"serve"}, getenv, strings.NewReader(""), io.Discard, &logs) }()
		waitFor(t, base+"/readyz", done)
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("serve: %v", err)
			}
		case <-time.After(30 * time.Second):
			t.Fatal("serve did not stop")
		}
		return logs.String()
	}
	if logs := serveOnce(); !strings.Contains(logs, "adopting the private PostgreSQL") {
		t.Errorf("the crashed run's cluster was not adopted:\n%s", logs)
	}
	if !gone(pidFile, 10*time.Second) {
		t.Fatal("the adopted cluster still runs after serve stopped")
	}

	// Started by hand: reused, not stopped.
	if err := run(context.Background(), []string{"cluster", "start"}, getenv, strings.NewReader(""), io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	if logs := serveOnce(); strings.Contains(logs, "adopting") {
		t.Errorf("a cluster started by hand was adopted:\n%s", logs)
	}
	if _, err := os.Stat(pidFile); err != nil {
		t.Error("serve stopped a cluster started by hand")
	}
}

func gone(path string, d time.Duration) bool {
	for deadline := time.Now().Add(d); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if _, err := os.Stat(path); os.IsNotExist(err) {
			return true
		}
	}
	return false
}

package mail_test

import (
	"context"
	"io"
	"log/slog"
	"sync/atomic"
	"testing"
	"time"

	"spor/internal/mail"
	"spor/internal/testutil"
)

// TestPeriodicWorkRunsOnOneInstance starts two instances on one database with the
// same periodic work: River's leader schedules it, so the turns are not doubled.
func TestPeriodicWorkRunsOnOneInstance(t *testing.T) {
	db := testutil.NewDB(t)
	var runs atomic.Int32
	every := 300 * time.Millisecond
	for i := 0; i < 2; i++ {
		q, err := mail.NewQueue(db, mail.Options{
			Sender: mail.NewMailbox(db), PollInterval: 50 * time.Millisecond, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
			Tasks: []mail.Task{{Name: "count", Interval: every, Run: func(context.Context, *mail.Queue) error { runs.Add(1); return nil }}},
		})
		if err != nil {
			t.Fatal(err)
		}
		if err := q.Start(context.Background()); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			_ = q.Stop(ctx)
		})
	}
	deadline := time.Now().Add(20 * time.Second)
	for runs.Load() < 3 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	start, first := time.Now(), runs.Load()
	if first < 3 {
		t.Fatalf("the periodic work ran %d times in 20 s", first)
	}
	time.Sleep(10 * every)
	// One instance's schedule gives about ten turns in ten intervals; two would give twenty.
	if n := runs.Load() - first; n > 14 {
		t.Errorf("%d turns in %v with two instances, want one schedule's", n, time.Since(start).Round(time.Millisecond))
	}
}

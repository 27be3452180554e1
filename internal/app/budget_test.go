package app_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"spor/internal/database"
	"spor/internal/testutil"
)

// Every connection of the pool is taken (by requests stuck on a lock, say): /readyz
// still answers at once from its own connection, and pages answer a translated 503
// with Retry-After within the acquire budget instead of hanging.
func TestReadyzFastAndPages503WhilePoolExhausted(t *testing.T) {
	srv := testutil.NewServer(t)
	c := srv.Client(t)
	if res := c.Get("/readyz"); res.Status != http.StatusOK {
		t.Fatalf("/readyz before: %d", res.Status)
	}
	ctx := context.Background()
	held := make([]*pgxpool.Conn, 0, srv.DB.Config().MaxConns)
	for range srv.DB.Config().MaxConns {
		conn, err := srv.DB.Acquire(ctx)
		if err != nil {
			t.Fatalf("acquire: %v", err)
		}
		held = append(held, conn)
	}
	defer func() {
		for _, conn := range held {
			conn.Release()
		}
	}()

	for range 5 {
		start := time.Now()
		res := c.Get("/readyz")
		if d := time.Since(start); res.Status != http.StatusOK || d > 500*time.Millisecond {
			t.Errorf("/readyz with the pool exhausted: %d in %s, want 200 in milliseconds", res.Status, d)
		}
	}
	for _, lang := range []struct{ code, title string }{{"da", "Tilbage om et øjeblik"}, {"en", "Back in a moment"}, {"sv", "Strax tillbaka"}} {
		start := time.Now()
		res := c.Get("/groups?lang=" + lang.code)
		d := time.Since(start)
		if res.Status != http.StatusServiceUnavailable || res.Header.Get("Retry-After") == "" {
			t.Errorf("/groups with the pool exhausted: %d, Retry-After %q; want 503 with Retry-After", res.Status, res.Header.Get("Retry-After"))
		}
		if d > database.AcquireTimeout+2*time.Second {
			t.Errorf("/groups took %s, want about the acquire budget (%s)", d, database.AcquireTimeout)
		}
		if h1 := res.Doc(t).Find("h1").Text(); !strings.Contains(h1, lang.title) {
			t.Errorf("503 page in %s: h1 %q, want %q", lang.code, h1, lang.title)
		}
	}
	for _, conn := range held {
		conn.Release()
	}
	held = nil
	if res := c.Get("/groups"); res.Status != http.StatusOK {
		t.Errorf("/groups after the connections came back: %d", res.Status)
	}
}

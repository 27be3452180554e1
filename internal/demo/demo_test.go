package demo_test

import (
	"context"
	"io"
	"net/http"
	"testing"

	"spor/internal/demo"
	"spor/internal/testutil"
)

func TestDemoLoadsOnceAndLogsIn(t *testing.T) {
	srv := testutil.NewServer(t)
	ctx := context.Background()
	loaded, err := demo.Load(ctx, srv.DB, io.Discard)
	if err != nil || !loaded {
		t.Fatalf("first load: %v, %v", loaded, err)
	}
	var users int
	if err := srv.DB.QueryRow(ctx, `SELECT count(*) FROM users`).Scan(&users); err != nil {
		t.Fatal(err)
	}
	again, err := demo.Load(ctx, srv.DB, io.Discard)
	if err != nil || again {
		t.Fatalf("second load: %v, %v — want nothing done", again, err)
	}
	var after int
	_ = srv.DB.QueryRow(ctx, `SELECT count(*) FROM users`).Scan(&after)
	if after != users {
		t.Errorf("users %d → %d after a second load", users, after)
	}
	// Every documented login works with the documented password.
	for _, l := range demo.Logins {
		c := srv.Client(t)
		res := c.Post("/login", map[string][]string{"email": {l.Email}, "password": {demo.Password}})
		if res.Status != http.StatusSeeOther {
			t.Errorf("demo login %s: %d", l.Email, res.Status)
		}
	}
}

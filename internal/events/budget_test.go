package events_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"spor/internal/database"
	"spor/internal/testutil"
)

// Another session holds an event's row lock for six seconds while eight people press
// "Register" and others browse: the pages stay fast, each registration gets a clear
// "try again" answer within the registration lock budget (503, nothing saved), and
// once the lock is gone registering works.
func TestStuckEventLockKeepsSiteFast(t *testing.T) {
	srv := testutil.NewServer(t)
	g := newGroup(t, srv.DB, "public")
	id := newEvent(t, srv.DB, g.GroupID, ev{Capacity: 50})
	path := fmt.Sprintf("/events/%d", id)
	clients := make([]*testutil.Client, 8)
	users := make([]testutil.User, len(clients))
	for i := range clients {
		users[i] = testutil.CreateUser(t, srv.DB, "staff", "Vejle Bibliotekerne")
		clients[i] = srv.Client(t)
		clients[i].Login(users[i].Email)
	}

	ctx := context.Background()
	blocker, err := pgx.Connect(ctx, srv.DB.Config().ConnConfig.ConnString())
	if err != nil {
		t.Fatal(err)
	}
	defer blocker.Close(ctx)
	tx, err := blocker.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(ctx, `SELECT 1 FROM events WHERE id = $1 FOR UPDATE`, id); err != nil {
		t.Fatal(err)
	}
	held := time.Now()

	type answer struct {
		status int
		took   time.Duration
		body   string
	}
	answers := make([]answer, len(clients))
	var wg sync.WaitGroup
	for i, c := range clients {
		wg.Go(func() {
			start := time.Now()
			res := c.Post(path+"/register", url.Values{})
			answers[i] = answer{res.Status, time.Since(start), res.Body}
		})
	}
	// Browse while the registrations wait.
	browser := srv.Client(t)
	for time.Since(held) < 4*time.Second {
		for _, p := range []string{"/", "/groups", "/readyz", path} {
			start := time.Now()
			res := browser.Get(p)
			if d := time.Since(start); res.Status != http.StatusOK || d > time.Second {
				t.Errorf("GET %s while the event row is locked: %d in %s, want 200 at once", p, res.Status, d)
			}
		}
	}
	wg.Wait()
	for i, a := range answers {
		if a.status != http.StatusServiceUnavailable || !strings.Contains(a.body, "Rigtig mange tilmelder sig") {
			t.Errorf("registration %d under a stuck lock: %d, want 503 with the busy message on the event page", i, a.status)
		}
		if a.took > database.RegistrationLockTimeout+2*time.Second {
			t.Errorf("registration %d answered after %s, want within about %s", i, a.took, database.RegistrationLockTimeout)
		}
		if s := regStatus(t, srv.DB, id, users[i].ID); s != "none" {
			t.Errorf("registration %d refused but saved as %s", i, s)
		}
	}

	// Once the lock is released, the same people register normally.
	time.Sleep(time.Until(held.Add(6 * time.Second)))
	if err := tx.Rollback(ctx); err != nil {
		t.Fatal(err)
	}
	if res := clients[0].Post(path+"/register", url.Values{}); res.Status != http.StatusSeeOther {
		t.Errorf("registration after the lock was released: %d, want 303", res.Status)
	}
	if s := regStatus(t, srv.DB, id, users[0].ID); s != "confirmed" {
		t.Errorf("after the lock: %s, want confirmed", s)
	}
}

// The connection to PostgreSQL is lost while a registration is being saved: the
// visitor is told that the outcome is unknown and that the event page shows the
// truth (503, never 500), and the event page does.
func TestRegistrationLostConnectionSaysOutcomeUnknown(t *testing.T) {
	srv := testutil.NewServer(t)
	g := newGroup(t, srv.DB, "public")
	id := newEvent(t, srv.DB, g.GroupID, ev{Capacity: 50})
	path := fmt.Sprintf("/events/%d", id)
	u := testutil.CreateUser(t, srv.DB, "staff", "Vejle Bibliotekerne")
	c := srv.Client(t)
	c.Login(u.Email)

	ctx := context.Background()
	blocker, err := pgx.Connect(ctx, srv.DB.Config().ConnConfig.ConnString())
	if err != nil {
		t.Fatal(err)
	}
	defer blocker.Close(ctx)
	tx, err := blocker.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(ctx, `SELECT 1 FROM events WHERE id = $1 FOR UPDATE`, id); err != nil {
		t.Fatal(err)
	}
	answer := make(chan testutil.Response, 1)
	go func() { answer <- c.Post(path+"/register", url.Values{}) }()
	var pid int
	for range 100 {
		err := srv.DB.QueryRow(ctx, `SELECT coalesce((SELECT pid FROM pg_stat_activity
			WHERE datname = current_database() AND wait_event_type = 'Lock' LIMIT 1), 0)`).Scan(&pid)
		if err != nil {
			t.Fatal(err)
		}
		if pid != 0 {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if pid == 0 {
		t.Fatal("the registration never waited on the lock")
	}
	// The registration's connection dies (a PostgreSQL restart, a network cut).
	if _, err := blocker.Exec(ctx, `SELECT pg_terminate_backend($1)`, pid); err != nil {
		t.Fatal(err)
	}
	res := <-answer
	_ = tx.Rollback(ctx)
	if res.Status != http.StatusServiceUnavailable || res.Header.Get("Retry-After") == "" {
		t.Errorf("registration whose connection was lost: %d (Retry-After %q), want 503 with Retry-After", res.Status, res.Header.Get("Retry-After"))
	}
	if !strings.Contains(res.Body, "vi kan ikke se, om den gik igennem") {
		t.Errorf("the page does not say the outcome is unknown: %.300s", res.Body)
	}
	// The next load shows the truth: not registered, and registering works.
	if page := c.Get(path); page.Status != http.StatusOK {
		t.Errorf("event page after the lost connection: %d", page.Status)
	}
	if s := regStatus(t, srv.DB, id, u.ID); s != "none" {
		t.Errorf("after the lost connection: %s, want none", s)
	}
	if res := c.Post(path+"/register", url.Values{}); res.Status != http.StatusSeeOther {
		t.Errorf("registering again: %d, want 303", res.Status)
	}
}

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

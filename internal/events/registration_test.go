package events_test

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"
	"testing"
	"time"

	"spor/internal/database"
	"spor/internal/events"
	"spor/internal/testutil"
)

// 200 people press "Register" at once for 50 places: the database decides, so
// exactly 50 get a place, 150 wait in the order the database let them in, and
// nobody is lost or counted twice.
func TestConcurrentRegistrations(t *testing.T) {
	db := testutil.NewDB(t)
	g := newGroup(t, db, "public")
	id := newEvent(t, db, g.GroupID, ev{Capacity: 50})
	users := make([]int64, 200)
	for i := range users {
		users[i] = testutil.CreateUser(t, db, "staff", fmt.Sprintf("Bibliotek %d", i%20)).ID
	}
	store := events.NewStore(db)
	outcomes := make([]events.Outcome, len(users))
	errs := make([]error, len(users))
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i, uid := range users {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			// 200 at once on a pool of 20 may exceed the pool's acquire budget on a
			// busy machine; such a request is refused before it reaches the database
			// (a 503 "try again" for a person), so it tries again, as people do.
			for try := 0; try < 50; try++ {
				outcomes[i], errs[i] = store.Register(context.Background(), id, uid, time.Now())
				if !database.Unavailable(errs[i]) {
					break
				}
			}
		}()
	}
	close(start)
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("user %d: %v", i, err)
		}
	}
	rows, err := db.Query(context.Background(), `SELECT user_id, status FROM event_registrations WHERE event_id = $1 ORDER BY id`, id)
	if err != nil {
		t.Fatal(err)
	}
	type reg struct {
		user   int64
		status string
	}
	var regs []reg
	for rows.Next() {
		var r reg
		if err := rows.Scan(&r.user, &r.status); err != nil {
			t.Fatal(err)
		}
		regs = append(regs, r)
	}
	if len(regs) != 200 {
		t.Fatalf("registrations in the database: %d, want 200 (none lost)", len(regs))
	}
	byUser := map[int64]int{}
	for i, uid := range users {
		byUser[uid] = i
	}
	confirmed, waitlisted := 0, 0
	for n, r := range regs {
		out := outcomes[byUser[r.user]]
		if n < 50 {
			if r.status != "confirmed" || out.Status != "confirmed" {
				t.Errorf("arrival %d: status %s (told %s), want confirmed", n+1, r.status, out.Status)
			}
			confirmed++
			continue
		}
		waitlisted++
		if r.status != "waitlisted" || out.Status != "waitlisted" {
			t.Errorf("arrival %d: status %s (told %s), want waitlisted", n+1, r.status, out.Status)
		}
		if out.Position != n-49 {
			t.Errorf("arrival %d: told waitlist position %d, want %d (arrival order)", n+1, out.Position, n-49)
		}
	}
	if confirmed != 50 || waitlisted != 150 {
		t.Errorf("confirmed %d, waitlisted %d; want 50 and 150", confirmed, waitlisted)
	}
	positions := []int{}
	for _, o := range outcomes {
		if o.Status == "waitlisted" {
			positions = append(positions, o.Position)
		}
	}
	sort.Ints(positions)
	for i, p := range positions {
		if p != i+1 {
			t.Fatalf("waitlist positions told are not 1..150 once each: %v", positions)
		}
	}
}

func TestRegistrationRules(t *testing.T) {
	db := testutil.NewDB(t)
	g := newGroup(t, db, "public")
	store := events.NewStore(db)
	ctx := context.Background()
	now := time.Now()
	future, past := now.Add(24*time.Hour), now.Add(-time.Hour)
	a1 := testutil.CreateUser(t, db, "staff", "Vejle Bibliotekerne")
	a2 := testutil.CreateUser(t, db, "staff", "Vejle Bibliotekerne")
	b1 := testutil.CreateUser(t, db, "staff", "Falu stadsbibliotek")

	cases := []struct {
		name  string
		event ev
		prior []int64 // registered before
		user  int64
		want  error
	}{
		{"confirmed when a place is free", ev{Capacity: 2}, nil, a1.ID, nil},
		{"refused before the window opens", ev{Opens: &future}, nil, a1.ID, events.ErrWindow},
		{"refused after the window closes", ev{Closes: &past}, nil, a1.ID, events.ErrWindow},
		{"refused once the event has started", ev{Start: now.Add(-time.Minute), End: now.Add(time.Hour)}, nil, a1.ID, events.ErrWindow},
		{"refused for a cancelled event", ev{Status: "cancelled"}, nil, a1.ID, events.ErrNotOpen},
		{"refused for a draft", ev{Status: "draft"}, nil, a1.ID, events.ErrNotOpen},
		{"refused twice", ev{}, []int64{a1.ID}, a1.ID, events.ErrTwice},
		{"refused over the organisation cap", ev{OrgCap: 1}, []int64{a1.ID}, a2.ID, events.ErrOrgFull},
		{"another organisation fits under its cap", ev{OrgCap: 1}, []int64{a1.ID}, b1.ID, nil},
		{"waitlist places count against the cap", ev{OrgCap: 1, Capacity: 1}, []int64{b1.ID, a1.ID}, a2.ID, events.ErrOrgFull},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			id := newEvent(t, db, g.GroupID, c.event)
			for _, u := range c.prior {
				if _, err := store.Register(ctx, id, u, now); err != nil {
					t.Fatalf("prior registration: %v", err)
				}
			}
			_, err := store.Register(ctx, id, c.user, now)
			if !errors.Is(err, c.want) {
				t.Fatalf("err = %v, want %v", err, c.want)
			}
			got := regStatus(t, db, id, c.user)
			if c.want == nil && got != "confirmed" {
				t.Errorf("status %s, want confirmed", got)
			}
			if c.want != nil && c.want != events.ErrTwice && got != "none" {
				t.Errorf("refused, yet the database has status %s", got)
			}
		})
	}
}

func TestCancelPromotesFirstOnWaitlist(t *testing.T) {
	db := testutil.NewDB(t)
	g := newGroup(t, db, "public")
	store := events.NewStore(db)
	ctx := context.Background()
	id := newEvent(t, db, g.GroupID, ev{Capacity: 2})
	var users []int64
	for i := 0; i < 4; i++ {
		u := testutil.CreateUser(t, db, "staff", "Mora bibliotek").ID
		users = append(users, u)
		if _, err := store.Register(ctx, id, u, time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	if err := store.Cancel(ctx, id, users[0], time.Now()); err != nil {
		t.Fatal(err)
	}
	want := []string{"none", "confirmed", "confirmed", "waitlisted"}
	for i, u := range users {
		if got := regStatus(t, db, id, u); got != want[i] {
			t.Errorf("user %d: %s, want %s", i, got, want[i])
		}
	}
	list, err := store.Participants(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if last := list[len(list)-1]; last.UserID != users[3] || last.Position != 1 {
		t.Errorf("waitlist: %+v, want user %d at position 1", last, users[3])
	}
	// Cancelling a waiting place promotes nobody and frees nothing.
	if err := store.Cancel(ctx, id, users[3], time.Now()); err != nil {
		t.Fatal(err)
	}
	if err := store.Cancel(ctx, id, users[3], time.Now()); !errors.Is(err, events.ErrNotRegister) {
		t.Errorf("second cancel: %v, want ErrNotRegister", err)
	}
	// A larger capacity fills from the waitlist when the event is saved.
	u5 := testutil.CreateUser(t, db, "staff", "Mora bibliotek").ID
	if out, _ := store.Register(ctx, id, u5, time.Now()); out.Status != "waitlisted" || out.Position != 1 {
		t.Fatalf("u5: %+v, want waitlisted at 1", out)
	}
	e, err := store.Event(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	e.Capacity = 3
	if err := store.UpdateEvent(ctx, e); err != nil {
		t.Fatal(err)
	}
	if got := regStatus(t, db, id, u5); got != "confirmed" {
		t.Errorf("after raising capacity: %s, want confirmed", got)
	}
	if e2, _ := store.Event(ctx, id); e2.Sequence != e.Sequence+1 {
		t.Errorf("sequence %d, want %d", e2.Sequence, e.Sequence+1)
	}
}

package me_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	goical "github.com/emersion/go-ical"

	"spor/internal/testutil"
)

func TestPersonalCalendarFeed(t *testing.T) {
	srv := testutil.NewServer(t)
	ctx := context.Background()
	db := srv.DB
	var groupID int64
	if err := db.QueryRow(ctx, `INSERT INTO groups (slug, title) VALUES ('digital-transformation', 'Digital transformation') RETURNING id`).Scan(&groupID); err != nil {
		t.Fatal(err)
	}
	newEvent := func(title, status string, capacity any, online string) int64 {
		var id int64
		err := db.QueryRow(ctx, `INSERT INTO events (group_id, title, starts_at, ends_at, zone, status, capacity, online_url)
			VALUES ($1, $2, '2099-03-29 10:00+02', '2099-03-29 12:00+02', 'Europe/Copenhagen', 'published', $3, $4) RETURNING id`,
			groupID, title, capacity, online).Scan(&id)
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	confirmed := newEvent("Kick-off", "published", nil, "https://meet.example.org/room")
	full := newEvent("Fuldt seminar", "published", 1, "https://meet.example.org/full")
	cancelled := newEvent("Aflyst workshop", "published", nil, "")
	other := testutil.CreateUser(t, db, "staff", "Falu stadsbibliotek")
	u := testutil.CreateUser(t, db, "staff", "Vejle Bibliotekerne")
	oc := srv.Client(t)
	oc.Login(other.Email)
	oc.Post("/events/"+itoa(full)+"/register", url.Values{})
	c := srv.Client(t)
	c.Login(u.Email)
	for _, id := range []int64{confirmed, full, cancelled} {
		if res := c.Post("/events/"+itoa(id)+"/register", url.Values{}); res.Status != http.StatusSeeOther {
			t.Fatalf("register %d: %d", id, res.Status)
		}
	}
	db.Exec(ctx, `UPDATE events SET status = 'cancelled', sequence = sequence + 1 WHERE id = $1`, cancelled)

	me := c.Get("/me")
	doc := me.Doc(t)
	webcal, _ := doc.Find(`#me-calendar a[href^="webcal://"]`).Attr("href")
	https := doc.Find("#me-calendar code").Text()
	if !strings.HasPrefix(webcal, "webcal://localhost") || !strings.HasPrefix(https, "http://localhost") || !strings.HasSuffix(https, ".ics") {
		t.Fatalf("calendar links: %q %q", webcal, https)
	}
	section := doc.Find("section[aria-labelledby=me-registrations]").Text()
	for _, want := range []string{"Kick-off", "Fuldt seminar", "Venteliste, nummer 1", "Aflyst"} {
		if !strings.Contains(section, want) {
			t.Errorf("My registrations lacks %q", want)
		}
	}
	path := strings.TrimPrefix(https, "http://localhost:8080")

	anon := srv.Client(t) // a calendar app: no login
	res := anon.Get(path)
	if res.Status != http.StatusOK || !strings.Contains(res.Body, "\r\n") {
		t.Fatalf("feed: %d", res.Status)
	}
	cal, err := goical.NewDecoder(strings.NewReader(res.Body)).Decode()
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]goical.Event{}
	for _, e := range cal.Events() {
		got[e.Props.Get(goical.PropUID).Value] = e
	}
	cases := []struct {
		name, uid, status, seq string
		hasLink                bool
	}{
		{"confirmed", "event-" + itoa(confirmed) + "@localhost:8080", "CONFIRMED", "0", true},
		{"waitlisted is tentative", "event-" + itoa(full) + "@localhost:8080", "TENTATIVE", "0", false},
		{"cancelled event", "event-" + itoa(cancelled) + "@localhost:8080", "CANCELLED", "1", false},
	}
	if len(got) != len(cases) {
		t.Fatalf("%d events in the feed, want %d", len(got), len(cases))
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e, ok := got[tc.uid]
			if !ok {
				t.Fatalf("%s not in the feed", tc.uid)
			}
			if s := e.Props.Get(goical.PropStatus).Value; s != tc.status {
				t.Errorf("STATUS %s, want %s", s, tc.status)
			}
			if s := e.Props.Get(goical.PropSequence).Value; s != tc.seq {
				t.Errorf("SEQUENCE %s, want %s", s, tc.seq)
			}
			start, err := e.DateTimeStart(time.UTC)
			if err != nil || !start.Equal(time.Date(2099, 3, 29, 8, 0, 0, 0, time.UTC)) {
				t.Errorf("DTSTART %v (%v), want 2099-03-29 08:00 UTC", start, err)
			}
			loc, _ := e.Props.Text(goical.PropLocation)
			if strings.Contains(loc, "meet.example.org") != tc.hasLink {
				t.Errorf("LOCATION %q: link shown %v, want %v", loc, !tc.hasLink, tc.hasLink)
			}
		})
	}

	// Replacing the token: the old address stops working, the new one works.
	if res := c.Post("/me/calendar/token", url.Values{}); res.Status != http.StatusSeeOther {
		t.Fatalf("replace: %d", res.Status)
	}
	if res := anon.Get(path); res.Status != http.StatusNotFound {
		t.Errorf("old token: %d, want 404", res.Status)
	}
	newHTTPS := c.Get("/me").Doc(t).Find("#me-calendar code").Text()
	if newHTTPS == https {
		t.Fatal("the address did not change")
	}
	if res := anon.Get(strings.TrimPrefix(newHTTPS, "http://localhost:8080")); res.Status != http.StatusOK {
		t.Errorf("new token: %d", res.Status)
	}
	if res := anon.Get("/me/calendar/not-a-token.ics"); res.Status != http.StatusNotFound {
		t.Errorf("malformed token: %d", res.Status)
	}
	if res := anon.Post("/me/calendar/token", url.Values{}); res.Status != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/login") {
		t.Errorf("anonymous replace: %d", res.Status)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

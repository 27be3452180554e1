package perf_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"spor/internal/auth"
	"spor/internal/scale"
	"spor/internal/testutil"
)

// site is the application on a generated dataset, with the measured staff member
// (scale.Me) logged in and the pages to measure found in its data.
type site struct {
	anonymous, me *testutil.Client
	event         string
	followers     int
}

func newSite(t *testing.T, sizes scale.Sizes, hash string) site {
	t.Helper()
	ctx := context.Background()
	db := testutil.NewDB(t)
	if err := scale.Load(ctx, db, sizes, 1, hash, io.Discard); err != nil {
		t.Fatal(err)
	}
	srv := testutil.NewServerOn(t, db)
	s := site{anonymous: srv.Client(t), me: srv.Client(t)}
	s.me.Login(scale.Email(scale.Me))
	s.me.Get("/") // shows (and so removes) the login's flash, a session write
	var id int64
	err := db.QueryRow(ctx, `SELECT e.id, (SELECT count(*) FROM group_followers WHERE group_id = g.id)
		FROM events e JOIN groups g ON g.id = e.group_id
		WHERE g.slug = 'group-001' AND e.status = 'published' AND e.audience = 'public' ORDER BY e.starts_at DESC, e.id LIMIT 1`).
		Scan(&id, &s.followers)
	if err != nil {
		t.Fatal(err)
	}
	s.event = fmt.Sprintf("/events/%d", id)
	return s
}

// TestRoundTripsDoNotGrowWithData loads the same-shaped dataset at two sizes, ten
// times apart, and requests each page as the same kind of visitor on both: the
// number of database round trips (X-Spor-Queries) must be the same.
func TestRoundTripsDoNotGrowWithData(t *testing.T) {
	hash, err := auth.HashPassword(context.Background(), testutil.Password)
	if err != nil {
		t.Fatal(err)
	}
	small, large := newSite(t, scale.Tiny, hash), newSite(t, scale.Tiny.Times(10), hash)
	if large.followers != 10*small.followers {
		t.Fatalf("the big group has %d and %d followers; want the large dataset ten times the small", small.followers, large.followers)
	}
	pages := []struct {
		name     string
		loggedIn bool
		path     func(site) string
		shows    string // text the page must show
	}{
		{"group page with its followers", false, func(site) string { return "/groups/group-001" }, "Group 001"},
		{"group page, logged in", true, func(site) string { return "/groups/group-001" }, "Group 001"},
		{"event page", false, func(s site) string { return s.event }, "Seminar"},
		{"event page, logged in", true, func(s site) string { return s.event }, "Seminar"},
		{"track page", false, func(site) string { return "/tracks/track-001" }, "Leadership track 001"},
		{"track page, logged in", true, func(site) string { return "/tracks/track-001" }, "Meeting 6"},
		{"/me", true, func(site) string { return "/me" }, "Group 040"},
		{"home", false, func(site) string { return "/" }, "Programme 01"},
		{"group list", false, func(site) string { return "/groups" }, "Group 001"},
		{"group calendar", false, func(site) string { return "/groups/group-001/events.ics" }, "BEGIN:VEVENT"},
		{"assessment results", true, func(site) string { return "/assessment/results" }, "<svg"},
		{"search", false, func(site) string { return "/search?q=seminar" }, `class="search-hit"`},
		{"search, logged in", true, func(site) string { return "/search?q=group" }, `class="search-hit"`},
		{"search without results (did you mean)", false, func(site) string { return "/search?q=seminr" }, `class="search-suggestion"`},
		{"learning catalogue, two filters", false, func(site) string { return "/learning?kind=video&language=sv" }, "Learning resource"},
		{"learning catalogue, two filters, logged in", true, func(site) string { return "/learning?area=safety&max=60&sort=shortest" }, "Learning resource"},
		{"learning course page, logged in", true, func(site) string { return "/learning/resource-00001" }, "Part 8"},
		{"/me/learning, 100 progress rows", true, func(site) string { return "/me/learning" }, "Learning resource"},
		{"search feed", false, func(site) string { return "/search.atom?q=seminar" }, "<entry"},
	}
	for _, p := range pages {
		t.Run(p.name, func(t *testing.T) {
			var counts []string
			for _, s := range []site{small, large} {
				c := s.anonymous
				if p.loggedIn {
					c = s.me
				}
				res := c.Get(p.path(s))
				if res.Status != http.StatusOK {
					t.Fatalf("%s: status %d", p.path(s), res.Status)
				}
				if !strings.Contains(res.Body, p.shows) {
					t.Errorf("%s does not show %q", p.path(s), p.shows)
				}
				counts = append(counts, res.Header.Get("X-Spor-Queries"))
			}
			if counts[0] == "" || counts[0] != counts[1] {
				t.Errorf("round trips with the small dataset: %q, with ten times the data: %q; want the same", counts[0], counts[1])
			}
			t.Logf("%s: %s round trips", p.name, counts[0])
		})
	}
}

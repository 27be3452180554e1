package app_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"spor/internal/testutil"
)

// TestNoManageLinkThatRefuses opens the pages people land on (home, /me, /events, a
// group, an event and a track page, the manage home) as staff, as a coordinator
// demoted to staff who is still listed on the records, as a coordinator of nothing
// and as the group's and track's own coordinator, and follows every link into
// /manage they are shown: each must open. Staff are shown none at all.
func TestNoManageLinkThatRefuses(t *testing.T) {
	srv := testutil.NewServer(t)
	s := seedManaged(t, srv)
	ctx := context.Background()
	var groupSlug, trackSlug string
	if err := srv.DB.QueryRow(ctx, `SELECT (SELECT slug FROM groups WHERE id = $1), (SELECT slug FROM tracks WHERE id = $2)`,
		s.group, s.track).Scan(&groupSlug, &trackSlug); err != nil {
		t.Fatal(err)
	}
	staff := testutil.CreateUser(t, srv.DB, "staff", "Vejle Bibliotekerne")
	demoted := testutil.CreateUser(t, srv.DB, "staff", "Vejle Bibliotekerne")
	unrelated := testutil.CreateUser(t, srv.DB, "coordinator", "Kolding Bibliotekerne")
	own := testutil.CreateUser(t, srv.DB, "coordinator", "Vejle Bibliotekerne")
	for _, u := range []testutil.User{demoted, own} {
		if _, err := srv.DB.Exec(ctx, `INSERT INTO group_coordinators (group_id, user_id) VALUES ($1, $2)`, s.group, u.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := srv.DB.Exec(ctx, `INSERT INTO track_coordinators (track_id, user_id) VALUES ($1, $2)`, s.track, u.ID); err != nil {
			t.Fatal(err)
		}
	}
	pages := []string{"/", "/me", "/events", "/groups/" + groupSlug, fmt.Sprintf("/events/%d", s.ids["events"]), "/tracks/" + trackSlug, "/manage"}
	users := []struct {
		name     string
		u        testutil.User
		staff    bool
		minLinks int // the own coordinator must be offered something, or the test proves nothing
	}{
		{"staff", staff, true, 0},
		{"demoted coordinator", demoted, true, 0},
		{"coordinator of nothing", unrelated, false, 0},
		{"the group's and track's coordinator", own, false, 3},
	}
	for _, who := range users {
		t.Run(who.name, func(t *testing.T) {
			c := srv.Client(t)
			c.Login(who.u.Email)
			seen := map[string]string{} // link → the page it was on
			for _, page := range pages {
				res := c.Get(page)
				if page == "/manage" && who.staff {
					if res.Status != http.StatusForbidden {
						t.Errorf("%s: %d, want 403", page, res.Status)
					}
					continue
				}
				if res.Status != http.StatusOK {
					t.Fatalf("%s: status %d", page, res.Status)
				}
				res.Doc(t).Find(`a[href^="/manage"]`).Each(func(_ int, a *goquery.Selection) {
					href := a.AttrOr("href", "")
					if _, ok := seen[href]; !ok {
						seen[href] = page
					}
				})
			}
			if who.staff && len(seen) > 0 {
				t.Errorf("staff are shown links into /manage: %v", seen)
			}
			if len(seen) < who.minLinks {
				t.Errorf("only %d links into /manage (%v); want at least %d", len(seen), seen, who.minLinks)
			}
			for href, page := range seen {
				if res := c.Get(href); res.Status != http.StatusOK {
					t.Errorf("%s offers %s, which answers %d", page, href, res.Status)
				}
			}
		})
	}
}

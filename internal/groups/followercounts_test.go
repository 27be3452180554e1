package groups_test

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"spor/internal/testutil"
)

// The group page's followers by organisation come from counts kept by triggers
// (migrations/00007), as are the totals lists of groups show; every way a
// follower can change must move them.
func TestFollowerCountsFollowEveryChange(t *testing.T) {
	srv := testutil.NewServer(t)
	ctx := context.Background()
	testutil.CreateGroup(t, srv.DB, "counted", "public")
	a := testutil.CreateUser(t, srv.DB, "staff", "Aarhus Bibliotekerne")
	b := testutil.CreateUser(t, srv.DB, "staff", "Aarhus Bibliotekerne")
	c := testutil.CreateUser(t, srv.DB, "staff", "Malmö stadsbibliotek")
	for _, u := range []testutil.User{a, b, c} {
		cl := srv.Client(t)
		cl.Login(u.Email)
		cl.Post("/groups/counted/follow", url.Values{})
	}
	exec := func(sql string, args ...any) {
		t.Helper()
		if _, err := srv.DB.Exec(ctx, sql, args...); err != nil {
			t.Fatal(err)
		}
	}
	steps := []struct {
		name  string
		do    func()
		shows []string
		hides []string
	}{
		{"each follow counts for the follower's organisation", func() {},
			[]string{"Aarhus Bibliotekerne (2)", "Malmö stadsbibliotek (1)"}, nil},
		{"a disabled follower is not counted", func() { exec(`UPDATE users SET disabled = true WHERE id = $1`, b.ID) },
			[]string{"Aarhus Bibliotekerne (1)"}, nil},
		{"enabled again, counted again", func() { exec(`UPDATE users SET disabled = false WHERE id = $1`, b.ID) },
			[]string{"Aarhus Bibliotekerne (2)"}, nil},
		{"a follower who moves counts for the new organisation", func() {
			exec(`UPDATE users SET organisation_id = $1 WHERE id = $2`, c.OrgID, a.ID)
		}, []string{"Aarhus Bibliotekerne (1)", "Malmö stadsbibliotek (2)"}, nil},
		{"an unfollow is uncounted", func() {
			exec(`DELETE FROM group_followers WHERE user_id = $1`, b.ID)
		}, []string{"Malmö stadsbibliotek (2)"}, []string{"Aarhus Bibliotekerne"}},
		{"a deleted user is uncounted", func() { exec(`DELETE FROM users WHERE id = $1`, c.ID) },
			[]string{"Malmö stadsbibliotek (1)"}, nil},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			s.do()
			body := srv.Client(t).Get("/groups/counted").Body
			for _, want := range s.shows {
				if !strings.Contains(body, want) {
					t.Errorf("group page does not show %q", want)
				}
			}
			for _, not := range s.hides {
				if strings.Contains(body, not) {
					t.Errorf("group page still shows %q", not)
				}
			}
			var kept, counted int
			err := srv.DB.QueryRow(ctx, `SELECT (SELECT followers FROM group_follower_totals t JOIN groups g ON g.id = t.group_id WHERE g.slug = 'counted'),
				(SELECT count(*) FROM group_followers f JOIN users u ON u.id = f.user_id JOIN groups g ON g.id = f.group_id
					WHERE g.slug = 'counted' AND NOT u.disabled)`).Scan(&kept, &counted)
			if err != nil {
				t.Fatal(err)
			}
			if kept != counted {
				t.Errorf("the kept total is %d, the group has %d active followers", kept, counted)
			}
		})
	}
}

package groups_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"spor/internal/testutil"
)

// outcome names what the user notices: the page ("ok", also a redirect after a
// successful post), the login page ("login") or the access-denied page ("forbidden").
func outcome(res testutil.Response) string {
	switch {
	case res.Status == http.StatusOK:
		return "ok"
	case res.Status == http.StatusSeeOther && strings.HasPrefix(res.Header.Get("Location"), "/login"):
		return "login"
	case res.Status == http.StatusSeeOther:
		return "ok"
	case res.Status == http.StatusForbidden:
		return "forbidden"
	}
	return fmt.Sprintf("status %d", res.Status)
}

func TestPermissionMatrix(t *testing.T) {
	srv := testutil.NewServer(t)
	db := srv.DB
	staff := testutil.CreateUser(t, db, "staff", "Vejle Bibliotekerne")
	coordThis := testutil.CreateUser(t, db, "coordinator", "Vejle Bibliotekerne")
	coordOther := testutil.CreateUser(t, db, "coordinator", "Kolding Bibliotekerne")
	admin := testutil.CreateUser(t, db, "admin", "Det Kgl. Bibliotek")
	// Still listed on both groups, but demoted to staff: rights follow the role.
	demoted := testutil.CreateUser(t, db, "coordinator", "Vejle Bibliotekerne")
	pub := testutil.CreateGroup(t, db, "open-group", "public", coordThis.ID, demoted.ID)
	priv := testutil.CreateGroup(t, db, "closed-group", "staff", coordThis.ID, demoted.ID)
	testutil.CreateGroup(t, db, "other-group", "public", coordOther.ID)
	doc := testutil.CreateDocument(t, db, priv, "plan.txt", "the plan")

	clients := map[string]*testutil.Client{"anonymous": srv.Client(t)}
	for name, u := range map[string]testutil.User{"staff": staff, "coordinator of this group": coordThis,
		"coordinator of another group": coordOther, "admin": admin, "demoted coordinator": demoted} {
		c := srv.Client(t)
		c.Login(u.Email)
		clients[name] = c
	}
	if _, err := db.Exec(t.Context(), `UPDATE users SET role = 'staff' WHERE id = $1`, demoted.ID); err != nil {
		t.Fatal(err)
	}
	actors := []string{"anonymous", "staff", "coordinator of this group", "coordinator of another group", "admin", "demoted coordinator"}

	n := 0
	actions := []struct {
		name string
		do   func(c *testutil.Client, actor string) testutil.Response
		want map[string]string
	}{
		{"read public group", func(c *testutil.Client, _ string) testutil.Response { return c.Get("/groups/open-group") },
			map[string]string{"anonymous": "ok", "staff": "ok", "demoted coordinator": "ok", "coordinator of this group": "ok", "coordinator of another group": "ok", "admin": "ok"}},
		{"read staff-only group", func(c *testutil.Client, _ string) testutil.Response { return c.Get("/groups/closed-group") },
			map[string]string{"anonymous": "login", "staff": "ok", "demoted coordinator": "ok", "coordinator of this group": "ok", "coordinator of another group": "ok", "admin": "ok"}},
		{"edit", func(c *testutil.Client, actor string) testutil.Response {
			return c.Post(fmt.Sprintf("/manage/groups/%d", pub), url.Values{"title": {"Edited by " + actor}, "lang": {"da"}, "slug": {"open-group"}, "visibility": {"public"}})
		}, map[string]string{"anonymous": "login", "staff": "forbidden", "demoted coordinator": "forbidden", "coordinator of this group": "ok", "coordinator of another group": "forbidden", "admin": "ok"}},
		{"upload", func(c *testutil.Client, actor string) testutil.Response {
			return c.Upload(fmt.Sprintf("/manage/groups/%d/documents", priv), map[string]string{"title": "Notes", "lang": "da"},
				"file", "notes.txt", []byte("notes from "+actor))
		}, map[string]string{"anonymous": "login", "staff": "forbidden", "demoted coordinator": "forbidden", "coordinator of this group": "ok", "coordinator of another group": "forbidden", "admin": "ok"}},
		{"download staff-only document", func(c *testutil.Client, _ string) testutil.Response {
			return c.Get(fmt.Sprintf("/groups/closed-group/documents/%d/plan.txt", doc))
		}, map[string]string{"anonymous": "login", "staff": "ok", "demoted coordinator": "ok", "coordinator of this group": "ok", "coordinator of another group": "ok", "admin": "ok"}},
		{"delete document", func(c *testutil.Client, actor string) testutil.Response {
			n++
			id := testutil.CreateDocument(t, db, priv, "old.txt", fmt.Sprintf("old %d", n))
			return c.Post(fmt.Sprintf("/manage/groups/%d/documents/%d/delete", priv, id), url.Values{})
		}, map[string]string{"anonymous": "login", "staff": "forbidden", "demoted coordinator": "forbidden", "coordinator of this group": "ok", "coordinator of another group": "forbidden", "admin": "ok"}},
		{"delete group", func(c *testutil.Client, actor string) testutil.Response {
			n++
			id := testutil.CreateGroup(t, db, fmt.Sprintf("doomed-%d", n), "public", coordThis.ID)
			return c.Post(fmt.Sprintf("/manage/groups/%d/delete", id), url.Values{})
		}, map[string]string{"anonymous": "login", "staff": "forbidden", "demoted coordinator": "forbidden", "coordinator of this group": "forbidden", "coordinator of another group": "forbidden", "admin": "ok"}},
	}
	for _, a := range actions {
		for _, actor := range actors {
			t.Run(a.name+"/"+actor, func(t *testing.T) {
				res := a.do(clients[actor], actor)
				if got := outcome(res); got != a.want[actor] {
					t.Errorf("%s as %s: %s (status %d, location %q), want %s", a.name, actor, got, res.Status, res.Header.Get("Location"), a.want[actor])
				}
			})
		}
	}
}

package notify_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"spor/internal/model"
	"spor/internal/testutil"
)

func follow(t *testing.T, db *pgxpool.Pool, groupID, userID int64) {
	t.Helper()
	exec(t, db, `INSERT INTO group_followers (group_id, user_id) VALUES ($1, $2)`, groupID, userID)
}

func settings(t *testing.T, db *pgxpool.Pool, groupID, userID int64) model.FollowSettings {
	t.Helper()
	var f model.FollowSettings
	err := db.QueryRow(context.Background(), `SELECT show_on_page, in_digest, at_once FROM group_followers WHERE group_id = $1 AND user_id = $2`,
		groupID, userID).Scan(&f.ShowOnPage, &f.InDigest, &f.AtOnce)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// /me/notifications saves the digest frequency, reminders and the three settings of
// each followed group, and only the visitor's own.
func TestNotificationSettingsPage(t *testing.T) {
	srv := testutil.NewServer(t)
	u := testutil.CreateUser(t, srv.DB, "staff", "Vejle Bibliotekerne")
	other := testutil.CreateUser(t, srv.DB, "staff", "Vejle Bibliotekerne")
	a := testutil.CreateGroup(t, srv.DB, "laesefremme", "public")
	b := testutil.CreateGroup(t, srv.DB, "makerspace", "public")
	follow(t, srv.DB, a, u.ID)
	follow(t, srv.DB, b, u.ID)
	follow(t, srv.DB, a, other.ID)
	if got := settings(t, srv.DB, a, u.ID); got != model.DefaultFollow {
		t.Fatalf("defaults %+v, want on, on, off", got)
	}

	c := srv.Client(t)
	if res := c.Get("/me/notifications"); res.Status != http.StatusSeeOther && res.Status != http.StatusFound {
		t.Errorf("anonymous: %d, want a redirect to the login", res.Status)
	}
	c.Login(u.Email)
	for lang, want := range map[string]string{"da": "Vis på min side", "sv": "Visa på min sida", "en": "Show on my page"} {
		res := c.Get("/me/notifications?lang=" + lang)
		if res.Status != http.StatusOK || !strings.Contains(res.Body, want) {
			t.Errorf("%s: %d, lacks %q", lang, res.Status, want)
		}
	}
	doc := c.Get("/me/notifications").Doc(t)
	if n := doc.Find(`input[type=checkbox][name^="show_"]:checked`).Length(); n != 2 {
		t.Errorf("%d groups shown on the page checked, want 2 (the default)", n)
	}
	if v, _ := doc.Find(`input[name=digest]:checked`).Attr("value"); v != "weekly" {
		t.Errorf("digest default %q, want weekly", v)
	}

	// Group a: off my page, out of the digest, at once. b stays default. The other
	// person's follow of a is untouched even though a's id is in the form.
	form := url.Values{"digest": {"daily"}, "group": {fmt.Sprint(a), fmt.Sprint(b)},
		"now_" + fmt.Sprint(a): {"on"}, "show_" + fmt.Sprint(b): {"on"}, "digest_" + fmt.Sprint(b): {"on"}}
	if res := c.Post("/me/notifications", form); res.Status != http.StatusSeeOther {
		t.Fatalf("save: %d", res.Status)
	}
	if got := settings(t, srv.DB, a, u.ID); got != (model.FollowSettings{AtOnce: true}) {
		t.Errorf("group a %+v", got)
	}
	if got := settings(t, srv.DB, b, u.ID); got != model.DefaultFollow {
		t.Errorf("group b %+v", got)
	}
	if got := settings(t, srv.DB, a, other.ID); got != model.DefaultFollow {
		t.Errorf("another person's settings changed: %+v", got)
	}
	var digest string
	var reminders bool
	if err := srv.DB.QueryRow(context.Background(), `SELECT digest_frequency, reminders FROM users WHERE id = $1`, u.ID).Scan(&digest, &reminders); err != nil {
		t.Fatal(err)
	}
	if digest != "daily" || reminders {
		t.Errorf("digest %q reminders %v, want daily and off", digest, reminders)
	}
	// "Show on my page" off: /me no longer lists the group.
	me := c.Get("/me").Body
	if strings.Contains(me, `href="/groups/laesefremme"`) || !strings.Contains(me, `href="/groups/makerspace"`) {
		t.Errorf("/me lists the groups wrongly")
	}

	if res := c.Post("/me/notifications", url.Values{"digest": {"hourly"}}); res.Status != http.StatusUnprocessableEntity {
		t.Errorf("an unknown frequency: %d, want 422", res.Status)
	}
}

// The follow form on the group page saves the three settings; a visitor who does
// not follow the group has nothing to set.
func TestFollowFormOnGroupPage(t *testing.T) {
	srv := testutil.NewServer(t)
	u := testutil.CreateUser(t, srv.DB, "staff", "Vejle Bibliotekerne")
	g := testutil.CreateGroup(t, srv.DB, "laesefremme", "public")
	c := srv.Client(t)
	c.Login(u.Email)
	if res := c.Post("/groups/laesefremme/follow/settings", url.Values{"at_once": {"on"}}); res.Status != http.StatusNotFound {
		t.Errorf("not following: %d, want 404", res.Status)
	}
	if doc := c.Get("/groups/laesefremme").Doc(t); doc.Find(`form[action="/groups/laesefremme/follow/settings"]`).Length() != 0 {
		t.Errorf("the settings form is shown to someone who does not follow")
	}
	c.Post("/groups/laesefremme/follow", url.Values{})
	doc := c.Get("/groups/laesefremme").Doc(t)
	f := doc.Find(`form[action="/groups/laesefremme/follow/settings"]`)
	if f.Find(`input[name=show_on_page]:checked`).Length() != 1 || f.Find(`input[name=at_once]:checked`).Length() != 0 {
		t.Errorf("the form does not show the defaults")
	}
	if res := c.Post("/groups/laesefremme/follow/settings", url.Values{"in_digest": {"on"}, "at_once": {"on"}}); res.Status != http.StatusSeeOther {
		t.Fatalf("save: %d", res.Status)
	}
	if got := settings(t, srv.DB, g, u.ID); got != (model.FollowSettings{InDigest: true, AtOnce: true}) {
		t.Errorf("saved %+v", got)
	}
	f = c.Get("/groups/laesefremme").Doc(t).Find(`form[action="/groups/laesefremme/follow/settings"]`)
	if f.Find(`input[name=show_on_page]:checked`).Length() != 0 || f.Find(`input[name=at_once]:checked`).Length() != 1 {
		t.Errorf("the form does not show the saved settings")
	}
}

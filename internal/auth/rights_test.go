package auth_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	"spor/internal/auth"
	"spor/internal/model"
	"spor/internal/testutil"
)

func count(t *testing.T, srv *testutil.Server, sql string, args ...any) int {
	t.Helper()
	var n int
	if err := srv.DB.QueryRow(context.Background(), sql, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func signedIn(c *testutil.Client) bool { return c.Get("/me").Status == http.StatusOK }

func userForm(u testutil.User, role string) url.Values {
	return url.Values{"email": {u.Email}, "name": {"Test " + role}, "organisation": {itoa(u.OrgID)}, "role": {role}, "lang": {"da"}}
}

func TestDemotionDropsAssignmentsAndSessions(t *testing.T) {
	srv := testutil.NewServer(t)
	ctx := context.Background()
	admin := testutil.CreateUser(t, srv.DB, "admin", "Det Kgl. Bibliotek")
	coord := testutil.CreateUser(t, srv.DB, "coordinator", "Vejle Bibliotekerne")
	group := testutil.CreateGroup(t, srv.DB, "demotion-group", "public", coord.ID)
	var track int64
	if err := srv.DB.QueryRow(ctx, `WITH p AS (INSERT INTO programmes (slug, title, lang) VALUES ('demotion', 'Demotion', 'da') RETURNING id),
		t AS (INSERT INTO tracks (programme_id, slug, title, audience, goals, prework_md, prework_html, lang)
			SELECT id, 'demotion-track', 'Forløb', 'Ledere', '{}', '', '', 'da' FROM p RETURNING id)
		SELECT id FROM t`).Scan(&track); err != nil {
		t.Fatal(err)
	}
	if _, err := srv.DB.Exec(ctx, `INSERT INTO track_coordinators (track_id, user_id) VALUES ($1, $2)`, track, coord.ID); err != nil {
		t.Fatal(err)
	}
	laptop, phone := srv.Client(t), srv.Client(t)
	laptop.Login(coord.Email)
	phone.Login(coord.Email)
	a := srv.Client(t)
	a.Login(admin.Email)

	// A change of name alone ends nothing.
	if res := a.Post("/manage/users/"+itoa(coord.ID), userForm(coord, "coordinator")); res.Status != http.StatusSeeOther {
		t.Fatalf("rename: %d", res.Status)
	}
	if !signedIn(laptop) || !signedIn(phone) {
		t.Fatal("a rename logged the user out")
	}
	if count(t, srv, `SELECT count(*) FROM group_coordinators WHERE user_id = $1`, coord.ID) != 1 {
		t.Fatal("a rename dropped the group assignment")
	}

	if res := a.Post("/manage/users/"+itoa(coord.ID), userForm(coord, "staff")); res.Status != http.StatusSeeOther {
		t.Fatalf("demote: %d", res.Status)
	}
	if n := count(t, srv, `SELECT (SELECT count(*) FROM group_coordinators WHERE user_id = $1) + (SELECT count(*) FROM track_coordinators WHERE user_id = $1)`, coord.ID); n != 0 {
		t.Errorf("%d assignments left after demotion", n)
	}
	if signedIn(laptop) || signedIn(phone) {
		t.Error("the demoted user's sessions live on")
	}
	if !signedIn(a) {
		t.Error("the admin making the change was logged out")
	}
	// Promoted again, they start from no assignments.
	if res := a.Post("/manage/users/"+itoa(coord.ID), userForm(coord, "coordinator")); res.Status != http.StatusSeeOther {
		t.Fatalf("promote: %d", res.Status)
	}
	laptop.Login(coord.Email)
	if res := laptop.Get("/manage/groups/" + itoa(group)); res.Status != http.StatusForbidden {
		t.Errorf("re-promoted coordinator edits the old group: %d, want 403", res.Status)
	}
	if res := laptop.Get("/manage/tracks/" + itoa(track) + "/"); res.Status != http.StatusForbidden {
		t.Errorf("re-promoted coordinator edits the old track: %d, want 403", res.Status)
	}

	// Disabling drops the assignments as well.
	if _, err := srv.DB.Exec(ctx, `INSERT INTO group_coordinators (group_id, user_id) VALUES ($1, $2)`, group, coord.ID); err != nil {
		t.Fatal(err)
	}
	form := userForm(coord, "coordinator")
	form.Set("disabled", "on")
	if res := a.Post("/manage/users/"+itoa(coord.ID), form); res.Status != http.StatusSeeOther {
		t.Fatalf("disable: %d", res.Status)
	}
	if count(t, srv, `SELECT count(*) FROM group_coordinators WHERE user_id = $1`, coord.ID) != 0 {
		t.Error("a disabled coordinator keeps the group assignment")
	}
}

func TestPasswordChangeEndsOtherSessions(t *testing.T) {
	srv := testutil.NewServer(t)
	admin := testutil.CreateUser(t, srv.DB, "admin", "Det Kgl. Bibliotek")
	staff := testutil.CreateUser(t, srv.DB, "staff", "Vejle Bibliotekerne")
	s := srv.Client(t)
	s.Login(staff.Email)
	a, aElsewhere := srv.Client(t), srv.Client(t)
	a.Login(admin.Email)
	aElsewhere.Login(admin.Email)

	form := userForm(staff, "staff")
	form.Set("password", "a brand new password")
	if res := a.Post("/manage/users/"+itoa(staff.ID), form); res.Status != http.StatusSeeOther {
		t.Fatalf("new password: %d", res.Status)
	}
	if signedIn(s) {
		t.Error("the old password's session lives on")
	}
	// The admin's own new password: their other browser is logged out, this one stays.
	own := userForm(admin, "admin")
	own.Set("password", "the admin's new password")
	if res := a.Post("/manage/users/"+itoa(admin.ID), own); res.Status != http.StatusSeeOther {
		t.Fatalf("own password: %d", res.Status)
	}
	if !signedIn(a) {
		t.Error("the session that changed the password was logged out")
	}
	if signedIn(aElsewhere) {
		t.Error("the admin's other session lives on")
	}
}

func TestCanEditGroupNeedsTheRole(t *testing.T) {
	db := testutil.NewDB(t)
	coord := testutil.CreateUser(t, db, "coordinator", "Vejle Bibliotekerne")
	group := testutil.CreateGroup(t, db, "role-group", "public", coord.ID)
	for _, tc := range []struct {
		role model.Role
		want bool
	}{{model.RoleCoordinator, true}, {model.RoleStaff, false}, {model.RoleAdmin, true}} {
		u := &model.User{ID: coord.ID, Role: tc.role}
		if ok, err := auth.CanEditGroup(context.Background(), db, u, group); err != nil || ok != tc.want {
			t.Errorf("listed user with role %s: %v, %v; want %v", tc.role, ok, err, tc.want)
		}
	}
}

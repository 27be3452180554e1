package auth_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"spor/internal/auth"
	"spor/internal/testutil"
)

func TestLogin(t *testing.T) {
	srv := testutil.NewServer(t)
	staff := testutil.CreateUser(t, srv.DB, "staff", "Vejle Bibliotekerne")
	disabled := testutil.CreateUser(t, srv.DB, "staff", "Vejle Bibliotekerne")
	if _, err := srv.DB.Exec(context.Background(), `UPDATE users SET disabled = true WHERE id = $1`, disabled.ID); err != nil {
		t.Fatal(err)
	}

	t.Run("right password logs in and goes to next", func(t *testing.T) {
		c := srv.Client(t)
		res := c.Post("/login", url.Values{"email": {strings.ToUpper(staff.Email)}, "password": {testutil.Password}, "next": {"/manage"}})
		if res.Status != http.StatusSeeOther || res.Header.Get("Location") != "/manage" {
			t.Fatalf("status %d location %q", res.Status, res.Header.Get("Location"))
		}
		page := c.Get("/me")
		if page.Status != http.StatusOK || !strings.Contains(page.Body, staff.Email) {
			t.Errorf("/me after login: %d", page.Status)
		}
	})

	var failures []string
	for _, tc := range []struct{ name, email, password string }{
		{"wrong password", staff.Email, "not the password"},
		{"unknown email", "nobody@example.org", testutil.Password},
		{"disabled user", disabled.Email, testutil.Password},
	} {
		t.Run(tc.name+" is refused", func(t *testing.T) {
			c := srv.Client(t)
			res := c.Post("/login", url.Values{"email": {tc.email}, "password": {tc.password}})
			if res.Status != http.StatusUnauthorized {
				t.Fatalf("status %d, want 401", res.Status)
			}
			msg := strings.TrimSpace(res.Doc(t).Find(".error-summary").Text())
			if msg == "" {
				t.Fatal("no error message shown")
			}
			failures = append(failures, msg)
			if c.Get("/me").Status != http.StatusSeeOther {
				t.Error("/me reachable after a refused login")
			}
		})
	}
	t.Run("all refusals read the same", func(t *testing.T) {
		if len(failures) != 3 || failures[0] != failures[1] || failures[1] != failures[2] {
			t.Errorf("messages differ: %q", failures)
		}
	})

	t.Run("next must be a local path", func(t *testing.T) {
		for _, next := range []string{"https://evil.example", "//evil.example", "/\\evil.example"} {
			c := srv.Client(t)
			res := c.Post("/login", url.Values{"email": {staff.Email}, "password": {testutil.Password}, "next": {next}})
			if loc := res.Header.Get("Location"); !strings.HasPrefix(loc, "/") || strings.HasPrefix(loc, "//") || strings.Contains(loc, "evil") {
				t.Errorf("next=%q redirected to %q", next, loc)
			}
		}
	})
}

func TestLogoutRenewsSession(t *testing.T) {
	srv := testutil.NewServer(t)
	u := testutil.CreateUser(t, srv.DB, "staff", "Odense Bibliotekerne")
	c := srv.Client(t)
	c.Login(u.Email)
	before := sessionCookie(t, c)
	res := c.Post("/logout", nil)
	if res.Status != http.StatusSeeOther {
		t.Fatalf("logout status %d", res.Status)
	}
	if after := sessionCookie(t, c); after == before {
		t.Error("session token not renewed on logout")
	}
	if c.Get("/me").Status != http.StatusSeeOther {
		t.Error("still logged in after logout")
	}
}

func sessionCookie(t *testing.T, c *testutil.Client) string {
	u, _ := url.Parse(c.URL("/"))
	for _, ck := range c.Jar.Cookies(u) {
		if strings.HasSuffix(ck.Name, "spor_session") {
			return ck.Value
		}
	}
	return ""
}

func TestSessionSurvivesRestart(t *testing.T) {
	db := testutil.NewDB(t)
	u := testutil.CreateUser(t, db, "staff", "Kolding Bibliotekerne")
	first := testutil.NewServerOn(t, db)
	c := first.Client(t)
	c.Login(u.Email)
	first.Close()

	// A new server (a restart, or a second instance) on the same database.
	second := testutil.NewServerOn(t, db)
	c2 := second.Client(t)
	from, _ := url.Parse(c.URL("/"))
	to, _ := url.Parse(c2.URL("/"))
	c2.Jar.SetCookies(to, c.Jar.Cookies(from))
	res := c2.Get("/me")
	if res.Status != http.StatusOK || !strings.Contains(res.Body, u.Email) {
		t.Fatalf("after restart /me: %d", res.Status)
	}
}

func TestCrossOriginPostRejected(t *testing.T) {
	srv := testutil.NewServer(t)
	u := testutil.CreateUser(t, srv.DB, "staff", "Herning Bibliotekerne")
	c := srv.Client(t)
	c.Login(u.Email)
	req, _ := http.NewRequest(http.MethodPost, c.URL("/logout"), nil)
	req.Header.Set("Origin", "https://evil.example")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	if res := c.Do(req); res.Status != http.StatusForbidden {
		t.Fatalf("cross-origin POST: %d, want 403", res.Status)
	}
	if c.Get("/me").Status != http.StatusOK {
		t.Error("the cross-origin logout took effect")
	}
}

func TestManageAccess(t *testing.T) {
	srv := testutil.NewServer(t)
	staff := testutil.CreateUser(t, srv.DB, "staff", "Skive Bibliotek")
	admin := testutil.CreateUser(t, srv.DB, "admin", "Det Kgl. Bibliotek")
	for _, path := range []string{"/manage/users", "/manage/organisations", "/manage/alerts"} {
		t.Run(path, func(t *testing.T) {
			anon := srv.Client(t).Get(path)
			if anon.Status != http.StatusSeeOther || anon.Header.Get("Location") != "/login?next="+url.QueryEscape(path) {
				t.Errorf("anonymous: %d %q", anon.Status, anon.Header.Get("Location"))
			}
			s := srv.Client(t)
			s.Login(staff.Email)
			if res := s.Get(path); res.Status != http.StatusForbidden {
				t.Errorf("staff: %d, want 403", res.Status)
			}
			a := srv.Client(t)
			a.Login(admin.Email)
			if res := a.Get(path); res.Status != http.StatusOK {
				t.Errorf("admin: %d, want 200", res.Status)
			}
		})
	}
}

func TestAdminManagesUsers(t *testing.T) {
	srv := testutil.NewServer(t)
	admin := testutil.CreateUser(t, srv.DB, "admin", "Det Kgl. Bibliotek")
	c := srv.Client(t)
	c.Login(admin.Email)

	bad := c.Post("/manage/users", url.Values{"email": {"not-an-email"}, "name": {""}, "role": {"staff"}, "lang": {"da"}, "password": {"short"}})
	if bad.Status != http.StatusUnprocessableEntity {
		t.Fatalf("invalid form: %d, want 422", bad.Status)
	}
	doc := bad.Doc(t)
	if v, _ := doc.Find(`input[name=email]`).Attr("value"); v != "not-an-email" {
		t.Errorf("input not kept: %q", v)
	}
	if doc.Find(".field__error").Length() < 3 {
		t.Errorf("want messages beside email, name, organisation, password")
	}

	form := url.Values{"email": {"ny@example.org"}, "name": {"Nina Ny"}, "organisation": {itoa(admin.OrgID)}, "role": {"coordinator"}, "lang": {"sv"}, "password": {"a long enough password"}}
	if res := c.Post("/manage/users", form); res.Status != http.StatusSeeOther {
		t.Fatalf("create: %d", res.Status)
	}
	if res := c.Post("/manage/users", form); res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "ny@example.org") {
		t.Errorf("duplicate email: %d", res.Status)
	}
	var id int64
	if err := srv.DB.QueryRow(context.Background(), `SELECT id FROM users WHERE email = 'ny@example.org'`).Scan(&id); err != nil {
		t.Fatal(err)
	}
	// Disable and set a new password: the user can no longer log in.
	form.Set("disabled", "on")
	form.Set("password", "another long password")
	if res := c.Post("/manage/users/"+itoa(id), form); res.Status != http.StatusSeeOther {
		t.Fatalf("update: %d", res.Status)
	}
	nc := srv.Client(t)
	if res := nc.Post("/login", url.Values{"email": {"ny@example.org"}, "password": {"another long password"}}); res.Status != http.StatusUnauthorized {
		t.Errorf("disabled user login: %d, want 401", res.Status)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func TestIdleTimeout(t *testing.T) {
	srv := testutil.NewServer(t)
	u := testutil.CreateUser(t, srv.DB, "staff", "Ringsted Bibliotek")
	c := srv.Client(t)
	c.Login(u.Email)
	ctx := context.Background()
	// Rewind the session's last-seen time past the idle timeout, as if the user had
	// left the browser open: the next request finds them logged out.
	var token string
	if err := srv.DB.QueryRow(ctx, `SELECT token FROM sessions ORDER BY expiry DESC LIMIT 1`).Scan(&token); err != nil {
		t.Fatal(err)
	}
	sctx, err := srv.App.Sessions.Load(ctx, token)
	if err != nil {
		t.Fatal(err)
	}
	srv.App.Sessions.Put(sctx, "last_seen", time.Now().Add(-auth.IdleTimeout-time.Minute).Unix())
	if _, _, err := srv.App.Sessions.Commit(sctx); err != nil {
		t.Fatal(err)
	}
	if res := c.Get("/me"); res.Status != http.StatusSeeOther {
		t.Fatalf("/me after idling: %d, want a redirect to login", res.Status)
	}
}

func TestActiveSessionIsNotRewrittenOnEveryRequest(t *testing.T) {
	srv := testutil.NewServer(t)
	u := testutil.CreateUser(t, srv.DB, "staff", "Slagelse Bibliotekerne")
	c := srv.Client(t)
	c.Login(u.Email)
	c.Get("/me") // shows (and so removes) the welcome flash: one write
	ctx := context.Background()
	// Every UPDATE of the row gives it a new xmin (the writing transaction's id).
	version := func() string {
		var x string
		if err := srv.DB.QueryRow(ctx, `SELECT xmin::text FROM sessions`).Scan(&x); err != nil {
			t.Fatal(err)
		}
		return x
	}
	before := version()
	for i := 0; i < 3; i++ {
		if res := c.Get("/me"); res.Status != http.StatusOK {
			t.Fatalf("/me: %d", res.Status)
		}
	}
	if after := version(); after != before {
		t.Errorf("session row rewritten by plain page views (xmin %s → %s)", before, after)
	}
}

func TestAdminUserFormAppliesPasswordRules(t *testing.T) {
	srv := testutil.NewServer(t)
	admin := testutil.CreateUser(t, srv.DB, "admin", "Det Kgl. Bibliotek")
	c := srv.Client(t)
	c.Login(admin.Email)
	form := url.Values{"email": {"nina.nyborg@vejle.dk"}, "name": {"Nina Nyborg"}, "organisation": {itoa(admin.OrgID)}, "role": {"staff"}, "lang": {"en"}}
	for _, tc := range []struct{ password, message string }{
		{"kort kode", "at least 12 characters"},
		{"NinaNyborg2026!", "too close to your name or email"},
		{"Password123456", "among the most used"},
	} {
		form.Set("password", tc.password)
		res := c.Post("/manage/users?lang=en", form)
		if res.Status != http.StatusUnprocessableEntity {
			t.Fatalf("%q: %d, want 422", tc.password, res.Status)
		}
		if msg := res.Doc(t).Find("#f-password-error, .field__error").Text(); !strings.Contains(msg, tc.message) {
			t.Errorf("%q: field errors %q, want %q", tc.password, msg, tc.message)
		}
	}
	var n int
	if err := srv.DB.QueryRow(context.Background(), `SELECT count(*) FROM users WHERE email = 'nina.nyborg@vejle.dk'`).Scan(&n); err != nil || n != 0 {
		t.Fatalf("a user was created with a weak password (%d, %v)", n, err)
	}
	form.Set("password", "kaffe og kage hver fredag")
	if res := c.Post("/manage/users", form); res.Status != http.StatusSeeOther {
		t.Fatalf("strong password: %d, want 303", res.Status)
	}
}

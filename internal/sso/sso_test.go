package sso_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/oauth2-proxy/mockoidc"

	"spor/internal/app"
	"spor/internal/config"
	"spor/internal/sso"
	"spor/internal/testutil"
)

const orgName = "Testkommunens Biblioteker"

// env is a Spor server with one provider, "test", running in the test.
type env struct {
	t   *testing.T
	srv *testutil.Server
	idp *testutil.OIDC
	org int64
}

func newEnv(t *testing.T, endSession bool, provider func(*testutil.OIDC) config.OIDCProvider) *env {
	t.Helper()
	idp := testutil.NewOIDC(t, endSession)
	p := idp.Provider("test", orgName)
	if provider != nil {
		p = provider(idp)
	}
	srv := testutil.NewServer(t, func(o *app.Options) {
		o.Config.OIDCProviders = []config.OIDCProvider{p}
		o.SSO = sso.Options{Retry: 50 * time.Millisecond}
	})
	return &env{t: t, srv: srv, idp: idp, org: testutil.CreateOrg(t, srv.DB, orgName)}
}

// person is a work account at the provider.
func person(sub, email string, verified bool) *mockoidc.MockUser {
	return &mockoidc.MockUser{Subject: sub, Email: email, EmailVerified: verified, PreferredUsername: "Nina Nyborg"}
}

// twisted is a work account whose ID token is changed before it is signed.
type twisted struct {
	*mockoidc.MockUser
	twist func(*mockoidc.IDTokenClaims)
}

func (u twisted) Claims(scopes []string, c *mockoidc.IDTokenClaims) (jwt.Claims, error) {
	u.twist(c)
	return u.MockUser.Claims(scopes, c)
}

// authorize starts a login in c and lets the provider answer for user; it
// returns the callback's query (code and state), not yet sent to Spor.
func (e *env) authorize(c *testutil.Client, user mockoidc.User, next string) url.Values {
	e.t.Helper()
	e.idp.QueueUser(user)
	res := c.Post("/login/oidc/test", url.Values{"next": {next}})
	if res.Status != http.StatusSeeOther {
		e.t.Fatalf("start: status %d, want 303: %s", res.Status, res.Body)
	}
	loc, _ := url.Parse(res.Header.Get("Location"))
	q := loc.Query()
	if q.Get("code_challenge_method") != "S256" || q.Get("code_challenge") == "" || q.Get("state") == "" || q.Get("nonce") == "" {
		e.t.Fatalf("authorization request lacks PKCE S256, state or nonce: %s", loc)
	}
	if !strings.HasSuffix(q.Get("redirect_uri"), "/login/oidc/test/callback") {
		e.t.Errorf("redirect_uri = %q", q.Get("redirect_uri"))
	}
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	back, err := noFollow.Get(loc.String())
	if err != nil {
		e.t.Fatal(err)
	}
	back.Body.Close()
	cb, _ := url.Parse(back.Header.Get("Location"))
	if cb.Query().Get("code") == "" {
		e.t.Fatalf("provider answered %d without a code", back.StatusCode)
	}
	return cb.Query()
}

// login runs the whole round trip and returns Spor's answer to the callback.
func (e *env) login(c *testutil.Client, user mockoidc.User, next string) testutil.Response {
	e.t.Helper()
	return c.Get("/login/oidc/test/callback?" + e.authorize(c, user, next).Encode())
}

// me is the logged-in user's email, "" when the client is not logged in.
func me(t *testing.T, c *testutil.Client) string {
	t.Helper()
	res := c.Get("/me/profile")
	if res.Status != http.StatusOK {
		return ""
	}
	return strings.TrimSpace(res.Doc(t).Find("#profile-email ~ p").First().Text())
}

func (e *env) userOrg(email string) (id, org int64, role string) {
	e.t.Helper()
	err := e.srv.DB.QueryRow(context.Background(), `SELECT id, organisation_id, role FROM users WHERE email = $1`, email).Scan(&id, &org, &role)
	if err != nil {
		e.t.Fatalf("user %s: %v", email, err)
	}
	return id, org, role
}

func TestFirstLoginCreatesAccountThenFindsIt(t *testing.T) {
	e := newEnv(t, false, nil)
	c := e.srv.Client(t)
	res := e.login(c, person("sub-nina", "nina@testkommune.dk", true), "/groups")
	if res.Status != http.StatusSeeOther || res.Header.Get("Location") != "/groups" {
		t.Fatalf("callback: status %d to %q, want 303 to /groups (next= kept): %s", res.Status, res.Header.Get("Location"), res.Body)
	}
	if got := me(t, c); !strings.Contains(got, "nina@testkommune.dk") {
		t.Fatalf("not logged in as the new account: %q", got)
	}
	id, org, role := e.userOrg("nina@testkommune.dk")
	if org != e.org || role != "staff" {
		t.Errorf("new account in organisation %d as %s, want %d as staff", org, role, e.org)
	}
	// The account has no password: the password form cannot open it.
	for _, pw := range []string{"", "anything at all"} {
		if res := e.srv.Client(t).Post("/login", url.Values{"email": {"nina@testkommune.dk"}, "password": {pw}}); res.Status == http.StatusSeeOther {
			t.Errorf("password %q logged in to an account made by single sign-on", pw)
		}
	}
	// The profile shows the link.
	if txt := c.Get("/me/profile").Doc(t).Find("#profile-sso").Parent().Text(); !strings.Contains(txt, "nina@testkommune.dk") {
		t.Errorf("profile does not show the linked work account: %q", txt)
	}

	// Second login, in another browser: the same account, none created.
	c2 := e.srv.Client(t)
	if res := e.login(c2, person("sub-nina", "nina@testkommune.dk", true), ""); res.Status != http.StatusSeeOther || res.Header.Get("Location") != "/me" {
		t.Fatalf("second login: status %d to %q", res.Status, res.Header.Get("Location"))
	}
	var n int
	var linkedTo int64
	_ = e.srv.DB.QueryRow(context.Background(), `SELECT count(*), max(user_id) FROM user_identities`).Scan(&n, &linkedTo)
	var users int
	_ = e.srv.DB.QueryRow(context.Background(), `SELECT count(*) FROM users WHERE lower(email) = 'nina@testkommune.dk'`).Scan(&users)
	if n != 1 || linkedTo != id || users != 1 {
		t.Errorf("after two logins: %d links to %d, %d accounts; want 1 link to %d, 1 account", n, linkedTo, users, id)
	}
}

func TestNextStaysLocal(t *testing.T) {
	e := newEnv(t, false, nil)
	c := e.srv.Client(t)
	res := e.login(c, person("sub-x", "x@testkommune.dk", true), "//evil.example/steal")
	if res.Status != http.StatusSeeOther || res.Header.Get("Location") != "/me" {
		t.Errorf("next=//evil.example: redirected to %q, want /me", res.Header.Get("Location"))
	}
}

func TestByEmailDomainJoinsTheDomainsOrganisation(t *testing.T) {
	e := newEnv(t, false, func(o *testutil.OIDC) config.OIDCProvider { return o.Provider("test", "") })
	other := testutil.CreateOrg(t, e.srv.DB, "Vejle Bibliotekerne")
	if _, err := e.srv.DB.Exec(context.Background(), `UPDATE organisations SET email_domains = '{vejle.dk}' WHERE id = $1`, other); err != nil {
		t.Fatal(err)
	}
	c := e.srv.Client(t)
	if res := e.login(c, person("sub-v", "Ole@Vejle.dk", true), ""); res.Status != http.StatusSeeOther {
		t.Fatalf("login: status %d: %s", res.Status, res.Body)
	}
	if _, org, _ := e.userOrg("Ole@Vejle.dk"); org != other {
		t.Errorf("organisation %d, want Vejle's %d", org, other)
	}
	// An address whose domain no organisation lists gets a page saying so.
	res := e.login(e.srv.Client(t), person("sub-w", "someone@nowhere.dk", true), "")
	if res.Status != http.StatusForbidden || !strings.Contains(res.Body, "does not belong to an organisation") && !strings.Contains(res.Body, "hører ikke til en organisation") {
		t.Errorf("unknown domain: status %d", res.Status)
	}
}

func TestUnverifiedEmailRefused(t *testing.T) {
	e := newEnv(t, false, nil)
	c := e.srv.Client(t)
	res := e.login(c, person("sub-u", "u@testkommune.dk", false), "")
	if res.Status != http.StatusForbidden {
		t.Fatalf("unverified: status %d, want 403", res.Status)
	}
	if !strings.Contains(res.Doc(t).Find("main").Text(), "bekræftede ikke din e-mailadresse") {
		t.Errorf("page does not explain: %s", res.Doc(t).Find("main").Text())
	}
	var n int
	_ = e.srv.DB.QueryRow(context.Background(), `SELECT count(*) FROM users WHERE email = 'u@testkommune.dk'`).Scan(&n)
	if n != 0 || me(t, c) != "" {
		t.Error("an unverified address got an account or a session")
	}
}

// Each of these must refuse the login: no session, no account.
func TestCallbackRefusals(t *testing.T) {
	e := newEnv(t, false, nil)
	cases := []struct {
		name   string
		status int
		says   string // the page's explanation (in Danish, the default)
		run    func(c *testutil.Client) testutil.Response
	}{
		{"wrong state", http.StatusBadRequest, "startet i et andet vindue", func(c *testutil.Client) testutil.Response {
			q := e.authorize(c, person("s1", "s1@testkommune.dk", true), "")
			q.Set("state", "not-the-state")
			return c.Get("/login/oidc/test/callback?" + q.Encode())
		}},
		{"state from another browser", http.StatusBadRequest, "startet i et andet vindue", func(c *testutil.Client) testutil.Response {
			q := e.authorize(e.srv.Client(t), person("s2", "s2@testkommune.dk", true), "")
			return c.Get("/login/oidc/test/callback?" + q.Encode())
		}},
		{"replayed code", http.StatusBadRequest, "kunne ikke godkendes", func(c *testutil.Client) testutil.Response {
			first := e.srv.Client(t)
			q := e.authorize(first, person("s3", "s3@testkommune.dk", true), "")
			if res := first.Get("/login/oidc/test/callback?" + q.Encode()); res.Status != http.StatusSeeOther {
				t.Fatalf("first use of the code: status %d", res.Status)
			}
			// The same code again, in a flow of its own with a valid state.
			mine := e.authorize(c, person("s3", "s3@testkommune.dk", true), "")
			mine.Set("code", q.Get("code"))
			return c.Get("/login/oidc/test/callback?" + mine.Encode())
		}},
		{"callback used twice", http.StatusBadRequest, "startet i et andet vindue", func(c *testutil.Client) testutil.Response {
			q := e.authorize(c, person("s4", "s4@testkommune.dk", true), "")
			if res := c.Get("/login/oidc/test/callback?" + q.Encode()); res.Status != http.StatusSeeOther {
				t.Fatalf("first callback: status %d", res.Status)
			}
			c.Post("/logout", nil)
			return c.Get("/login/oidc/test/callback?" + q.Encode())
		}},
		{"wrong audience", http.StatusBadRequest, "kunne ikke godkendes", func(c *testutil.Client) testutil.Response {
			return e.login(c, twisted{person("s5", "s5@testkommune.dk", true), func(cl *mockoidc.IDTokenClaims) {
				cl.Audience = jwt.ClaimStrings{"another-client"}
			}}, "")
		}},
		{"expired ID token", http.StatusBadRequest, "kunne ikke godkendes", func(c *testutil.Client) testutil.Response {
			return e.login(c, twisted{person("s6", "s6@testkommune.dk", true), func(cl *mockoidc.IDTokenClaims) {
				cl.IssuedAt = jwt.NewNumericDate(time.Now().Add(-2 * time.Hour))
				cl.ExpiresAt = jwt.NewNumericDate(time.Now().Add(-time.Hour))
			}}, "")
		}},
		{"wrong nonce", http.StatusBadRequest, "kunne ikke godkendes", func(c *testutil.Client) testutil.Response {
			return e.login(c, twisted{person("s7", "s7@testkommune.dk", true), func(cl *mockoidc.IDTokenClaims) {
				cl.Nonce = "a-nonce-from-elsewhere"
			}}, "")
		}},
		{"error from the provider", http.StatusBadRequest, "lukkede dig ikke ind", func(c *testutil.Client) testutil.Response {
			q := e.authorize(c, person("s8", "s8@testkommune.dk", true), "")
			q.Del("code")
			q.Set("error", "access_denied")
			return c.Get("/login/oidc/test/callback?" + q.Encode())
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := e.srv.Client(t)
			res := tc.run(c)
			if res.Status != tc.status {
				t.Errorf("status %d, want %d", res.Status, tc.status)
			}
			if res.Status < 400 || me(t, c) != "" {
				t.Error("logged in anyway")
			}
			if !strings.Contains(res.Doc(t).Find("main").Text(), tc.says) {
				t.Errorf("page does not say %q", tc.says)
			}
			if !strings.Contains(res.Body, `href="/login"`) {
				t.Error("the page offers no way back to the login page")
			}
		})
	}
	var n int
	_ = e.srv.DB.QueryRow(context.Background(), `SELECT count(*) FROM users WHERE email ~ '^s[5-8]@'`).Scan(&n)
	if n != 0 {
		t.Errorf("%d accounts made from refused tokens", n)
	}
}

func TestUnknownProviderKey(t *testing.T) {
	e := newEnv(t, false, nil)
	c := e.srv.Client(t)
	if res := c.Post("/login/oidc/nope", url.Values{}); res.Status != http.StatusNotFound {
		t.Errorf("start with an unknown key: status %d, want 404", res.Status)
	}
	if res := c.Get("/login/oidc/nope/callback?code=x&state=y"); res.Status != http.StatusNotFound {
		t.Errorf("callback with an unknown key: status %d, want 404", res.Status)
	}
}

func TestProviderDownAtDiscovery(t *testing.T) {
	idp := testutil.NewOIDC(t, false)
	idp.Down.Store(true)
	srv := testutil.NewServer(t, func(o *app.Options) {
		o.Config.OIDCProviders = []config.OIDCProvider{idp.Provider("test", orgName)}
		o.SSO = sso.Options{Retry: 100 * time.Millisecond}
	})
	testutil.CreateOrg(t, srv.DB, orgName)
	c := srv.Client(t)
	// Start-up worked (the server answers); the button is tried and refused.
	res := c.Post("/login/oidc/test", url.Values{})
	if res.Status != http.StatusServiceUnavailable {
		t.Fatalf("start while down: status %d, want 503", res.Status)
	}
	button := c.Get("/login").Doc(t).Find(`form[action="/login/oidc/test"] button`)
	if _, disabled := button.Attr("disabled"); !disabled || !strings.Contains(c.Get("/login").Body, "Ikke tilgængelig lige nu") {
		t.Errorf("button while down: disabled=%v", disabled)
	}
	if res := c.Post("/login", url.Values{"email": {"x@example.org"}, "password": {"y"}}); res.Status != http.StatusUnauthorized {
		t.Errorf("password login beside a provider that is down: status %d, want 401", res.Status)
	}
	// The provider comes back: after the retry time the button works again.
	idp.Down.Store(false)
	deadline := time.Now().Add(5 * time.Second)
	for {
		b := c.Get("/login").Doc(t).Find(`form[action="/login/oidc/test"] button`)
		if _, disabled := b.Attr("disabled"); !disabled {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the button stayed unavailable after the provider came back")
		}
		time.Sleep(50 * time.Millisecond)
	}
	e := &env{t: t, srv: srv, idp: idp}
	if res := e.login(c, person("sub-back", "back@testkommune.dk", true), ""); res.Status != http.StatusSeeOther {
		t.Errorf("login after the provider came back: status %d", res.Status)
	}
}

func TestLinkingAnExistingAccount(t *testing.T) {
	e := newEnv(t, false, nil)
	u := testutil.CreateUser(t, e.srv.DB, "coordinator", orgName)
	c := e.srv.Client(t)
	res := e.login(c, person("sub-u", u.Email, true), "/groups")
	if res.Status != http.StatusOK || !strings.Contains(res.Body, `action="/login/oidc/link"`) {
		t.Fatalf("same address as an account: status %d, want the link page", res.Status)
	}
	if cc := res.Header.Get("Cache-Control"); !strings.Contains(cc, "no-store") {
		t.Errorf("link page Cache-Control %q, want no-store", cc)
	}
	if me(t, c) != "" {
		t.Fatal("logged in before proving the account")
	}
	// A wrong password links nothing.
	if res := c.Post("/login/oidc/link", url.Values{"password": {"wrong password"}}); res.Status != http.StatusUnauthorized {
		t.Errorf("wrong password: status %d, want 401", res.Status)
	}
	var n int
	_ = e.srv.DB.QueryRow(context.Background(), `SELECT count(*) FROM user_identities WHERE user_id = $1`, u.ID).Scan(&n)
	if n != 0 || me(t, c) != "" {
		t.Fatal("linked or logged in with a wrong password")
	}
	// Another browser cannot complete this browser's link.
	if res := e.srv.Client(t).Post("/login/oidc/link", url.Values{"password": {testutil.Password}}); res.Status != http.StatusBadRequest {
		t.Errorf("link from another browser: status %d, want 400", res.Status)
	}
	res = c.Post("/login/oidc/link", url.Values{"password": {testutil.Password}})
	if res.Status != http.StatusSeeOther || res.Header.Get("Location") != "/groups" {
		t.Fatalf("right password: status %d to %q", res.Status, res.Header.Get("Location"))
	}
	if !strings.Contains(me(t, c), u.Email) {
		t.Fatal("not logged in after linking")
	}
	if _, _, role := e.userOrg(u.Email); role != "coordinator" {
		t.Errorf("role changed to %s", role)
	}
	// From now on the button alone logs in.
	if res := e.login(e.srv.Client(t), person("sub-u", u.Email, true), ""); res.Status != http.StatusSeeOther {
		t.Errorf("login after linking: status %d", res.Status)
	}
	// The link is shown on the profile and can be removed; then the next login
	// asks for the password again.
	if res := c.Post("/me/profile/sso/test/remove", nil); res.Status != http.StatusSeeOther {
		t.Fatalf("remove: status %d", res.Status)
	}
	_ = e.srv.DB.QueryRow(context.Background(), `SELECT count(*) FROM user_identities WHERE user_id = $1`, u.ID).Scan(&n)
	if n != 0 {
		t.Error("link not removed")
	}
	if c.Get("/me/profile").Doc(t).Find("#profile-sso").Length() != 0 {
		t.Error("profile still shows the removed link")
	}
	if res := e.login(e.srv.Client(t), person("sub-u", u.Email, true), ""); res.Status != http.StatusOK || !strings.Contains(res.Body, `action="/login/oidc/link"`) {
		t.Errorf("login after removing the link: status %d, want the link page again", res.Status)
	}
}

// Guessing the existing account's password on the link page is limited.
func TestLinkPasswordThrottled(t *testing.T) {
	e := newEnv(t, false, nil)
	u := testutil.CreateUser(t, e.srv.DB, "staff", orgName)
	c := e.srv.Client(t)
	if res := e.login(c, person("sub-g", u.Email, true), ""); res.Status != http.StatusOK {
		t.Fatalf("link page: status %d", res.Status)
	}
	for i := range 5 {
		if res := c.Post("/login/oidc/link", url.Values{"password": {"guess"}}); res.Status != http.StatusUnauthorized {
			t.Fatalf("guess %d: status %d, want 401", i+1, res.Status)
		}
	}
	// The sixth try is refused, even with the right password.
	if res := c.Post("/login/oidc/link", url.Values{"password": {testutil.Password}}); res.Status != http.StatusTooManyRequests {
		t.Errorf("after 5 wrong passwords: status %d, want 429", res.Status)
	}
}

// Removing a link works on the current user's own links only.
func TestRemoveLinkIsOwnOnly(t *testing.T) {
	e := newEnv(t, false, nil)
	c := e.srv.Client(t)
	e.login(c, person("sub-a", "a@testkommune.dk", true), "")
	other := testutil.CreateUser(t, e.srv.DB, "staff", orgName)
	oc := e.srv.Client(t)
	oc.Login(other.Email)
	if res := oc.Post("/me/profile/sso/test/remove", nil); res.Status != http.StatusNotFound {
		t.Errorf("removing a link one does not have: status %d, want 404", res.Status)
	}
	var n int
	_ = e.srv.DB.QueryRow(context.Background(), `SELECT count(*) FROM user_identities`).Scan(&n)
	if n != 1 {
		t.Errorf("%d links left, want 1", n)
	}
	if res := e.srv.Client(t).Post("/me/profile/sso/test/remove", nil); res.Status != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/login") {
		t.Errorf("anonymous remove: status %d to %q", res.Status, res.Header.Get("Location"))
	}
}

func TestDisabledAccountsStayDisabled(t *testing.T) {
	e := newEnv(t, false, nil)
	c := e.srv.Client(t)
	e.login(c, person("sub-d", "d@testkommune.dk", true), "")
	if _, err := e.srv.DB.Exec(context.Background(), `UPDATE users SET disabled = true WHERE email = 'd@testkommune.dk'`); err != nil {
		t.Fatal(err)
	}
	c2 := e.srv.Client(t)
	if res := e.login(c2, person("sub-d", "d@testkommune.dk", true), ""); res.Status != http.StatusForbidden || me(t, c2) != "" {
		t.Errorf("disabled, linked: status %d", res.Status)
	}
	// Not linked, same address as a disabled account: refused too, no link page.
	u := testutil.CreateUser(t, e.srv.DB, "staff", orgName)
	_, _ = e.srv.DB.Exec(context.Background(), `UPDATE users SET disabled = true WHERE id = $1`, u.ID)
	if res := e.login(e.srv.Client(t), person("sub-e", u.Email, true), ""); res.Status != http.StatusForbidden {
		t.Errorf("disabled, unlinked: status %d, want 403", res.Status)
	}
}

func TestOrganisationRequiringSSO(t *testing.T) {
	e := newEnv(t, false, nil)
	admin := testutil.CreateUser(t, e.srv.DB, "admin", "Spor")
	staff := testutil.CreateUser(t, e.srv.DB, "staff", orgName)
	ac := e.srv.Client(t)
	ac.Login(admin.Email)
	// The admin sets it on the organisation's form.
	form := url.Values{"name": {orgName}, "kind": {"public_library"}, "country": {"DK"}, "municipality": {"Test"}, "region": {"Syddanmark"},
		"email_domains": {"testkommune.dk"}, "require_sso": {"on"}}
	if res := ac.Post("/manage/organisations/"+itoa(e.org), form); res.Status != http.StatusSeeOther {
		t.Fatalf("save organisation: status %d", res.Status)
	}
	edit := ac.Get("/manage/organisations/" + itoa(e.org)).Doc(t)
	if _, on := edit.Find(`input[name=require_sso]`).Attr("checked"); !on {
		t.Error("the form does not show the requirement")
	}

	// Password login refused for the organisation's staff, with the button shown.
	c := e.srv.Client(t)
	res := c.Post("/login", url.Values{"email": {staff.Email}, "password": {testutil.Password}})
	if res.Status != http.StatusForbidden || me(t, c) != "" {
		t.Fatalf("password login of staff: status %d, want 403", res.Status)
	}
	doc := res.Doc(t)
	if doc.Find(`form[action="/login/oidc/test"] button`).Length() != 1 || !strings.Contains(doc.Find("[role=alert]").Text(), "arbejdskonto") {
		t.Error("refusal does not show the button and the reason")
	}
	// Also for an address of its domain (no account needed to be told).
	if res := c.Post("/login", url.Values{"email": {"nobody@testkommune.dk"}, "password": {"whatever"}}); res.Status != http.StatusForbidden {
		t.Errorf("password login with the domain: status %d, want 403", res.Status)
	}
	// Other organisations' people still log in with their password.
	if res := c.Post("/login", url.Values{"email": {admin.Email}, "password": {testutil.Password}}); res.Status != http.StatusSeeOther {
		t.Errorf("admin of another organisation: status %d, want 303", res.Status)
	}
	// And the staff member gets in through the button (linking once).
	sc := e.srv.Client(t)
	if res := e.login(sc, person("sub-s", staff.Email, true), ""); res.Status != http.StatusOK {
		t.Fatalf("button login: status %d", res.Status)
	}
	if res := sc.Post("/login/oidc/link", url.Values{"password": {testutil.Password}}); res.Status != http.StatusSeeOther {
		t.Errorf("link: status %d", res.Status)
	}
}

func TestLogout(t *testing.T) {
	t.Run("provider with end_session_endpoint", func(t *testing.T) {
		e := newEnv(t, true, nil)
		c := e.srv.Client(t)
		e.login(c, person("sub-l", "l@testkommune.dk", true), "")
		res := c.Post("/logout", nil)
		loc, _ := url.Parse(res.Header.Get("Location"))
		if res.Status != http.StatusSeeOther || !strings.HasPrefix(loc.String(), e.idp.Issuer()+"/logout?") {
			t.Fatalf("logout: status %d to %q, want the provider's end_session_endpoint", res.Status, loc)
		}
		if loc.Query().Get("id_token_hint") == "" || loc.Query().Get("post_logout_redirect_uri") == "" || loc.Query().Get("client_id") != e.idp.ClientID {
			t.Errorf("logout URL lacks id_token_hint, post_logout_redirect_uri or client_id: %s", loc)
		}
		if me(t, c) != "" {
			t.Error("still logged in here")
		}
		// A password session logs out locally only.
		u := testutil.CreateUser(t, e.srv.DB, "staff", "Andet Bibliotek")
		pc := e.srv.Client(t)
		pc.Login(u.Email)
		if res := pc.Post("/logout", nil); res.Header.Get("Location") != "/" {
			t.Errorf("password session's logout went to %q", res.Header.Get("Location"))
		}
	})
	t.Run("provider without one", func(t *testing.T) {
		e := newEnv(t, false, nil)
		c := e.srv.Client(t)
		e.login(c, person("sub-l", "l@testkommune.dk", true), "")
		if res := c.Post("/logout", nil); res.Status != http.StatusSeeOther || res.Header.Get("Location") != "/" {
			t.Errorf("logout: status %d to %q, want /", res.Status, res.Header.Get("Location"))
		}
		if me(t, c) != "" {
			t.Error("still logged in")
		}
	})
}

// The login page shows one button per provider in the page's language.
func TestLoginButtonsInPageLanguage(t *testing.T) {
	e := newEnv(t, false, nil)
	c := e.srv.Client(t)
	// Browsers apply form-action to the redirect after the button's POST.
	if csp := c.Get("/login").Header.Get("Content-Security-Policy"); !strings.Contains(csp, "form-action 'self' "+strings.TrimSuffix(e.idp.Issuer(), "/oidc")) {
		t.Errorf("CSP %q does not let the login form lead to the provider", csp)
	}
	for lang, want := range map[string]string{"da": "Log ind med Testkommune", "sv": "Logga in med Testkommun", "en": "Log in with Test Municipality"} {
		doc := c.Get("/login?lang=" + lang).Doc(t)
		if got := strings.TrimSpace(doc.Find(`form[action="/login/oidc/test"] button`).Text()); got != want {
			t.Errorf("%s: button %q, want %q", lang, got, want)
		}
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

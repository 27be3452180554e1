package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/oauth2-proxy/mockoidc"

	"spor/internal/testutil"
)

// TestSSOBrowser: people log in through their work account's button in a real
// browser against a real OIDC provider running in the test. It has a server of
// its own (listening at its BASE_URL, where the provider sends the browser back).
func TestSSOBrowser(t *testing.T) {
	const org = "Testkommunens Biblioteker"
	idp := testutil.NewOIDC(t, false)
	e := newEnv(t, idp.Provider("test", org))
	testutil.CreateOrg(t, e.Srv.DB, org)
	htmlDir := t.TempDir()
	files := map[string]string{}
	save := func(b *Tab, name string) {
		t.Helper()
		b.CheckAxe()
		f := filepath.Join(htmlDir, name+".html")
		if err := os.WriteFile(f, []byte(b.HTML()), 0o644); err != nil {
			t.Fatal(err)
		}
		files[f] = name
	}
	button := `main form[action="/login/oidc/test"] button`

	t.Run("login page in every language", func(t *testing.T) {
		b := e.Tab(t, Anonymous)
		for lang, label := range map[string]string{"da": "Log ind med Testkommune", "sv": "Logga in med Testkommun", "en": "Log in with Test Municipality"} {
			b.t = t
			b.Open("/login?lang=" + lang)
			if got := b.Text(button); got != label {
				t.Errorf("%s: button reads %q, want %q", lang, got, label)
			}
			save(b, "login-sso."+lang)
		}
	})

	t.Run("first login with the keyboard creates the account", func(t *testing.T) {
		idp.QueueUser(&mockoidc.MockUser{Subject: "sub-nina", Email: "nina@testkommune.dk", EmailVerified: true, PreferredUsername: "Nina Nyborg"})
		b := e.Tab(t, Anonymous)
		if b.Open("/me/profile"); !strings.HasPrefix(b.Path(), "/login?next=") {
			t.Fatalf("the profile sends an anonymous visitor to %s", b.Path())
		}
		b.press(kb.Tab)
		b.press(kb.Enter) // skip link → main
		b.press(kb.Tab)
		if got := Eval[string](b, focused); !strings.HasPrefix(got, "button") {
			t.Fatalf("first Tab in the main content focuses %q, want the provider's button", got)
		}
		if status := b.Load(chromedp.KeyEvent(kb.Enter)); status != 200 {
			t.Fatalf("Enter on the button: status %d at %s", status, b.Path())
		}
		if p := b.Path(); p != "/me/profile" {
			t.Errorf("after the provider: at %s, want /me/profile (next= kept)", p)
		}
		if name := b.Text(".site-tools__me"); name != "Nina Nyborg" {
			t.Errorf("header shows %q, want the new account's name", name)
		}
		if txt := b.Text("#profile-sso"); txt == "" {
			t.Error("the profile does not show the linked work account")
		}
		save(b, "profile-sso")
		b.Click(`main form[action="/me/profile/sso/test/remove"] button`)
		if b.Has("#profile-sso") || b.Flash() == "" {
			t.Error("removing the link: still shown, or no confirmation")
		}
	})

	t.Run("an existing account is linked with its password", func(t *testing.T) {
		u := testutil.CreateUser(t, e.Srv.DB, "staff", org)
		idp.QueueUser(&mockoidc.MockUser{Subject: "sub-link", Email: u.Email, EmailVerified: true})
		b := e.Tab(t, Anonymous)
		b.Open("/login")
		b.Click(button)
		if !b.Has(`main form[action="/login/oidc/link"]`) {
			t.Fatalf("no link page at %s", b.Path())
		}
		save(b, "sso-link")
		b.Fill("#f-password", "wrong password")
		if status := b.Click(`main form[action="/login/oidc/link"] button`); status != 401 {
			t.Errorf("wrong password: status %d", status)
		}
		save(b, "sso-link-wrong")
		b.Fill("#f-password", testutil.Password)
		b.Click(`main form[action="/login/oidc/link"] button`)
		if b.Path() != "/me" || b.Text(".site-tools__me") == "" {
			t.Errorf("after linking: at %s, not logged in", b.Path())
		}
	})

	t.Run("unverified address gets a page saying why", func(t *testing.T) {
		idp.QueueUser(&mockoidc.MockUser{Subject: "sub-u", Email: "u@testkommune.dk", EmailVerified: false})
		b := e.Tab(t, Anonymous)
		b.Open("/login?lang=en")
		if status := b.Click(button); status != 403 {
			t.Errorf("status %d, want 403", status)
		}
		if txt := b.Text("main"); !strings.Contains(txt, "did not confirm your email address") {
			t.Errorf("page reads %q", txt)
		}
		save(b, "sso-problem")
	})

	t.Run("html", func(t *testing.T) { checkHTML(t, e, files) })
}

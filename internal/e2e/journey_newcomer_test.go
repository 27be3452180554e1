package e2e

import (
	"strings"
	"testing"
)

// newcomerJourney: someone arrives at the home page, reads it in Swedish and in
// English through the language switch, and finds the login page.
func newcomerJourney(t *testing.T, e *Env) {
	b := e.Tab(t, Anonymous)
	if status := b.Open("/"); status != 200 {
		t.Fatalf("home: status %d", status)
	}
	if got := b.Lang(); got != "da" {
		t.Errorf("home without a language choice: <html lang=%q>, want da", got)
	}
	steps := []struct {
		lang, nav, login string
	}{
		{"sv", "Evenemang", "Logga in"},
		{"en", "Events", "Log in"},
		{"da", "Arrangementer", "Log ind"},
	}
	for _, s := range steps {
		b.Click(`.lang-switch a[hreflang="` + s.lang + `"]`)
		if got := b.Lang(); got != s.lang {
			t.Errorf("after choosing %s: <html lang=%q>", s.lang, got)
		}
		if nav := b.Text(".site-nav"); !strings.Contains(nav, s.nav) {
			t.Errorf("after choosing %s: menu reads %q, want %q in it", s.lang, nav, s.nav)
		}
		if cur := b.Text(`.lang-switch a[aria-current="true"]`); cur == "" || !b.Has(`.lang-switch a[hreflang="`+s.lang+`"][aria-current="true"]`) {
			t.Errorf("after choosing %s: the language switch marks %q as current", s.lang, cur)
		}
		// The choice sticks: the next page is in the same language.
		b.Open("/login")
		if got := b.Lang(); got != s.lang {
			t.Errorf("login page after choosing %s: <html lang=%q>", s.lang, got)
		}
		if h1 := b.Text("main h1"); h1 != s.login {
			t.Errorf("login page after choosing %s: heading %q, want %q", s.lang, h1, s.login)
		}
		b.Open("/")
	}
	// From the home page, the header's login link leads to the form.
	b.Click(`.site-tools a[href^="/login"]`)
	if p := b.Path(); p != "/login?next=%2F" && p != "/login?next=/" {
		t.Errorf("login link led to %s", p)
	}
	if !b.Has(`form[action="/login"] input[type=email]`) || !b.Has(`form[action="/login"] input[type=password]`) {
		t.Error("login page has no email and password fields")
	}
}

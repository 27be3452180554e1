package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"spor/internal/demo"
)

// focused describes document.activeElement: tag, id and classes.
const focused = `(function(){ const a = document.activeElement; return a ? (a.tagName.toLowerCase() + "#" + a.id + "." + a.className) : ""; })()`

// press sends one key to whatever has focus.
func (b *Tab) press(key string) { b.t.Helper(); b.Do(chromedp.KeyEvent(key)) }

// skipLinkJourney: on every kind of page the first Tab reaches the skip link, it is
// visible when focused, and Enter moves focus to the main content.
func skipLinkJourney(t *testing.T, e *Env) {
	for _, c := range []struct{ as, path string }{
		{Anonymous, "/"}, {Anonymous, "/login"}, {Admin, "/manage/alerts"}, {Admin, "/me"},
	} {
		b := e.Tab(t, c.as)
		b.Open(c.path)
		b.press(kb.Tab)
		if got := Eval[string](b, focused); !strings.Contains(got, "skip-link") {
			t.Errorf("%s: the first Tab focuses %q, want the skip link", c.path, got)
			continue
		}
		if !Eval[bool](b, `(function(){ const r = document.activeElement.getBoundingClientRect(); return r.width > 20 && r.height > 10 && r.top >= 0; })()`) {
			t.Errorf("%s: the focused skip link is not visible", c.path)
		}
		b.press(kb.Enter)
		if got := Eval[string](b, focused); !strings.HasPrefix(got, "main#main") {
			t.Errorf("%s: after Enter on the skip link focus is on %q, want <main id=main>", c.path, got)
		}
	}
}

// keyboardLoginJourney: a keyboard user skips to the content, tabs to the login
// form, types, and submits with Enter.
func keyboardLoginJourney(t *testing.T, e *Env) {
	b := e.Tab(t, Anonymous)
	b.Open("/login")
	b.press(kb.Tab)
	b.press(kb.Enter) // skip link → main
	b.press(kb.Tab)
	if got := Eval[string](b, focused); got != "input#f-email." {
		t.Fatalf("first Tab in the main content focuses %q, want the email field", got)
	}
	b.Do(chromedp.KeyEvent(Admin))
	b.press(kb.Tab)
	if got := Eval[string](b, focused); got != "input#f-password." {
		t.Fatalf("Tab from the email field focuses %q, want the password field", got)
	}
	b.Do(chromedp.KeyEvent(demo.Password))
	if status := b.Load(chromedp.KeyEvent(kb.Enter)); status != 200 {
		t.Fatalf("Enter in the password field: status %d", status)
	}
	if name := b.Text(".site-tools__me"); name != "Alma Administrator" {
		t.Errorf("after logging in with the keyboard the header shows %q", name)
	}
}

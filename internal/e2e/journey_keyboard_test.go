package e2e

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"spor/internal/demo"
	"spor/internal/model"
	"spor/internal/testutil"
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

// keyboardAssessmentJourney: someone who uses only the keyboard takes the
// self-assessment on a phone's width: Tab into each statement's radio group, Space
// or the arrow keys to choose, Tab on to the next group (past each area's "save and
// continue later"), the live counter reaching 24 of 24, and Enter on submit.
func keyboardAssessmentJourney(t *testing.T, e *Env) {
	u := testutil.CreateUser(t, e.Srv.DB, string(model.RoleStaff), "Vejle Bibliotekerne")
	b := e.Tab(t, Anonymous)
	b.Login(u.Email, testutil.Password)
	// On a phone's width, where the scale is a row of seven numbered targets.
	b.Do(chromedp.EmulateViewport(390, 800))
	defer b.Do(chromedp.EmulateReset())
	b.Open("/assessment")
	b.press(kb.Tab)
	b.press(kb.Enter) // skip link → main
	for range 10 {
		b.press(kb.Tab)
		if strings.HasPrefix(Eval[string](b, focused), "input#s-1-v1.") {
			break
		}
	}
	if got := Eval[string](b, focused); !strings.HasPrefix(got, "input#s-1-v1.") {
		t.Fatalf("tabbing through the self-assessment never reaches the first answer (focus on %q)", got)
	}
	n := Eval[int](b, `document.querySelectorAll("#assessment-form fieldset.likert").length`)
	want := map[string]string{}
	for i := 1; i <= n; i++ {
		if i > 1 {
			b.press(kb.Tab)
			// Each area ends with "Save and continue later": one Tab more.
			if Eval[string](b, `document.activeElement.value || ""`) == "draft" {
				b.press(kb.Tab)
			}
		}
		name := fmt.Sprintf("s%d", i)
		if got := Eval[string](b, `document.activeElement.name || ""`); got != name {
			t.Fatalf("statement %d: Tab focuses %q (%s), want its first answer", i, got, Eval[string](b, focused))
		}
		steps := i % 4 // 0: Space on the first answer; otherwise that many steps right
		if steps == 0 {
			b.press(" ")
		}
		for range steps {
			b.press(kb.ArrowRight)
		}
		want[name] = fmt.Sprint(1 + steps)
	}
	got := Eval[map[string]string](b, `Object.fromEntries([...document.querySelectorAll("#assessment-form input[type=radio]:checked")].map(r => [r.name, r.value]))`)
	for name, v := range want {
		if got[name] != v {
			t.Errorf("%s: the keyboard chose %q, want %q", name, got[name], v)
		}
	}
	if got, want := b.Text("#assessment-status"), fmt.Sprintf("%d af %d udsagn besvaret.", n, n); got != want {
		t.Errorf("after answering every statement by keyboard the counter reads %q, want %q", got, want)
	}
	b.press(kb.Tab)
	if label := Eval[string](b, `document.activeElement.innerText || ""`); label != "Indsend mine svar" {
		t.Fatalf("Tab after the last statement focuses %q (%s), want the submit button", label, Eval[string](b, focused))
	}
	if status := b.Load(chromedp.KeyEvent(kb.Enter)); status != 200 {
		t.Fatalf("Enter on the submit button: status %d, errors: %s", status, b.Text(".error-summary"))
	}
	if b.Path() != "/assessment/results" {
		t.Fatalf("after submitting with the keyboard: at %s", b.Path())
	}
	if flash := b.Flash(); flash != "Tak. Dine svar er gemt." {
		t.Errorf("after submitting with the keyboard the message reads %q", flash)
	}
	if n := Eval[int](b, `document.querySelectorAll("#latest-table tbody tr").length`); n != len(model.Areas) {
		t.Errorf("results table has %d rows, want %d", n, len(model.Areas))
	}
}

package e2e

import (
	"fmt"
	"testing"

	"github.com/chromedp/chromedp"

	"spor/internal/model"
	"spor/internal/testutil"
)

// phoneAssessmentJourney: on a phone, a visitor finds the self-assessment in the
// menu, reads what it is, logs in, and answers every statement by tapping the
// numbered targets; the counter, which stays in view, follows them to 24 of 24,
// and the answers are submitted.
func phoneAssessmentJourney(t *testing.T, e *Env) {
	u := testutil.CreateUser(t, e.Srv.DB, string(model.RoleStaff), "Vejle Bibliotekerne")
	b := e.Tab(t, Anonymous)
	b.Do(chromedp.EmulateViewport(390, 800, chromedp.EmulateMobile))
	defer b.Do(chromedp.EmulateReset())
	b.Open("/")
	b.Do(chromedp.Tap(chromedp.CSS(".site-menu__button"), chromedp.NodeVisible))
	b.Load(chromedp.Tap(chromedp.CSS(`.site-nav a[href="/assessment"]`), chromedp.NodeVisible))
	if got := b.Text(`main a[href^="/login"]`); got != "Log ind for at starte" {
		t.Fatalf("/assessment for an anonymous visitor offers %q, want a way to log in", got)
	}
	b.Load(chromedp.Tap(chromedp.CSS(`main a[href^="/login"]`), chromedp.NodeVisible))
	b.Fill("#f-email", u.Email)
	b.Fill("#f-password", testutil.Password)
	b.Click(`main form[action^="/login"] button[type=submit]`)
	if b.Path() != "/assessment" {
		t.Fatalf("after logging in from the self-assessment: at %s, want /assessment", b.Path())
	}

	n := Eval[int](b, `document.querySelectorAll("#assessment-form fieldset.likert").length`)
	// On a phone the seven choices sit in one row, each at least 44 px square, with
	// the two ends' meanings visible under them.
	sizes := Eval[[]float64](b, `[...document.querySelectorAll("#s-1 label")].map(l => { const r = l.getBoundingClientRect(); return Math.min(r.width, r.height); })`)
	rows := Eval[int](b, `new Set([...document.querySelectorAll("#s-1 label")].map(l => Math.round(l.getBoundingClientRect().top))).size`)
	if len(sizes) != 7 || rows != 1 {
		t.Errorf("statement 1's scale: %d targets in %d rows, want 7 in one", len(sizes), rows)
	}
	for _, s := range sizes {
		if s < 44 {
			t.Errorf("a scale target is %.0f px at its narrowest, want at least 44", s)
		}
	}
	if !Eval[bool](b, `document.querySelector("#s-1 .likert__ends").checkVisibility()`) {
		t.Error("the scale's end labels are not visible on a phone")
	}
	for i := 1; i <= n; i++ {
		b.Do(chromedp.Tap(chromedp.CSS(fmt.Sprintf(`label[for="s-%d-v%d"]`, i, 1+i%7)), chromedp.NodeVisible))
		want := fmt.Sprintf("%d af %d udsagn besvaret.", i, n)
		if got := b.Text("#assessment-status"); got != want {
			t.Fatalf("after tapping an answer to statement %d the counter reads %q, want %q", i, got, want)
		}
		// The counter stays in view while one answers.
		if !Eval[bool](b, `(function(){ const r = document.querySelector("#assessment-status").getBoundingClientRect(); return r.top >= 0 && r.bottom <= window.innerHeight; })()`) {
			t.Fatalf("after statement %d the counter is out of view", i)
		}
	}
	if got := b.Text(".assessment-section:last-of-type .assessment-section__status"); got != "4 af 4 besvaret i dette område" {
		t.Errorf("the last area's count reads %q", got)
	}
	if status := b.Load(chromedp.Tap(chromedp.CSS(`#assessment-form button[value=submit]`), chromedp.NodeVisible)); status != 200 {
		t.Fatalf("submit: status %d, errors: %s", status, b.Text(".error-summary"))
	}
	if b.Path() != "/assessment/results" {
		t.Errorf("after submitting on a phone: at %s", b.Path())
	}
}

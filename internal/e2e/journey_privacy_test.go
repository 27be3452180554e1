package e2e

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"spor/internal/testutil"
)

// privacyJourney: a staff member finds their data from the footer's privacy page,
// downloads it (a real ZIP, fetched by the browser with its session), then erases
// their account by typing their address: a wrong address is refused with a message,
// the right one logs them out with a notice, and the account is gone.
func privacyJourney(t *testing.T, e *Env) {
	u := testutil.CreateUser(t, e.Srv.DB, "staff", "Vejle Bibliotekerne")
	b := e.Tab(t, Anonymous)
	b.Login(u.Email, testutil.Password)
	b.Open("/?lang=en")
	b.Click(`footer a[href="/privacy"]`)
	if p := b.Path(); p != "/privacy" {
		t.Fatalf("footer link led to %s", p)
	}
	b.Click(`main a[href="/me/privacy"]`)
	if !b.Has(`main a[href="/me/privacy/export.zip"]`) {
		t.Fatal("no download link on /me/privacy")
	}
	got := Run(b, chromedp.Evaluate[string](`fetch("/me/privacy/export.zip").then(async r => {
			const b = new Uint8Array(await r.arrayBuffer());
			return r.status + " " + r.headers.get("content-type") + " " + String.fromCharCode(b[0], b[1]) + " " + (b.length > 200);
		})`, chromedp.EvalAwaitPromise))
	if got != "200 application/zip PK true" {
		t.Errorf("download: %q", got)
	}

	b.Fill("#f-email", "not.me@example.org")
	if status := b.Click(`main form[action="/me/privacy/erase"] button[type=submit]`); status != 422 {
		t.Errorf("wrong address: status %d", status)
	}
	if msg := b.Text(".error-summary"); !strings.Contains(msg, "does not match") {
		t.Errorf("wrong address message %q", msg)
	}
	b.Fill("#f-email", u.Email)
	b.Click(`main form[action="/me/privacy/erase"] button[type=submit]`)
	if p := b.Path(); p != "/" {
		t.Errorf("after erasing: at %s", p)
	}
	if msg := b.Text(".flash"); !strings.Contains(msg, "erased") {
		t.Errorf("notice after erasing: %q", msg)
	}
	if b.Has(".site-tools__me") {
		t.Error("still logged in after erasing")
	}
	var n int
	if err := e.Srv.DB.QueryRow(context.Background(), `SELECT count(*) FROM users WHERE id = $1`, u.ID).Scan(&n); err != nil || n != 0 {
		t.Errorf("account still there: %d %v", n, err)
	}
}

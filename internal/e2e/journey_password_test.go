package e2e

import (
	"strings"
	"testing"
	"time"

	"spor/internal/testutil"
)

// forgottenPasswordJourney: someone logged in on another computer forgets their
// password, asks for a link from the login page, follows the mailed link, sets a
// new password, and is logged in; the other computer's session is gone.
func forgottenPasswordJourney(t *testing.T, e *Env) {
	u := testutil.CreateUser(t, e.Srv.DB, "staff", "Vejle Bibliotekerne")
	elsewhere := e.Tab(t, Anonymous)
	elsewhere.Login(u.Email, testutil.Password)
	if status := elsewhere.Open("/me"); status != 200 {
		t.Fatalf("logged in elsewhere: /me status %d", status)
	}

	b := e.Tab(t, Anonymous)
	b.Open("/login")
	b.Click(`main a[href="/password/forgot"]`)
	b.Fill("#f-email", u.Email)
	before := len(e.Mail.Messages())
	if status := b.Click(`main form[action="/password/forgot"] button[type=submit]`); status != 200 {
		t.Fatalf("asking for a link: status %d", status)
	}
	if msg := b.Text("main [role=status]"); !strings.Contains(msg, u.Email) {
		t.Errorf("confirmation reads %q", msg)
	}
	var link string
	for _, m := range e.Mail.Wait(t, before+1, 15*time.Second) {
		if len(m.To) == 1 && m.To[0] == u.Email {
			link = m.Link("/password/reset/")
		}
	}
	if link == "" {
		t.Fatal("no reset mail for the address")
	}
	path := link[strings.Index(link, "/password/reset/"):]
	b.Open(path)
	b.Fill("#f-password", "en helt ny adgangskode")
	b.Fill("#f-password2", "en helt ny adgangskode")
	b.Click(`main form button[type=submit]`)
	if p := b.Path(); p != "/me" {
		t.Errorf("after the new password: at %s, want /me", p)
	}
	if got := b.Text(".site-tools__me"); got == "" {
		t.Error("not logged in after setting the new password")
	}
	elsewhere.Open("/me")
	if p := elsewhere.Path(); !strings.HasPrefix(p, "/login") {
		t.Errorf("the other session still works: at %s", p)
	}
	// The link worked once.
	if status := b.Open(path); status != 410 {
		t.Errorf("the link a second time: status %d, want 410", status)
	}
}

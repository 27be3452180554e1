package account_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"spor/internal/testutil"
)

func TestProfileChangesAndSessions(t *testing.T) {
	srv, smtp := mailServer(t)
	ctx := context.Background()
	u := testutil.CreateUser(t, srv.DB, "staff", "Vejle Bibliotekerne")
	other := srv.Client(t)
	other.Login(u.Email)
	c := srv.Client(t)
	c.Login(u.Email)

	page := c.Get("/me/profile?lang=en")
	if page.Status != http.StatusOK || strings.Count(page.Body, "Ends at the latest") != 2 || !strings.Contains(page.Body, "This browser") {
		t.Fatalf("profile lists not both sessions: %d", page.Status)
	}
	if res := c.Post("/me/profile", url.Values{"name": {"Ny Navn"}, "lang": {"sv"}}); res.Status != http.StatusSeeOther {
		t.Fatalf("save: %d", res.Status)
	}
	var name, lang string
	_ = srv.DB.QueryRow(ctx, `SELECT name, lang FROM users WHERE id = $1`, u.ID).Scan(&name, &lang)
	if name != "Ny Navn" || lang != "sv" {
		t.Errorf("saved %q %q", name, lang)
	}

	// Password change needs the current password.
	if res := c.Post("/me/profile/password", url.Values{"current": {"wrong password!"}, "password": {"nytt långt lösenord"}, "password2": {"nytt långt lösenord"}}); res.Status != http.StatusUnprocessableEntity {
		t.Errorf("wrong current password: %d, want 422", res.Status)
	}
	if res := c.Post("/me/profile/password", url.Values{"current": {testutil.Password}, "password": {"nytt långt lösenord"}, "password2": {"nytt långt lösenord"}}); res.Status != http.StatusSeeOther {
		t.Fatalf("change password: %d", res.Status)
	}
	if res := other.Get("/me"); res.Status != http.StatusSeeOther {
		t.Errorf("other session survives a password change: %d", res.Status)
	}
	if res := c.Get("/me"); res.Status != http.StatusOK {
		t.Errorf("own session ended by the password change: %d", res.Status)
	}

	// Email change: link to the new address, notice to the old one.
	if res := c.Post("/me/profile/email", url.Values{"email": {"ny@vejle.dk"}}); res.Status != http.StatusSeeOther {
		t.Fatalf("email change: %d", res.Status)
	}
	mails := smtp.Wait(t, 2, 10*time.Second)
	var confirm, notice testutil.Received
	for _, m := range mails {
		switch m.To[0] {
		case "ny@vejle.dk":
			confirm = m
		case u.Email:
			notice = m
		}
	}
	if confirm.Subject != "Bekräfta din nya adress för Spor" || notice.Subject != "Din adress i Spor håller på att bytas" {
		t.Fatalf("mails: confirm %q, notice %q", confirm.Subject, notice.Subject)
	}
	path := strings.TrimPrefix(confirm.Link("/email/confirm/"), "http://localhost:8080")
	if res := c.Get(path); res.Status != http.StatusOK {
		t.Fatalf("confirm page: %d", res.Status)
	}
	var email string
	_ = srv.DB.QueryRow(ctx, `SELECT email FROM users WHERE id = $1`, u.ID).Scan(&email)
	if email != u.Email {
		t.Fatal("the address changed on GET")
	}
	if res := c.Post(path, nil); res.Status != http.StatusSeeOther {
		t.Fatalf("confirm: %d", res.Status)
	}
	_ = srv.DB.QueryRow(ctx, `SELECT email FROM users WHERE id = $1`, u.ID).Scan(&email)
	if email != "ny@vejle.dk" {
		t.Errorf("email %q after confirming", email)
	}

	// Log out everywhere else.
	third := srv.Client(t)
	if res := third.Post("/login", url.Values{"email": {"ny@vejle.dk"}, "password": {"nytt långt lösenord"}}); res.Status != http.StatusSeeOther {
		t.Fatalf("login with new address and password: %d", res.Status)
	}
	if res := c.Post("/me/profile/sessions/end-others", nil); res.Status != http.StatusSeeOther {
		t.Fatalf("end others: %d", res.Status)
	}
	if res := third.Get("/me"); res.Status != http.StatusSeeOther {
		t.Errorf("third session survives: %d", res.Status)
	}
	if res := c.Get("/me"); res.Status != http.StatusOK {
		t.Errorf("own session ended: %d", res.Status)
	}
}

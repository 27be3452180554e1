package account_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"spor/internal/account"
	"spor/internal/testutil"
)

func TestParseInvitees(t *testing.T) {
	people, bad, dupes := account.ParseInvitees("\ufeffname;email\nAnna Holm;anna@vejle.dk\r\nbo@vejle.dk\n\"Carl, C\",carl@vejle.dk\nANNA@vejle.dk\nnot an address\n")
	if len(people) != 3 || people[0].Name != "Anna Holm" || people[1].Email != "bo@vejle.dk" || people[2].Name != "Carl, C" || people[2].Email != "carl@vejle.dk" {
		t.Errorf("people = %+v", people)
	}
	if len(dupes) != 1 || dupes[0] != "ANNA@vejle.dk" {
		t.Errorf("duplicates = %v", dupes)
	}
	if len(bad) != 1 || bad[0] != "not an address" {
		t.Errorf("bad = %v", bad)
	}
}

func TestInvitationAcceptResendRevoke(t *testing.T) {
	srv, smtp := mailServer(t)
	ctx := context.Background()
	admin := testutil.CreateUser(t, srv.DB, "admin", "Spor")
	existing := testutil.CreateUser(t, srv.DB, "staff", "Vejle Bibliotekerne")
	org := testutil.CreateOrg(t, srv.DB, "Vejle Bibliotekerne")
	c := srv.Client(t)
	c.Login(admin.Email)
	res := c.Post("/manage/invitations?lang=en", url.Values{
		"organisation_id": {strconv.FormatInt(org, 10)}, "lang": {"en"},
		"addresses": {"Anna Holm;anna@vejle.dk\nbo@vejle.dk\nanna@vejle.dk\n" + existing.Email},
	})
	if res.Status != http.StatusOK {
		t.Fatalf("invite: %d", res.Status)
	}
	for _, want := range []string{"Invited 2 people", "1 address already has an account", "1 address was in the list twice"} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	// Inviting again reports the waiting invitation instead of mailing twice.
	res = c.Post("/manage/invitations?lang=en", url.Values{"organisation_id": {strconv.FormatInt(org, 10)}, "lang": {"en"}, "addresses": {"anna@vejle.dk"}})
	if !strings.Contains(res.Body, "1 address has a waiting invitation") {
		t.Errorf("second invitation not reported as waiting")
	}
	mails := smtp.Wait(t, 2, 10*time.Second)
	var anna testutil.Received
	for _, m := range mails {
		if m.To[0] == "anna@vejle.dk" {
			anna = m
		}
	}
	if anna.Subject != "You are invited to Spor" || !strings.Contains(anna.Text, "Hello Anna Holm,") || !strings.Contains(anna.HTML, "Vejle Bibliotekerne") {
		t.Fatalf("invitation mail: %q\n%s", anna.Subject, anna.Text)
	}
	path := strings.TrimPrefix(anna.Link("/invite/"), "http://localhost:8080")
	guest := srv.Client(t)
	form := guest.Get(path)
	if form.Status != http.StatusOK || !strings.Contains(form.Body, `value="Anna Holm"`) {
		t.Fatalf("accept form: %d", form.Status)
	}
	res = guest.Post(path, url.Values{"name": {"Anna Holm"}, "lang": {"sv"}, "password": {"ett långt lösenord"}, "password2": {"ett långt lösenord"}})
	if res.Status != http.StatusSeeOther {
		t.Fatalf("accept: %d", res.Status)
	}
	if res := guest.Get("/me"); res.Status != http.StatusOK {
		t.Errorf("not logged in after accepting: %d", res.Status)
	}
	var orgID int64
	var lang string
	if err := srv.DB.QueryRow(ctx, `SELECT organisation_id, lang FROM users WHERE email = 'anna@vejle.dk'`).Scan(&orgID, &lang); err != nil || orgID != org || lang != "sv" {
		t.Errorf("user org %d lang %s (%v)", orgID, lang, err)
	}
	list := c.Get("/manage/invitations?lang=en")
	if !strings.Contains(list.Body, "Accepted") {
		t.Errorf("list does not show the acceptance")
	}

	// Bo's invitation: resend gives a new link and kills the old one; revoke kills that.
	var boID int64
	if err := srv.DB.QueryRow(ctx, `SELECT id FROM account_tokens WHERE email = 'bo@vejle.dk'`).Scan(&boID); err != nil {
		t.Fatal(err)
	}
	var boMail testutil.Received
	for _, m := range mails {
		if m.To[0] == "bo@vejle.dk" {
			boMail = m
		}
	}
	oldPath := strings.TrimPrefix(boMail.Link("/invite/"), "http://localhost:8080")
	if res := c.Post("/manage/invitations/"+strconv.FormatInt(boID, 10)+"/resend", nil); res.Status != http.StatusSeeOther {
		t.Fatalf("resend: %d", res.Status)
	}
	resent := smtp.Wait(t, 3, 10*time.Second)[2]
	newPath := strings.TrimPrefix(resent.Link("/invite/"), "http://localhost:8080")
	if resent.To[0] != "bo@vejle.dk" || newPath == oldPath {
		t.Fatalf("resent mail to %v with link %q", resent.To, newPath)
	}
	if res := guest.Get(oldPath); res.Status != http.StatusGone {
		t.Errorf("old link after resend: %d, want 410", res.Status)
	}
	var newID int64
	_ = srv.DB.QueryRow(ctx, `SELECT max(id) FROM account_tokens WHERE email = 'bo@vejle.dk'`).Scan(&newID)
	if res := c.Post("/manage/invitations/"+strconv.FormatInt(newID, 10)+"/revoke", nil); res.Status != http.StatusSeeOther {
		t.Fatalf("revoke: %d", res.Status)
	}
	if res := guest.Get(newPath); res.Status != http.StatusGone {
		t.Errorf("revoked link: %d, want 410", res.Status)
	}
}

// A library contact invites into their own organisation only; plain staff cannot
// invite at all.
func TestLibraryContactInvitesOwnOrganisationOnly(t *testing.T) {
	srv, smtp := mailServer(t)
	ctx := context.Background()
	contact := testutil.CreateUser(t, srv.DB, "staff", "Vejle Bibliotekerne")
	staff := testutil.CreateUser(t, srv.DB, "staff", "Vejle Bibliotekerne")
	other := testutil.CreateOrg(t, srv.DB, "Falu stadsbibliotek")
	if _, err := srv.DB.Exec(ctx, `UPDATE users SET library_contact = true WHERE id = $1`, contact.ID); err != nil {
		t.Fatal(err)
	}
	s := srv.Client(t)
	s.Login(staff.Email)
	if res := s.Get("/manage/invitations"); res.Status != http.StatusForbidden {
		t.Errorf("staff sees invitations: %d", res.Status)
	}
	c := srv.Client(t)
	c.Login(contact.Email)
	res := c.Post("/manage/invitations", url.Values{"organisation_id": {strconv.FormatInt(other, 10)}, "lang": {"da"}, "addresses": {"ny@vejle.dk"}})
	if res.Status != http.StatusOK {
		t.Fatalf("invite: %d", res.Status)
	}
	var orgID int64
	if err := srv.DB.QueryRow(ctx, `SELECT organisation_id FROM account_tokens WHERE email = 'ny@vejle.dk'`).Scan(&orgID); err != nil || orgID != contact.OrgID {
		t.Errorf("invited into organisation %d, want the contact's own %d (%v)", orgID, contact.OrgID, err)
	}
	smtp.Wait(t, 1, 10*time.Second)
	// An invitation of another organisation cannot be touched.
	var foreign int64
	err := srv.DB.QueryRow(ctx, `INSERT INTO account_tokens (kind, token_hash, email, organisation_id, expires_at)
		VALUES ('invite', sha256('x'::bytea), 'x@falun.se', $1, now() + interval '1 day') RETURNING id`, other).Scan(&foreign)
	if err != nil {
		t.Fatal(err)
	}
	if res := c.Post("/manage/invitations/"+strconv.FormatInt(foreign, 10)+"/revoke", nil); res.Status != http.StatusForbidden {
		t.Errorf("revoke another organisation's invitation: %d, want 403", res.Status)
	}
}

// Resending one person's invitation again and again is limited per address.
func TestResendIsRateLimitedPerAddress(t *testing.T) {
	srv, _ := mailServer(t)
	ctx := context.Background()
	admin := testutil.CreateUser(t, srv.DB, "admin", "Spor")
	org := testutil.CreateOrg(t, srv.DB, "Vejle Bibliotekerne")
	c := srv.Client(t)
	c.Login(admin.Email)
	c.Post("/manage/invitations", url.Values{"organisation_id": {strconv.FormatInt(org, 10)}, "lang": {"da"}, "addresses": {"gentag@vejle.dk"}})
	var last int
	for i := 0; i < 4; i++ {
		var id int64
		if err := srv.DB.QueryRow(ctx, `SELECT max(id) FROM account_tokens WHERE email = 'gentag@vejle.dk'`).Scan(&id); err != nil {
			t.Fatal(err)
		}
		last = c.Post("/manage/invitations/"+strconv.FormatInt(id, 10)+"/resend", nil).Status
		if i < 3 && last != http.StatusSeeOther {
			t.Fatalf("resend %d: %d", i+1, last)
		}
	}
	if last != http.StatusTooManyRequests {
		t.Errorf("4th resend to one address: %d, want 429", last)
	}
}

package e2e

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"spor/internal/testutil"
)

// mailedPath waits for the next mail to email and returns its link's path.
func mailedPath(t *testing.T, e *Env, before int, email, part string) string {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for n := before + 1; time.Now().Before(deadline); n++ {
		for _, m := range e.Mail.Wait(t, n, time.Until(deadline))[before:] {
			if len(m.To) == 1 && m.To[0] == email {
				if link := m.Link(part); link != "" {
					return link[strings.Index(link, part):]
				}
			}
		}
	}
	t.Fatalf("no mail with %s to %s", part, email)
	return ""
}

// invitationJourney: an admin invites two people by pasting a spreadsheet's lines;
// one of them opens the mailed link in Swedish, sets name and password, and is
// logged in as staff; the admin's list shows the acceptance.
func invitationJourney(t *testing.T, e *Env) {
	var orgID int64
	if err := e.Srv.DB.QueryRow(context.Background(), `SELECT id FROM organisations WHERE name = 'Vejle Bibliotekerne'`).Scan(&orgID); err != nil {
		t.Fatal(err)
	}
	admin := e.Tab(t, Admin)
	admin.Open("/manage/invitations")
	admin.Choose("#f-organisation_id", strconv.FormatInt(orgID, 10))
	admin.Fill("#f-addresses", "Ida Inviteret;ida.inviteret@vejle.example\nOle Olsen;ole.olsen@vejle.example")
	admin.Choose("#f-lang", "sv")
	before := len(e.Mail.Messages())
	if status := admin.Click(`main form[action="/manage/invitations"] button[type=submit]`); status != 200 {
		t.Fatalf("inviting: status %d", status)
	}
	if report := admin.Text("main [role=status]"); !strings.Contains(report, "ida.inviteret@vejle.example") {
		t.Errorf("report reads %q", report)
	}
	path := mailedPath(t, e, before, "ida.inviteret@vejle.example", "/invite/")

	b := e.Tab(t, Anonymous)
	b.Open(path)
	b.Fill("#f-name", "Ida Inviteret")
	b.Choose("#f-lang", "sv")
	b.Fill("#f-password", "ett långt och bra lösenord")
	b.Fill("#f-password2", "ett långt och bra lösenord")
	b.Click(`main form button[type=submit]`)
	if p := b.Path(); p != "/me" {
		t.Fatalf("after accepting: at %s, want /me", p)
	}
	if got := b.Text(".site-tools__me"); !strings.Contains(got, "Ida") {
		t.Errorf("header names %q, want Ida", got)
	}
	admin.Open("/manage/invitations")
	if row := admin.Text("main table tbody"); !strings.Contains(row, "Accepteret") {
		t.Errorf("list does not show the acceptance: %q", row)
	}
}

// signupJourney: someone with an address in a library's domain signs up, confirms
// by the mailed link and is logged in; an address in no domain is told to ask for
// an invitation.
func signupJourney(t *testing.T, e *Env) {
	if _, err := e.Srv.DB.Exec(context.Background(), `UPDATE organisations SET email_domains = '{signup.example}' WHERE name = 'Vejle Bibliotekerne'`); err != nil {
		t.Fatal(err)
	}
	b := e.Tab(t, Anonymous)
	b.Open("/login")
	b.Click(`main a[href="/signup"]`)
	b.Fill("#f-email", "someone@elsewhere.example")
	b.Click(`main form[action="/signup"] button[type=submit]`)
	if h1 := b.Text("main h1"); h1 != "Bed dit bibliotek om en invitation" {
		t.Errorf("address in no domain: heading %q", h1)
	}
	b.Open("/signup")
	b.Fill("#f-email", "ny.kollega@signup.example")
	before := len(e.Mail.Messages())
	b.Click(`main form[action="/signup"] button[type=submit]`)
	path := mailedPath(t, e, before, "ny.kollega@signup.example", "/email/confirm/")
	b.Open(path)
	b.Fill("#f-name", "Ny Kollega")
	b.Fill("#f-password", "lange ord er gode ord")
	b.Fill("#f-password2", "lange ord er gode ord")
	b.Click(`main form button[type=submit]`)
	if p := b.Path(); p != "/me" {
		t.Fatalf("after confirming: at %s, want /me", p)
	}
	if got := b.Text(".site-tools__me"); !strings.Contains(got, "Ny Kollega") {
		t.Errorf("header names %q", got)
	}
}

// profileJourney: a person renames themself and switches to English on their
// profile page; the header and the page language follow.
func profileJourney(t *testing.T, e *Env) {
	u := testutil.CreateUser(t, e.Srv.DB, "staff", "Vejle Bibliotekerne")
	b := e.Tab(t, Anonymous)
	b.Login(u.Email, testutil.Password)
	b.Open("/me/profile")
	b.Fill("#f-name", "Profil Person")
	b.Choose("#f-lang", "en")
	b.Click(`main form[action="/me/profile"] button[type=submit]`)
	if got := b.Text(".site-tools__me"); !strings.Contains(got, "Profil Person") {
		t.Errorf("header names %q after renaming", got)
	}
	if got := b.Lang(); got != "en" {
		t.Errorf("page language %q after choosing English", got)
	}
	if flash := b.Flash(); !strings.Contains(flash, "saved") {
		t.Errorf("confirmation reads %q", flash)
	}
}

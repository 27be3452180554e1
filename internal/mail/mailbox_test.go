package mail_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"spor/internal/app"
	"spor/internal/mail"
	"spor/internal/testutil"
)

// Without SMTP_URL a mail lands in the development mailbox; admins (only) read it,
// and a hostile HTML part is never placed raw into the page.
func TestMailboxKeepsMailsForAdmins(t *testing.T) {
	srv := testutil.NewServer(t, func(o *app.Options) {
		o.StartMail = true
		o.Mail = mail.Options{PollInterval: 50 * time.Millisecond}
	})
	ctx := context.Background()
	u := testutil.CreateUser(t, srv.DB, "staff", "Vejle Bibliotekerne")
	if _, err := srv.DB.Exec(ctx, `UPDATE users SET name = '<script>alert(1)</script>' WHERE id = $1`, u.ID); err != nil {
		t.Fatal(err)
	}
	if res := srv.Client(t).Post("/password/forgot", url.Values{"email": {u.Email}}); res.Status != http.StatusOK {
		t.Fatalf("forgot: %d", res.Status)
	}
	var id int64
	for deadline := time.Now().Add(10 * time.Second); id == 0 && time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		_ = srv.DB.QueryRow(ctx, `SELECT id FROM mailbox WHERE recipient = $1`, u.Email).Scan(&id)
	}
	if id == 0 {
		t.Fatal("no mail in the mailbox")
	}
	staff := srv.Client(t)
	staff.Login(u.Email)
	if res := staff.Get("/manage/mail"); res.Status != http.StatusForbidden {
		t.Errorf("staff reads the mailbox: %d", res.Status)
	}
	admin := srv.Client(t)
	admin.Login(testutil.CreateUser(t, srv.DB, "admin", "Spor").Email)
	list := admin.Get("/manage/mail")
	if list.Status != http.StatusOK || !strings.Contains(list.Body, u.Email) {
		t.Fatalf("list: %d", list.Status)
	}
	one := admin.Get("/manage/mail/" + itoa(id))
	if one.Status != http.StatusOK || !strings.Contains(one.Body, "Auto-Submitted") || !strings.Contains(one.Body, "/password/reset/") {
		t.Errorf("mail page lacks headers or link: %d", one.Status)
	}
	// The HTML part appears only as escaped source, never as markup of the page.
	if strings.Contains(one.Body, `<main style="max-width:36em">`) || !strings.Contains(one.Body, `&lt;main style=`) {
		t.Error("the mail's HTML is placed raw into the page")
	}
	part := admin.Get("/manage/mail/" + itoa(id) + "/html")
	if csp := part.Header.Get("Content-Security-Policy"); !strings.HasPrefix(csp, "sandbox") {
		t.Errorf("HTML part served without sandbox: %q", csp)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

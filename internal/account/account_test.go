package account_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"spor/internal/account"
	"spor/internal/app"
	"spor/internal/mail"
	"spor/internal/testutil"
)

// mailServer starts Spor with its mail workers sending to a real SMTP server in
// the test, with fast retries.
func mailServer(t *testing.T) (*testutil.Server, *testutil.SMTP) {
	t.Helper()
	smtp := testutil.NewSMTP(t)
	srv := testutil.NewServer(t, func(o *app.Options) {
		o.Config.SMTPURL = smtp.URL()
		o.Config.MailFrom = "Spor <noreply@spor.example.org>"
		o.StartMail = true
		o.Mail = mail.Options{RetryBase: 50 * time.Millisecond, RetryCap: 200 * time.Millisecond, PollInterval: 50 * time.Millisecond}
	})
	return srv, smtp
}

func TestForgottenPasswordResetsAndEndsOtherSessions(t *testing.T) {
	srv, smtp := mailServer(t)
	ctx := context.Background()
	u := testutil.CreateUser(t, srv.DB, "staff", "Vejle Bibliotekerne")
	if _, err := srv.DB.Exec(ctx, `UPDATE users SET lang = 'sv', name = 'Åsa & Co' WHERE id = $1`, u.ID); err != nil {
		t.Fatal(err)
	}
	old := srv.Client(t)
	old.Login(u.Email)
	if res := old.Get("/me"); res.Status != http.StatusOK {
		t.Fatalf("logged-in /me: %d", res.Status)
	}

	anon := srv.Client(t)
	res := anon.Post("/password/forgot", url.Values{"email": {strings.ToUpper(u.Email)}})
	if res.Status != http.StatusOK || !strings.Contains(res.Body, "link") {
		t.Fatalf("forgot: %d", res.Status)
	}
	m := smtp.Wait(t, 1, 10*time.Second)[0]
	if len(m.To) != 1 || m.To[0] != u.Email {
		t.Errorf("recipients %v, want %s", m.To, u.Email)
	}
	if m.Subject != "Välj ett nytt lösenord för Spor" {
		t.Errorf("subject %q, want the Swedish one", m.Subject)
	}
	for _, h := range []string{"Message-Id", "Date", "Auto-Submitted"} {
		if m.Header.Get(h) == "" {
			t.Errorf("header %s missing", h)
		}
	}
	if m.Header.Get("Auto-Submitted") != "auto-generated" {
		t.Errorf("Auto-Submitted = %q", m.Header.Get("Auto-Submitted"))
	}
	if !strings.Contains(m.Text, "Hej Åsa & Co,") || strings.Contains(m.Text, "&amp;") {
		t.Errorf("text part greeting/escaping wrong:\n%s", m.Text)
	}
	if !strings.Contains(m.HTML, "Åsa &amp; Co") || !strings.Contains(m.HTML, `<html lang="sv">`) {
		t.Errorf("html part not escaped or not Swedish:\n%s", m.HTML)
	}
	link := m.Link("/password/reset/")
	if !strings.HasPrefix(link, "http://localhost:8080/password/reset/") {
		t.Fatalf("link %q is not absolute on BASE_URL", link)
	}
	if !strings.Contains(m.HTML, `href="`+link+`"`) {
		t.Errorf("html part lacks the same link")
	}
	path := strings.TrimPrefix(link, "http://localhost:8080")

	// The token is stored only as its hash.
	var stored int
	token := strings.TrimPrefix(path, "/password/reset/")
	if err := srv.DB.QueryRow(ctx, `SELECT count(*) FROM account_tokens WHERE token_hash = sha256($1::bytea)`, []byte(token)).Scan(&stored); err != nil || stored != 1 {
		t.Fatalf("token hash rows = %d (%v), want 1", stored, err)
	}

	if res := anon.Get(path); res.Status != http.StatusOK || !strings.Contains(res.Header.Get("Cache-Control"), "no-store") {
		t.Fatalf("reset form: %d, Cache-Control %q", res.Status, res.Header.Get("Cache-Control"))
	}
	if res := anon.Post(path, url.Values{"password": {"short"}, "password2": {"short"}}); res.Status != http.StatusUnprocessableEntity {
		t.Fatalf("short password: %d, want 422", res.Status)
	}
	newPass := "a brand new passphrase"
	res = anon.Post(path, url.Values{"password": {newPass}, "password2": {newPass}})
	if res.Status != http.StatusSeeOther {
		t.Fatalf("reset: %d", res.Status)
	}
	if res := anon.Get("/me"); res.Status != http.StatusOK {
		t.Errorf("not logged in after reset: %d", res.Status)
	}
	// The other session is gone.
	if res := old.Get("/me"); res.Status != http.StatusSeeOther {
		t.Errorf("old session still works: %d", res.Status)
	}
	// The link is single-use.
	if res := srv.Client(t).Get(path); res.Status != http.StatusGone {
		t.Errorf("second use of the link: %d, want 410", res.Status)
	}
	// The new password works, the old one not.
	c := srv.Client(t)
	if res := c.Post("/login", url.Values{"email": {u.Email}, "password": {testutil.Password}}); res.Status != http.StatusUnauthorized {
		t.Errorf("old password: %d", res.Status)
	}
	if res := c.Post("/login", url.Values{"email": {u.Email}, "password": {newPass}}); res.Status != http.StatusSeeOther {
		t.Errorf("new password: %d", res.Status)
	}
}

func TestForgotAnswersTheSameForUnknownAddresses(t *testing.T) {
	srv, smtp := mailServer(t)
	u := testutil.CreateUser(t, srv.DB, "staff", "Vejle Bibliotekerne")
	c := srv.Client(t)
	start := time.Now()
	known := c.Post("/password/forgot", url.Values{"email": {u.Email}})
	knownTook := time.Since(start)
	start = time.Now()
	unknown := c.Post("/password/forgot", url.Values{"email": {"nobody@example.org"}})
	unknownTook := time.Since(start)
	// Both answers take at least the padded minimum, so timing tells nothing.
	if knownTook < 250*time.Millisecond || unknownTook < 250*time.Millisecond {
		t.Errorf("answers took %s (known) and %s (unknown), want both at least 250ms", knownTook, unknownTook)
	}
	strip := func(s string) string { return strings.ReplaceAll(s, "nobody@example.org", u.Email) }
	if known.Status != unknown.Status || mainOf(known.Body) != mainOf(strip(unknown.Body)) {
		t.Errorf("known and unknown addresses get different pages (%d, %d)", known.Status, unknown.Status)
	}
	smtp.Wait(t, 1, 10*time.Second)
	time.Sleep(300 * time.Millisecond)
	if n := len(smtp.Messages()); n != 1 {
		t.Errorf("%d mails, want 1 (none for the unknown address)", n)
	}
	// /metrics is served on its own listener (METRICS_ADDR), from App.Metrics.
	metrics := httptest.NewRecorder()
	srv.App.Metrics.ServeHTTP(metrics, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	if body := metrics.Body.String(); !strings.Contains(body, "spor_mail_sent_total") || !strings.Contains(body, `spor_mail_jobs{state="retryable"}`) {
		t.Errorf("/metrics lacks the mail queue")
	}
}

func mainOf(body string) string {
	i, j := strings.Index(body, "<main"), strings.Index(body, "</main>")
	if i < 0 || j < i {
		return body
	}
	return body[i:j]
}

func TestForgotIsRateLimitedPerAddress(t *testing.T) {
	srv, _ := mailServer(t)
	c := srv.Client(t)
	var last int
	var retry string
	for i := 0; i < 4; i++ {
		res := c.Post("/password/forgot", url.Values{"email": {"flood@example.org"}})
		last, retry = res.Status, res.Header.Get("Retry-After")
	}
	if last != http.StatusTooManyRequests {
		t.Fatalf("4th request for one address: %d, want 429", last)
	}
	// Retry-After is the rest of the limiter's window (15 minutes), never longer.
	if secs, err := strconv.Atoi(retry); err != nil || secs < 1 || secs > int(account.DefaultLimits.Window.Seconds()) {
		t.Errorf("Retry-After %q, want 1 to %d seconds", retry, int(account.DefaultLimits.Window.Seconds()))
	}
	if res := c.Post("/password/forgot", url.Values{"email": {"other@example.org"}}); res.Status != http.StatusOK {
		t.Errorf("another address from the same IP: %d", res.Status)
	}
}

func TestSignupByDomain(t *testing.T) {
	srv, smtp := mailServer(t)
	ctx := context.Background()
	org := testutil.CreateOrg(t, srv.DB, "Vejle Bibliotekerne")
	if _, err := srv.DB.Exec(ctx, `UPDATE organisations SET email_domains = '{vejle.dk}' WHERE id = $1`, org); err != nil {
		t.Fatal(err)
	}
	c := srv.Client(t)
	res := c.Post("/signup?lang=en", url.Values{"email": {"someone@gmail.example"}})
	if res.Status != http.StatusOK || !strings.Contains(res.Body, "invitation") {
		t.Errorf("other domain: %d, want the ask-for-an-invitation page", res.Status)
	}
	res = c.Post("/signup?lang=en", url.Values{"email": {"ny.ansat@vejle.dk"}})
	if res.Status != http.StatusOK || !strings.Contains(res.Body, "ny.ansat@vejle.dk") {
		t.Fatalf("signup: %d", res.Status)
	}
	var users int
	_ = srv.DB.QueryRow(ctx, `SELECT count(*) FROM users WHERE email = 'ny.ansat@vejle.dk'`).Scan(&users)
	if users != 0 {
		t.Fatal("account exists before the address is confirmed")
	}
	// An address that has an account already gets the same page and no mail.
	if _, err := srv.DB.Exec(ctx, `INSERT INTO users (email, name, organisation_id, password_hash) VALUES ('har.konto@vejle.dk', 'Har Konto', $1, 'x')`, org); err != nil {
		t.Fatal(err)
	}
	if res := c.Post("/signup?lang=en", url.Values{"email": {"har.konto@vejle.dk"}}); res.Status != http.StatusOK || !strings.Contains(res.Body, "We have mailed a link to har.konto@vejle.dk") {
		t.Errorf("existing account: %d, want the same page as a new address", res.Status)
	}
	m := smtp.Wait(t, 1, 10*time.Second)[0]
	time.Sleep(300 * time.Millisecond)
	if n := len(smtp.Messages()); n != 1 {
		t.Errorf("%d mails, want only the new address's", n)
	}
	if m.Subject != "Confirm your address for Spor" || !strings.Contains(m.Text, "Vejle Bibliotekerne") {
		t.Errorf("mail: %q\n%s", m.Subject, m.Text)
	}
	path := strings.TrimPrefix(m.Link("/email/confirm/"), "http://localhost:8080")
	if res := c.Get(path); res.Status != http.StatusOK {
		t.Fatalf("confirm form: %d", res.Status)
	}
	res = c.Post(path, url.Values{"name": {"Ny Ansat"}, "lang": {"da"}, "password": {"lange ord er gode"}, "password2": {"lange ord er gode"}})
	if res.Status != http.StatusSeeOther {
		t.Fatalf("confirm: %d", res.Status)
	}
	var role string
	var orgID int64
	if err := srv.DB.QueryRow(ctx, `SELECT role, organisation_id FROM users WHERE email = 'ny.ansat@vejle.dk'`).Scan(&role, &orgID); err != nil {
		t.Fatal(err)
	}
	if role != "staff" || orgID != org {
		t.Errorf("role %s org %d, want staff of %d", role, orgID, org)
	}
	if res := c.Get("/me"); res.Status != http.StatusOK {
		t.Errorf("not logged in after confirming: %d", res.Status)
	}
	if res := c.Post(path, url.Values{"name": {"Again"}, "lang": {"da"}, "password": {"lange ord er gode"}, "password2": {"lange ord er gode"}}); res.Status != http.StatusGone {
		t.Errorf("second use: %d, want 410", res.Status)
	}
}

// A person disabled after the link was mailed cannot use it to get back in.
func TestResetLinkDiesWithADisabledAccount(t *testing.T) {
	srv, smtp := mailServer(t)
	u := testutil.CreateUser(t, srv.DB, "staff", "Vejle Bibliotekerne")
	c := srv.Client(t)
	c.Post("/password/forgot", url.Values{"email": {u.Email}})
	path := strings.TrimPrefix(smtp.Wait(t, 1, 10*time.Second)[0].Link("/password/reset/"), "http://localhost:8080")
	if _, err := srv.DB.Exec(context.Background(), `UPDATE users SET disabled = true WHERE id = $1`, u.ID); err != nil {
		t.Fatal(err)
	}
	res := c.Post(path, url.Values{"password": {"a brand new passphrase"}, "password2": {"a brand new passphrase"}})
	if res.Status != http.StatusGone {
		t.Errorf("reset of a disabled account: %d, want 410", res.Status)
	}
}

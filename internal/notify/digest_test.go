package notify_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"spor/internal/app"
	"spor/internal/mail"
	"spor/internal/notify"
	"spor/internal/testutil"
)

// nextMonday is 08:00 UTC on the Monday after t: the weekly digest is due then in
// every Nordic zone.
func nextMonday(t time.Time) time.Time {
	t = t.UTC()
	d := (8 - int(t.Weekday())) % 7
	if d == 0 {
		d = 7
	}
	return time.Date(t.Year(), t.Month(), t.Day()+d, 8, 0, 0, 0, time.UTC)
}

// Digests: one per person and period from two instances at once, nothing new means
// no mail, a change of frequency mid-period neither repeats nor loses news, and the
// one-click link turns the digest off without a login.
func TestDigests(t *testing.T) {
	smtp := testutil.NewSMTP(t)
	db := testutil.NewDB(t)
	start := func() *testutil.Server {
		return testutil.NewServerOn(t, db, func(o *app.Options) {
			o.Config.SMTPURL = smtp.URL()
			o.Config.MailFrom = "Spor <noreply@spor.example.org>"
			o.StartMail = true
			o.Mail = mail.Options{RetryBase: 50 * time.Millisecond, RetryCap: 200 * time.Millisecond, PollInterval: 50 * time.Millisecond}
		})
	}
	a, b := start(), start()
	ctx := context.Background()

	g := testutil.CreateGroup(t, db, "laesefremme", "public")
	reader := testutil.CreateUser(t, db, "staff", "Vejle Bibliotekerne")
	optedOut := testutil.CreateUser(t, db, "staff", "Vejle Bibliotekerne")
	nobody := testutil.CreateUser(t, db, "staff", "Vejle Bibliotekerne")
	follow(t, db, g, reader.ID)
	follow(t, db, g, optedOut.ID)
	exec(t, db, `UPDATE group_followers SET in_digest = false WHERE user_id = $1`, optedOut.ID)
	exec(t, db, `UPDATE users SET lang = 'da', name = 'Dorte', digest_since = now() - interval '1 hour'`)
	exec(t, db, `INSERT INTO news (group_id, title) VALUES ($1, 'Ny læseklub & mere')`, g)
	exec(t, db, `INSERT INTO events (group_id, title, starts_at, ends_at, zone, status, audience, capacity)
		VALUES ($1, 'Temadag om læsning', now() + interval '30 days', now() + interval '30 days 2 hours', 'Europe/Copenhagen', 'published', 'public', 10)`, g)
	testutil.CreateDocument(t, db, g, "Referat.txt", "referat")

	now := nextMonday(time.Now())
	var wg sync.WaitGroup
	for _, s := range []*testutil.Server{a, b, a, b} {
		wg.Go(func() {
			if _, err := notify.SendDigests(ctx, db, s.App.Mail, now, 10); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	m := smtp.WaitFor(t, reader.Email, "Nyt i dine grupper på Spor")
	for _, want := range []string{"Ny læseklub & mere", "Temadag om læsning", "10 ledige pladser", "Referat.txt", "/me/notifications"} {
		if !strings.Contains(m.Text, want) {
			t.Errorf("digest lacks %q:\n%s", want, m.Text)
		}
	}
	if !strings.Contains(m.HTML, "Ny læseklub &amp; mere") {
		t.Errorf("digest HTML not escaped")
	}
	if m.Header.Get("List-Unsubscribe-Post") != "List-Unsubscribe=One-Click" {
		t.Errorf("List-Unsubscribe-Post %q", m.Header.Get("List-Unsubscribe-Post"))
	}
	link := strings.Trim(m.Header.Get("List-Unsubscribe"), "<>")
	if !strings.HasPrefix(link, "http://localhost:8080/unsubscribe/") {
		t.Fatalf("List-Unsubscribe %q", link)
	}
	time.Sleep(time.Second)
	if n := smtp.CountTo(reader.Email); n != 1 {
		t.Errorf("%d digests from two instances, want 1", n)
	}
	for _, u := range []testutil.User{optedOut, nobody} {
		if n := smtp.CountTo(u.Email); n != 0 {
			t.Errorf("%s has nothing new but got %d digests", u.Email, n)
		}
	}

	// The same period again: nothing.
	if _, err := notify.SendDigests(ctx, db, a.App.Mail, now.Add(time.Hour), 10); err != nil {
		t.Fatal(err)
	}
	// Daily from now on, mid-week: the next digest has only what came after the last.
	exec(t, db, `UPDATE users SET digest_frequency = 'daily' WHERE id = $1`, reader.ID)
	exec(t, db, `INSERT INTO news (group_id, title, publish_at) VALUES ($1, 'Endnu en nyhed', $2)`, g, now.Add(90*time.Minute))
	if _, err := notify.SendDigests(ctx, db, a.App.Mail, now.Add(2*time.Hour), 10); err != nil {
		t.Fatal(err)
	}
	var second testutil.Received
	deadline := time.Now().Add(10 * time.Second)
	for smtp.CountTo(reader.Email) < 2 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	for _, x := range smtp.Messages() {
		if x.To[0] == reader.Email && strings.Contains(x.Text, "Endnu en nyhed") {
			second = x
		}
	}
	if second.Text == "" || strings.Contains(second.Text, "Ny læseklub") {
		t.Errorf("after the change to daily, want only the new item:\n%s", second.Text)
	}
	if n := smtp.CountTo(reader.Email); n != 2 {
		t.Errorf("%d digests, want 2", n)
	}

	// One-click: a mail program POSTs without cookies or Origin.
	tampered := link[:len(link)-2] + "xx"
	for _, c := range []struct {
		url    string
		status int
	}{{tampered, http.StatusNotFound}, {link, http.StatusOK}} {
		req, _ := http.NewRequest(http.MethodPost, strings.Replace(c.url, "http://localhost:8080", a.URL, 1),
			strings.NewReader(url.Values{"List-Unsubscribe": {"One-Click"}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != c.status {
			t.Errorf("POST %s: %d, want %d", c.url, res.StatusCode, c.status)
		}
		var freq string
		if err := db.QueryRow(ctx, `SELECT digest_frequency FROM users WHERE id = $1`, reader.ID).Scan(&freq); err != nil {
			t.Fatal(err)
		}
		if want := map[int]string{http.StatusNotFound: "daily", http.StatusOK: "never"}[c.status]; freq != want {
			t.Errorf("after POST %s the digest is %q, want %q", c.url, freq, want)
		}
	}
	// The link's GET only asks.
	if res := a.Client(t).Get(strings.TrimPrefix(link, "http://localhost:8080")); res.Status != http.StatusOK || !strings.Contains(res.Body, `method="post"`) {
		t.Errorf("GET of the link: %d", res.Status)
	}
}

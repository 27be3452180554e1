package notify_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"spor/internal/app"
	"spor/internal/documents"
	"spor/internal/events"
	"spor/internal/mail"
	"spor/internal/model"
	"spor/internal/news"
	"spor/internal/notify"
	"spor/internal/testutil"
	"spor/internal/upload"
)

// At-once mails: a news item, an event and a document published in a group reach
// the followers who chose "tell me at once", in their language, with a one-click
// link that turns off exactly that group's at-once mails; the others, the author
// and a scheduled item get none.
func TestAtOnceMails(t *testing.T) {
	smtp := testutil.NewSMTP(t)
	db := testutil.NewDB(t)
	s := testutil.NewServerOn(t, db, func(o *app.Options) {
		o.Config.SMTPURL = smtp.URL()
		o.Config.MailFrom = "Spor <noreply@spor.example.org>"
		o.StartMail = true
		o.Mail = mail.Options{RetryBase: 50 * time.Millisecond, RetryCap: 200 * time.Millisecond, PollInterval: 50 * time.Millisecond}
	})
	ctx := context.Background()
	tell := notify.AtOnce{Q: s.App.Mail}

	g := testutil.CreateGroup(t, db, "laesefremme", "public")
	other := testutil.CreateGroup(t, db, "boernekultur", "public")
	dorte := testutil.CreateUser(t, db, "staff", "Vejle Bibliotekerne")
	anna := testutil.CreateUser(t, db, "staff", "Vejle Bibliotekerne")
	quiet := testutil.CreateUser(t, db, "staff", "Vejle Bibliotekerne")
	author := testutil.CreateUser(t, db, "staff", "Vejle Bibliotekerne")
	for _, u := range []testutil.User{dorte, anna, quiet, author} {
		follow(t, db, g, u.ID)
	}
	follow(t, db, other, dorte.ID)
	exec(t, db, `UPDATE group_followers SET at_once = true WHERE user_id <> $1`, quiet.ID)
	exec(t, db, `UPDATE users SET lang = 'da', name = 'Dorte' WHERE id = $1`, dorte.ID)
	exec(t, db, `UPDATE users SET lang = 'en', name = 'Anna' WHERE id = $1`, anna.ID)

	newsStore := news.NewStore(db).WithAtOnce(tell)
	if _, err := newsStore.Save(ctx, model.News{GroupID: g, Title: "Ny læseklub & mere", Lang: "da", PublishAt: time.Now()}, author.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := newsStore.Save(ctx, model.News{GroupID: g, Title: "Planlagt nyhed", Lang: "da", PublishAt: time.Now().Add(48 * time.Hour)}, author.ID); err != nil {
		t.Fatal(err)
	}
	m := smtp.WaitFor(t, dorte.Email, "Nyt i Group laesefremme: Ny læseklub & mere")
	if !strings.Contains(m.Text, "bedt om besked med det samme") || !strings.Contains(m.HTML, "Ny læseklub &amp; mere") {
		t.Errorf("Danish at-once mail:\n%s", m.Text)
	}
	if !strings.Contains(m.Text, "/groups/laesefremme/news/") {
		t.Errorf("no link to the item:\n%s", m.Text)
	}
	if m.Header.Get("List-Unsubscribe-Post") != "List-Unsubscribe=One-Click" {
		t.Errorf("List-Unsubscribe-Post %q", m.Header.Get("List-Unsubscribe-Post"))
	}
	smtp.WaitFor(t, anna.Email, "New in Group laesefremme: Ny læseklub & mere")

	e := model.Event{GroupID: g, Title: "Temadag om læsning", StartsAt: time.Now().Add(30 * 24 * time.Hour),
		EndsAt: time.Now().Add(30*24*time.Hour + 2*time.Hour), Zone: "Europe/Copenhagen", Lang: "da",
		Audience: "public", Status: "draft", Capacity: 12}
	evStore := events.NewStore(db).WithAtOnce(tell)
	id, err := evStore.CreateEvent(ctx, e, author.ID)
	if err != nil {
		t.Fatal(err)
	}
	e.ID, e.Status = id, "published"
	if err := evStore.UpdateEvent(ctx, e); err != nil { // the draft is published
		t.Fatal(err)
	}
	ev := smtp.WaitFor(t, anna.Email, "New in Group laesefremme: Temadag om læsning")
	if !strings.Contains(ev.Text, "12 places left") || !strings.Contains(ev.Text, "/events/") {
		t.Errorf("event mail:\n%s", ev.Text)
	}
	if err := evStore.UpdateEvent(ctx, e); err != nil { // an edit of a published event tells nobody again
		t.Fatal(err)
	}

	f := &upload.File{Name: "Referat.txt", ContentType: "text/plain", Kind: "txt", Size: 7, SHA256: strings.Repeat("ab", 32), Data: []byte("referat")}
	if _, _, err := documents.NewStore(db).WithAtOnce(tell).Create(ctx, model.Document{GroupID: g, Title: "Referat", Lang: "da"}, f, author.ID); err != nil {
		t.Fatal(err)
	}
	smtp.WaitFor(t, dorte.Email, "Nyt i Group laesefremme: Referat")

	time.Sleep(time.Second)
	for _, c := range []struct {
		u    testutil.User
		want int
	}{{dorte, 3}, {anna, 3}, {quiet, 0}, {author, 0}} {
		if n := smtp.CountTo(c.u.Email); n != c.want {
			t.Errorf("%s got %d at-once mails, want %d", c.u.Email, n, c.want)
		}
	}

	// One click turns off exactly Dorte's at-once mails of this group.
	link := strings.Trim(m.Header.Get("List-Unsubscribe"), "<>")
	req, _ := http.NewRequest(http.MethodPost, strings.Replace(link, "http://localhost:8080", s.URL, 1),
		strings.NewReader("List-Unsubscribe=One-Click"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("one-click POST: %d", res.StatusCode)
	}
	var here, there, digest bool
	if err := db.QueryRow(ctx, `SELECT
			(SELECT at_once FROM group_followers WHERE user_id = $1 AND group_id = $2),
			(SELECT at_once FROM group_followers WHERE user_id = $1 AND group_id = $3),
			(SELECT in_digest FROM group_followers WHERE user_id = $1 AND group_id = $2)`, dorte.ID, g, other).Scan(&here, &there, &digest); err != nil {
		t.Fatal(err)
	}
	if here || !there || !digest {
		t.Errorf("after one click: at once here %v (want false), in the other group %v, in digest %v (want true)", here, there, digest)
	}

	// Through the app's own news form (the wiring in app): Anna is told, Dorte no
	// longer.
	admin := testutil.CreateUser(t, db, "admin", "Vejle Bibliotekerne")
	c := s.Client(t)
	c.Login(admin.Email)
	cph, _ := time.LoadLocation("Europe/Copenhagen")
	r := c.Post(fmt.Sprintf("/manage/groups/%d/news", g), url.Values{"title": {"Via formularen"}, "body": {"Tekst"}, "lang": {"da"},
		"publish_at": {time.Now().In(cph).Add(-time.Minute).Format("2006-01-02T15:04")}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("news form: %d", r.Status)
	}
	smtp.WaitFor(t, anna.Email, "New in Group laesefremme: Via formularen")
	time.Sleep(500 * time.Millisecond)
	if n := smtp.CountTo(dorte.Email); n != 3 {
		t.Errorf("after unsubscribing Dorte has %d at-once mails, want still 3", n)
	}
}

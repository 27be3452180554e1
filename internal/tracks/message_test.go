package tracks_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"spor/internal/testutil"
)

// A track's coordinators see the mails sent about it and can send its
// participants a short message: in each recipient's language, escaped, at most
// three an hour (429 with Retry-After beyond), only by the track's coordinators.
func TestTrackMessages(t *testing.T) {
	srv, smtp := mailServer(t)
	ctx := context.Background()
	id := newTrack(t, srv.DB, "meddelanden", true, 0)
	coord := testutil.CreateUser(t, srv.DB, "coordinator", "Region Dalarna")
	coordinate(t, srv.DB, id, coord.ID)
	otherCoord := testutil.CreateUser(t, srv.DB, "coordinator", "Region Dalarna")
	sv := testutil.CreateUser(t, srv.DB, "staff", "Falu stadsbibliotek")
	en := testutil.CreateUser(t, srv.DB, "staff", "Falu stadsbibliotek")
	outsider := testutil.CreateUser(t, srv.DB, "staff", "Falu stadsbibliotek")
	for _, u := range []struct {
		id   int64
		lang string
	}{{sv.ID, "sv"}, {en.ID, "en"}} {
		if _, err := srv.DB.Exec(ctx, `UPDATE users SET lang = $2 WHERE id = $1`, u.id, u.lang); err != nil {
			t.Fatal(err)
		}
		join(t, srv.DB, id, u.id)
	}
	path := fmt.Sprintf("/manage/tracks/%d/mails", id)
	msg := func(text string) url.Values { return url.Values{"message": {text}} }

	o := srv.Client(t)
	o.Login(otherCoord.Email)
	if res := o.Post(path, msg("Hej")); res.Status != http.StatusForbidden {
		t.Errorf("another track's coordinator: %d, want 403", res.Status)
	}

	c := srv.Client(t)
	c.Login(coord.Email)
	res := c.Get(path)
	if res.Status != http.StatusOK || res.Doc(t).Find("textarea[name=message]").Length() != 1 {
		t.Fatalf("mails page: %d", res.Status)
	}
	if res := c.Post(path, msg("   ")); res.Status != http.StatusUnprocessableEntity {
		t.Errorf("empty message: %d, want 422", res.Status)
	}
	if res := c.Post(path, msg(strings.Repeat("x", 2001))); res.Status != http.StatusUnprocessableEntity {
		t.Errorf("too long message: %d, want 422", res.Status)
	}
	if res := c.Post(path, msg("Ta med <boken> till nästa träff.")); res.Status != http.StatusSeeOther {
		t.Fatalf("message: %d", res.Status)
	}
	m := smtp.WaitFor(t, sv.Email, "Meddelande om Spår meddelanden")
	if !strings.Contains(m.Text, "Ta med <boken> till nästa träff.") || !strings.Contains(m.HTML, "Ta med &lt;boken&gt;") ||
		!strings.Contains(m.Text, "du deltar i spåret") {
		t.Errorf("Swedish message mail:\n%s\n%s", m.Text, m.HTML)
	}
	smtp.WaitFor(t, en.Email, "Message about Spår meddelanden")

	for i := 2; i <= 3; i++ {
		if res := c.Post(path, msg(fmt.Sprintf("Meddelande %d", i))); res.Status != http.StatusSeeOther {
			t.Fatalf("message %d: %d", i, res.Status)
		}
	}
	res = c.Post(path, msg("Ett för mycket"))
	if res.Status != http.StatusTooManyRequests || res.Header.Get("Retry-After") == "" {
		t.Errorf("fourth message in the hour: %d, Retry-After %q", res.Status, res.Header.Get("Retry-After"))
	}
	deadline := time.Now().Add(10 * time.Second)
	for smtp.CountTo(en.Email) < 3 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	time.Sleep(500 * time.Millisecond)
	if n := smtp.CountTo(en.Email); n != 3 {
		t.Errorf("participant got %d messages, want 3", n)
	}
	if n := smtp.CountTo(outsider.Email); n != 0 {
		t.Errorf("a non-participant got %d mails", n)
	}

	// The list shows the mails sent (the worker logs them after sending).
	deadline = time.Now().Add(10 * time.Second)
	for count(t, srv.DB, fmt.Sprintf(`SELECT count(*) FROM mail_log WHERE record_kind = 'track' AND record_id = %d`, id)) < 6 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	rows := c.Get(path).Doc(t).Find("section[aria-labelledby=sent-mails] tbody tr")
	if rows.Length() != 6 || !strings.Contains(rows.Text(), sv.Email) || !strings.Contains(rows.Text(), "Besked fra koordinatoren") {
		t.Errorf("sent list has %d rows: %s", rows.Length(), rows.Text())
	}
}

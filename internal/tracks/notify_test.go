package tracks_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	goical "github.com/emersion/go-ical"

	"spor/internal/app"
	"spor/internal/mail"
	"spor/internal/testutil"
)

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

// attached parses the mail's invite.ics with go-ical.
func attached(t *testing.T, m testutil.Received) (uid, status string, seq int) {
	t.Helper()
	a, ok := m.Attachments["invite.ics"]
	if !ok {
		t.Fatalf("mail %q has no invite.ics", m.Subject)
	}
	cal, err := goical.NewDecoder(bytes.NewReader(a.Data)).Decode()
	if err != nil || len(cal.Events()) != 1 {
		t.Fatalf("invite.ics: %v\n%s", err, a.Data)
	}
	e := cal.Events()[0]
	uid, _ = e.Props.Text(goical.PropUID)
	status, _ = e.Props.Text(goical.PropStatus)
	seq, _ = e.Props.Get(goical.PropSequence).Int()
	return uid, status, seq
}

// A moved meeting and a cancelled one are mailed to the track's participants, each
// in their language, with the meeting's UID from the track's feed.
func TestMeetingChangeMails(t *testing.T) {
	srv, smtp := mailServer(t)
	ctx := context.Background()
	id := newTrack(t, srv.DB, "dalasparet", true, 0)
	mid := addMeeting(t, srv.DB, id, "Kick off", at(2027, time.September, 16, 13))
	coord := testutil.CreateUser(t, srv.DB, "coordinator", "Region Dalarna")
	coordinate(t, srv.DB, id, coord.ID)
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

	feed := parseFeed(t, srv.Client(t).Get("/tracks/dalasparet/schedule.ics").Body)
	fe := feed.Events()[0]
	uid, _ := fe.Props.Text(goical.PropUID)
	seq0, _ := fe.Props.Get(goical.PropSequence).Int()

	c := srv.Client(t)
	c.Login(coord.Email)
	res := c.Post(fmt.Sprintf("/manage/tracks/%d/meetings/%d", id, mid), meetingForm("Kick off", "2027-09-23T14:00", "2027-09-23T16:00", "planned"))
	if res.Status != http.StatusSeeOther {
		t.Fatalf("move: %d", res.Status)
	}
	m := smtp.WaitFor(t, sv.Email, "Träff ändrad: Kick off")
	if !strings.Contains(m.HTML, "<del>torsdag 16 september 2027, 13:00–15:00 (Europe/Stockholm)</del>") ||
		!strings.Contains(m.Text, "Ny tid: torsdag 23 september 2027, 14:00–16:00") {
		t.Errorf("moved meeting mail:\n%s\n%s", m.Text, m.HTML)
	}
	if !strings.Contains(m.Text, "https://meet.example.org/dala (ny)") {
		t.Errorf("the participant's mail lacks the new link:\n%s", m.Text)
	}
	gotUID, status, seq := attached(t, m)
	if gotUID != uid || status != "CONFIRMED" || seq <= seq0 {
		t.Errorf("moved .ics: UID %q (feed %q) STATUS %q SEQUENCE %d (was %d)", gotUID, uid, status, seq, seq0)
	}
	me := smtp.WaitFor(t, en.Email, "Meeting changed: Kick off")
	if !strings.Contains(me.Text, "you take part in this track") {
		t.Errorf("English mail does not say why:\n%s", me.Text)
	}

	res = c.Post(fmt.Sprintf("/manage/tracks/%d/meetings/%d", id, mid), meetingForm("Kick off", "2027-09-23T14:00", "2027-09-23T16:00", "cancelled"))
	if res.Status != http.StatusSeeOther {
		t.Fatalf("cancel: %d", res.Status)
	}
	off := smtp.WaitFor(t, en.Email, "Meeting cancelled: Kick off")
	if _, status, seq2 := attached(t, off); status != "CANCELLED" || seq2 <= seq {
		t.Errorf("cancelled .ics: STATUS %q SEQUENCE %d (before %d)", status, seq2, seq)
	}
	smtp.WaitFor(t, sv.Email, "Träff inställd: Kick off")
	// An edit that changes neither time, place nor link mails nobody.
	form := meetingForm("Kick off", "2027-09-23T14:00", "2027-09-23T16:00", "cancelled")
	form.Set("description", "Ny beskrivning")
	c.Post(fmt.Sprintf("/manage/tracks/%d/meetings/%d", id, mid), form)
	time.Sleep(500 * time.Millisecond)
	// Moved, cancelled, and the slides the first edit added.
	if n := smtp.CountTo(sv.Email); n != 3 {
		t.Errorf("participant got %d mails, want 3", n)
	}
	if n := smtp.CountTo(outsider.Email); n != 0 {
		t.Errorf("a non-participant got %d mails", n)
	}
}

// The track form sets the reminder 0-7 days before each meeting; a form without
// the field keeps it, and a new track starts at one day.
func TestRemindDaysOnTrackForm(t *testing.T) {
	srv := testutil.NewServer(t)
	admin := testutil.CreateUser(t, srv.DB, "admin", "Region Dalarna")
	newTrack(t, srv.DB, "seed", true, 0)
	var prog int64
	if err := srv.DB.QueryRow(context.Background(), `SELECT id FROM programmes LIMIT 1`).Scan(&prog); err != nil {
		t.Fatal(err)
	}
	c := srv.Client(t)
	c.Login(admin.Email)
	form := func(days string) url.Values {
		v := url.Values{"title": {"Påminnelser"}, "slug": {"paminnelser"}, "programme": {fmt.Sprint(prog)}, "lang": {"sv"}, "published": {"on"}}
		if days != "" {
			v.Set("remind_days", days)
		}
		return v
	}
	res := c.Post("/manage/tracks", form(""))
	if res.Status != http.StatusSeeOther {
		t.Fatalf("create: %d", res.Status)
	}
	days := func() int {
		return count(t, srv.DB, `SELECT remind_days FROM tracks WHERE slug = 'paminnelser'`)
	}
	if days() != 1 {
		t.Errorf("new track: %d days, want 1", days())
	}
	var id int64
	if err := srv.DB.QueryRow(context.Background(), `SELECT id FROM tracks WHERE slug = 'paminnelser'`).Scan(&id); err != nil {
		t.Fatal(err)
	}
	for _, c2 := range []struct {
		value  string
		status int
		want   int
	}{{"5", http.StatusSeeOther, 5}, {"8", http.StatusUnprocessableEntity, 5}, {"", http.StatusSeeOther, 5}, {"0", http.StatusSeeOther, 0}} {
		if res := c.Post(fmt.Sprintf("/manage/tracks/%d", id), form(c2.value)); res.Status != c2.status {
			t.Errorf("remind_days %q: %d, want %d", c2.value, res.Status, c2.status)
		}
		if got := days(); got != c2.want {
			t.Errorf("after %q: %d, want %d", c2.value, got, c2.want)
		}
	}
}

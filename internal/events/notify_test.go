package events_test

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

// mailServer starts Spor with its mail workers sending to a real SMTP server.
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

// vevent parses the mail's invite.ics with go-ical and returns its one VEVENT.
func vevent(t *testing.T, m testutil.Received) *goical.Event {
	t.Helper()
	a, ok := m.Attachments["invite.ics"]
	if !ok {
		t.Fatalf("mail %q has no invite.ics (attachments %v)", m.Subject, m.Attachments)
	}
	if !strings.HasPrefix(a.ContentType, "text/calendar") {
		t.Errorf("invite.ics content type %q", a.ContentType)
	}
	cal, err := goical.NewDecoder(bytes.NewReader(a.Data)).Decode()
	if err != nil {
		t.Fatalf("invite.ics does not parse: %v\n%s", err, a.Data)
	}
	if method, _ := cal.Props.Text(goical.PropMethod); method != "PUBLISH" {
		t.Errorf("METHOD %q, want PUBLISH", method)
	}
	events := cal.Events()
	if len(events) != 1 {
		t.Fatalf("%d VEVENTs, want 1", len(events))
	}
	return &events[0]
}

func propText(t *testing.T, e *goical.Event, prop string) string {
	t.Helper()
	s, err := e.Props.Text(prop)
	if err != nil {
		t.Fatalf("%s: %v", prop, err)
	}
	return s
}

func sequence(t *testing.T, e *goical.Event) int {
	t.Helper()
	p := e.Props.Get(goical.PropSequence)
	if p == nil {
		t.Fatal("no SEQUENCE")
	}
	n, err := p.Int()
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func setLang(t *testing.T, srv *testutil.Server, id int64, lang, name string) {
	t.Helper()
	if _, err := srv.DB.Exec(context.Background(), `UPDATE users SET lang = $2, name = $3 WHERE id = $1`, id, lang, name); err != nil {
		t.Fatal(err)
	}
}

// A registration, a waitlisted place, a cancellation that promotes the next person,
// a move and a cancellation of the event: each mails the people concerned in their
// own language, with the event as an .ics a calendar client recognises.
func TestRegistrationAndChangeMails(t *testing.T) {
	srv, smtp := mailServer(t)
	g := newGroup(t, srv.DB, "public")
	start := time.Date(2027, 3, 9, 9, 0, 0, 0, time.UTC) // 10:00 in Copenhagen
	id := newEvent(t, srv.DB, g.GroupID, ev{Title: "Læsning & leg", Capacity: 1, Start: start, End: start.Add(2 * time.Hour),
		OnlineURL: "https://meet.example.org/laesning", Place: "Vejle Bibliotek"})
	da := testutil.CreateUser(t, srv.DB, "staff", "Vejle Bibliotekerne")
	setLang(t, srv, da.ID, "da", "Dorte")
	sv := testutil.CreateUser(t, srv.DB, "staff", "Falu stadsbibliotek")
	setLang(t, srv, sv.ID, "sv", "Sven")
	coord := testutil.CreateUser(t, srv.DB, "coordinator", "Vejle Bibliotekerne")
	coordinate(t, srv.DB, g.GroupID, coord.ID)

	dc, sc := srv.Client(t), srv.Client(t)
	dc.Login(da.Email)
	sc.Login(sv.Email)
	dc.Post(fmt.Sprintf("/events/%d/register", id), url.Values{})
	sc.Post(fmt.Sprintf("/events/%d/register", id), url.Values{})

	// The feed's UID is the one every attachment must carry.
	feed := srv.Client(t).Get(fmt.Sprintf("/events/%d.ics", id))
	fc, err := goical.NewDecoder(strings.NewReader(feed.Body)).Decode()
	if err != nil {
		t.Fatal(err)
	}
	fe := fc.Events()[0]
	uid := propText(t, &fe, goical.PropUID)
	seq0 := sequence(t, &fe)

	confirmed := smtp.WaitFor(t, da.Email, "Din plads er bekræftet: Læsning & leg")
	if !strings.Contains(confirmed.Text, "Dorte") || !strings.Contains(confirmed.Text, "tirsdag 9. marts 2027, 10:00–12:00 (Europe/Copenhagen)") {
		t.Errorf("confirmation text:\n%s", confirmed.Text)
	}
	if !strings.Contains(confirmed.Text, "https://meet.example.org/laesning") {
		t.Errorf("a confirmed participant's mail lacks the online link:\n%s", confirmed.Text)
	}
	if !strings.Contains(confirmed.Text, "fordi du har tilmeldt dig") {
		t.Errorf("the mail does not say why it came:\n%s", confirmed.Text)
	}
	if !strings.Contains(confirmed.HTML, "Læsning &amp; leg") || strings.Contains(confirmed.HTML, "Læsning & leg") {
		t.Errorf("title not escaped in the HTML part")
	}
	ce := vevent(t, confirmed)
	if got := propText(t, ce, goical.PropUID); got != uid {
		t.Errorf("UID %q, feed has %q", got, uid)
	}
	if got := propText(t, ce, goical.PropStatus); got != "CONFIRMED" {
		t.Errorf("STATUS %q", got)
	}

	waiting := smtp.WaitFor(t, sv.Email, "Du står på väntelistan: Læsning & leg")
	if !strings.Contains(waiting.Text, "Du är nummer 1 på väntelistan") || !strings.Contains(waiting.Text, "tisdag 9 mars 2027") {
		t.Errorf("waitlist text:\n%s", waiting.Text)
	}
	if strings.Contains(waiting.Text, "meet.example.org") {
		t.Errorf("the waitlisted person got the online link:\n%s", waiting.Text)
	}

	// Dorte cancels: she is told, and Sven gets the freed place.
	if res := dc.Post(fmt.Sprintf("/events/%d/cancel", id), url.Values{}); res.Status != http.StatusSeeOther {
		t.Fatalf("cancel: %d", res.Status)
	}
	gone := smtp.WaitFor(t, da.Email, "Tilmelding afmeldt")
	ge := vevent(t, gone)
	if propText(t, ge, goical.PropStatus) != "CANCELLED" || sequence(t, ge) <= seq0 || propText(t, ge, goical.PropUID) != uid {
		t.Errorf("the cancelled registration's .ics does not cancel the entry: %v", ge.Props)
	}
	promoted := smtp.WaitFor(t, sv.Email, "Du har fått en plats")
	if !strings.Contains(promoted.Text, "En plats blev ledig") || !strings.Contains(promoted.Text, "https://meet.example.org/laesning") {
		t.Errorf("promotion text:\n%s", promoted.Text)
	}

	// The coordinator moves the event and changes its place.
	cc := srv.Client(t)
	cc.Login(coord.Email)
	form := url.Values{"title": {"Læsning & leg"}, "description": {"Om læsning"}, "zone": {"Europe/Copenhagen"},
		"starts_at": {"2027-03-10T13:00"}, "ends_at": {"2027-03-10T15:00"}, "place": {"Kolding Bibliotek"},
		"online_url": {"https://meet.example.org/laesning"}, "lang": {"da"}, "audience": {"public"}, "status": {"published"}, "capacity": {"1"}}
	if res := cc.Post(fmt.Sprintf("/manage/events/%d/edit", id), form); res.Status != http.StatusSeeOther {
		t.Fatalf("edit: %d %s", res.Status, res.Body)
	}
	moved := smtp.WaitFor(t, sv.Email, "Ändrat: Læsning & leg")
	if !strings.Contains(moved.HTML, "<del>tisdag 9 mars 2027, 10:00–12:00 (Europe/Copenhagen)</del>") ||
		!strings.Contains(moved.HTML, "onsdag 10 mars 2027, 13:00–15:00") {
		t.Errorf("the moved event's mail does not strike the old time:\n%s", moved.HTML)
	}
	if !strings.Contains(moved.Text, "Kolding Bibliotek (ny)") {
		t.Errorf("the new place is not marked:\n%s", moved.Text)
	}
	me := vevent(t, moved)
	if sequence(t, me) <= seq0 || propText(t, me, goical.PropUID) != uid {
		t.Errorf("the change's .ics has SEQUENCE %d (was %d), UID %q", sequence(t, me), seq0, propText(t, me, goical.PropUID))
	}
	if got, _ := me.DateTimeStart(time.UTC); !got.Equal(time.Date(2027, 3, 10, 12, 0, 0, 0, time.UTC)) {
		t.Errorf("DTSTART %v", got)
	}
	if n := smtp.CountTo(da.Email); n != 2 {
		t.Errorf("Dorte, no longer registered, got %d mails, want 2", n)
	}

	// And cancels it.
	if res := cc.Post(fmt.Sprintf("/manage/events/%d/cancel", id), url.Values{}); res.Status != http.StatusSeeOther {
		t.Fatalf("cancel event: %d", res.Status)
	}
	off := smtp.WaitFor(t, sv.Email, "Inställt")
	oe := vevent(t, off)
	if propText(t, oe, goical.PropStatus) != "CANCELLED" || sequence(t, oe) <= sequence(t, me) {
		t.Errorf("the cancellation's .ics: STATUS %q SEQUENCE %d", propText(t, oe, goical.PropStatus), sequence(t, oe))
	}
	if strings.Contains(off.Text, "meet.example.org") {
		t.Errorf("a cancelled event's mail still offers the link")
	}
}

// A coordinator's promotion says so plainly, in English for an English reader.
func TestPromotionByCoordinatorMail(t *testing.T) {
	srv, smtp := mailServer(t)
	g := newGroup(t, srv.DB, "public")
	id := newEvent(t, srv.DB, g.GroupID, ev{Title: "Makerspace", Capacity: 1})
	first := testutil.CreateUser(t, srv.DB, "staff", "Vejle Bibliotekerne")
	second := testutil.CreateUser(t, srv.DB, "staff", "Vejle Bibliotekerne")
	setLang(t, srv, second.ID, "en", "Emma")
	coord := testutil.CreateUser(t, srv.DB, "coordinator", "Vejle Bibliotekerne")
	coordinate(t, srv.DB, g.GroupID, coord.ID)
	for _, u := range []testutil.User{first, second} {
		c := srv.Client(t)
		c.Login(u.Email)
		c.Post(fmt.Sprintf("/events/%d/register", id), url.Values{})
	}
	smtp.WaitFor(t, second.Email, "You are on the waitlist: Makerspace")
	var regID int64
	if err := srv.DB.QueryRow(context.Background(), `SELECT id FROM event_registrations WHERE event_id = $1 AND user_id = $2`, id, second.ID).Scan(&regID); err != nil {
		t.Fatal(err)
	}
	cc := srv.Client(t)
	cc.Login(coord.Email)
	if res := cc.Post(fmt.Sprintf("/manage/events/%d/participants/%d/promote", id, regID), url.Values{}); res.Status != http.StatusSeeOther {
		t.Fatalf("promote: %d", res.Status)
	}
	m := smtp.WaitFor(t, second.Email, "You got a place: Makerspace")
	if !strings.Contains(m.Text, "The organiser has moved you from the waitlist") {
		t.Errorf("promotion by coordinator:\n%s", m.Text)
	}
	vevent(t, m)

	// The coordinator sees the mails that went out, newest first.
	var page string
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		page = cc.Get(fmt.Sprintf("/manage/events/%d/participants?lang=en", id)).Body
		if strings.Contains(page, "Promoted by the organiser") {
			break
		}
	}
	doc := cc.Get(fmt.Sprintf("/manage/events/%d/participants?lang=en", id)).Doc(t)
	rows := doc.Find(`section[aria-labelledby="sent-mails"] tbody tr`)
	if rows.Length() != 3 || !strings.Contains(rows.First().Text(), "Promoted by the organiser") || !strings.Contains(rows.First().Text(), second.Email) {
		t.Errorf("sent mails list (%d rows): %s", rows.Length(), rows.Text())
	}
}

// The coordinator sets the reminder 0-7 days ahead; a form without the field keeps it.
func TestRemindDaysOnEventForm(t *testing.T) {
	srv := testutil.NewServer(t)
	g := newGroup(t, srv.DB, "public")
	coord := testutil.CreateUser(t, srv.DB, "coordinator", "Vejle Bibliotekerne")
	coordinate(t, srv.DB, g.GroupID, coord.ID)
	id := newEvent(t, srv.DB, g.GroupID, ev{})
	c := srv.Client(t)
	c.Login(coord.Email)
	days := func() int {
		var n int
		if err := srv.DB.QueryRow(context.Background(), `SELECT remind_days FROM events WHERE id = $1`, id).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if days() != 1 {
		t.Fatalf("default %d, want 1", days())
	}
	for _, c2 := range []struct {
		value  string
		status int
		want   int
	}{{"3", http.StatusSeeOther, 3}, {"8", http.StatusUnprocessableEntity, 3}, {"", http.StatusSeeOther, 3}, {"0", http.StatusSeeOther, 0}} {
		form := eventForm(g.GroupID, "Påmindelser")
		if c2.value != "" {
			form.Set("remind_days", c2.value)
		}
		if res := c.Post(fmt.Sprintf("/manage/events/%d/edit", id), form); res.Status != c2.status {
			t.Errorf("remind_days %q: %d, want %d", c2.value, res.Status, c2.status)
		}
		if got := days(); got != c2.want {
			t.Errorf("after %q: %d days, want %d", c2.value, got, c2.want)
		}
	}
	if doc := c.Get(fmt.Sprintf("/manage/events/%d/edit", id)).Doc(t); doc.Find(`input[name=remind_days][value="0"]`).Length() != 1 {
		t.Errorf("the form does not show the setting")
	}
}

// A coordinator's message reaches the confirmed participants only, in their
// language, and a fourth message within the hour is refused.
func TestCoordinatorMessage(t *testing.T) {
	srv, smtp := mailServer(t)
	g := newGroup(t, srv.DB, "public")
	id := newEvent(t, srv.DB, g.GroupID, ev{Title: "Fyraften", Capacity: 1})
	in := testutil.CreateUser(t, srv.DB, "staff", "Falu stadsbibliotek")
	setLang(t, srv, in.ID, "sv", "Sven")
	waiting := testutil.CreateUser(t, srv.DB, "staff", "Vejle Bibliotekerne")
	coord := testutil.CreateUser(t, srv.DB, "coordinator", "Vejle Bibliotekerne")
	setLang(t, srv, coord.ID, "da", "Karen <Koordinator>")
	coordinate(t, srv.DB, g.GroupID, coord.ID)
	staff := srv.Client(t)
	staff.Login(waiting.Email)
	for _, u := range []testutil.User{in, waiting} {
		c := srv.Client(t)
		c.Login(u.Email)
		c.Post(fmt.Sprintf("/events/%d/register", id), url.Values{})
	}
	smtp.WaitFor(t, waiting.Email, "Du er på ventelisten")
	if res := staff.Post(fmt.Sprintf("/manage/events/%d/message", id), url.Values{"message": {"hej"}}); res.Status != http.StatusForbidden {
		t.Errorf("staff may send a message: %d", res.Status)
	}
	cc := srv.Client(t)
	cc.Login(coord.Email)
	if res := cc.Post(fmt.Sprintf("/manage/events/%d/message", id), url.Values{"message": {"  "}}); res.Status != http.StatusUnprocessableEntity {
		t.Errorf("empty message: %d", res.Status)
	}
	for i := 1; i <= 3; i++ {
		if res := cc.Post(fmt.Sprintf("/manage/events/%d/message", id), url.Values{"message": {fmt.Sprintf("Husk <madpakke> %d", i)}}); res.Status != http.StatusSeeOther {
			t.Fatalf("message %d: %d", i, res.Status)
		}
	}
	if res := cc.Post(fmt.Sprintf("/manage/events/%d/message", id), url.Values{"message": {"en til"}}); res.Status != http.StatusTooManyRequests {
		t.Errorf("fourth message in the hour: %d, want 429", res.Status)
	}
	m := smtp.WaitFor(t, in.Email, "Meddelande om Fyraften")
	if !strings.Contains(m.Text, "Karen <Koordinator>, som arrangerar Fyraften, skriver:") || !strings.Contains(m.HTML, "Husk &lt;madpakke&gt;") {
		t.Errorf("message mail:\n%s\n%s", m.Text, m.HTML)
	}
	time.Sleep(time.Second)
	n := 0
	for _, x := range smtp.Messages() {
		if x.To[0] == in.Email && strings.HasPrefix(x.Subject, "Meddelande om") {
			n++
		}
	}
	if n != 3 {
		t.Errorf("%d messages arrived, want 3", n)
	}
	if got := smtp.CountTo(waiting.Email); got != 1 {
		t.Errorf("the waitlisted person got %d mails, want only the waitlist one", got)
	}
}

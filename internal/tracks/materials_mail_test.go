package tracks_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"spor/internal/model"
	"spor/internal/testutil"
	"spor/internal/tracks"
	"spor/internal/upload"
)

// Materials added to a past meeting, as a link on the meeting form or as an
// uploaded file, are mailed to the track's participants in their language; an
// edit that adds nothing new mails nobody, and the coordinator who added them is
// not told.
func TestMaterialsAddedMails(t *testing.T) {
	srv, smtp := mailServer(t)
	ctx := context.Background()
	id := newTrack(t, srv.DB, "materialspar", true, 0)
	mid := addMeeting(t, srv.DB, id, "Första träffen", time.Now().Add(-72*time.Hour).Truncate(time.Hour))
	coord := testutil.CreateUser(t, srv.DB, "coordinator", "Region Dalarna")
	coordinate(t, srv.DB, id, coord.ID)
	join(t, srv.DB, id, coord.ID)
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
	var start time.Time
	if err := srv.DB.QueryRow(ctx, `SELECT starts_at FROM track_meetings WHERE id = $1`, mid).Scan(&start); err != nil {
		t.Fatal(err)
	}
	local := start.In(stockholm)
	form := meetingForm("Första träffen", local.Format("2006-01-02T15:04"), local.Add(2*time.Hour).Format("2006-01-02T15:04"), "planned")
	form.Set("online_url", "https://meet.example.org/x")

	c := srv.Client(t)
	c.Login(coord.Email)
	path := fmt.Sprintf("/manage/tracks/%d/meetings/%d", id, mid)
	if res := c.Post(path, form); res.Status != http.StatusSeeOther {
		t.Fatalf("add link: %d", res.Status)
	}
	m := smtp.WaitFor(t, sv.Email, "Nytt material till Spår materialspar: Första träffen")
	if !strings.Contains(m.Text, "Bilder") || !strings.Contains(m.Text, "/tracks/materialspar#meeting-") ||
		!strings.Contains(m.Text, "du deltar i spåret") {
		t.Errorf("Swedish materials mail:\n%s", m.Text)
	}
	if m.Header.Get("List-Unsubscribe") != "" {
		t.Errorf("a participant's materials mail has no one-click link, got %q", m.Header.Get("List-Unsubscribe"))
	}
	smtp.WaitFor(t, en.Email, "New materials for Spår materialspar: Första träffen")

	// The same links again: nothing new.
	if res := c.Post(path, form); res.Status != http.StatusSeeOther {
		t.Fatalf("resave: %d", res.Status)
	}
	f := &upload.File{Name: "anteckningar.txt", ContentType: "text/plain", Kind: "txt", Size: 5, SHA256: strings.Repeat("cd", 32), Data: []byte("hej!\n")}
	if _, _, err := tracks.NewStore(srv.DB).WithMail(srv.App.Mail).CreateFile(ctx, model.MaterialFile{MeetingID: mid, Title: "Anteckningar"}, f, coord.ID); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for smtp.CountTo(en.Email) < 2 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	var file bool
	for _, x := range smtp.Messages() {
		file = file || x.To[0] == en.Email && strings.Contains(x.Text, "Anteckningar")
	}
	if !file {
		t.Errorf("no mail about the uploaded file")
	}
	time.Sleep(time.Second)
	for _, c := range []struct {
		u    testutil.User
		want int
	}{{sv, 2}, {en, 2}, {coord, 0}, {outsider, 0}} {
		if n := smtp.CountTo(c.u.Email); n != c.want {
			t.Errorf("%s got %d mails, want %d", c.u.Email, n, c.want)
		}
	}
}

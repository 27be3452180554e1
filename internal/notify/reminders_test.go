package notify_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"spor/internal/app"
	"spor/internal/mail"
	"spor/internal/testutil"
)

// instance starts one Spor instance with its mail workers and a fast reminder task
// on db, sending to smtp.
func instance(t *testing.T, db *pgxpool.Pool, smtp *testutil.SMTP) *testutil.Server {
	t.Helper()
	return testutil.NewServerOn(t, db, func(o *app.Options) {
		o.Config.SMTPURL = smtp.URL()
		o.Config.MailFrom = "Spor <noreply@spor.example.org>"
		o.StartMail = true
		o.Mail = mail.Options{RetryBase: 50 * time.Millisecond, RetryCap: 200 * time.Millisecond,
			PollInterval: 50 * time.Millisecond, TaskInterval: 200 * time.Millisecond}
	})
}

func exec(t *testing.T, db *pgxpool.Pool, sql string, args ...any) {
	t.Helper()
	if _, err := db.Exec(context.Background(), sql, args...); err != nil {
		t.Fatal(err)
	}
}

func id(t *testing.T, db *pgxpool.Pool, sql string, args ...any) int64 {
	t.Helper()
	var n int64
	if err := db.QueryRow(context.Background(), sql, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// settle waits until no mail has arrived for a while.
func settle(smtp *testutil.SMTP) {
	n := -1
	for n != len(smtp.Messages()) {
		n = len(smtp.Messages())
		time.Sleep(1500 * time.Millisecond)
	}
}

// Two instances on one database send each reminder once; a restart sends none
// again; a moved event gets a reminder for its new time.
func TestRemindersExactlyOnce(t *testing.T) {
	smtp := testutil.NewSMTP(t)
	db := testutil.NewDB(t)
	prog := id(t, db, `INSERT INTO programmes (slug, title) VALUES ('p', 'Programme') RETURNING id`)
	group := id(t, db, `INSERT INTO groups (programme_id, slug, title, visibility) VALUES ($1, 'g', 'Gruppe', 'public') RETURNING id`, prog)
	soon := time.Now().Add(10 * time.Hour).Truncate(time.Second)
	event := id(t, db, `INSERT INTO events (group_id, title, starts_at, ends_at, zone, status, audience, online_url, place)
		VALUES ($1, 'Fyraftensmøde', $2, $3, 'Europe/Copenhagen', 'published', 'public', 'https://meet.example.org/f', 'Vejle')
		RETURNING id`, group, soon, soon.Add(time.Hour))
	later := id(t, db, `INSERT INTO events (group_id, title, starts_at, ends_at, zone, status, audience)
		VALUES ($1, 'Senere', $2, $3, 'Europe/Copenhagen', 'published', 'public') RETURNING id`,
		group, soon.Add(72*time.Hour), soon.Add(73*time.Hour))
	track := id(t, db, `INSERT INTO tracks (programme_id, slug, title, lang, enrolment_open) VALUES ($1, 'spar', 'Spåret', 'sv', true) RETURNING id`, prog)
	meeting := id(t, db, `INSERT INTO track_meetings (track_id, title, starts_at, ends_at, zone, online_url)
		VALUES ($1, 'Träff 1', $2, $3, 'Europe/Stockholm', 'https://meet.example.org/t') RETURNING id`, track, soon, soon.Add(time.Hour))
	_ = meeting

	var users []testutil.User
	for i, lang := range []string{"da", "sv", "en"} {
		u := testutil.CreateUser(t, db, "staff", "Vejle Bibliotekerne")
		exec(t, db, `UPDATE users SET lang = $2 WHERE id = $1`, u.ID, lang)
		exec(t, db, `INSERT INTO event_registrations (event_id, user_id, organisation_id, status) SELECT $1, id, organisation_id, 'confirmed' FROM users WHERE id = $2`, event, u.ID)
		exec(t, db, `INSERT INTO event_registrations (event_id, user_id, organisation_id, status) SELECT $1, id, organisation_id, 'confirmed' FROM users WHERE id = $2`, later, u.ID)
		if i == 1 {
			exec(t, db, `INSERT INTO track_participants (track_id, user_id) VALUES ($1, $2)`, track, u.ID)
		}
		users = append(users, u)
	}
	off := testutil.CreateUser(t, db, "staff", "Vejle Bibliotekerne")
	exec(t, db, `UPDATE users SET reminders = false WHERE id = $1`, off.ID)
	exec(t, db, `INSERT INTO event_registrations (event_id, user_id, organisation_id, status) SELECT $1, id, organisation_id, 'confirmed' FROM users WHERE id = $2`, event, off.ID)
	waiting := testutil.CreateUser(t, db, "staff", "Vejle Bibliotekerne")
	exec(t, db, `INSERT INTO event_registrations (event_id, user_id, organisation_id, status) SELECT $1, id, organisation_id, 'waitlisted' FROM users WHERE id = $2`, event, waiting.ID)

	a := instance(t, db, smtp)
	instance(t, db, smtp)

	da := smtp.WaitFor(t, users[0].Email, "Påmindelse: Fyraftensmøde")
	if !strings.Contains(da.Text, "https://meet.example.org/f") || da.Attachments["invite.ics"].Data == nil {
		t.Errorf("reminder lacks the link or the .ics:\n%s", da.Text)
	}
	smtp.WaitFor(t, users[1].Email, "Påminnelse: Fyraftensmøde")
	smtp.WaitFor(t, users[1].Email, "Påminnelse: Träff 1")
	smtp.WaitFor(t, users[2].Email, "Reminder: Fyraftensmøde")
	settle(smtp)
	want := map[string]int{users[0].Email: 1, users[1].Email: 2, users[2].Email: 1, off.Email: 0, waiting.Email: 0}
	for addr, n := range want {
		if got := smtp.CountTo(addr); got != n {
			t.Errorf("%s got %d reminders with two instances, want %d", addr, got, n)
		}
	}

	// A restart: the instance goes away, a new one starts; nothing is sent again.
	a.Close()
	a.App.Close()
	instance(t, db, smtp)
	time.Sleep(2 * time.Second)
	settle(smtp)
	for addr, n := range want {
		if got := smtp.CountTo(addr); got != n {
			t.Errorf("%s got %d reminders after a restart, want %d", addr, got, n)
		}
	}

	// The event moves two hours later: one reminder for the new time.
	exec(t, db, `UPDATE events SET starts_at = starts_at + interval '2 hours', ends_at = ends_at + interval '2 hours', sequence = sequence + 1 WHERE id = $1`, event)
	settle(smtp)
	time.Sleep(time.Second)
	settle(smtp)
	if got := smtp.CountTo(users[0].Email); got != 2 {
		t.Errorf("after the move %d reminders, want 2", got)
	}
	if got := smtp.CountTo(users[1].Email); got != 3 {
		t.Errorf("after the move the Swedish participant has %d reminders, want 3", got)
	}
}

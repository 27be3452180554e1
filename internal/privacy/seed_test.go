package privacy_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/alexedwards/scs/v2"
	"github.com/jackc/pgx/v5/pgxpool"

	"spor/internal/testutil"
)

// person is someone with one row of every kind Spor can hold about a person.
type person struct {
	testutil.User
	Name     string
	Group    int64
	Event    int64
	Full     int64 // an event where they wait on the waitlist
	Track    int64
	Meeting  int64
	Attempt  int64
	Contact  int64
	Coord    testutil.User // coordinates Group, which lists the person as a contact
	Session  string
	LastSeen time.Time
}

var seq int

func exec(t *testing.T, db *pgxpool.Pool, sql string, args ...any) {
	t.Helper()
	if _, err := db.Exec(context.Background(), sql, args...); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}

func id(t *testing.T, db *pgxpool.Pool, sql string, args ...any) int64 {
	t.Helper()
	var n int64
	if err := db.QueryRow(context.Background(), sql, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return n
}

func seedPerson(t *testing.T, db *pgxpool.Pool, label string) person {
	t.Helper()
	seq++
	p := person{User: testutil.CreateUser(t, db, "staff", "Vejle Bibliotekerne")}
	p.Name = "Person " + label
	exec(t, db, `UPDATE users SET name = $2 WHERE id = $1`, p.ID, p.Name)
	p.Coord = testutil.CreateUser(t, db, "coordinator", "Vejle Bibliotekerne")
	p.Group = testutil.CreateGroup(t, db, fmt.Sprintf("group-%s-%d", strings.ToLower(label), seq), "public", p.Coord.ID)
	exec(t, db, `INSERT INTO group_followers (group_id, user_id) VALUES ($1, $2)`, p.Group, p.ID)
	start := time.Now().AddDate(0, 0, -10)
	p.Event = id(t, db, `INSERT INTO events (group_id, title, starts_at, ends_at, zone, capacity) VALUES ($1, $2, $3, $4, 'Europe/Copenhagen', 10) RETURNING id`,
		p.Group, "Event "+label, start, start.Add(2*time.Hour))
	exec(t, db, `INSERT INTO event_registrations (event_id, user_id, organisation_id, status, attended, confirmed_at) VALUES ($1, $2, $3, 'confirmed', true, now())`, p.Event, p.ID, p.OrgID)
	p.Full = id(t, db, `INSERT INTO events (group_id, title, starts_at, ends_at, zone, capacity) VALUES ($1, $2, $3, $4, 'Europe/Copenhagen', 1) RETURNING id`,
		p.Group, "Full "+label, start.AddDate(0, 1, 0), start.AddDate(0, 1, 0).Add(time.Hour))
	exec(t, db, `INSERT INTO event_registrations (event_id, user_id, organisation_id, status, confirmed_at) VALUES ($1, $2, $3, 'confirmed', now())`, p.Full, p.Coord.ID, p.OrgID)
	exec(t, db, `INSERT INTO event_registrations (event_id, user_id, organisation_id, status) VALUES ($1, $2, $3, 'waitlisted')`, p.Full, p.ID, p.OrgID)
	prog := id(t, db, `INSERT INTO programmes (slug, title) VALUES ($1, 'Programme') RETURNING id`, fmt.Sprintf("prog-%s-%d", strings.ToLower(label), seq))
	p.Track = id(t, db, `INSERT INTO tracks (programme_id, slug, title) VALUES ($1, $2, $3) RETURNING id`, prog, fmt.Sprintf("track-%s-%d", strings.ToLower(label), seq), "Track "+label)
	exec(t, db, `INSERT INTO track_participants (track_id, user_id) VALUES ($1, $2)`, p.Track, p.ID)
	p.Meeting = id(t, db, `INSERT INTO track_meetings (track_id, title, starts_at, ends_at) VALUES ($1, 'Meeting', $2, $3) RETURNING id`, p.Track, start, start.Add(time.Hour))
	exec(t, db, `INSERT INTO track_attendance (meeting_id, user_id, recorded_by) VALUES ($1, $2, $3)`, p.Meeting, p.ID, p.Coord.ID)
	p.Attempt = id(t, db, `INSERT INTO assessment_attempts (user_id, version_id, started_at) SELECT $1, min(id), now() - interval '1 hour' FROM assessment_versions RETURNING id`, p.ID)
	exec(t, db, `INSERT INTO assessment_answers (attempt_id, statement_id, value) SELECT $1, id, 1 + position % 7 FROM assessment_statements WHERE version_id = (SELECT min(id) FROM assessment_versions)`, p.Attempt)
	exec(t, db, `INSERT INTO assessment_drafts (user_id, version_id, answers) SELECT $1, min(id), '{"1": 3}' FROM assessment_versions`, p.ID)
	p.LastSeen = time.Now().Add(-5 * time.Minute).Truncate(time.Second)
	data, err := scs.GobCodec{}.Encode(time.Now().Add(time.Hour), map[string]any{"last_seen": p.LastSeen.Unix(), "user_id": p.ID})
	if err != nil {
		t.Fatal(err)
	}
	p.Session = fmt.Sprintf("token-%s-%d", label, seq)
	exec(t, db, `INSERT INTO sessions (token, data, expiry, user_id) VALUES ($1, $2, now() + interval '1 hour', $3)`, p.Session, data, p.ID)
	exec(t, db, `INSERT INTO mailbox (recipient, subject, text_body, html_body, raw) VALUES ($1, $2, 'body', '<p>body</p>', 'raw')`, p.Email, "Mail to "+label)
	exec(t, db, `INSERT INTO river_job (kind, args, max_attempts) VALUES ('mail', jsonb_build_object('type', 'reset', 'to', $1::text, 'ref', $2::bigint), 40)`, p.Email, p.ID)
	exec(t, db, `INSERT INTO account_tokens (kind, token_hash, email, user_id, expires_at) VALUES ('reset', sha256($1::bytea), $2, $3, now() + interval '1 hour')`, []byte(p.Session), p.Email, p.ID)
	p.Contact = id(t, db, `INSERT INTO contacts (group_id, name, email) VALUES ($1, $2, $3) RETURNING id`, p.Group, p.Name, p.Email)
	exec(t, db, `INSERT INTO audit_log (actor_id, action, record_kind, record_id, fields) VALUES ($1, 'update', 'groups', $2, '{title}')`, p.ID, fmt.Sprint(p.Group))
	return p
}

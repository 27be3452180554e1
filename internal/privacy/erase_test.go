package privacy_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"spor/internal/testutil"
)

type counts struct {
	confirmed, waitlisted, attended, followers, waitOrder string
}

func eventCounts(t *testing.T, db *pgxpool.Pool, p person) counts {
	t.Helper()
	var c counts
	err := db.QueryRow(context.Background(), `SELECT
		(SELECT count(*)::text FROM event_registrations WHERE event_id = $1 AND status = 'confirmed'),
		(SELECT count(*)::text FROM event_registrations WHERE event_id = $3 AND status = 'waitlisted'),
		(SELECT count(*)::text FROM event_registrations WHERE event_id = $1 AND attended),
		(SELECT followers::text FROM group_follower_totals WHERE group_id = $2),
		(SELECT coalesce(string_agg(user_id::text, ',' ORDER BY id), '') FROM event_registrations WHERE event_id = $3 AND status = 'waitlisted' AND user_id <> $4)`,
		p.Event, p.Group, p.Full, p.ID).Scan(&c.confirmed, &c.waitlisted, &c.attended, &c.followers, &c.waitOrder)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// holders lists every table and column (text or number) that holds the person's id,
// email or name anywhere, by looking through the whole schema.
func holders(t *testing.T, db *pgxpool.Pool, p person) []string {
	t.Helper()
	ctx := context.Background()
	rows, err := db.Query(ctx, `SELECT c.table_name, c.column_name, c.data_type FROM information_schema.columns c
		JOIN information_schema.tables tb ON tb.table_name = c.table_name AND tb.table_schema = c.table_schema AND tb.table_type = 'BASE TABLE'
		WHERE c.table_schema = current_schema() AND c.data_type IN ('bigint', 'integer', 'text', 'jsonb', 'bytea', 'ARRAY')`)
	if err != nil {
		t.Fatal(err)
	}
	type col struct{ table, column, typ string }
	var cols []col
	for rows.Next() {
		var c col
		if err := rows.Scan(&c.table, &c.column, &c.typ); err != nil {
			t.Fatal(err)
		}
		cols = append(cols, c)
	}
	var found []string
	for _, c := range cols {
		var q string
		var args []any
		switch c.typ {
		case "bigint", "integer":
			// Only columns that point at users: their name says so.
			if !strings.Contains(c.column, "user") && !strings.HasSuffix(c.column, "_by") && c.column != "actor_id" && !(c.table == "users" && c.column == "id") {
				continue
			}
			q, args = fmt.Sprintf(`SELECT count(*) FROM %q WHERE %q = $1`, c.table, c.column), []any{p.ID}
		case "bytea":
			q, args = fmt.Sprintf(`SELECT count(*) FROM %q WHERE position(convert_to($1, 'UTF8') IN %q) > 0 OR position(convert_to($2, 'UTF8') IN %q) > 0`, c.table, c.column, c.column), []any{p.Email, p.Name}
		default:
			q, args = fmt.Sprintf(`SELECT count(*) FROM %q WHERE %q::text ILIKE '%%' || $1 || '%%' OR %q::text ILIKE '%%' || $2 || '%%'`, c.table, c.column, c.column), []any{p.Email, p.Name}
		}
		var n int
		if err := db.QueryRow(ctx, q, args...).Scan(&n); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		if n > 0 {
			found = append(found, c.table+"."+c.column)
		}
	}
	slices.Sort(found)
	return found
}

// TestErasureLeavesNoTrace: after a person erases their account, no table holds their
// id, email or name except the ones listed (with why), while event numbers, the
// waitlist order of others and follower counts are what they were without them.
func TestErasureLeavesNoTrace(t *testing.T) {
	srv := testutil.NewServer(t)
	ctx := context.Background()
	p := seedPerson(t, srv.DB, "Erik")
	other := seedPerson(t, srv.DB, "Olga")
	// Someone after the person on the full event's waitlist, someone else at the event and in the group.
	early := testutil.CreateUser(t, srv.DB, "staff", "Vejle Bibliotekerne")
	late := testutil.CreateUser(t, srv.DB, "staff", "Vejle Bibliotekerne")
	exec(t, srv.DB, `INSERT INTO event_registrations (event_id, user_id, organisation_id, status) VALUES ($1, $2, $3, 'waitlisted')`, p.Full, late.ID, late.OrgID)
	exec(t, srv.DB, `INSERT INTO event_registrations (event_id, user_id, organisation_id, status, attended) VALUES ($1, $2, $3, 'confirmed', true)`, p.Event, early.ID, early.OrgID)
	exec(t, srv.DB, `INSERT INTO group_followers (group_id, user_id) VALUES ($1, $2)`, p.Group, early.ID)
	before := eventCounts(t, srv.DB, p)
	otherBefore := holders(t, srv.DB, other)

	c := srv.Client(t)
	c.Login(p.Email)
	if res := c.Get("/me/privacy?lang=en"); res.Status != http.StatusOK || res.Doc(t).Find(`form[action="/me/privacy/erase"]`).Length() != 1 {
		t.Fatalf("privacy page: %d", res.Status)
	}
	res := c.Post("/me/privacy/erase?lang=en", url.Values{"email": {"someone.else@example.org"}})
	if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Doc(t).Find(".field__error").Text(), "does not match") {
		t.Fatalf("wrong address: %d", res.Status)
	}
	if res := c.Post("/me/privacy/erase", url.Values{"email": {"  " + strings.ToUpper(p.Email) + " "}}); res.Status != http.StatusSeeOther {
		t.Fatalf("erase: %d", res.Status)
	}

	// Why each remaining holder may keep something:
	allowed := []string{
		"audit_log.actor_id",  // the account's number as the actor of its own erasure and earlier admin work: accountability, no name or address
		"audit_log.record_id", // the number of the erased records (the user row, their follows) in the log of the erasure
		"contacts.email",      // the group's published contact: left to its coordinators, who were mailed
		"contacts.name",
		"river_job.args", // that mail to the coordinator names the group, and River's table is where it waits
	}
	got := holders(t, srv.DB, p)
	for _, h := range got {
		if !slices.Contains(allowed, h) {
			t.Errorf("%s still holds the erased person", h)
		}
	}
	var mailArgs string
	if err := srv.DB.QueryRow(ctx, `SELECT coalesce(string_agg(args::text, ' '), '') FROM river_job WHERE kind = 'mail' AND args->>'type' = 'contact_erased'`).Scan(&mailArgs); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(mailArgs, p.Coord.Email) {
		t.Errorf("the group's coordinator was not told: %s", mailArgs)
	}
	if strings.Contains(mailArgs, p.Email) || strings.Contains(mailArgs, p.Name) {
		t.Errorf("the coordinator's mail names the erased person: %s", mailArgs)
	}

	after := eventCounts(t, srv.DB, p)
	want := before
	want.waitlisted = fmt.Sprint(mustAtoi(before.waitlisted) - 1) // their own place on the waitlist is given up
	want.followers = fmt.Sprint(mustAtoi(before.followers) - 1)
	if after != want {
		t.Errorf("after erasure %+v, want %+v", after, want)
	}
	var anon int
	if err := srv.DB.QueryRow(ctx, `SELECT (SELECT n FROM anonymous_counts WHERE kind = 'track_attendance' AND record_id = $1)
		+ (SELECT n FROM anonymous_counts WHERE kind = 'track_participants' AND record_id = $2)`, p.Meeting, p.Track).Scan(&anon); err != nil || anon != 2 {
		t.Errorf("anonymous track counts: %d %v", anon, err)
	}
	if otherAfter := holders(t, srv.DB, other); !slices.Equal(otherAfter, otherBefore) {
		t.Errorf("someone else's data changed: %v → %v", otherBefore, otherAfter)
	}

	// Logged out, cannot log in, and the address can be used again.
	if res := c.Get("/me/privacy"); res.Status == http.StatusOK {
		t.Error("still signed in after erasure")
	}
	if res := srv.Client(t).Post("/login", url.Values{"email": {p.Email}, "password": {testutil.Password}}); res.Status == http.StatusSeeOther {
		t.Error("the erased account can still log in")
	}
	exec(t, srv.DB, `INSERT INTO users (email, name, organisation_id, password_hash) VALUES ($1, 'New person', $2, 'x')`, p.Email, p.OrgID)
}

func mustAtoi(s string) int {
	var n int
	fmt.Sscan(s, &n)
	return n
}

// TestOnlyAdminsEraseOthers: a coordinator cannot erase anyone, an admin can after
// typing the address, and cannot erase themselves from the admin page.
func TestOnlyAdminsEraseOthers(t *testing.T) {
	srv := testutil.NewServer(t)
	ctx := context.Background()
	admin := testutil.CreateUser(t, srv.DB, "admin", "Vejle Bibliotekerne")
	coord := testutil.CreateUser(t, srv.DB, "coordinator", "Vejle Bibliotekerne")
	victim := seedPerson(t, srv.DB, "Vera")
	path := fmt.Sprintf("/manage/erase/%d", victim.ID)

	c := srv.Client(t)
	c.Login(coord.Email)
	if res := c.Post(path, url.Values{"email": {victim.Email}}); res.Status != http.StatusForbidden {
		t.Errorf("coordinator erase: %d", res.Status)
	}
	a := srv.Client(t)
	a.Login(admin.Email)
	if res := a.Post(fmt.Sprintf("/manage/erase/%d?lang=en", admin.ID), url.Values{"email": {admin.Email}}); res.Status != http.StatusUnprocessableEntity {
		t.Errorf("admin erasing themselves here: %d", res.Status)
	}
	if res := a.Post(path, url.Values{"email": {"wrong@example.org"}}); res.Status != http.StatusUnprocessableEntity {
		t.Errorf("wrong address: %d", res.Status)
	}
	var n int
	_ = srv.DB.QueryRow(ctx, `SELECT count(*) FROM users WHERE id = $1`, victim.ID).Scan(&n)
	if n != 1 {
		t.Fatal("erased without the right confirmation")
	}
	if res := a.Get(path); res.Status != http.StatusOK {
		t.Errorf("confirmation page: %d", res.Status)
	}
	if res := a.Post(path, url.Values{"email": {victim.Email}}); res.Status != http.StatusSeeOther {
		t.Fatalf("admin erase: %d", res.Status)
	}
	_ = srv.DB.QueryRow(ctx, `SELECT count(*) FROM users WHERE id = $1`, victim.ID).Scan(&n)
	if n != 0 {
		t.Error("the account is still there")
	}
	var logged int
	if err := srv.DB.QueryRow(ctx, `SELECT count(*) FROM audit_log WHERE actor_id = $1 AND record_kind = 'users' AND action = 'delete' AND record_id = $2`,
		admin.ID, fmt.Sprint(victim.ID)).Scan(&logged); err != nil || logged != 1 {
		t.Errorf("erasure in the audit log: %d %v", logged, err)
	}
}

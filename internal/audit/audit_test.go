package audit_test

import (
	"context"
	"encoding/csv"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"spor/internal/audit"
	"spor/internal/database"
	"spor/internal/testutil"
)

type logged struct {
	actor  *int64
	action string
	kind   string
	record string
	fields []string
}

func entriesSince(t *testing.T, srv *testutil.Server, after int64) []logged {
	t.Helper()
	rows, err := srv.DB.Query(context.Background(), `SELECT actor_id, action, record_kind, record_id, fields FROM audit_log WHERE id > $1 ORDER BY id`, after)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []logged
	for rows.Next() {
		var l logged
		if err := rows.Scan(&l.actor, &l.action, &l.kind, &l.record, &l.fields); err != nil {
			t.Fatal(err)
		}
		out = append(out, l)
	}
	return out
}

func lastID(t *testing.T, srv *testutil.Server) int64 {
	t.Helper()
	var id int64
	if err := srv.DB.QueryRow(context.Background(), `SELECT coalesce(max(id), 0) FROM audit_log`).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

// TestManageChangesRecordTheActor makes one change of each kind through /manage, as
// the admin or a group's coordinator, and finds it in the log credited to them,
// with the fields that changed and no secret value.
func TestManageChangesRecordTheActor(t *testing.T) {
	srv := testutil.NewServer(t)
	ctx := context.Background()
	admin := testutil.CreateUser(t, srv.DB, "admin", "Vejle Bibliotekerne")
	coord := testutil.CreateUser(t, srv.DB, "coordinator", "Vejle Bibliotekerne")
	staff := testutil.CreateUser(t, srv.DB, "staff", "Vejle Bibliotekerne")
	group := testutil.CreateGroup(t, srv.DB, "audit-group", "public", coord.ID)
	var prog int64
	if err := srv.DB.QueryRow(ctx, `INSERT INTO programmes (slug, title) VALUES ('audit-prog', 'Audit') RETURNING id`).Scan(&prog); err != nil {
		t.Fatal(err)
	}
	var oldContact, track int64
	if err := srv.DB.QueryRow(ctx, `INSERT INTO contacts (group_id, name) VALUES ($1, 'Gammel Kontakt') RETURNING id`, group).Scan(&oldContact); err != nil {
		t.Fatal(err)
	}
	if err := srv.DB.QueryRow(ctx, `INSERT INTO tracks (programme_id, slug, title) VALUES ($1, 'audit-track', 'Audit track') RETURNING id`, prog).Scan(&track); err != nil {
		t.Fatal(err)
	}
	a := srv.Client(t)
	a.Login(admin.Email)
	c := srv.Client(t)
	c.Login(coord.Email)
	now := time.Now().In(time.UTC)
	start := time.Now().AddDate(0, 1, 0).Format("2006-01-02")

	cases := []struct {
		name   string
		client *testutil.Client
		actor  int64
		path   string
		form   url.Values
		want   logged // actor filled in below; fields checked as a subset
	}{
		{"admin edits a user's role and password", a, admin.ID, fmt.Sprintf("/manage/users/%d", staff.ID),
			url.Values{"email": {staff.Email}, "name": {"Renamed Person"}, "organisation": {fmt.Sprint(staff.OrgID)}, "role": {"coordinator"}, "lang": {"da"}, "password": {"a long enough password for audit"}},
			logged{action: "update", kind: "users", record: fmt.Sprint(staff.ID), fields: []string{"name", "role", "password_hash"}}},
		{"admin creates an organisation", a, admin.ID, "/manage/organisations",
			url.Values{"name": {"Horsens Kommunes Biblioteker"}, "kind": {"public_library"}, "country": {"DK"}, "email_domains": {"horsens.dk"}},
			logged{action: "insert", kind: "organisations"}},
		{"admin publishes an alert", a, admin.ID, "/manage/alerts",
			url.Values{"message_da": {"Spor opdateres"}, "message_sv": {"Spor uppdateras"}, "message_en": {"Spor is updated"}, "level": {"warning"}, "link": {""},
				"starts_at": {now.Add(-time.Hour).Format("2006-01-02T15:04")}, "ends_at": {now.Add(time.Hour).Format("2006-01-02T15:04")}},
			logged{action: "insert", kind: "alerts"}},
		{"coordinator edits their group", c, coord.ID, fmt.Sprintf("/manage/groups/%d", group),
			url.Values{"title": {"Renamed group"}, "slug": {"audit-group"}, "lang": {"da"}, "visibility": {"public"}},
			logged{action: "update", kind: "groups", record: fmt.Sprint(group), fields: []string{"title"}}},
		{"coordinator adds a contact", c, coord.ID, fmt.Sprintf("/manage/groups/%d/contacts", group),
			url.Values{"name": {"Kim Kontakt"}, "email": {"kim@example.org"}, "visibility": {"public"}, "checked_on": {"2026-01-01"}},
			logged{action: "insert", kind: "contacts"}},
		{"coordinator creates an event", c, coord.ID, "/manage/events",
			url.Values{"group": {fmt.Sprint(group)}, "title": {"Audit seminar"}, "description": {"x"}, "zone": {"Europe/Copenhagen"},
				"starts_at": {start + "T10:00"}, "ends_at": {start + "T12:00"}, "place": {"Vejle"}, "lang": {"da"}, "audience": {"public"}, "status": {"published"}, "capacity": {"30"}},
			logged{action: "insert", kind: "events"}},
		{"admin creates a track", a, admin.ID, "/manage/tracks",
			url.Values{"title": {"Auditspåret"}, "programme": {fmt.Sprint(prog)}, "lang": {"sv"}, "published": {"on"}},
			logged{action: "insert", kind: "tracks"}},
		{"coordinator publishes news", c, coord.ID, fmt.Sprintf("/manage/groups/%d/news", group),
			url.Values{"title": {"Nyhed"}, "body": {"Tekst"}, "lang": {"da"}, "publish_at": {time.Now().Format("2006-01-02T15:04")}},
			logged{action: "insert", kind: "news"}},
		{"coordinator deletes a contact", c, coord.ID, fmt.Sprintf("/manage/groups/%d/contacts/%d/delete", group, oldContact), url.Values{},
			logged{action: "delete", kind: "contacts", record: fmt.Sprint(oldContact)}},
		{"admin creates a programme", a, admin.ID, "/manage/programmes",
			url.Values{"title": {"Digitalt först"}, "lang": {"sv"}, "starts_on": {"2026-01-01"}, "ends_on": {"2027-01-01"}},
			logged{action: "insert", kind: "programmes"}},
		{"admin plans a meeting", a, admin.ID, fmt.Sprintf("/manage/tracks/%d/meetings", track),
			url.Values{"title": {"Träff"}, "zone": {"Europe/Stockholm"}, "starts_at": {start + "T13:00"}, "ends_at": {start + "T15:00"}, "status": {"planned"},
				"speaker_name_0": {"Eva Exempel"}, "speaker_org_0": {"Regionen"}},
			logged{action: "insert", kind: "track_meetings"}},
		{"admin invites someone", a, admin.ID, "/manage/invitations",
			url.Values{"organisation_id": {fmt.Sprint(admin.OrgID)}, "lang": {"da"}, "addresses": {"ny.person@example.org"}},
			logged{action: "insert", kind: "account_tokens"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := lastID(t, srv)
			res := tc.client.Post(tc.path, tc.form)
			if res.Status != http.StatusSeeOther && res.Status != http.StatusOK { // invitations answer with a report
				t.Fatalf("status %d: %s", res.Status, res.Doc(t).Find(".error-summary, .field__error").Text())
			}
			found := false
			for _, l := range entriesSince(t, srv, before) {
				if l.actor == nil || *l.actor != tc.actor {
					t.Errorf("%s %s %s credited to %v, want %d", l.action, l.kind, l.record, l.actor, tc.actor)
				}
				if l.action == tc.want.action && l.kind == tc.want.kind && (tc.want.record == "" || l.record == tc.want.record) {
					found = true
					for _, f := range tc.want.fields {
						if !slices.Contains(l.fields, f) {
							t.Errorf("fields %v lack %q", l.fields, f)
						}
					}
				}
			}
			if !found {
				t.Errorf("no %s of %s in the log: %+v", tc.want.action, tc.want.kind, entriesSince(t, srv, before))
			}
		})
	}

	// Nothing secret is in the log: no hash, no token, no password.
	var leaks int
	if err := srv.DB.QueryRow(ctx, `SELECT count(*) FROM audit_log a, users u
		WHERE array_to_string(a.fields, ' ') || a.record_id LIKE '%' || u.password_hash || '%'
		   OR array_to_string(a.fields, ' ') LIKE '%enough password%'`).Scan(&leaks); err != nil {
		t.Fatal(err)
	}
	if leaks != 0 {
		t.Errorf("%d log entries hold a secret", leaks)
	}

	// A person's own change outside /manage is theirs, not an audited admin action.
	before := lastID(t, srv)
	s := srv.Client(t)
	s.Login(admin.Email)
	if res := s.Post("/groups/audit-group/follow", url.Values{}); res.Status != http.StatusSeeOther {
		t.Fatalf("follow: %d", res.Status)
	}
	if got := entriesSince(t, srv, before); len(got) != 0 {
		t.Errorf("following a group was logged: %+v", got)
	}
}

// TestAuditLogIsForAdminsOnly: the page and its export are refused to a coordinator
// and shown to an admin, filtered, with the CSV read back by a CSV parser.
func TestAuditLogIsForAdminsOnly(t *testing.T) {
	srv := testutil.NewServer(t)
	ctx := context.Background()
	admin := testutil.CreateUser(t, srv.DB, "admin", "Vejle Bibliotekerne")
	coord := testutil.CreateUser(t, srv.DB, "coordinator", "Vejle Bibliotekerne")
	if _, err := srv.DB.Exec(ctx, `INSERT INTO audit_log (actor_id, action, record_kind, record_id, fields)
		VALUES ($1, 'update', 'groups', '7', '{title}'), ($2, 'delete', 'contacts', '9', '{}'), (NULL, 'delete', 'users', '3', '{}')`, admin.ID, coord.ID); err != nil {
		t.Fatal(err)
	}
	c := srv.Client(t)
	c.Login(coord.Email)
	for _, p := range []string{"/manage/audit", "/manage/audit/audit.csv"} {
		if res := c.Get(p); res.Status != http.StatusForbidden {
			t.Errorf("coordinator %s: %d, want 403", p, res.Status)
		}
	}
	a := srv.Client(t)
	a.Login(admin.Email)
	res := a.Get("/manage/audit?lang=en&kind=contacts")
	if res.Status != http.StatusOK {
		t.Fatalf("admin: %d", res.Status)
	}
	rows := res.Doc(t).Find("tbody tr")
	if rows.Length() != 1 || !strings.Contains(rows.Text(), "Test coordinator") {
		t.Errorf("filtered by kind: %q", rows.Text())
	}
	if got := a.Get("/manage/audit?lang=en&person=" + url.QueryEscape(admin.Email)).Doc(t).Find("tbody tr"); got.Length() != 1 || !strings.Contains(got.Text(), "groups") {
		t.Errorf("filtered by person: %q", got.Text())
	}
	tomorrow := time.Now().AddDate(0, 0, 2).Format("2006-01-02")
	if got := a.Get("/manage/audit?lang=en&from=" + tomorrow).Doc(t).Find("tbody tr"); got.Length() != 0 {
		t.Errorf("filtered from the day after tomorrow: %d rows", got.Length())
	}
	csvRes := a.Get("/manage/audit/audit.csv?lang=en")
	if csvRes.Status != http.StatusOK || !strings.HasPrefix(csvRes.Header.Get("Content-Type"), "text/csv") {
		t.Fatalf("csv: %d %s", csvRes.Status, csvRes.Header.Get("Content-Type"))
	}
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(csvRes.Body, "\uFEFF"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 4 || recs[1][2] != "Spor (scheduled job)" || recs[1][4] != "users" || recs[3][1] != fmt.Sprint(admin.ID) || recs[3][6] != "title" {
		t.Errorf("csv: %q", recs)
	}
}

// TestEveryKindHasTheTrigger: the kinds offered in the filter are exactly the
// tables the trigger is on, so a table added to one list and not the other fails.
func TestEveryKindHasTheTrigger(t *testing.T) {
	db := testutil.NewDB(t)
	rows, err := db.Query(context.Background(), `SELECT event_object_table FROM information_schema.triggers
		WHERE trigger_name = 'audit' GROUP BY 1 ORDER BY 1`)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var s string
		_ = rows.Scan(&s)
		tables = append(tables, s)
	}
	want := slices.Clone(audit.Kinds)
	slices.Sort(want)
	if !slices.Equal(tables, want) {
		t.Errorf("triggers on %v, kinds %v", tables, want)
	}
	// Every other table must be named here with the reason it is not logged, so a
	// table added tomorrow is either audited or consciously left out.
	notManaged := map[string]string{
		"goose_db_version": "migrations", "sessions": "session store", "rate_limits": "counters",
		"audit_log": "the log itself", "mailbox": "development mailbox", "retention_runs": "job bookkeeping",
		"anonymous_counts": "kept by erasure", "learning_progress": "a person's own record",
		"learning_part_progress": "a person's own record", "user_identities": "a person's own SSO links",
		"organisation_domains": "kept equal to organisations.email_domains by trigger",
		"group_old_slugs":      "written with the group's rename, which is logged",
		"assessment_attempts":  "a person's own answers", "assessment_answers": "a person's own answers",
		"assessment_drafts": "a person's own answers", "group_org_followers": "counts kept by trigger",
		"group_follower_totals": "counts kept by trigger",
		"reminders_sent":        "mail bookkeeping", "digests_sent": "mail bookkeeping",
		"notify_key": "a signing key (never logged)", "mail_log": "mail bookkeeping",
	}
	rows, err = db.Query(context.Background(), `SELECT table_name FROM information_schema.tables
		WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name NOT LIKE 'river_%'
		AND table_name NOT IN (SELECT event_object_table FROM information_schema.triggers WHERE trigger_name = 'audit')`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var s string
		_ = rows.Scan(&s)
		if _, ok := notManaged[s]; !ok {
			t.Errorf("table %s has no audit trigger: add it to a migration and audit.Kinds, or name it in notManaged with the reason", s)
		}
	}
}

// TestConnectionForgetsTheActor: on a one-connection pool, a write after a /manage
// write on the same connection is not credited to the earlier actor.
func TestConnectionForgetsTheActor(t *testing.T) {
	db := testutil.NewDB(t)
	ctx := context.Background()
	one, err := database.OpenPool(ctx, db.Config().ConnString(), database.PoolOptions{MaxConns: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer one.Close()
	if _, err := one.Exec(database.WithActor(ctx, 42), `INSERT INTO alerts (message_da, message_sv, message_en, level, starts_at, ends_at)
		VALUES ('a', 'a', 'a', 'info', now(), now() + interval '1 hour')`); err != nil {
		t.Fatal(err)
	}
	if _, err := one.Exec(ctx, `UPDATE alerts SET message_da = 'b'`); err != nil {
		t.Fatal(err)
	}
	if _, err := one.Exec(database.WithActor(ctx, database.SystemActor), `DELETE FROM alerts`); err != nil {
		t.Fatal(err)
	}
	var got string
	if err := one.QueryRow(ctx, `SELECT string_agg(coalesce(actor_id::text, 'system') || ' ' || action, ', ' ORDER BY id) FROM audit_log`).Scan(&got); err != nil {
		t.Fatal(err)
	}
	if got != "42 insert, system delete" {
		t.Errorf("log: %s", got)
	}
}

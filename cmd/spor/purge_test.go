package main

import (
	"bytes"
	"context"
	"io"
	"strings"
	"testing"

	"spor/internal/testutil"
)

// TestPurgeDryRunChangesNothing: `spor purge --dry-run` counts an expired session and
// an old registration, and both are still there afterwards.
func TestPurgeDryRunChangesNothing(t *testing.T) {
	db := testutil.NewDB(t)
	ctx := context.Background()
	u := testutil.CreateUser(t, db, "staff", "Vejle Bibliotekerne")
	g := testutil.CreateGroup(t, db, "purge", "public")
	if _, err := db.Exec(ctx, `WITH e AS (INSERT INTO events (group_id, title, starts_at, ends_at, zone)
			VALUES ($1, 'Old', now() - interval '3 years', now() - interval '3 years' + interval '1 hour', 'Europe/Copenhagen') RETURNING id)
		INSERT INTO event_registrations (event_id, user_id, organisation_id, status) SELECT id, $2, $3, 'confirmed' FROM e`, g, u.ID, u.OrgID); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(ctx, `INSERT INTO sessions (token, data, expiry) VALUES ('gone', '', now() - interval '1 minute')`); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"DATABASE_URL": databaseURL(db), "LOG_LEVEL": "warn"}
	var out bytes.Buffer
	if err := run(ctx, []string{"purge", "--dry-run"}, func(k string) string { return env[k] }, strings.NewReader(""), &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	for _, line := range []string{"registrations to anonymise (events ended over 24 months ago): 1", "expired sessions to delete: 1"} {
		if !strings.Contains(out.String(), line) {
			t.Errorf("output lacks %q:\n%s", line, out.String())
		}
	}
	var regs, sessions int
	_ = db.QueryRow(ctx, `SELECT (SELECT count(*) FROM event_registrations WHERE user_id IS NOT NULL), (SELECT count(*) FROM sessions)`).Scan(&regs, &sessions)
	if regs != 1 || sessions != 1 {
		t.Errorf("the dry run changed data: %d registrations, %d sessions", regs, sessions)
	}
	if err := run(ctx, []string{"purge"}, func(k string) string { return env[k] }, strings.NewReader(""), io.Discard, io.Discard); err == nil {
		t.Error("purge without --dry-run ran from the command line")
	}
}

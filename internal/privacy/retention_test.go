package privacy_test

import (
	"context"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"spor/internal/config"
	"spor/internal/privacy"
	"spor/internal/testutil"
)

// TestRetentionWithAFixedClock: registrations of events that ended more than the
// configured months before "now" lose their person (and only those), inactive
// accounts are warned, then disabled, then erased a grace apart, and the dry run
// reports the same numbers without changing anything.
func TestRetentionWithAFixedClock(t *testing.T) {
	db := testutil.NewDB(t)
	ctx := context.Background()
	now := time.Date(2030, 6, 15, 3, 0, 0, 0, time.UTC)
	cfg := config.Privacy{RegistrationsMonths: 24, InactiveMonths: 36, AuditMonths: 24}
	active := testutil.CreateUser(t, db, "staff", "Vejle Bibliotekerne")
	idle := testutil.CreateUser(t, db, "staff", "Vejle Bibliotekerne")
	exec(t, db, `UPDATE users SET last_seen_at = $1`, now.AddDate(0, -1, 0))
	exec(t, db, `UPDATE users SET last_seen_at = $2 WHERE id = $1`, idle.ID, now.AddDate(-3, 0, -1))
	group := testutil.CreateGroup(t, db, "retention", "public")
	event := func(ended time.Time) int64 {
		return id(t, db, `INSERT INTO events (group_id, title, starts_at, ends_at, zone) VALUES ($1, 'E', $2, $3, 'Europe/Copenhagen') RETURNING id`,
			group, ended.Add(-time.Hour), ended)
	}
	old := event(now.AddDate(-2, 0, -1))   // ended 2 years and a day ago: anonymised
	recent := event(now.AddDate(-2, 0, 1)) // 2 years less a day: kept
	for _, e := range []int64{old, recent} {
		exec(t, db, `INSERT INTO event_registrations (event_id, user_id, organisation_id, status, attended) VALUES ($1, $2, $3, 'confirmed', true)`, e, active.ID, active.OrgID)
	}
	exec(t, db, `INSERT INTO audit_log (at, actor_id, action, record_kind, record_id) VALUES ($1, 1, 'update', 'groups', '1'), ($2, 1, 'update', 'groups', '2')`,
		now.AddDate(-2, 0, -1), now.AddDate(-2, 0, 1))
	exec(t, db, `INSERT INTO sessions (token, data, expiry) VALUES ('old', '', $1), ('new', '', $2)`, now.Add(-time.Minute), now.Add(time.Hour))
	exec(t, db, `INSERT INTO rate_limits (key, window_start, hits) VALUES ('a', $1, 3), ('b', $2, 3)`, now.Add(-25*time.Hour), now.Add(-time.Hour))

	dry, err := privacy.Purge(ctx, db, cfg, now, true, nil)
	if err != nil {
		t.Fatal(err)
	}
	var mails []privacy.Mail
	mailer := func(_ context.Context, _ pgx.Tx, m privacy.Mail) error { mails = append(mails, m); return nil }
	got, err := privacy.Purge(ctx, db, cfg, now, false, mailer)
	if err != nil {
		t.Fatal(err)
	}
	want := privacy.Report{Registrations: 1, Warned: 1, Sessions: 1, LoginCounters: 1, Audit: 1}
	if dry != want || got != want {
		t.Errorf("dry run %+v, run %+v, want %+v", dry, got, want)
	}
	var anonOld, anonRecent, attended int
	if err := db.QueryRow(ctx, `SELECT count(*) FILTER (WHERE event_id = $1 AND user_id IS NULL), count(*) FILTER (WHERE event_id = $2 AND user_id IS NULL),
		count(*) FILTER (WHERE attended) FROM event_registrations`, old, recent).Scan(&anonOld, &anonRecent, &attended); err != nil {
		t.Fatal(err)
	}
	if anonOld != 1 || anonRecent != 0 || attended != 2 {
		t.Errorf("anonymised: old event %d, recent %d, attended kept %d", anonOld, anonRecent, attended)
	}
	if len(mails) != 1 || mails[0].To != idle.Email || mails[0].Type != "inactive_warning" {
		t.Errorf("warning mails: %+v", mails)
	}
	var actorless int
	_ = db.QueryRow(ctx, `SELECT count(*) FROM audit_log WHERE actor_id IS NULL AND record_kind = 'event_registrations'`).Scan(&actorless)
	if actorless != 1 {
		t.Errorf("the anonymisation is not in the audit log as the system's: %d", actorless)
	}

	// A day later nothing more happens; after the grace the account is disabled,
	// after another it is erased.
	steps := []struct {
		at   time.Time
		want privacy.Report
	}{
		{now.AddDate(0, 0, 1), privacy.Report{}},
		{now.Add(privacy.Grace + time.Hour), privacy.Report{Disabled: 1}},
		{now.Add(2*privacy.Grace + 2*time.Hour), privacy.Report{Erased: 1}},
	}
	for _, s := range steps {
		r, err := privacy.Purge(ctx, db, cfg, s.at, false, mailer)
		if err != nil {
			t.Fatal(err)
		}
		r.Registrations, r.Sessions, r.LoginCounters, r.Audit = 0, 0, 0, 0
		if r != s.want {
			t.Errorf("at %s: %+v, want %+v", s.at, r, s.want)
		}
	}
	// An admin enabling an account the job disabled gives it a fresh start.
	back := testutil.CreateUser(t, db, "staff", "Vejle Bibliotekerne")
	exec(t, db, `UPDATE users SET disabled = true, inactive_warned_at = $2, last_seen_at = $3 WHERE id = $1`, back.ID, now.AddDate(0, -2, 0), now.AddDate(-4, 0, 0))
	exec(t, db, `UPDATE users SET disabled = false WHERE id = $1`, back.ID)
	var fresh bool
	if err := db.QueryRow(ctx, `SELECT inactive_warned_at IS NULL AND last_seen_at > now() - interval '1 minute' FROM users WHERE id = $1`, back.ID).Scan(&fresh); err != nil || !fresh {
		t.Errorf("re-enabled account keeps its warning or old last use (%v)", err)
	}
	var left int
	_ = db.QueryRow(ctx, `SELECT count(*) FROM users WHERE id = $1`, idle.ID).Scan(&left)
	if left != 0 {
		t.Error("the inactive account was not erased")
	}
	_ = db.QueryRow(ctx, `SELECT count(*) FROM users WHERE id = $1 AND NOT disabled`, active.ID).Scan(&left)
	if left != 1 {
		t.Error("the active account was touched")
	}
}

// TestRetentionRunsOnceADay: many instances calling RunDaily at once run one purge.
func TestRetentionRunsOnceADay(t *testing.T) {
	db := testutil.NewDB(t)
	now := time.Date(2030, 6, 15, 3, 0, 0, 0, time.UTC)
	done := make(chan struct{})
	for range 8 {
		go func() {
			privacy.RunDaily(context.Background(), db, config.Privacy{RegistrationsMonths: 24, InactiveMonths: 36, AuditMonths: 24}, nil, now)
			done <- struct{}{}
		}()
	}
	for range 8 {
		<-done
	}
	var runs, finished int
	if err := db.QueryRow(context.Background(), `SELECT count(*), count(finished_at) FROM retention_runs`).Scan(&runs, &finished); err != nil {
		t.Fatal(err)
	}
	if runs != 1 || finished != 1 {
		t.Errorf("%d runs, %d finished", runs, finished)
	}
}

package demo_test

import (
	"context"
	"io"
	"testing"

	"spor/internal/demo"
	"spor/internal/testutil"
)

func TestDemoEvents(t *testing.T) {
	db := testutil.NewDB(t)
	ctx := context.Background()
	if ok, err := demo.Load(ctx, db, io.Discard); err != nil || !ok {
		t.Fatalf("load: %v %v", ok, err)
	}
	var past, upcoming, cancelled, online, waitlisted, mine int
	err := db.QueryRow(ctx, `SELECT
			count(*) FILTER (WHERE ends_at < now()),
			count(*) FILTER (WHERE starts_at > now() AND status = 'published'),
			count(*) FILTER (WHERE status = 'cancelled'),
			count(*) FILTER (WHERE online_url <> ''),
			(SELECT count(*) FROM event_registrations WHERE status = 'waitlisted'),
			(SELECT count(*) FROM event_registrations r JOIN users u ON u.id = r.user_id JOIN events e ON e.id = r.event_id
				WHERE u.email = 'medarbejder@example.org' AND e.starts_at > now() AND e.status = 'published')
		FROM events`).Scan(&past, &upcoming, &cancelled, &online, &waitlisted, &mine)
	if err != nil {
		t.Fatal(err)
	}
	if past < 1 || upcoming < 3 || cancelled != 1 || online < 1 || waitlisted < 1 || mine < 1 {
		t.Errorf("past %d, upcoming %d, cancelled %d, online %d, waitlisted %d, medarbejder's upcoming %d",
			past, upcoming, cancelled, online, waitlisted, mine)
	}
	if ok, err := demo.Load(ctx, db, io.Discard); err != nil || ok {
		t.Errorf("second load: %v %v, want nothing done", ok, err)
	}
}

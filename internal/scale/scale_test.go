package scale_test

import (
	"context"
	"io"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"spor/internal/auth"
	"spor/internal/scale"
	"spor/internal/testutil"
)

func load(t *testing.T, sizes scale.Sizes, seed uint64) *pgxpool.Pool {
	t.Helper()
	db := testutil.NewDB(t)
	hash, err := auth.HashPassword(context.Background(), scale.Password)
	if err != nil {
		t.Fatal(err)
	}
	if err := scale.Load(context.Background(), db, sizes, seed, hash, io.Discard); err != nil {
		t.Fatal(err)
	}
	return db
}

func count(t *testing.T, db *pgxpool.Pool, query string) int {
	t.Helper()
	var n int
	if err := db.QueryRow(context.Background(), query).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

// checksum digests the generated content of several tables, in id order.
func checksum(t *testing.T, db *pgxpool.Pool) string {
	t.Helper()
	var sum string
	err := db.QueryRow(context.Background(), `SELECT md5(
		(SELECT string_agg(concat_ws(',', email, organisation_id, role, calendar_token), ';' ORDER BY id) FROM users) ||
		(SELECT string_agg(concat_ws(',', group_id, user_id), ';' ORDER BY group_id, user_id) FROM group_followers) ||
		(SELECT string_agg(concat_ws(',', group_id, starts_at, capacity, status), ';' ORDER BY id) FROM events) ||
		(SELECT string_agg(concat_ws(',', event_id, user_id, status), ';' ORDER BY id) FROM event_registrations) ||
		(SELECT string_agg(concat_ws(',', track_id, user_id), ';' ORDER BY track_id, user_id) FROM track_participants) ||
		(SELECT string_agg(concat_ws(',', user_id, completed_at), ';' ORDER BY id) FROM assessment_attempts) ||
		(SELECT sum(attempt_id * value)::text FROM assessment_answers))`).Scan(&sum)
	if err != nil {
		t.Fatal(err)
	}
	return sum
}

func TestLoadTinyDataset(t *testing.T) {
	s := scale.Tiny
	db := load(t, s, 1)
	for _, c := range []struct {
		name  string
		query string
		want  int
	}{
		{"organisations", `SELECT count(*) FROM organisations`, s.Organisations},
		{"staff", `SELECT count(*) FROM users`, s.Staff},
		{"groups", `SELECT count(*) FROM groups`, s.Groups},
		{"follows", `SELECT count(*) FROM group_followers`, s.Follows},
		{"followers of the big group", `SELECT count(*) FROM group_followers f JOIN groups g ON g.id = f.group_id WHERE g.slug = 'group-001'`, s.BigGroup},
		{"events", `SELECT count(*) FROM events`, s.Events},
		{"registrations", `SELECT count(*) FROM event_registrations`, s.Registrations},
		{"tracks", `SELECT count(*) FROM tracks`, s.Tracks},
		{"meetings", `SELECT count(*) FROM track_meetings`, s.Tracks * s.Meetings},
		{"attempts", `SELECT count(*) FROM assessment_attempts`, s.Attempts},
		{"answers", `SELECT count(*) FROM assessment_answers`, s.Attempts * 24},
		{"documents", `SELECT count(*) FROM documents`, s.Documents},
		{"no event over its capacity", `SELECT count(*) FROM (SELECT e.id FROM events e JOIN event_registrations r ON r.event_id = e.id
			WHERE r.status = 'confirmed' GROUP BY e.id, e.capacity HAVING count(*) > e.capacity) x`, 0},
		{"waitlisted only where the event is full", `SELECT count(DISTINCT r.event_id) FROM event_registrations r JOIN events e ON e.id = r.event_id
			WHERE r.status = 'waitlisted' AND (e.capacity IS NULL OR (SELECT count(*) FROM event_registrations c
				WHERE c.event_id = e.id AND c.status = 'confirmed') < e.capacity)`, 0},
		{"the measured user follows dozens of groups", `SELECT count(*) FROM group_followers f JOIN users u ON u.id = f.user_id
			WHERE u.email = 'staff00003@bench.example.org'`, scale.MeGroups + 1},
		{"the measured user has three attempts", `SELECT count(*) FROM assessment_attempts a JOIN users u ON u.id = a.user_id
			WHERE u.email = 'staff00003@bench.example.org'`, 3},
		{"the measured user has joined three tracks", `SELECT count(*) FROM track_participants p JOIN users u ON u.id = p.user_id
			WHERE u.email = 'staff00003@bench.example.org'`, 3},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := count(t, db, c.query); got != c.want {
				t.Errorf("got %d, want %d", got, c.want)
			}
		})
	}
	if n := count(t, db, `SELECT count(*) FROM event_registrations WHERE status = 'waitlisted'`); n == 0 {
		t.Error("no one is waitlisted; want some full events")
	}
	if n := count(t, db, `SELECT count(*) FROM event_registrations r JOIN users u ON u.id = r.user_id
		WHERE u.email = 'staff00003@bench.example.org' `); n < 5 {
		t.Errorf("the measured user has %d registrations, want several", n)
	}
	if n := count(t, db, `SELECT count(DISTINCT (extract(year FROM completed_at), extract(month FROM completed_at) > 6))
		FROM assessment_attempts`); n != 3 {
		t.Errorf("attempts span %d half-years, want 3", n)
	}

	t.Run("same seed, same data; another seed, other data", func(t *testing.T) {
		same, other := load(t, s, 1), load(t, s, 2)
		a, b, c := checksum(t, db), checksum(t, same), checksum(t, other)
		if a != b {
			t.Errorf("seed 1 loaded twice: checksums %s and %s differ", a, b)
		}
		if a == c {
			t.Errorf("seeds 1 and 2 give the same data (%s)", a)
		}
	})
}

func TestLearningAtScale(t *testing.T) {
	db := load(t, scale.Tiny, 1)
	if n := count(t, db, `SELECT count(*) FROM learning_resources`); n != scale.Tiny.Resources {
		t.Errorf("%d resources", n)
	}
	if n := count(t, db, `SELECT count(*) FROM learning_progress`); n != scale.Tiny.Progress {
		t.Errorf("%d progress rows", n)
	}
	if n := count(t, db, `SELECT count(*) FROM learning_progress p JOIN users u ON u.id = p.user_id WHERE u.email = 'staff00003@bench.example.org'`); n != scale.MeProgress {
		t.Errorf("Me has %d progress rows, want %d", n, scale.MeProgress)
	}
}

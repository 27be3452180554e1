package events_test

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

var seq atomic.Int64

// fixture is a programme with one group.
type fixture struct {
	ProgrammeID int64
	GroupID     int64
	GroupSlug   string
}

func newGroup(t *testing.T, db *pgxpool.Pool, visibility string) fixture {
	t.Helper()
	n := seq.Add(1)
	var f fixture
	ctx := context.Background()
	err := db.QueryRow(ctx, `INSERT INTO programmes (slug, title) VALUES ($1, $2) RETURNING id`,
		fmt.Sprintf("programme-%d", n), fmt.Sprintf("Programme %d", n)).Scan(&f.ProgrammeID)
	if err != nil {
		t.Fatal(err)
	}
	f.GroupSlug = fmt.Sprintf("group-%d", n)
	err = db.QueryRow(ctx, `INSERT INTO groups (programme_id, slug, title, visibility) VALUES ($1, $2, $3, $4) RETURNING id`,
		f.ProgrammeID, f.GroupSlug, fmt.Sprintf("Group %d", n), visibility).Scan(&f.GroupID)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func coordinate(t *testing.T, db *pgxpool.Pool, groupID, userID int64) {
	t.Helper()
	if _, err := db.Exec(context.Background(), `INSERT INTO group_coordinators (group_id, user_id) VALUES ($1, $2)`, groupID, userID); err != nil {
		t.Fatal(err)
	}
}

// ev describes an event to insert; zero values are sensible defaults.
type ev struct {
	Title     string
	Start     time.Time
	End       time.Time
	Zone      string
	Status    string
	Audience  string
	Capacity  int
	OrgCap    int
	Opens     *time.Time
	Closes    *time.Time
	Place     string
	OnlineURL string
	AllDay    bool
}

func newEvent(t *testing.T, db *pgxpool.Pool, groupID int64, e ev) int64 {
	t.Helper()
	if e.Title == "" {
		e.Title = fmt.Sprintf("Event %d", seq.Add(1))
	}
	if e.Start.IsZero() {
		e.Start = time.Now().Add(14 * 24 * time.Hour).Truncate(time.Second)
	}
	if e.End.IsZero() {
		e.End = e.Start.Add(2 * time.Hour)
	}
	if e.Zone == "" {
		e.Zone = "Europe/Copenhagen"
	}
	if e.Status == "" {
		e.Status = "published"
	}
	if e.Audience == "" {
		e.Audience = "public"
	}
	if e.Place == "" && e.OnlineURL == "" {
		e.Place = "Vejle Bibliotek, Willy Sørensens Plads 1, 7100 Vejle"
	}
	nullable := func(n int) *int {
		if n == 0 {
			return nil
		}
		return &n
	}
	var id int64
	err := db.QueryRow(context.Background(), `INSERT INTO events (group_id, title, starts_at, ends_at, zone, status, audience,
			capacity, org_cap, registration_opens, registration_closes, place, online_url, all_day, description_md)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, 'A *day* of <learning> & talk') RETURNING id`,
		groupID, e.Title, e.Start, e.End, e.Zone, e.Status, e.Audience, nullable(e.Capacity), nullable(e.OrgCap),
		e.Opens, e.Closes, e.Place, e.OnlineURL, e.AllDay).Scan(&id)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func regStatus(t *testing.T, db *pgxpool.Pool, eventID, userID int64) string {
	t.Helper()
	var s string
	err := db.QueryRow(context.Background(), `SELECT coalesce((SELECT status FROM event_registrations WHERE event_id = $1 AND user_id = $2), 'none')`,
		eventID, userID).Scan(&s)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

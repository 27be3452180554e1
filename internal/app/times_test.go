package app_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"spor/internal/testutil"
)

// Records entered in Danish time (10:17 in Copenhagen, 09:17 UTC) are shown in the
// viewer's zone on every page that shows their time: a Danish or anonymous viewer
// reads 10:17, a viewer at a Finnish library 11:17 (their organisation's country),
// and nobody reads the UTC 09:17.
func TestPagesShowLocalTimes(t *testing.T) {
	srv := testutil.NewServer(t)
	ctx := context.Background()
	cph, _ := time.LoadLocation("Europe/Copenhagen")
	at := time.Date(2026, time.January, 15, 10, 17, 0, 0, cph)
	end := time.Date(2026, time.January, 20, 16, 43, 0, 0, cph) // 15:43 UTC

	admin := testutil.CreateUser(t, srv.DB, "admin", "Vejle Bibliotekerne")
	dane := testutil.CreateUser(t, srv.DB, "staff", "Vejle Bibliotekerne")
	finn := testutil.CreateUser(t, srv.DB, "staff", "Helsingin kaupunginkirjasto")
	finnAdmin := testutil.CreateUser(t, srv.DB, "admin", "Helsingin kaupunginkirjasto")
	if _, err := srv.DB.Exec(ctx, `UPDATE organisations SET country = 'FI' WHERE id = $1`, finn.OrgID); err != nil {
		t.Fatal(err)
	}
	groupID := testutil.CreateGroup(t, srv.DB, "tider", "public")
	var newsID int64
	if err := srv.DB.QueryRow(ctx, `INSERT INTO news (group_id, title, publish_at) VALUES ($1, 'Nyt om tider', $2) RETURNING id`,
		groupID, at).Scan(&newsID); err != nil {
		t.Fatal(err)
	}
	if _, err := srv.DB.Exec(ctx, `INSERT INTO alerts (message_da, message_sv, message_en, level, starts_at, ends_at)
		VALUES ('Driftsstop', 'Driftstopp', 'Downtime', 'info', $1, $2)`, at, end); err != nil {
		t.Fatal(err)
	}
	attempt := func(userID int64) int64 {
		var id int64
		if err := srv.DB.QueryRow(ctx, `INSERT INTO assessment_attempts (user_id, version_id, started_at, completed_at)
			VALUES ($1, 1, $2, $2) RETURNING id`, userID, at).Scan(&id); err != nil {
			t.Fatal(err)
		}
		if _, err := srv.DB.Exec(ctx, `INSERT INTO assessment_answers (attempt_id, statement_id, value)
			SELECT $1, id, 4 FROM assessment_statements WHERE version_id = 1`, id); err != nil {
			t.Fatal(err)
		}
		return id
	}
	daneAttempt, finnAttempt := attempt(dane.ID), attempt(finn.ID)

	for _, tc := range []struct {
		name, login, path string
		want, never       []string
	}{
		{"news item, anonymous", "", fmt.Sprintf("/groups/tider/news/%d", newsID), []string{"10:17"}, []string{"09:17"}},
		{"news item, Swedish page", "", fmt.Sprintf("/groups/tider/news/%d?lang=sv", newsID), []string{"10:17"}, []string{"09:17"}},
		{"news item, Finnish library", finn.Email, fmt.Sprintf("/groups/tider/news/%d", newsID), []string{"11:17"}, []string{"09:17", "10:17"}},
		{"assessment results", dane.Email, "/assessment/results", []string{"10:17"}, []string{"09:17"}},
		{"assessment attempt", dane.Email, fmt.Sprintf("/assessment/attempts/%d", daneAttempt), []string{"10:17"}, []string{"09:17"}},
		{"assessment attempt, Finnish library", finn.Email, fmt.Sprintf("/assessment/attempts/%d", finnAttempt), []string{"11:17"}, []string{"09:17", "10:17"}},
		{"alert list", admin.Email, "/manage/alerts", []string{"10:17", "16:43"}, []string{"09:17", "15:43"}},
		{"alert list, Finnish admin", finnAdmin.Email, "/manage/alerts", []string{"11:17", "17:43"}, []string{"09:17", "10:17", "15:43", "16:43"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := srv.Client(t)
			if tc.login != "" {
				c.Login(tc.login)
			}
			res := c.Get(tc.path)
			if res.Status != 200 {
				t.Fatalf("status %d", res.Status)
			}
			text := res.Doc(t).Find("main").Text()
			for _, w := range tc.want {
				if !strings.Contains(text, w) {
					t.Errorf("%s not shown", w)
				}
			}
			for _, n := range tc.never {
				if strings.Contains(text, n) {
					t.Errorf("shows %s: %q", n, squeeze(text))
				}
			}
		})
	}
}

func squeeze(s string) string { return strings.Join(strings.Fields(s), " ") }

package assessment_test

import (
	"context"
	"net/url"
	"strconv"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

// answers fills the form of version 1 with value(position) for each statement;
// a value of 0 leaves the statement unanswered.
func answers(action string, value func(pos int) int) url.Values {
	f := url.Values{"version": {"1"}, "action": {action}}
	for pos := 1; pos <= 24; pos++ {
		if v := value(pos); v != 0 {
			f.Set("s"+strconv.Itoa(pos), strconv.Itoa(v))
		}
	}
	return f
}

// byArea gives every statement of an area of version 1 the same value: positions
// 1–5 information, 6–10 communication, 11–15 content, 16–20 safety, 21–24 problem solving.
func byArea(info, comm, content, safety, problems int) func(int) int {
	return func(pos int) int {
		switch {
		case pos <= 5:
			return info
		case pos <= 10:
			return comm
		case pos <= 15:
			return content
		case pos <= 20:
			return safety
		}
		return problems
	}
}

// insertAttempt stores a completed attempt of version 1 with every answer = value.
func insertAttempt(t *testing.T, db *pgxpool.Pool, userID int64, at time.Time, value int) int64 {
	t.Helper()
	var id int64
	err := db.QueryRow(context.Background(), `WITH a AS (
			INSERT INTO assessment_attempts (user_id, version_id, started_at, completed_at) VALUES ($1, 1, $2, $2) RETURNING id),
		x AS (INSERT INTO assessment_answers (attempt_id, statement_id, value)
			SELECT a.id, s.id, $3 FROM a, assessment_statements s WHERE s.version_id = 1)
		SELECT id FROM a`, userID, at, value).Scan(&id)
	if err != nil {
		t.Fatalf("insert attempt: %v", err)
	}
	return id
}

func count(t *testing.T, db *pgxpool.Pool, sql string, args ...any) int {
	t.Helper()
	var n int
	if err := db.QueryRow(context.Background(), sql, args...).Scan(&n); err != nil {
		t.Fatalf("count: %v", err)
	}
	return n
}

func itoa(n int) string { return strconv.Itoa(n) }

package scale

import (
	"context"
	"time"
)

var areas = []string{"information", "communication", "content", "safety", "problem_solving"}

// terms returns the starts of the three half-years the attempts are spread over, and
// the end of the last (the dataset's day).
func (l *loader) terms() []time.Time {
	return []time.Time{
		time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC),
		time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC),
		l.now,
	}
}

// Completed attempts of the current instrument version spread over many users and
// the three half-years; the Me user's three come first, one per half-year.
func loadAttempts(ctx context.Context, l *loader) (int64, error) {
	terms := l.terms()
	return l.copyFunc(ctx, "assessment_attempts", []string{"user_id", "version_id", "started_at", "completed_at"}, l.sizes.Attempts,
		func(i int) []any {
			u, t := l.rnd.IntN(len(l.users)), l.rnd.IntN(3)
			if i < 3 {
				u, t = Me, i
			}
			span := terms[t+1].Sub(terms[t]) - time.Hour
			done := terms[t].Add(time.Duration(l.rnd.Int64N(int64(span))).Truncate(time.Second))
			return []any{l.users[u], int32(1), done.Add(-20 * time.Minute), done}
		})
}

// Every attempt answers the 24 statements; made in the database in one statement
// (1.2 million rows at the default size) rather than sent over the wire. The values
// depend only on the user, the statement and the half-year, so the same seed gives
// the same answers, and people improve from one half-year to the next.
func loadAnswers(ctx context.Context, l *loader) (int64, error) {
	tag, err := l.db.Exec(ctx, `INSERT INTO assessment_answers (attempt_id, statement_id, value)
		SELECT a.id, s.id, least(7, 1 + (a.user_id * 7 + s.position * 13) % 5 +
			CASE WHEN a.completed_at < '2026-01-01' THEN 0 WHEN a.completed_at < '2026-07-01' THEN 1 ELSE 2 END)
		FROM assessment_attempts a CROSS JOIN assessment_statements s
		WHERE s.version_id = a.version_id
		ORDER BY a.id, s.id`)
	return tag.RowsAffected(), err
}

// Each organisation takes part in one programme; the first hundred organisations
// and every programme set a target level per area.
func loadTargets(ctx context.Context, l *loader) (int64, error) {
	var members, targets [][]any
	for i, o := range l.orgs {
		members = append(members, []any{l.progs[i%len(l.progs)], o})
		if i < 100 {
			for _, a := range areas {
				targets = append(targets, []any{o, nil, a, 4.5, l.now})
			}
		}
	}
	for _, p := range l.progs {
		for _, a := range areas {
			targets = append(targets, []any{nil, p, a, 5.0, l.now})
		}
	}
	n, err := l.copyRows(ctx, "programme_organisations", []string{"programme_id", "organisation_id"}, members)
	if err != nil {
		return n, err
	}
	m, err := l.copyRows(ctx, "assessment_targets", []string{"organisation_id", "programme_id", "area", "level", "updated_at"}, targets)
	return n + m, err
}

// Package assessment serves the digital-competence self-assessment: taking it (with a
// server-side draft), one's own results and progress, deleting one's attempts, and
// the aggregates coordinators see, which never show fewer than model.MinRespondents
// people.
package assessment

import (
	"context"
	"fmt"
	"strconv"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"spor/internal/database"
	"spor/internal/model"
)

// Store reads and writes the instrument, drafts, attempts and aggregates.
type Store struct{ db *pgxpool.Pool }

// NewStore returns a Store on db.
func NewStore(db *pgxpool.Pool) *Store { return &Store{db: db} }

const statementColumns = `s.id, s.version_id, s.position, s.area, s.text_da, s.text_sv, s.text_en`

func scanStatement(row pgx.CollectableRow) (model.Statement, error) {
	var s model.Statement
	var da, sv, en string
	err := row.Scan(&s.ID, &s.VersionID, &s.Position, &s.Area, &da, &sv, &en)
	s.Text = map[string]string{"da": da, "sv": sv, "en": en}
	return s, err
}

// currentVersion is the newest published version of the instrument.
const currentVersion = `(SELECT max(id) FROM assessment_versions WHERE published_at <= now())`

// Draft is what a person has answered so far: statement id -> value.
type Draft map[int64]int

// TakePage loads the current version's statements and the user's draft in one round
// trip. A draft made on an older version is left out.
func (s *Store) TakePage(ctx context.Context, userID int64) ([]model.Statement, Draft, error) {
	var list []model.Statement
	var draftVersion int
	var raw map[string]int
	var b pgx.Batch
	b.Queue(`SELECT ` + statementColumns + ` FROM assessment_statements s WHERE s.version_id = ` + currentVersion + ` ORDER BY s.position`).
		Query(func(rows pgx.Rows) error {
			var err error
			list, err = pgx.CollectRows(rows, scanStatement)
			return err
		})
	b.Queue(`SELECT version_id, answers FROM assessment_drafts WHERE user_id = $1`, userID).
		Query(func(rows pgx.Rows) error {
			for rows.Next() {
				if err := rows.Scan(&draftVersion, &raw); err != nil {
					return err
				}
			}
			return rows.Err()
		})
	if err := s.db.SendBatch(ctx, &b).Close(); err != nil {
		return nil, nil, database.Wrap(err, "assessment: take page")
	}
	if len(list) == 0 {
		return nil, nil, fmt.Errorf("assessment: no published instrument: %w", database.ErrNotFound)
	}
	draft := Draft{}
	if draftVersion == list[0].VersionID {
		for k, v := range raw {
			if id, err := strconv.ParseInt(k, 10, 64); err == nil && v >= model.ScaleMin && v <= model.ScaleMax {
				draft[id] = v
			}
		}
	}
	return list, draft, nil
}

// Statements returns the statements of one version in order; an unknown version is
// ErrNotFound.
func (s *Store) Statements(ctx context.Context, versionID int) ([]model.Statement, error) {
	rows, err := s.db.Query(ctx, `SELECT `+statementColumns+` FROM assessment_statements s WHERE s.version_id = $1 ORDER BY s.position`, versionID)
	if err != nil {
		return nil, database.Wrap(err, "assessment: statements")
	}
	list, err := pgx.CollectRows(rows, scanStatement)
	if err == nil && len(list) == 0 {
		err = pgx.ErrNoRows
	}
	return list, database.Wrap(err, "assessment: statements")
}

func draftJSON(d Draft) map[string]int {
	m := make(map[string]int, len(d))
	for id, v := range d {
		m[strconv.FormatInt(id, 10)] = v
	}
	return m
}

// SaveDraft stores the user's partial answers, replacing the previous draft (its
// start time is kept while the version is the same).
func (s *Store) SaveDraft(ctx context.Context, userID int64, versionID int, d Draft) error {
	_, err := s.db.Exec(ctx, `INSERT INTO assessment_drafts (user_id, version_id, answers) VALUES ($1, $2, $3)
		ON CONFLICT (user_id) DO UPDATE SET answers = excluded.answers, updated_at = now(),
			started_at = CASE WHEN assessment_drafts.version_id = excluded.version_id THEN assessment_drafts.started_at ELSE now() END,
			version_id = excluded.version_id`, userID, versionID, draftJSON(d))
	return database.Wrap(err, "assessment: save draft")
}

// Submit stores a completed attempt with its answers and clears the draft, in one
// transaction. The attempt started when the draft did (or now, without a draft).
func (s *Store) Submit(ctx context.Context, userID int64, versionID int, d Draft) (int64, error) {
	ids := make([]int64, 0, len(d))
	vals := make([]int16, 0, len(d))
	for id, v := range d {
		ids = append(ids, id)
		vals = append(vals, int16(v))
	}
	var attemptID int64
	err := pgx.BeginFunc(ctx, s.db, func(tx pgx.Tx) error {
		err := tx.QueryRow(ctx, `INSERT INTO assessment_attempts (user_id, version_id, started_at)
			VALUES ($1, $2, COALESCE((SELECT least(started_at, now()) FROM assessment_drafts WHERE user_id = $1 AND version_id = $2), now()))
			RETURNING id`, userID, versionID).Scan(&attemptID)
		if err != nil {
			return err
		}
		// Only statements of the attempt's own version are accepted.
		tag, err := tx.Exec(ctx, `INSERT INTO assessment_answers (attempt_id, statement_id, value)
			SELECT $1, s.id, a.value FROM unnest($2::bigint[], $3::smallint[]) AS a(statement_id, value)
			JOIN assessment_statements s ON s.id = a.statement_id AND s.version_id = $4`, attemptID, ids, vals, versionID)
		if err != nil {
			return err
		}
		if int(tag.RowsAffected()) != len(d) {
			return fmt.Errorf("answers to statements of another version: %w", database.ErrConflict)
		}
		_, err = tx.Exec(ctx, `DELETE FROM assessment_drafts WHERE user_id = $1`, userID)
		return err
	})
	return attemptID, database.Wrap(err, "assessment: submit")
}

// attemptScores is the per-area mean of every attempt of one user, oldest first; the
// newest maxAttempts only.
const attemptScores = `SELECT at.id, at.version_id, at.started_at, at.completed_at, s.area, avg(x.value)::float8
	FROM (SELECT * FROM assessment_attempts WHERE user_id = $1 ORDER BY completed_at DESC, id DESC LIMIT 100) at
	JOIN assessment_answers x ON x.attempt_id = at.id
	JOIN assessment_statements s ON s.id = x.statement_id
	GROUP BY at.id, at.version_id, at.started_at, at.completed_at, s.area
	ORDER BY at.completed_at, at.id`

func collectAttempts(rows pgx.Rows) ([]model.Attempt, error) {
	var list []model.Attempt
	for rows.Next() {
		var a model.Attempt
		var area string
		var mean float64
		if err := rows.Scan(&a.ID, &a.VersionID, &a.StartedAt, &a.CompletedAt, &area, &mean); err != nil {
			return nil, err
		}
		if n := len(list); n == 0 || list[n-1].ID != a.ID {
			a.Scores = map[string]float64{}
			list = append(list, a)
		}
		list[len(list)-1].Scores[area] = mean
	}
	return list, rows.Err()
}

// Results loads a user's attempts (oldest first, with their area means) and the
// learning resources in one round trip, whatever the number of attempts.
func (s *Store) Results(ctx context.Context, userID int64) ([]model.Attempt, []model.Resource, error) {
	var attempts []model.Attempt
	var resources []model.Resource
	var b pgx.Batch
	b.Queue(attemptScores, userID).Query(func(rows pgx.Rows) error {
		var err error
		attempts, err = collectAttempts(rows)
		return err
	})
	b.Queue(`SELECT id, title, url, kind, duration_minutes, lang, area FROM assessment_resources ORDER BY area, kind, title LIMIT 500`).
		Query(func(rows pgx.Rows) error {
			var err error
			resources, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (model.Resource, error) {
				var r model.Resource
				return r, row.Scan(&r.ID, &r.Title, &r.URL, &r.Kind, &r.DurationMinutes, &r.Lang, &r.Area)
			})
			return err
		})
	err := s.db.SendBatch(ctx, &b).Close()
	return attempts, resources, database.Wrap(err, "assessment: results")
}

// Attempt returns one of the user's own attempts with every answer. Another user's
// attempt is ErrNotFound, exactly like one that does not exist: its id reveals nothing.
func (s *Store) Attempt(ctx context.Context, userID, attemptID int64) (model.Attempt, []model.Answer, error) {
	a := model.Attempt{ID: attemptID}
	rows, err := s.db.Query(ctx, `SELECT at.version_id, at.started_at, at.completed_at, `+statementColumns+`, x.value
		FROM assessment_attempts at
		JOIN assessment_answers x ON x.attempt_id = at.id
		JOIN assessment_statements s ON s.id = x.statement_id
		WHERE at.id = $1 AND at.user_id = $2 ORDER BY s.position`, attemptID, userID)
	if err != nil {
		return a, nil, database.Wrap(err, "assessment: attempt")
	}
	answers, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (model.Answer, error) {
		var x model.Answer
		var da, sv, en string
		err := row.Scan(&a.VersionID, &a.StartedAt, &a.CompletedAt, &x.Statement.ID, &x.Statement.VersionID,
			&x.Statement.Position, &x.Statement.Area, &da, &sv, &en, &x.Value)
		x.Statement.Text = map[string]string{"da": da, "sv": sv, "en": en}
		return x, err
	})
	if err == nil && len(answers) == 0 {
		err = pgx.ErrNoRows
	}
	a.Scores = model.ScoreAreas(answers)
	return a, answers, database.Wrap(err, "assessment: attempt")
}

// DeleteAttempt deletes one of the user's own attempts; another's is ErrNotFound.
func (s *Store) DeleteAttempt(ctx context.Context, userID, attemptID int64) error {
	tag, err := s.db.Exec(ctx, `DELETE FROM assessment_attempts WHERE id = $1 AND user_id = $2`, attemptID, userID)
	if err == nil && tag.RowsAffected() == 0 {
		err = pgx.ErrNoRows
	}
	return database.Wrap(err, "assessment: delete attempt")
}

// DeleteAll deletes every attempt and the draft of the user.
func (s *Store) DeleteAll(ctx context.Context, userID int64) (int64, error) {
	var n int64
	err := pgx.BeginFunc(ctx, s.db, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `DELETE FROM assessment_attempts WHERE user_id = $1`, userID)
		if err != nil {
			return err
		}
		n = tag.RowsAffected()
		_, err = tx.Exec(ctx, `DELETE FROM assessment_drafts WHERE user_id = $1`, userID)
		return err
	})
	return n, database.Wrap(err, "assessment: delete all")
}

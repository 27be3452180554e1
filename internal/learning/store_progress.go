package learning

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"spor/internal/database"
	"spor/internal/model"
)

// SetProgress puts resource id on the user's record with status ("" removes it).
// The resource must be one the user can see.
func (s *Store) SetProgress(ctx context.Context, userID, id int64, status string) error {
	var err error
	if status == "" {
		_, err = s.db.Exec(ctx, `DELETE FROM learning_progress WHERE user_id = $1 AND resource_id = $2`, userID, id)
		return database.Wrap(err, "learning: progress")
	}
	tag, err := s.db.Exec(ctx, `INSERT INTO learning_progress (user_id, resource_id, status)
		SELECT $1, r.id, $3 FROM learning_resources r WHERE r.id = $2 AND NOT r.archived
		ON CONFLICT (user_id, resource_id) DO UPDATE SET status = excluded.status, updated_at = now()`, userID, id, status)
	if err == nil && tag.RowsAffected() == 0 {
		err = pgx.ErrNoRows
	}
	return database.Wrap(err, "learning: progress")
}

// SetPartDone marks one part of course id done or not done for the user, and moves
// the course to in progress, or to done when every part is done, in one transaction.
func (s *Store) SetPartDone(ctx context.Context, userID, courseID, partID int64, done bool) error {
	return pgx.BeginFunc(ctx, s.db, func(tx pgx.Tx) error {
		var ok bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM learning_parts WHERE id = $1 AND course_id = $2)`, partID, courseID).Scan(&ok); err != nil {
			return fmt.Errorf("learning: part: %w", err)
		}
		if !ok {
			return database.ErrNotFound
		}
		var err error
		if done {
			_, err = tx.Exec(ctx, `INSERT INTO learning_part_progress (user_id, part_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, userID, partID)
		} else {
			_, err = tx.Exec(ctx, `DELETE FROM learning_part_progress WHERE user_id = $1 AND part_id = $2`, userID, partID)
		}
		if err != nil {
			return fmt.Errorf("learning: part progress: %w", err)
		}
		_, err = tx.Exec(ctx, `INSERT INTO learning_progress (user_id, resource_id, status)
			SELECT $1, $2, CASE WHEN count(*) = count(pp.part_id) THEN 'done' ELSE 'in_progress' END
			FROM learning_parts lp LEFT JOIN learning_part_progress pp ON pp.part_id = lp.id AND pp.user_id = $1
			WHERE lp.course_id = $2
			ON CONFLICT (user_id, resource_id) DO UPDATE SET status = excluded.status, updated_at = now()`, userID, courseID)
		if err != nil {
			return fmt.Errorf("learning: course progress: %w", err)
		}
		return nil
	})
}

// Record is a person's learning record: the resources on it and one timeline.
type Record struct {
	Entries  []model.LearningEntry
	Timeline []model.TimelineItem
}

// Record loads the user's learning record in one round trip: their resources with
// the minutes done of courses, events attended, track meetings attended and
// self-assessment attempts, newest first.
func (s *Store) Record(ctx context.Context, userID int64) (Record, error) {
	var rec Record
	b := &pgx.Batch{}
	b.Queue(`SELECT r.id, r.slug, r.title, r.kind, r.lang, lp.status, lp.updated_at,
			coalesce((SELECT sum(p.duration_minutes) FROM learning_parts p JOIN learning_part_progress pp ON pp.part_id = p.id AND pp.user_id = $1
				WHERE p.course_id = r.id), 0)::int,
			coalesce((SELECT sum(p.duration_minutes) FROM learning_parts p WHERE p.course_id = r.id), r.duration_minutes)::int
		FROM learning_progress lp JOIN learning_resources r ON r.id = lp.resource_id
		WHERE lp.user_id = $1 ORDER BY lp.updated_at DESC, r.id`, userID).Query(func(rows pgx.Rows) error {
		var err error
		rec.Entries, err = pgx.CollectRows(rows, pgx.RowToStructByPos[model.LearningEntry])
		return err
	})
	b.Queue(`SELECT lp.updated_at, 'resource', r.title, '/learning/' || r.slug, lp.status
			FROM learning_progress lp JOIN learning_resources r ON r.id = lp.resource_id WHERE lp.user_id = $1
		UNION ALL SELECT e.starts_at, 'event', e.title, '/events/' || e.id, ''
			FROM event_registrations er JOIN events e ON e.id = er.event_id WHERE er.user_id = $1 AND er.attended
		UNION ALL SELECT m.starts_at, 'meeting', t.title || ': ' || m.title, '/tracks/' || t.slug || '#meeting-' || m.id, ''
			FROM track_attendance ta JOIN track_meetings m ON m.id = ta.meeting_id JOIN tracks t ON t.id = m.track_id WHERE ta.user_id = $1
		UNION ALL SELECT a.completed_at, 'assessment', '', '/assessment/results', ''
			FROM assessment_attempts a WHERE a.user_id = $1
		ORDER BY 1 DESC LIMIT 2000`, userID).Query(func(rows pgx.Rows) error {
		var err error
		rec.Timeline, err = pgx.CollectRows(rows, pgx.RowToStructByPos[model.TimelineItem])
		return err
	})
	return rec, database.Wrap(s.db.SendBatch(ctx, b).Close(), "learning: record")
}

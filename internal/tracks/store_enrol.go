package tracks

import (
	"context"

	"github.com/jackc/pgx/v5"

	"spor/internal/database"
	"spor/internal/model"
)

// JoinResult is what came of a request to join a track.
type JoinResult int

// The outcomes of Join.
const (
	Joined        JoinResult = iota // now a participant (or already was)
	RefusedClosed                   // enrolment is closed
	RefusedFull                     // the capacity is reached
)

// Join makes userID a participant of the track. Joining twice is harmless. The
// track's row is locked first, so two people taking the last place at once cannot
// both get it: the database decides, not an earlier read.
func (s *Store) Join(ctx context.Context, trackID, userID int64) (JoinResult, error) {
	res := Joined
	err := pgx.BeginFunc(ctx, s.db, func(tx pgx.Tx) error {
		var open, already bool
		var capacity, taken int
		// Lock first, count after, in two statements: in READ COMMITTED a subquery in
		// the locking statement would count with the snapshot taken before the wait
		// for the lock, and two people could both take the last place.
		err := tx.QueryRow(ctx, `SELECT enrolment_open, coalesce(capacity, 0) FROM tracks WHERE id = $1 FOR UPDATE`,
			trackID).Scan(&open, &capacity)
		if err == nil {
			err = tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM track_participants WHERE track_id = $1 AND user_id = $2),
				(SELECT count(*) FROM track_participants WHERE track_id = $1)`, trackID, userID).Scan(&already, &taken)
		}
		switch {
		case err != nil:
			return err
		case already:
			return nil
		case !open:
			res = RefusedClosed
			return nil
		case capacity > 0 && taken >= capacity:
			res = RefusedFull
			return nil
		}
		_, err = tx.Exec(ctx, `INSERT INTO track_participants (track_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, trackID, userID)
		return err
	})
	return res, database.Wrap(err, "tracks: join")
}

// Leave removes userID from the track's participants; leaving twice is harmless.
func (s *Store) Leave(ctx context.Context, trackID, userID int64) error {
	_, err := s.db.Exec(ctx, `DELETE FROM track_participants WHERE track_id = $1 AND user_id = $2`, trackID, userID)
	return database.Wrap(err, "tracks: leave")
}

// TrackID returns the id of the published track with slug.
func (s *Store) TrackID(ctx context.Context, slug string) (int64, error) {
	var id int64
	err := s.db.QueryRow(ctx, `SELECT id FROM tracks WHERE slug = $1 AND published`, slug).Scan(&id)
	return id, database.Wrap(err, "tracks: id "+slug)
}

// Attendance loads the grid for a track in one round trip. Someone who attended and
// later left the track stays in the grid.
func (s *Store) Attendance(ctx context.Context, trackID int64) (model.AttendanceGrid, error) {
	a := model.AttendanceGrid{Present: map[[2]int64]bool{}}
	var b pgx.Batch
	b.Queue(`SELECT `+meetingColumns+` FROM track_meetings m WHERE m.track_id = $1 ORDER BY m.starts_at, m.id`, trackID).
		Query(func(rows pgx.Rows) error {
			var err error
			a.Meetings, err = pgx.CollectRows(rows, scanMeeting)
			return err
		})
	b.Queue(`SELECT u.id, u.name, o.name FROM users u JOIN organisations o ON o.id = u.organisation_id
		WHERE u.id IN (SELECT user_id FROM track_participants WHERE track_id = $1
			UNION SELECT x.user_id FROM track_attendance x JOIN track_meetings m ON m.id = x.meeting_id WHERE m.track_id = $1)
		ORDER BY u.name, u.id`, trackID).Query(func(rows pgx.Rows) error {
		var err error
		a.Participants, err = pgx.CollectRows(rows, pgx.RowToStructByPos[model.Participant])
		return err
	})
	b.Queue(`SELECT x.meeting_id, x.user_id FROM track_attendance x JOIN track_meetings m ON m.id = x.meeting_id
		WHERE m.track_id = $1`, trackID).Query(func(rows pgx.Rows) error {
		var k [2]int64
		_, err := pgx.ForEachRow(rows, []any{&k[0], &k[1]}, func() error {
			a.Present[k] = true
			return nil
		})
		return err
	})
	if err := s.db.SendBatch(ctx, &b).Close(); err != nil {
		return a, database.Wrap(err, "tracks: attendance")
	}
	for i := range a.Meetings {
		a.Meetings[i].Number, a.Meetings[i].Of = i+1, len(a.Meetings)
	}
	return a, nil
}

// SetAttendance records who attended a meeting of trackID: exactly userIDs among the
// track's participants (and earlier attendees); anyone else in the list is ignored.
func (s *Store) SetAttendance(ctx context.Context, trackID, meetingID int64, userIDs []int64, by int64) error {
	if userIDs == nil {
		userIDs = []int64{} // NULL would make "NOT (user_id = ANY(NULL))" keep everyone
	}
	err := pgx.BeginFunc(ctx, s.db, func(tx pgx.Tx) error {
		var ok bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM track_meetings WHERE id = $1 AND track_id = $2)`,
			meetingID, trackID).Scan(&ok); err != nil {
			return err
		}
		if !ok {
			return pgx.ErrNoRows
		}
		if _, err := tx.Exec(ctx, `DELETE FROM track_attendance WHERE meeting_id = $1 AND NOT (user_id = ANY($2))`,
			meetingID, userIDs); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `INSERT INTO track_attendance (meeting_id, user_id, recorded_by)
			SELECT $1, p.user_id, $4 FROM track_participants p WHERE p.track_id = $2 AND p.user_id = ANY($3)
			ON CONFLICT DO NOTHING`, meetingID, trackID, userIDs, by)
		return err
	})
	return database.Wrap(err, "tracks: set attendance")
}

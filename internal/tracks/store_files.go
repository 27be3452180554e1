package tracks

import (
	"context"

	"github.com/jackc/pgx/v5"

	"spor/internal/database"
	"spor/internal/model"
	"spor/internal/upload"
)

// Uploaded materials of meetings (track_material_files): the lists never load the
// files themselves, only the download does.

const fileColumns = `f.id, f.meeting_id, f.title, f.filename, f.content_type, f.size, f.sha256, f.created_at`

func scanFile(row pgx.CollectableRow) (model.MaterialFile, error) {
	var f model.MaterialFile
	return f, row.Scan(&f.ID, &f.MeetingID, &f.Title, &f.Filename, &f.ContentType, &f.Size, &f.SHA256, &f.CreatedAt)
}

// queueFiles adds the query for the uploaded materials of the meetings that where
// selects (a condition on m, the meeting, with its own arguments), grouped by meeting.
func queueFiles(b *pgx.Batch, into map[int64][]model.MaterialFile, where string, args ...any) {
	b.Queue(`SELECT `+fileColumns+` FROM track_material_files f JOIN track_meetings m ON m.id = f.meeting_id
		WHERE `+where+` ORDER BY f.meeting_id, f.created_at, f.id`, args...).
		Query(func(rows pgx.Rows) error {
			list, err := pgx.CollectRows(rows, scanFile)
			for _, f := range list {
				into[f.MeetingID] = append(into[f.MeetingID], f)
			}
			return err
		})
}

// FileRef is an uploaded material with what a download needs to decide who may
// have it: whether its track is published and whether the viewer coordinates it.
type FileRef struct {
	File      model.MaterialFile
	TrackSlug string
	Published bool
	IsCoord   bool
}

// MaterialFile loads file id of the track slug (without its data) for userID (0 for
// anonymous).
func (s *Store) MaterialFile(ctx context.Context, slug string, id, userID int64) (FileRef, error) {
	var r FileRef
	f := &r.File
	err := s.db.QueryRow(ctx, `SELECT `+fileColumns+`, t.slug, t.published,
			EXISTS (SELECT 1 FROM track_coordinators c WHERE c.track_id = t.id AND c.user_id = $3)
		FROM track_material_files f JOIN track_meetings m ON m.id = f.meeting_id JOIN tracks t ON t.id = m.track_id
		WHERE t.slug = $1 AND f.id = $2`, slug, id, userID).
		Scan(&f.ID, &f.MeetingID, &f.Title, &f.Filename, &f.ContentType, &f.Size, &f.SHA256, &f.CreatedAt,
			&r.TrackSlug, &r.Published, &r.IsCoord)
	return r, database.Wrap(err, "tracks: material file")
}

// FileData returns the bytes of an uploaded material.
func (s *Store) FileData(ctx context.Context, id int64) ([]byte, error) {
	var data []byte
	err := s.db.QueryRow(ctx, `SELECT data FROM track_material_files WHERE id = $1`, id).Scan(&data)
	return data, database.Wrap(err, "tracks: material data")
}

// CreateFile stores an uploaded material of meeting f.MeetingID. The same file
// already at that meeting (by SHA-256) is returned as existing with
// database.ErrConflict.
func (s *Store) CreateFile(ctx context.Context, f model.MaterialFile, up *upload.File, by int64) (id int64, existing model.MaterialFile, err error) {
	err = pgx.BeginFunc(ctx, s.db, func(tx pgx.Tx) error {
		err := tx.QueryRow(ctx, `INSERT INTO track_material_files (meeting_id, title, filename, content_type, size, sha256, data, uploaded_by)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
			f.MeetingID, f.Title, up.Name, up.ContentType, up.Size, up.SHA256, up.Data, by).Scan(&id)
		if err != nil {
			return err
		}
		title := f.Title
		if title == "" {
			title = up.Name
		}
		// Files count down from -1 in the queue's key; link edits use the meeting's SEQUENCE.
		return s.notifyMaterials(ctx, tx, f.MeetingID, int(-id), by, []string{title})
	})
	if database.IsUniqueViolation(err, "track_material_files_meeting_sha256_key") {
		rows, _ := s.db.Query(ctx, `SELECT `+fileColumns+` FROM track_material_files f WHERE f.meeting_id = $1 AND f.sha256 = $2`,
			f.MeetingID, up.SHA256)
		existing, _ = pgx.CollectExactlyOneRow(rows, scanFile)
	}
	return id, existing, database.Wrap(err, "tracks: upload material")
}

// File loads an uploaded material of the meeting (without its data).
func (s *Store) File(ctx context.Context, meetingID, id int64) (model.MaterialFile, error) {
	rows, _ := s.db.Query(ctx, `SELECT `+fileColumns+` FROM track_material_files f WHERE f.meeting_id = $1 AND f.id = $2`, meetingID, id)
	f, err := pgx.CollectExactlyOneRow(rows, scanFile)
	return f, database.Wrap(err, "tracks: material file")
}

// DeleteFile removes an uploaded material of the meeting.
func (s *Store) DeleteFile(ctx context.Context, meetingID, id int64) error {
	tag, err := s.db.Exec(ctx, `DELETE FROM track_material_files WHERE meeting_id = $1 AND id = $2`, meetingID, id)
	if err == nil && tag.RowsAffected() == 0 {
		err = pgx.ErrNoRows
	}
	return database.Wrap(err, "tracks: delete material")
}

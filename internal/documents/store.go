// Package documents serves a group's documents: the download (with the right type,
// an ETag and nosniff) and the coordinators' upload and delete pages. Files are
// stored in PostgreSQL, checked by internal/upload before they get there.
package documents

import (
	"context"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"spor/internal/auth"
	"spor/internal/database"
	"spor/internal/mail"
	"spor/internal/model"
	"spor/internal/upload"
)

// Store reads and writes documents.
type Store struct {
	db   *pgxpool.Pool
	tell Teller // nil: no at-once mails (see WithAtOnce)
}

// NewStore returns a Store on db.
func NewStore(db *pgxpool.Pool) *Store { return &Store{db: db} }

// Teller tells a group's followers about a new item in the transaction that
// publishes it (notify.AtOnce).
type Teller interface {
	Tell(ctx context.Context, tx pgx.Tx, groupID, ref, author int64, item mail.DigestItem) error
}

// WithAtOnce makes the store tell followers who chose "tell me at once" about a
// new document.
func (s *Store) WithAtOnce(t Teller) *Store {
	s.tell = t
	return s
}

const columns = `id, group_id, title, description, lang, filename, content_type, size, sha256, created_at`

func scan(row pgx.CollectableRow) (model.Document, error) {
	var d model.Document
	err := row.Scan(&d.ID, &d.GroupID, &d.Title, &d.Description, &d.Lang, &d.Filename, &d.ContentType, &d.Size, &d.SHA256, &d.CreatedAt)
	return d, err
}

// Documents returns the group's documents, newest first (without their data).
func (s *Store) Documents(ctx context.Context, groupID int64) ([]model.Document, error) {
	rows, _ := s.db.Query(ctx, `SELECT `+columns+` FROM documents WHERE group_id = $1 ORDER BY created_at DESC, id DESC`, groupID)
	list, err := pgx.CollectRows(rows, scan)
	return list, database.Wrap(err, "documents: list")
}

// Document returns one document of the group (without its data).
func (s *Store) Document(ctx context.Context, groupID, id int64) (model.Document, error) {
	rows, _ := s.db.Query(ctx, `SELECT `+columns+` FROM documents WHERE group_id = $1 AND id = $2`, groupID, id)
	d, err := pgx.CollectExactlyOneRow(rows, scan)
	return d, database.Wrap(err, "documents: get")
}

// Data returns the file of a document.
func (s *Store) Data(ctx context.Context, id int64) ([]byte, error) {
	var data []byte
	err := s.db.QueryRow(ctx, `SELECT data FROM documents WHERE id = $1`, id).Scan(&data)
	return data, database.Wrap(err, "documents: data")
}

// Create stores an uploaded file. The same file already in the group (by SHA-256)
// is returned as existing with database.ErrConflict.
func (s *Store) Create(ctx context.Context, d model.Document, f *upload.File, by int64) (id int64, existing model.Document, err error) {
	err = pgx.BeginFunc(ctx, s.db, func(tx pgx.Tx) error {
		err := tx.QueryRow(ctx, `INSERT INTO documents (group_id, title, description, lang, filename, content_type, size, sha256, data, uploaded_by)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
			d.GroupID, d.Title, d.Description, d.Lang, f.Name, f.ContentType, f.Size, f.SHA256, f.Data, by).Scan(&id)
		if err != nil || s.tell == nil {
			return err
		}
		title := d.Title
		if title == "" {
			title = f.Name
		}
		return s.tell.Tell(ctx, tx, d.GroupID, id, by, mail.DigestItem{Kind: mail.DigestDocument, Title: title})
	})
	if database.IsUniqueViolation(err, "documents_group_sha256_key") {
		rows, _ := s.db.Query(ctx, `SELECT `+columns+` FROM documents WHERE group_id = $1 AND sha256 = $2`, d.GroupID, f.SHA256)
		existing, _ = pgx.CollectExactlyOneRow(rows, scan)
	}
	return id, existing, database.Wrap(err, "documents: create")
}

// Delete removes a document of the group.
func (s *Store) Delete(ctx context.Context, groupID, id int64) error {
	tag, err := s.db.Exec(ctx, `DELETE FROM documents WHERE group_id = $1 AND id = $2`, groupID, id)
	if err == nil && tag.RowsAffected() == 0 {
		err = pgx.ErrNoRows
	}
	return database.Wrap(err, "documents: delete")
}

// CanEdit reports whether u may upload to and delete from the group.
func (s *Store) CanEdit(ctx context.Context, u *model.User, groupID int64) (bool, error) {
	return auth.CanEditGroup(ctx, s.db, u, groupID)
}

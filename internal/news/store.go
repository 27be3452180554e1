// Package news serves a group's news: each item's page, the group's Atom feed and
// the coordinators' pages to write, schedule and delete news.
package news

import (
	"context"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"spor/internal/auth"
	"spor/internal/database"
	"spor/internal/mail"
	"spor/internal/model"
)

// Store reads and writes news items.
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

// WithAtOnce makes the store tell followers who chose "tell me at once" about an
// item published now; a scheduled item reaches them in their digest.
func (s *Store) WithAtOnce(t Teller) *Store {
	s.tell = t
	return s
}

const columns = `n.id, n.group_id, n.title, n.body_md, n.body_html, n.lang, coalesce(u.name, ''), n.publish_at, n.created_at, n.updated_at`

const from = ` FROM news n LEFT JOIN users u ON u.id = n.author_id`

func scan(row pgx.CollectableRow) (model.News, error) {
	var n model.News
	err := row.Scan(&n.ID, &n.GroupID, &n.Title, &n.BodyMD, &n.BodyHTML, &n.Lang, &n.Author, &n.PublishAt, &n.CreatedAt, &n.UpdatedAt)
	return n, err
}

// Item returns one news item of the group; scheduled ones only when withScheduled.
func (s *Store) Item(ctx context.Context, groupID, id int64, withScheduled bool) (model.News, error) {
	rows, _ := s.db.Query(ctx, `SELECT `+columns+from+` WHERE n.group_id = $1 AND n.id = $2 AND ($3 OR n.publish_at <= now())`,
		groupID, id, withScheduled)
	n, err := pgx.CollectExactlyOneRow(rows, scan)
	return n, database.Wrap(err, "news: item")
}

// Published returns the group's newest published items, at most limit.
func (s *Store) Published(ctx context.Context, groupID int64, limit int) ([]model.News, error) {
	rows, _ := s.db.Query(ctx, `SELECT `+columns+from+` WHERE n.group_id = $1 AND n.publish_at <= now()
		ORDER BY n.publish_at DESC, n.id DESC LIMIT $2`, groupID, limit)
	list, err := pgx.CollectRows(rows, scan)
	return list, database.Wrap(err, "news: published")
}

// All returns every item of the group, scheduled ones included (for coordinators).
func (s *Store) All(ctx context.Context, groupID int64) ([]model.News, error) {
	rows, _ := s.db.Query(ctx, `SELECT `+columns+from+` WHERE n.group_id = $1 ORDER BY n.publish_at DESC, n.id DESC LIMIT 500`, groupID)
	list, err := pgx.CollectRows(rows, scan)
	return list, database.Wrap(err, "news: all")
}

// Save creates (ID 0, written by author) or updates an item of n.GroupID.
func (s *Store) Save(ctx context.Context, n model.News, author int64) (int64, error) {
	if n.ID == 0 {
		err := pgx.BeginFunc(ctx, s.db, func(tx pgx.Tx) error {
			var now bool
			err := tx.QueryRow(ctx, `INSERT INTO news (group_id, title, body_md, body_html, lang, author_id, publish_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id, publish_at <= now()`,
				n.GroupID, n.Title, n.BodyMD, n.BodyHTML, n.Lang, author, n.PublishAt).Scan(&n.ID, &now)
			if err != nil || !now || s.tell == nil {
				return err
			}
			return s.tell.Tell(ctx, tx, n.GroupID, n.ID, author, mail.DigestItem{Kind: mail.DigestNews, Title: n.Title})
		})
		return n.ID, database.Wrap(err, "news: create")
	}
	tag, err := s.db.Exec(ctx, `UPDATE news SET title = $3, body_md = $4, body_html = $5, lang = $6, publish_at = $7,
		updated_at = now() WHERE group_id = $1 AND id = $2`,
		n.GroupID, n.ID, n.Title, n.BodyMD, n.BodyHTML, n.Lang, n.PublishAt)
	if err == nil && tag.RowsAffected() == 0 {
		err = pgx.ErrNoRows
	}
	return n.ID, database.Wrap(err, "news: update")
}

// Delete removes an item of the group.
func (s *Store) Delete(ctx context.Context, groupID, id int64) error {
	tag, err := s.db.Exec(ctx, `DELETE FROM news WHERE group_id = $1 AND id = $2`, groupID, id)
	if err == nil && tag.RowsAffected() == 0 {
		err = pgx.ErrNoRows
	}
	return database.Wrap(err, "news: delete")
}

// CanEdit reports whether u may write the group's news.
func (s *Store) CanEdit(ctx context.Context, u *model.User, groupID int64) (bool, error) {
	return auth.CanEditGroup(ctx, s.db, u, groupID)
}

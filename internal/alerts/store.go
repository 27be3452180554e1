// Package alerts manages the site-wide alert banner: admins publish a message in
// each language for a time window; every page shows the active ones.
package alerts

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"spor/internal/database"
	"spor/internal/model"
)

// Store reads and writes alerts.
type Store struct{ db *pgxpool.Pool }

// NewStore returns a Store on db.
func NewStore(db *pgxpool.Pool) *Store { return &Store{db: db} }

const columns = `id, message_da, message_sv, message_en, level, link, starts_at, ends_at`

func scan(row pgx.CollectableRow) (model.Alert, error) {
	a := model.Alert{Message: map[string]string{}}
	var da, sv, en string
	err := row.Scan(&a.ID, &da, &sv, &en, &a.Level, &a.Link, &a.StartsAt, &a.EndsAt)
	a.Message["da"], a.Message["sv"], a.Message["en"] = da, sv, en
	return a, err
}

// QueueActive adds the query for the alerts active now to b (the page chrome loads
// them in the same round trip as the user), most severe first.
func QueueActive(b *pgx.Batch, into *[]model.Alert) {
	b.Queue(`SELECT ` + columns + ` FROM alerts WHERE starts_at <= now() AND ends_at > now()
		ORDER BY CASE level WHEN 'critical' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, starts_at DESC LIMIT 5`).
		Query(func(rows pgx.Rows) error {
			list, err := pgx.CollectRows(rows, scan)
			*into = list
			return err
		})
}

// Alerts returns every alert, newest window first.
func (s *Store) Alerts(ctx context.Context) ([]model.Alert, error) {
	rows, err := s.db.Query(ctx, `SELECT `+columns+` FROM alerts ORDER BY ends_at DESC, id DESC LIMIT 200`)
	if err != nil {
		return nil, database.Wrap(err, "alerts: list")
	}
	list, err := pgx.CollectRows(rows, scan)
	return list, database.Wrap(err, "alerts: list")
}

// Alert returns one alert.
func (s *Store) Alert(ctx context.Context, id int64) (model.Alert, error) {
	rows, _ := s.db.Query(ctx, `SELECT `+columns+` FROM alerts WHERE id = $1`, id)
	a, err := pgx.CollectExactlyOneRow(rows, scan)
	return a, database.Wrap(err, "alerts: get")
}

// SaveAlert creates (ID 0) or updates a and returns its id.
func (s *Store) SaveAlert(ctx context.Context, a model.Alert, by int64) (int64, error) {
	if a.ID == 0 {
		err := s.db.QueryRow(ctx, `INSERT INTO alerts (message_da, message_sv, message_en, level, link, starts_at, ends_at, created_by)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
			a.Message["da"], a.Message["sv"], a.Message["en"], a.Level, a.Link, a.StartsAt, a.EndsAt, by).Scan(&a.ID)
		return a.ID, database.Wrap(err, "alerts: create")
	}
	tag, err := s.db.Exec(ctx, `UPDATE alerts SET message_da = $2, message_sv = $3, message_en = $4, level = $5, link = $6,
		starts_at = $7, ends_at = $8, updated_at = now() WHERE id = $1`,
		a.ID, a.Message["da"], a.Message["sv"], a.Message["en"], a.Level, a.Link, a.StartsAt, a.EndsAt)
	if err == nil && tag.RowsAffected() == 0 {
		err = pgx.ErrNoRows
	}
	return a.ID, database.Wrap(err, "alerts: update")
}

// DeleteAlert removes an alert.
func (s *Store) DeleteAlert(ctx context.Context, id int64) error {
	tag, err := s.db.Exec(ctx, `DELETE FROM alerts WHERE id = $1`, id)
	if err == nil && tag.RowsAffected() == 0 {
		err = pgx.ErrNoRows
	}
	return database.Wrap(err, "alerts: delete")
}

// EndNow ends an alert's window at once (keeps it in the list as history).
func (s *Store) EndNow(ctx context.Context, id int64) error {
	tag, err := s.db.Exec(ctx, `UPDATE alerts SET ends_at = greatest(starts_at + interval '1 second', $2), updated_at = now() WHERE id = $1`, id, time.Now())
	if err == nil && tag.RowsAffected() == 0 {
		err = pgx.ErrNoRows
	}
	return database.Wrap(err, "alerts: end")
}

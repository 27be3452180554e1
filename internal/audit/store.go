// Package audit shows the audit log: who changed which record through /manage. The
// log itself is written by a database trigger (migration 00022) from the actor that
// RecordActor puts in the request's context; this package reads, exports and purges it.
package audit

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"spor/internal/model"
)

// Kinds are the record kinds (tables) the log covers, in the order the filter lists them.
var Kinds = []string{"users", "organisations", "alerts", "programmes", "programme_organisations",
	"groups", "group_coordinators", "group_followers", "contacts", "news", "documents", "events",
	"event_registrations", "tracks", "track_coordinators", "track_participants", "track_meetings",
	"track_meeting_moves", "track_speakers", "track_materials", "track_material_files", "track_attendance",
	"assessment_versions", "assessment_statements", "assessment_resources", "assessment_targets", "account_tokens",
	"learning_resources", "learning_resource_statements", "learning_parts", "learning_lists", "learning_list_items"}

// Entry is one logged change.
type Entry struct {
	ID        int64
	At        time.Time
	ActorID   *int64 // nil: a system job
	ActorName string // "" when the account no longer exists
	Action    string
	Kind      string
	RecordID  string
	Fields    []string
}

// Filter narrows the log; zero values do not filter.
type Filter struct {
	Person string // part of the actor's name or email
	Kind   string
	From   time.Time // first day, inclusive
	To     time.Time // last day, inclusive
	Pager  model.Pager
}

// Store reads the audit log.
type Store struct{ db *pgxpool.Pool }

// NewStore returns a store on db.
func NewStore(db *pgxpool.Pool) *Store { return &Store{db: db} }

func (f Filter) where() (string, []any) {
	var conds []string
	var args []any
	add := func(cond string, arg any) {
		args = append(args, arg)
		conds = append(conds, strings.ReplaceAll(cond, "?", fmt.Sprintf("$%d", len(args))))
	}
	if f.Person != "" {
		like := "%" + strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`).Replace(f.Person) + "%"
		add(`a.actor_id IN (SELECT id FROM users WHERE name ILIKE ? OR email ILIKE ?)`, like)
	}
	if f.Kind != "" {
		add(`a.record_kind = ?`, f.Kind)
	}
	if !f.From.IsZero() {
		add(`a.at >= ?`, f.From)
	}
	if !f.To.IsZero() {
		add(`a.at < ?`, f.To.AddDate(0, 0, 1))
	}
	if len(conds) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

const entryColumns = `a.id, a.at, a.actor_id, coalesce(u.name, ''), a.action, a.record_kind, a.record_id, a.fields
	FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id`

func scanEntry(row pgx.CollectableRow) (Entry, error) {
	var e Entry
	err := row.Scan(&e.ID, &e.At, &e.ActorID, &e.ActorName, &e.Action, &e.Kind, &e.RecordID, &e.Fields)
	return e, err
}

// Entries returns a page of the log, newest first, and how many entries match.
func (s *Store) Entries(ctx context.Context, f Filter) ([]Entry, int, error) {
	where, args := f.where()
	var total int
	if err := s.db.QueryRow(ctx, `SELECT count(*) FROM audit_log a`+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("audit: count: %w", err)
	}
	rows, err := s.db.Query(ctx, `SELECT `+entryColumns+where+
		fmt.Sprintf(` ORDER BY a.at DESC, a.id DESC LIMIT %d OFFSET %d`, f.Pager.PerPage, f.Pager.Offset()), args...)
	if err != nil {
		return nil, 0, fmt.Errorf("audit: entries: %w", err)
	}
	entries, err := pgx.CollectRows(rows, scanEntry)
	if err != nil {
		return nil, 0, fmt.Errorf("audit: entries: %w", err)
	}
	return entries, total, nil
}

// ExportLimit caps one CSV export; a longer log is exported in date ranges.
const ExportLimit = 100000

// Each calls fn for every matching entry (at most ExportLimit), newest first,
// reading from a cursor rather than collecting them.
func (s *Store) Each(ctx context.Context, f Filter, fn func(Entry) error) error {
	where, args := f.where()
	rows, err := s.db.Query(ctx, `SELECT `+entryColumns+where+fmt.Sprintf(` ORDER BY a.at DESC, a.id DESC LIMIT %d`, ExportLimit), args...)
	if err != nil {
		return fmt.Errorf("audit: export: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		e, err := scanEntry(rows)
		if err != nil {
			return fmt.Errorf("audit: export: %w", err)
		}
		if err := fn(e); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("audit: export: %w", err)
	}
	return nil
}

// Purge deletes entries older than before and returns how many; dry only counts.
func Purge(ctx context.Context, db *pgxpool.Pool, before time.Time, dry bool) (int64, error) {
	if dry {
		var n int64
		err := db.QueryRow(ctx, `SELECT count(*) FROM audit_log WHERE at < $1`, before).Scan(&n)
		if err != nil {
			return 0, fmt.Errorf("audit: purge: %w", err)
		}
		return n, nil
	}
	tag, err := db.Exec(ctx, `DELETE FROM audit_log WHERE at < $1`, before)
	if err != nil {
		return 0, fmt.Errorf("audit: purge: %w", err)
	}
	return tag.RowsAffected(), nil
}

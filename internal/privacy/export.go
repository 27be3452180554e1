// Package privacy answers people's GDPR requests about themselves: the export of
// everything Spor holds about a person (/me/privacy, Articles 15 and 20), erasure
// (Article 17), the retention job that keeps data no longer than configured, and
// the public privacy page.
package privacy

import (
	"archive/zip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/a-h/templ"
	"github.com/alexedwards/scs/v2"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"spor/internal/database"
	privacyviews "spor/templates/privacy"
)

// A section is one kind of record the export holds: a query with the person's id as
// $1 and email as $2, whose column names become the JSON keys. Secrets (password
// hash, calendar token, sign-in links) are never selected.
type section struct {
	name  string
	query string
}

var sections = []section{
	{"account", `SELECT u.id, u.email, u.name, o.name AS organisation, u.role, u.lang, u.library_contact, u.disabled, u.created_at, u.updated_at
		FROM users u JOIN organisations o ON o.id = u.organisation_id WHERE u.id = $1`},
	{"follows", `SELECT g.slug AS group_slug, g.title AS group_title, f.created_at AS followed_at
		FROM group_followers f JOIN groups g ON g.id = f.group_id WHERE f.user_id = $1 ORDER BY f.created_at, g.id`},
	{"registrations", `SELECT e.id AS event_id, e.title AS event_title, e.starts_at, r.status, r.attended, r.registered_at, r.confirmed_at, o.name AS organisation
		FROM event_registrations r JOIN events e ON e.id = r.event_id JOIN organisations o ON o.id = r.organisation_id
		WHERE r.user_id = $1 ORDER BY r.registered_at, r.id`},
	{"tracks", `SELECT t.slug AS track_slug, t.title AS track_title, p.joined_at
		FROM track_participants p JOIN tracks t ON t.id = p.track_id WHERE p.user_id = $1 ORDER BY p.joined_at, t.id`},
	{"track_attendance", `SELECT t.title AS track_title, m.starts_at, a.recorded_at
		FROM track_attendance a JOIN track_meetings m ON m.id = a.meeting_id JOIN tracks t ON t.id = m.track_id
		WHERE a.user_id = $1 ORDER BY m.starts_at, m.id`},
	{"assessment_attempts", `SELECT id AS attempt_id, version_id, started_at, completed_at
		FROM assessment_attempts WHERE user_id = $1 ORDER BY completed_at, id`},
	{"assessment_answers", `SELECT a.attempt_id, s.position, s.area, s.text_en AS statement, a.value
		FROM assessment_answers a JOIN assessment_attempts t ON t.id = a.attempt_id JOIN assessment_statements s ON s.id = a.statement_id
		WHERE t.user_id = $1 ORDER BY t.completed_at, t.id, s.position`},
	{"assessment_draft", `SELECT version_id, answers::text AS answers, started_at, updated_at FROM assessment_drafts WHERE user_id = $1`},
	{"sessions", `SELECT expiry AS expires_at, data AS last_seen FROM sessions WHERE user_id = $1 AND expiry > now() ORDER BY expiry`},
	{"mails", `SELECT subject, created_at FROM mailbox WHERE $1::bigint > 0 AND lower(recipient) = lower($2) ORDER BY created_at, id`},
	{"mail_queue", `SELECT args->>'type' AS type, state::text AS state, created_at, finalized_at
		FROM river_job WHERE $1::bigint > 0 AND kind = 'mail' AND lower(args->>'to') = lower($2) ORDER BY created_at, id`},
	{"links", `SELECT kind, created_at, expires_at, used_at, revoked_at FROM account_tokens
		WHERE user_id = $1 OR accepted_user_id = $1 OR lower(email) = lower($2) ORDER BY created_at, id`},
	{"contacts", `SELECT g.title AS group_title, c.name, c.role, c.organisation, c.email, c.phone, c.visibility
		FROM contacts c JOIN groups g ON g.id = c.group_id WHERE $1::bigint > 0 AND lower(c.email) = lower($2) ORDER BY c.id`},
	{"changes_made", `SELECT at, action, record_kind, record_id, array_to_string(fields, ' ') AS fields
		FROM audit_log WHERE actor_id = $1 ORDER BY at, id`},
}

// Sections names the export's sections in order (the JSON's keys).
func Sections() []string {
	names := make([]string, len(sections))
	for i, s := range sections {
		names[i] = s.name
	}
	return names
}

// exportQueryer is a read-only, repeatable-read transaction: the JSON and the HTML
// are the same snapshot.
type exportQueryer interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
}

// eachRow streams one section's rows: fn gets the column names and each row's
// values, formatted for people (times in RFC 3339, the session's data as its last-seen time).
func eachRow(ctx context.Context, q exportQueryer, s section, id int64, email string, fn func(cols []string, vals []any) error) error {
	args := []any{id}
	if strings.Contains(s.query, "$2") {
		args = append(args, email)
	}
	rows, err := q.Query(ctx, s.query, args...)
	if err != nil {
		return fmt.Errorf("privacy: export %s: %w", s.name, err)
	}
	defer rows.Close()
	var cols []string
	for _, f := range rows.FieldDescriptions() {
		cols = append(cols, f.Name)
	}
	for rows.Next() {
		vals, err := rows.Values()
		if err != nil {
			return fmt.Errorf("privacy: export %s: %w", s.name, err)
		}
		for i, v := range vals {
			switch v := v.(type) {
			case time.Time:
				vals[i] = v.UTC().Format(time.RFC3339)
			case []byte: // a session's encoded data: only when it was last used
				vals[i] = nil
				if _, values, err := (scs.GobCodec{}).Decode(v); err == nil {
					if ts, ok := values["last_seen"].(int64); ok { // auth's idle-timeout key
						vals[i] = time.Unix(ts, 0).UTC().Format(time.RFC3339)
					}
				}
			}
		}
		if err := fn(cols, vals); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("privacy: export %s: %w", s.name, err)
	}
	return nil
}

// Export writes the person's ZIP to w: data.json (machine-readable) and data.html
// (readable, in lang), both streamed row by row from cursors, never collected.
func Export(ctx context.Context, db *pgxpool.Pool, id int64, w io.Writer, html func(email string, sections []privacyviews.ExportSection) templ.Component) error {
	tx, err := db.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return fmt.Errorf("privacy: export: %w", err)
	}
	defer func() { _ = tx.Rollback(ctx) }()
	if err := database.SetLocalTimeouts(ctx, tx, database.ExportStatementTimeout, database.PageLockTimeout); err != nil {
		return err
	}
	var email string
	if err := tx.QueryRow(ctx, `SELECT email FROM users WHERE id = $1`, id).Scan(&email); err != nil {
		return database.Wrap(err, "privacy: export")
	}
	z := zip.NewWriter(w)
	f, err := z.CreateHeader(&zip.FileHeader{Name: "data.json", Method: zip.Deflate, Modified: time.Now()})
	if err != nil {
		return fmt.Errorf("privacy: export: %w", err)
	}
	if err := writeJSON(ctx, tx, id, email, f); err != nil {
		return err
	}
	f, err = z.CreateHeader(&zip.FileHeader{Name: "data.html", Method: zip.Deflate, Modified: time.Now()})
	if err != nil {
		return fmt.Errorf("privacy: export: %w", err)
	}
	var views []privacyviews.ExportSection
	for _, s := range sections {
		views = append(views, privacyviews.ExportSection{Name: s.name, Rows: func(ctx context.Context, row func(cols []string, vals []any) error) error {
			return eachRow(ctx, tx, s, id, email, row)
		}})
	}
	if err := html(email, views).Render(ctx, f); err != nil {
		return fmt.Errorf("privacy: export html: %w", err)
	}
	if err := z.Close(); err != nil {
		return fmt.Errorf("privacy: export: %w", err)
	}
	return nil
}

// writeJSON writes {"section": [{"column": value, ...}, ...], ...} one row at a time.
func writeJSON(ctx context.Context, q exportQueryer, id int64, email string, w io.Writer) error {
	write := func(s string) error { _, err := io.WriteString(w, s); return err }
	if err := write("{\n"); err != nil {
		return err
	}
	for i, s := range sections {
		key, _ := json.Marshal(s.name)
		if err := write(string(key) + ": ["); err != nil {
			return err
		}
		first := true
		err := eachRow(ctx, q, s, id, email, func(cols []string, vals []any) error {
			sep := "\n  {"
			if !first {
				sep = ",\n  {"
			}
			first = false
			if err := write(sep); err != nil {
				return err
			}
			for j, c := range cols {
				k, _ := json.Marshal(c)
				v, err := json.Marshal(vals[j])
				if err != nil {
					return fmt.Errorf("privacy: export %s.%s: %w", s.name, c, err)
				}
				if j > 0 {
					if err := write(", "); err != nil {
						return err
					}
				}
				if err := write(string(k) + ": " + string(v)); err != nil {
					return err
				}
			}
			return write("}")
		})
		if err != nil {
			return err
		}
		end := "]"
		if !first {
			end = "\n]"
		}
		if i < len(sections)-1 {
			end += ","
		}
		if err := write(end + "\n"); err != nil {
			return err
		}
	}
	return write("}\n")
}

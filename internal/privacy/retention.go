package privacy

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"spor/internal/config"
	"spor/internal/database"
)

// Grace is how long a warned account has before it is disabled, and a disabled one
// before it is erased.
const Grace = 30 * 24 * time.Hour

// Report counts what a retention run did (or, dry, would do).
type Report struct {
	Registrations int64 `json:"registrations_anonymised"`
	Warned        int64 `json:"accounts_warned"`
	Disabled      int64 `json:"accounts_disabled"`
	Erased        int64 `json:"accounts_erased"`
	Sessions      int64 `json:"sessions_expired"`
	LoginCounters int64 `json:"login_counters"`
	Audit         int64 `json:"audit_entries"`
}

// Purge applies the retention periods as of now. Dry counts without changing
// anything. Every change is credited to the system in the audit log.
func Purge(ctx context.Context, db *pgxpool.Pool, cfg config.Privacy, now time.Time, dry bool, mailer Mailer) (Report, error) {
	ctx = database.WithActor(ctx, database.SystemActor)
	var r Report
	regCut := now.AddDate(0, -cfg.RegistrationsMonths, 0)
	inactiveCut := now.AddDate(0, -cfg.InactiveMonths, 0)
	auditCut := now.AddDate(0, -cfg.AuditMonths, 0)

	// count runs sql as a count when dry, otherwise as the change itself.
	count := func(n *int64, countSQL, changeSQL string, args ...any) error {
		if dry {
			return database.Wrap(db.QueryRow(ctx, countSQL, args...).Scan(n), "privacy: retention")
		}
		tag, err := db.Exec(ctx, changeSQL, args...)
		*n = tag.RowsAffected()
		return database.Wrap(err, "privacy: retention")
	}
	// The log first: this run's own entries are never its to purge.
	if err := count(&r.Audit, `SELECT count(*) FROM audit_log WHERE at < $1`, `DELETE FROM audit_log WHERE at < $1`, auditCut); err != nil {
		return r, err
	}
	// Registrations keep their row (event numbers stay right) and lose their person.
	if err := count(&r.Registrations,
		`SELECT count(*) FROM event_registrations r JOIN events e ON e.id = r.event_id WHERE e.ends_at < $1 AND r.user_id IS NOT NULL`,
		`UPDATE event_registrations r SET user_id = NULL FROM events e WHERE e.id = r.event_id AND e.ends_at < $1 AND r.user_id IS NOT NULL`,
		regCut); err != nil {
		return r, err
	}
	if err := count(&r.Sessions, `SELECT count(*) FROM sessions WHERE expiry < $1`, `DELETE FROM sessions WHERE expiry < $1`, now); err != nil {
		return r, err
	}
	if err := count(&r.LoginCounters, `SELECT count(*) FROM rate_limits WHERE window_start < $1`,
		`DELETE FROM rate_limits WHERE window_start < $1`, now.Add(-24*time.Hour)); err != nil {
		return r, err
	}

	// Inactive accounts: erased a grace after being disabled, disabled a grace after
	// the warning, warned when unused for the configured months. A login in between
	// clears the warning (the sessions trigger), and only accounts the job itself
	// warned are ever disabled or erased by it.
	rows, err := db.Query(ctx, `SELECT id FROM users WHERE disabled AND inactive_warned_at < $1 AND last_seen_at < $2 ORDER BY id`,
		now.Add(-2*Grace), inactiveCut)
	if err != nil {
		return r, fmt.Errorf("privacy: retention: %w", err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return r, fmt.Errorf("privacy: retention: %w", err)
	}
	r.Erased = int64(len(ids))
	if !dry {
		for _, id := range ids {
			if _, err := Erase(ctx, db, id, mailer); err != nil {
				return r, err
			}
		}
	}
	disable := `FROM users WHERE NOT disabled AND inactive_warned_at < $1 AND last_seen_at < $2`
	if dry {
		if err := db.QueryRow(ctx, `SELECT count(*) `+disable, now.Add(-Grace), inactiveCut).Scan(&r.Disabled); err != nil {
			return r, fmt.Errorf("privacy: retention: %w", err)
		}
	} else {
		err := db.QueryRow(ctx, `WITH d AS (UPDATE users SET disabled = true WHERE id IN (SELECT id `+disable+`) RETURNING id),
				s AS (DELETE FROM sessions WHERE user_id IN (SELECT id FROM d))
			SELECT count(*) FROM d`, now.Add(-Grace), inactiveCut).Scan(&r.Disabled)
		if err != nil {
			return r, fmt.Errorf("privacy: retention: disable: %w", err)
		}
	}
	if dry {
		err = db.QueryRow(ctx, `SELECT count(*) FROM users WHERE NOT disabled AND inactive_warned_at IS NULL AND last_seen_at < $1`, inactiveCut).Scan(&r.Warned)
		return r, database.Wrap(err, "privacy: retention")
	}
	err = pgx.BeginFunc(ctx, db, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `UPDATE users SET inactive_warned_at = $2
			WHERE NOT disabled AND inactive_warned_at IS NULL AND last_seen_at < $1 RETURNING id, email, name, lang`, inactiveCut, now)
		if err != nil {
			return err
		}
		var mails []Mail
		for rows.Next() {
			var m Mail
			if err := rows.Scan(&m.Ref, &m.To, &m.Name, &m.Lang); err != nil {
				rows.Close()
				return err
			}
			m.Type, m.Path = "inactive_warning", "/login"
			mails = append(mails, m)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		r.Warned = int64(len(mails))
		for _, m := range mails {
			if mailer != nil {
				if err := mailer(ctx, tx, m); err != nil {
					return err
				}
			}
		}
		return nil
	})
	return r, database.Wrap(err, "privacy: retention: warn")
}

// RunDaily runs Purge once a day across every instance: each instance calls it
// often, and only the one whose insert of today's row wins runs the purge. The
// counts are logged and kept with the day's row.
func RunDaily(ctx context.Context, db *pgxpool.Pool, cfg config.Privacy, mailer Mailer, now time.Time) {
	tag, err := db.Exec(ctx, `INSERT INTO retention_runs (day) VALUES ($1) ON CONFLICT (day) DO NOTHING`, now.UTC().Format("2006-01-02"))
	if err != nil {
		if ctx.Err() == nil {
			slog.Warn("retention: claim today's run", "err", err)
		}
		return
	}
	if tag.RowsAffected() == 0 {
		return // another instance (or an earlier tick) has today's run
	}
	r, err := Purge(ctx, db, cfg, now, false, mailer)
	if err != nil {
		slog.Error("retention run failed", "err", err, "report", r)
		return
	}
	report, _ := json.Marshal(r)
	if _, err := db.Exec(ctx, `UPDATE retention_runs SET finished_at = now(), report = $2 WHERE day = $1`, now.UTC().Format("2006-01-02"), report); err != nil {
		slog.Warn("retention: record run", "err", err)
	}
	slog.Info("retention run", "registrations_anonymised", r.Registrations, "accounts_warned", r.Warned,
		"accounts_disabled", r.Disabled, "accounts_erased", r.Erased, "sessions_expired", r.Sessions,
		"login_counters", r.LoginCounters, "audit_entries", r.Audit)
}

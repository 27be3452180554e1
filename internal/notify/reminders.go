// Package notify runs the notifications that are not caused by one request:
// reminders before events and track meetings, and each person's settings for them.
package notify

import (
	"context"

	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"spor/internal/database"
	"spor/internal/mail"
)

// ReminderBatch bounds one run: the rest is taken by the next run.
const ReminderBatch = 5000

// Reminders is the periodic task that mails confirmed participants of events and
// the participants of tracks before each start, remind_days ahead (0: never).
func Reminders(pool *pgxpool.Pool, every time.Duration) mail.Task {
	return mail.Task{Name: "reminders", Interval: every, Run: func(ctx context.Context, q *mail.Queue) error {
		return SendReminders(ctx, pool, q)
	}}
}

// dueSQL records the reminders that are due and not yet sent and returns them with
// what the mail shows. The insert decides: reminders_sent's key (kind, record,
// person, start time) lets each reminder through exactly once, even when two runs
// overlap (the second waits for the first's rows, then skips them).
const dueSQL = `WITH due AS (
		(SELECT 'event' AS kind, e.id AS ref, r.user_id, e.starts_at
		FROM events e JOIN event_registrations r ON r.event_id = e.id AND r.status = 'confirmed'
		JOIN users u ON u.id = r.user_id AND NOT u.disabled AND u.reminders
		WHERE e.status = 'published' AND e.remind_days > 0
			AND e.starts_at > now() AND e.starts_at <= now() + make_interval(days => e.remind_days)
			AND NOT EXISTS (SELECT 1 FROM reminders_sent s
				WHERE s.kind = 'event' AND s.ref = e.id AND s.user_id = r.user_id AND s.starts_at = e.starts_at)
		LIMIT $1)
		UNION ALL
		(SELECT 'meeting', m.id, p.user_id, m.starts_at
		FROM track_meetings m JOIN tracks t ON t.id = m.track_id JOIN track_participants p ON p.track_id = t.id
		JOIN users u ON u.id = p.user_id AND NOT u.disabled AND u.reminders
		WHERE m.status <> 'cancelled' AND t.remind_days > 0
			AND m.starts_at > now() AND m.starts_at <= now() + make_interval(days => t.remind_days)
			AND NOT EXISTS (SELECT 1 FROM reminders_sent s
				WHERE s.kind = 'meeting' AND s.ref = m.id AND s.user_id = p.user_id AND s.starts_at = m.starts_at)
		LIMIT $1)
	), fresh AS (
		INSERT INTO reminders_sent (kind, ref, user_id, starts_at) SELECT kind, ref, user_id, starts_at FROM due
		ON CONFLICT DO NOTHING RETURNING kind, ref, user_id, starts_at
	)
	SELECT f.kind, f.ref, u.email, u.name, u.lang, coalesce(e.title, m.title), f.starts_at, coalesce(e.ends_at, m.ends_at),
		coalesce(e.zone, m.zone), coalesce(e.all_day, false), coalesce(e.place, m.place), coalesce(e.online_url, m.online_url),
		coalesce(e.sequence, m.sequence),
		CASE WHEN f.kind = 'event' THEN '/events/' || f.ref ELSE '/tracks/' || t.slug || '#meeting-' || f.ref END
	FROM fresh f JOIN users u ON u.id = f.user_id
	LEFT JOIN events e ON f.kind = 'event' AND e.id = f.ref
	LEFT JOIN track_meetings m ON f.kind = 'meeting' AND m.id = f.ref
	LEFT JOIN tracks t ON t.id = m.track_id`

// SendReminders enqueues every reminder that is due, in the transaction that
// records it as sent.
func SendReminders(ctx context.Context, pool *pgxpool.Pool, q *mail.Queue) error {
	err := pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, dueSQL, ReminderBatch)
		if err != nil {
			return err
		}
		list, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (mail.Args, error) {
			var kind string
			var ref int64
			var a mail.Args
			var o mail.Occurrence
			err := row.Scan(&kind, &ref, &a.To, &a.Name, &a.Lang, &o.Title, &o.Start, &o.End, &o.Zone, &o.AllDay,
				&o.Place, &o.OnlineURL, &o.Sequence, &a.Path)
			if kind == "event" {
				o.Kind, o.ID, a.Type = mail.EventOccurrence(ref).Kind, ref, mail.KindEventReminder
			} else {
				o.Kind, o.ID, a.Type = mail.MeetingOccurrence(ref).Kind, ref, mail.KindMeetingReminder
			}
			o.Online = o.OnlineURL != ""
			// One reminder per start time: a moved event's new time is a new mail.
			a.Ref, a.Seq, a.Event = ref, int(o.Start.Unix()), &o
			return a, err
		})
		if err != nil {
			return err
		}
		return q.EnqueueMany(ctx, tx, list)
	})
	return database.Wrap(err, "notify: reminders")
}

// Interval is how often reminders are looked for by default.
const Interval = 5 * time.Minute

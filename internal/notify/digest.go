package notify

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"spor/internal/database"
	"spor/internal/mail"
)

// DigestBatch bounds the people one run handles; the next run takes the rest.
const DigestBatch = 500

// digestItems bounds each kind of item in one digest.
const digestItems = 20

// Digests is the periodic task that sends each person's daily or weekly digest.
func Digests(pool *pgxpool.Pool, every time.Duration) mail.Task {
	return mail.Task{Name: "digests", Interval: every, Run: func(ctx context.Context, q *mail.Queue) error {
		for {
			n, err := SendDigests(ctx, pool, q, time.Now(), DigestBatch)
			if err != nil || n < DigestBatch {
				return err
			}
		}
	}}
}

// dueDigestSQL finds people whose digest for the current period is due: from 07:00
// each day (daily) or from Monday 07:00 of each ISO week (weekly), in the zone of
// the person's organisation, and not yet sent for that period.
const dueDigestSQL = `WITH p AS (
		SELECT u.id, u.email, u.name, u.lang, u.digest_frequency AS freq,
			coalesce(u.digest_since, u.created_at) AS since,
			$2::timestamptz AT TIME ZONE CASE o.country WHEN 'SE' THEN 'Europe/Stockholm' WHEN 'NO' THEN 'Europe/Oslo'
				WHEN 'FI' THEN 'Europe/Helsinki' ELSE 'Europe/Copenhagen' END AS local
		FROM users u JOIN organisations o ON o.id = u.organisation_id
		WHERE NOT u.disabled AND u.digest_frequency <> 'never'
	), d AS (
		SELECT *, CASE freq WHEN 'daily' THEN 'd' || to_char(local, 'YYYY-MM-DD') ELSE 'w' || to_char(local, 'IYYY-IW') END AS period
		FROM p
		WHERE extract(hour FROM local) >= 7 OR (freq = 'weekly' AND extract(isodow FROM local) > 1)
	)
	SELECT id, email, name, lang, since, period FROM d
	WHERE NOT EXISTS (SELECT 1 FROM digests_sent s WHERE s.user_id = d.id AND s.period = d.period)
	ORDER BY id LIMIT $1`

type digestee struct {
	id                     int64
	email, name, lang, per string
	since                  time.Time
}

// SendDigests sends up to limit due digests and returns how many people it
// handled, as of now. Each person is one transaction: the period is recorded (its key lets
// only one instance through), the items since the last digest are gathered, and
// the mail is enqueued; nothing new, no mail.
func SendDigests(ctx context.Context, pool *pgxpool.Pool, q *mail.Queue, now time.Time, limit int) (int, error) {
	rows, err := pool.Query(ctx, dueDigestSQL, limit, now)
	if err != nil {
		return 0, database.Wrap(err, "notify: due digests")
	}
	people, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (digestee, error) {
		var d digestee
		return d, row.Scan(&d.id, &d.email, &d.name, &d.lang, &d.since, &d.per)
	})
	if err != nil {
		return 0, database.Wrap(err, "notify: due digests")
	}
	key, err := readKey(ctx, pool)
	if err != nil {
		return 0, err
	}
	for _, p := range people {
		if err := pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error { return digestOne(ctx, tx, q, key, p, now) }); err != nil {
			return 0, database.Wrap(err, "notify: digest")
		}
	}
	return len(people), nil
}

func digestOne(ctx context.Context, tx pgx.Tx, q *mail.Queue, key []byte, p digestee, until time.Time) error {
	tag, err := tx.Exec(ctx, `INSERT INTO digests_sent (user_id, period) VALUES ($1, $2) ON CONFLICT DO NOTHING`, p.id, p.per)
	if err != nil || tag.RowsAffected() == 0 {
		return err // another instance has it
	}
	if _, err := tx.Exec(ctx, `UPDATE users SET digest_since = $2 WHERE id = $1`, p.id, until); err != nil {
		return err
	}
	items, err := digestContent(ctx, tx, p.id, p.since, until)
	if err != nil || len(items) == 0 {
		return err
	}
	return q.EnqueueMany(ctx, tx, []mail.Args{{Type: mail.KindDigest, To: p.email, Ref: p.id, Seq: periodSeq(p.per),
		Lang: p.lang, Name: p.name, Digest: &mail.Digest{Items: items},
		Unsubscribe: "/unsubscribe/" + token{kind: 'd', userID: p.id}.encode(key)}})
}

// periodSeq makes the period a number for the queue's unique key: 20261130 for a
// day, 202649 for a week.
func periodSeq(period string) int {
	n, _ := strconv.Atoi(strings.NewReplacer("-", "").Replace(period[1:]))
	return n
}

// digestSQL gathers what is new in (since, until] for one person: news, upcoming
// events and documents of the groups they follow "in my digest", and new meetings
// of the tracks they joined.
const digestSQL = `(SELECT 'news', n.title, g.title, '/groups/' || g.slug || '/news/' || n.id, NULL::timestamptz, '', -1
		FROM news n JOIN group_followers f ON f.group_id = n.group_id AND f.user_id = $1 AND f.in_digest
		JOIN groups g ON g.id = n.group_id
		WHERE n.publish_at > $2 AND n.publish_at <= $3 ORDER BY n.publish_at DESC LIMIT $4)
	UNION ALL
	(SELECT 'event', e.title, g.title, '/events/' || e.id, e.starts_at, e.zone,
		CASE WHEN e.capacity IS NULL THEN -1 ELSE greatest(e.capacity - (SELECT count(*) FROM event_registrations r
			WHERE r.event_id = e.id AND r.status = 'confirmed'), 0) END
		FROM events e JOIN group_followers f ON f.group_id = e.group_id AND f.user_id = $1 AND f.in_digest
		JOIN groups g ON g.id = e.group_id
		WHERE e.status = 'published' AND e.created_at > $2 AND e.created_at <= $3 AND e.starts_at > $3
		ORDER BY e.starts_at LIMIT $4)
	UNION ALL
	(SELECT 'document', d.title, g.title, '/groups/' || g.slug, NULL, '', -1
		FROM documents d JOIN group_followers f ON f.group_id = d.group_id AND f.user_id = $1 AND f.in_digest
		JOIN groups g ON g.id = d.group_id
		WHERE d.created_at > $2 AND d.created_at <= $3 ORDER BY d.created_at DESC LIMIT $4)
	UNION ALL
	(SELECT 'meeting', m.title, t.title, '/tracks/' || t.slug || '#meeting-' || m.id, m.starts_at, m.zone, -1
		FROM track_meetings m JOIN track_participants p ON p.track_id = m.track_id AND p.user_id = $1
		JOIN tracks t ON t.id = m.track_id
		WHERE m.created_at > $2 AND m.created_at <= $3 AND m.starts_at > $3 AND m.status <> 'cancelled'
		ORDER BY m.starts_at LIMIT $4)`

func digestContent(ctx context.Context, tx pgx.Tx, userID int64, since, until time.Time) ([]mail.DigestItem, error) {
	rows, err := tx.Query(ctx, digestSQL, userID, since, until, digestItems)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (mail.DigestItem, error) {
		var it mail.DigestItem
		var places int64
		err := row.Scan(&it.Kind, &it.Title, &it.Group, &it.Path, &it.Start, &it.Zone, &places)
		it.PlacesLeft = int(places)
		return it, err
	})
}

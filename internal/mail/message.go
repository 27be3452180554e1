package mail

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"

	"spor/internal/model"
)

// Limits of a coordinator's short message to the participants of an event or a
// track.
const (
	MessageMaxLen     = 2000      // characters
	MessagesPerWindow = 3         // messages per event or track
	MessageWindow     = time.Hour // ... in this window
)

// MessageText tidies a coordinator's message from a form; problem is the message
// id of what is wrong with it, or "".
func MessageText(raw string) (text, problem string) {
	text = strings.TrimSpace(strings.ReplaceAll(raw, "\r\n", "\n"))
	switch n := utf8.RuneCountInString(text); {
	case n == 0:
		return text, "notify.message.empty"
	case n > MessageMaxLen:
		return text, "notify.message.too_long"
	}
	return text, ""
}

// CountMessage counts one message under key (as "event-msg:42") in rate_limits,
// inside the transaction that enqueues it, so a refused or failed message counts
// nothing; ok is false beyond MessagesPerWindow in the current window.
func CountMessage(ctx context.Context, tx pgx.Tx, key string, now time.Time) (ok bool, err error) {
	var hits int
	if err := tx.QueryRow(ctx, `INSERT INTO rate_limits (key, window_start, hits) VALUES ($1, $2, 1)
		ON CONFLICT (key, window_start) DO UPDATE SET hits = rate_limits.hits + 1 RETURNING hits`,
		key, now.Truncate(MessageWindow)).Scan(&hits); err != nil {
		return false, fmt.Errorf("mail: count message: %w", err)
	}
	return hits <= MessagesPerWindow, nil
}

// RetryAfter is the Retry-After, in seconds, of a message refused at now.
func RetryAfter(now time.Time) int {
	return int(now.Truncate(MessageWindow).Add(MessageWindow).Sub(now).Seconds()) + 1
}

// KindTrackMessage is a coordinator's short message to a track's participants.
const KindTrackMessage = "track_message"

// Note is a coordinator's message about a record other than one event or
// meeting (a track); Kind and ID name it in mail_log.
type Note struct {
	Kind  string `json:"kind"`
	ID    int64  `json:"id"`
	Title string `json:"title"`
	From  string `json:"from"`
	Text  string `json:"text"`
}

// SentAboutTrack lists the newest mails sent about a track: its messages and the
// mails about its meetings.
func SentAboutTrack(ctx context.Context, db interface {
	Query(context.Context, string, ...any) (pgx.Rows, error)
}, trackID int64) ([]model.SentMail, error) {
	rows, err := db.Query(ctx, `SELECT type, recipient, sent_at FROM mail_log
		WHERE (record_kind = 'track' AND record_id = $1)
			OR (record_kind = 'meeting' AND record_id IN (SELECT id FROM track_meetings WHERE track_id = $1))
		ORDER BY sent_at DESC, id DESC LIMIT $2`, trackID, SentLimit)
	if err != nil {
		return nil, fmt.Errorf("mail: sent about track: %w", err)
	}
	list, err := pgx.CollectRows(rows, pgx.RowToStructByPos[model.SentMail])
	if err != nil {
		return nil, fmt.Errorf("mail: sent about track: %w", err)
	}
	return list, nil
}

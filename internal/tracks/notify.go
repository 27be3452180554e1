package tracks

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"spor/internal/mail"
	"spor/internal/model"
)

// Enqueuer puts mails into the queue inside the transaction of the change.
type Enqueuer interface {
	EnqueueMany(ctx context.Context, tx pgx.Tx, list []mail.Args) error
}

// WithMail makes the store mail a track's participants when one of its meetings
// is moved, gets another place or link, or is cancelled. Without it nothing is mailed.
func (s *Store) WithMail(q Enqueuer) *Store {
	s.mail = q
	return s
}

// meetingState is what participants are told about a meeting.
type meetingState struct {
	title, zone, place, online, status string
	starts, ends                       time.Time
}

func readMeetingState(ctx context.Context, tx pgx.Tx, trackID, id int64) (meetingState, error) {
	var m meetingState
	err := tx.QueryRow(ctx, `SELECT title, zone, place, online_url, status, starts_at, ends_at
		FROM track_meetings WHERE id = $1 AND track_id = $2 FOR UPDATE`, id, trackID).
		Scan(&m.title, &m.zone, &m.place, &m.online, &m.status, &m.starts, &m.ends)
	return m, err
}

// notifyMeeting tells the track's participants what an edit of a meeting changed,
// or that it is cancelled; sequence is the meeting's new SEQUENCE.
func (s *Store) notifyMeeting(ctx context.Context, tx pgx.Tx, trackID, id int64, old, cur meetingState, sequence int) error {
	if s.mail == nil {
		return nil
	}
	kind := mail.KindMeetingChanged
	var changed []string
	if !old.starts.Equal(cur.starts) || !old.ends.Equal(cur.ends) {
		changed = append(changed, mail.ChangedTime)
	}
	if old.place != cur.place {
		changed = append(changed, mail.ChangedPlace)
	}
	if old.online != cur.online {
		changed = append(changed, mail.ChangedOnline)
	}
	switch {
	case cur.status == model.MeetingCancelled && old.status != model.MeetingCancelled:
		kind = mail.KindMeetingCancelled
	case cur.status == model.MeetingCancelled || len(changed) == 0:
		return nil
	}
	var slug string
	if err := tx.QueryRow(ctx, `SELECT slug FROM tracks WHERE id = $1`, trackID).Scan(&slug); err != nil {
		return err
	}
	rows, err := tx.Query(ctx, `SELECT u.email, u.name, u.lang FROM track_participants p JOIN users u ON u.id = p.user_id
		WHERE p.track_id = $1 AND NOT u.disabled ORDER BY u.id`, trackID)
	if err != nil {
		return err
	}
	people, err := pgx.CollectRows(rows, pgx.RowToStructByPos[mail.Recipient])
	if err != nil {
		return err
	}
	list := make([]mail.Args, 0, len(people))
	for _, p := range people {
		o := mail.MeetingOccurrence(id)
		o.Sequence, o.Title, o.Start, o.End, o.Zone = sequence, cur.title, cur.starts, cur.ends, cur.zone
		o.Place, o.Online, o.Changed = cur.place, cur.online != "", changed
		// Participants may see the meeting link (the track page shows it to them).
		o.OnlineURL = cur.online
		if kind == mail.KindMeetingCancelled {
			o.Cancelled, o.OnlineURL, o.Changed = true, "", nil
		} else if changed[0] == mail.ChangedTime {
			o.PrevStart, o.PrevEnd = &old.starts, &old.ends
		}
		list = append(list, mail.Args{Type: kind, To: p.Email, Ref: id, Seq: sequence, Lang: p.Lang, Name: p.Name,
			Path: "/tracks/" + slug + "#meeting-" + itoa64(id), Event: &o})
	}
	return s.mail.EnqueueMany(ctx, tx, list)
}

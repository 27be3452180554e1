package tracks

import (
	"cmp"
	"context"
	"slices"
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

// addedMaterials lists the titles of m's links that the meeting did not have
// before this edit (same URL: not new).
func addedMaterials(ctx context.Context, tx pgx.Tx, m model.Meeting) ([]string, error) {
	rows, err := tx.Query(ctx, `SELECT url FROM track_materials WHERE meeting_id = $1`, m.ID)
	if err != nil {
		return nil, err
	}
	urls, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, err
	}
	var added []string
	for _, mt := range m.Materials {
		if !slices.Contains(urls, mt.URL) {
			added = append(added, cmp.Or(mt.Title, mt.URL))
		}
	}
	return added, nil
}

// notifyMaterials tells the track's participants (but not by, who added them)
// that titles were added to a meeting, past or coming; seq keeps successive
// additions apart in the queue's unique key.
func (s *Store) notifyMaterials(ctx context.Context, tx pgx.Tx, meetingID int64, seq int, by int64, titles []string) error {
	if s.mail == nil || len(titles) == 0 {
		return nil
	}
	var trackID int64
	var slug, track, status string
	var start time.Time
	var o mail.DigestItem
	if err := tx.QueryRow(ctx, `SELECT t.id, t.slug, t.title, m.title, m.starts_at, m.zone, m.status FROM track_meetings m
		JOIN tracks t ON t.id = m.track_id WHERE m.id = $1`, meetingID).Scan(&trackID, &slug, &track, &o.Group, &start, &o.Zone, &status); err != nil {
		return err
	}
	if status == model.MeetingCancelled {
		return nil
	}
	o.Group = track + ": " + o.Group
	rows, err := tx.Query(ctx, `SELECT u.email, u.name, u.lang FROM track_participants p JOIN users u ON u.id = p.user_id
		WHERE p.track_id = $1 AND NOT u.disabled AND u.id <> $2 ORDER BY u.id`, trackID, by)
	if err != nil {
		return err
	}
	people, err := pgx.CollectRows(rows, pgx.RowToStructByPos[mail.Recipient])
	if err != nil {
		return err
	}
	items := make([]mail.DigestItem, len(titles))
	for i, title := range titles {
		it := o
		it.Kind, it.Title, it.Path, it.Start = mail.DigestMaterial, title, "/tracks/"+slug+"#meeting-"+itoa64(meetingID), &start
		items[i] = it
	}
	list := make([]mail.Args, 0, len(people))
	for _, p := range people {
		list = append(list, mail.Args{Type: mail.KindMaterials, To: p.Email, Ref: meetingID, Seq: seq, Lang: p.Lang,
			Name: p.Name, Digest: &mail.Digest{Items: items}})
	}
	return s.mail.EnqueueMany(ctx, tx, list)
}

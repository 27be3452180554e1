package events

import (
	"context"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"spor/internal/mail"
	"spor/internal/model"
)

// Enqueuer puts mails into the queue inside the transaction of the change.
type Enqueuer interface {
	EnqueueMany(ctx context.Context, tx pgx.Tx, list []mail.Args) error
}

// WithMail makes the store mail participants about their registrations and about
// changes, in the transaction of each change. Without it nothing is mailed.
func (s *Store) WithMail(q Enqueuer) *Store {
	s.mail = q
	return s
}

// Teller tells a group's followers about a new item in the transaction that
// publishes it (notify.AtOnce).
type Teller interface {
	Tell(ctx context.Context, tx pgx.Tx, groupID, ref, author int64, item mail.DigestItem) error
}

// WithAtOnce makes the store tell followers who chose "tell me at once" when an
// event of their group is published (created published, or a draft published).
func (s *Store) WithAtOnce(t Teller) *Store {
	s.tell = t
	return s
}

// tellPublished tells the group's at-once followers about e, just published by
// author (0: its creator), with the places it has.
func (s *Store) tellPublished(ctx context.Context, tx pgx.Tx, e model.Event, author int64) error {
	if s.tell == nil || e.GroupID == 0 {
		return nil
	}
	if author == 0 {
		// Whoever made the event needs no news of it.
		if err := tx.QueryRow(ctx, `SELECT coalesce(created_by, 0) FROM events WHERE id = $1`, e.ID).Scan(&author); err != nil {
			return err
		}
	}
	start := e.StartsAt
	it := mail.DigestItem{Kind: mail.DigestEvent, Title: e.Title, Start: &start, Zone: e.Zone, PlacesLeft: -1}
	if e.Capacity > 0 {
		it.PlacesLeft = e.Capacity
	}
	return s.tell.Tell(ctx, tx, e.GroupID, e.ID, author, it)
}

// snapshot is what participants are told about: the event's row inside the
// transaction of the change.
type snapshot struct {
	title, zone, place, online, status string
	starts, ends                       time.Time
	allDay                             bool
	sequence                           int
}

func readSnapshot(ctx context.Context, tx pgx.Tx, eventID int64, lock bool) (snapshot, error) {
	q := `SELECT title, zone, place, online_url, status, starts_at, ends_at, all_day, sequence FROM events WHERE id = $1`
	if lock {
		q += ` FOR UPDATE`
	}
	var s snapshot
	err := tx.QueryRow(ctx, q, eventID).Scan(&s.title, &s.zone, &s.place, &s.online, &s.status, &s.starts, &s.ends, &s.allDay, &s.sequence)
	return s, err
}

func (s snapshot) occurrence(eventID int64) mail.Occurrence {
	o := mail.EventOccurrence(eventID)
	o.Sequence, o.Title, o.Start, o.End, o.Zone, o.AllDay = s.sequence, s.title, s.starts, s.ends, s.zone, s.allDay
	o.Place, o.Online, o.Cancelled = s.place, s.online != "", s.status == "cancelled"
	return o
}

// registrant is a person with a registration, as a mail recipient.
type registrant struct {
	regID, userID     int64
	email, name, lang string
	status            string
	position          int
}

// registrants lists the registrations of eventID that cond (on r) selects, with
// each waiting person's position.
func registrants(ctx context.Context, tx pgx.Tx, eventID int64, cond string, args ...any) ([]registrant, error) {
	rows, err := tx.Query(ctx, `SELECT r.id, u.id, u.email, u.name, u.lang, r.status, r.pos FROM (
			SELECT r.*, CASE WHEN r.status = 'waitlisted' THEN row_number() OVER (PARTITION BY r.status ORDER BY r.id) ELSE 0 END AS pos
			FROM event_registrations r WHERE r.event_id = $1) r
		JOIN users u ON u.id = r.user_id
		WHERE NOT u.disabled AND (`+cond+`) ORDER BY r.id`, append([]any{eventID}, args...)...)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (registrant, error) {
		var p registrant
		var pos int64
		err := row.Scan(&p.regID, &p.userID, &p.email, &p.name, &p.lang, &p.status, &pos)
		p.position = int(pos)
		return p, err
	})
}

// notify enqueues one mail of kind to each of people about the event as snap
// shows it; ref is the registration (mails about one person's place) or, when
// byEvent, the event and its SEQUENCE (mails about a change, one per change).
func (s *Store) notify(ctx context.Context, tx pgx.Tx, kind string, eventID int64, snap snapshot, people []registrant, byEvent bool, edit func(*mail.Occurrence)) error {
	if s.mail == nil || len(people) == 0 {
		return nil
	}
	list := make([]mail.Args, 0, len(people))
	for _, p := range people {
		o := snap.occurrence(eventID)
		// The online link is for confirmed participants only, as on the event page.
		if p.status == model.RegConfirmed && !o.Cancelled {
			o.OnlineURL = snap.online
		}
		o.Position = p.position
		if edit != nil {
			edit(&o)
		}
		a := mail.Args{Type: kind, To: p.email, Ref: p.regID, Lang: p.lang, Name: p.name,
			Path: "/events/" + strconv.FormatInt(eventID, 10), Event: &o}
		if byEvent {
			a.Ref, a.Seq = eventID, snap.sequence
		}
		list = append(list, a)
	}
	return s.mail.EnqueueMany(ctx, tx, list)
}

// changes names what participants must hear about between two versions of an event.
func changes(old, cur snapshot) []string {
	var c []string
	if !old.starts.Equal(cur.starts) || !old.ends.Equal(cur.ends) || old.allDay != cur.allDay {
		c = append(c, mail.ChangedTime)
	}
	if old.place != cur.place {
		c = append(c, mail.ChangedPlace)
	}
	if old.online != cur.online {
		c = append(c, mail.ChangedOnline)
	}
	return c
}

// notifyUpdate tells everyone registered or waiting what an edit changed (or that
// it cancelled the event), and the people fill promoted that they have a place.
func (s *Store) notifyUpdate(ctx context.Context, tx pgx.Tx, eventID int64, old snapshot, promoted []int64) error {
	if s.mail == nil {
		return nil
	}
	cur, err := readSnapshot(ctx, tx, eventID, false)
	if err != nil {
		return err
	}
	if len(promoted) > 0 {
		people, err := registrants(ctx, tx, eventID, `r.id = ANY($2)`, promoted)
		if err == nil {
			err = s.notify(ctx, tx, mail.KindEventPromoted, eventID, cur, people, false, nil)
		}
		if err != nil {
			return err
		}
	}
	kind, changed := mail.KindEventChanged, changes(old, cur)
	switch {
	case cur.status == "cancelled" && old.status != "cancelled":
		kind = mail.KindEventCancelled
	case cur.status != "published" || len(changed) == 0:
		return nil
	}
	people, err := registrants(ctx, tx, eventID, `true`)
	if err != nil {
		return err
	}
	return s.notify(ctx, tx, kind, eventID, cur, people, true, func(o *mail.Occurrence) {
		o.Changed = changed
		if kind == mail.KindEventChanged && len(changed) > 0 && changed[0] == mail.ChangedTime {
			o.PrevStart, o.PrevEnd = &old.starts, &old.ends
		}
	})
}

// SentMails lists the mails sent about the event, newest first.
func (s *Store) SentMails(ctx context.Context, eventID int64) ([]model.SentMail, error) {
	return mail.SentAbout(ctx, s.db, "event", []int64{eventID})
}

// messageLimitKey prefixes an event's key in rate_limits (mail.CountMessage).
const messageLimitKey = "event-msg:"

// ErrTooManyMessages refuses a message beyond mail.MessagesPerWindow.
var ErrTooManyMessages = &Refusal{"notify.message.too_many"}

// SendMessage mails text from a coordinator to everyone with a confirmed place, in
// one transaction with its rate-limit count (so a refused message counts nothing
// and sends nothing).
func (s *Store) SendMessage(ctx context.Context, eventID int64, from, text string, now time.Time) (int, error) {
	var sent int
	err := pgx.BeginFunc(ctx, s.db, func(tx pgx.Tx) error {
		ok, err := mail.CountMessage(ctx, tx, messageLimitKey+strconv.FormatInt(eventID, 10), now)
		if err != nil {
			return err
		}
		if !ok {
			return ErrTooManyMessages
		}
		snap, err := readSnapshot(ctx, tx, eventID, false)
		if err != nil {
			return err
		}
		people, err := registrants(ctx, tx, eventID, `r.status = 'confirmed'`)
		if err != nil {
			return err
		}
		sent = len(people)
		// Each message is a mail of its own: the queue's unique key (Seq) takes its
		// time, while the .ics keeps the event's real SEQUENCE.
		seq := snap.sequence
		snap.sequence = int(now.UnixMilli())
		return s.notify(ctx, tx, mail.KindEventMessage, eventID, snap, people, true, func(o *mail.Occurrence) {
			o.Message, o.From, o.Sequence = text, from, seq
		})
	})
	return sent, err
}

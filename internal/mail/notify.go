package mail

import (
	"bytes"
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"
	gomail "github.com/wneessen/go-mail"

	"spor/internal/i18n"
	"spor/internal/ical"
	"spor/internal/model"
	mailviews "spor/templates/mail"
)

// Kinds of mail about an event or a track meeting. They always go: a person cannot
// turn them off, so each says why the person got it.
const (
	KindEventConfirmed    = "event_confirmed"    // a place at the event
	KindEventWaitlisted   = "event_waitlisted"   // a place on the waitlist, with the position
	KindEventUnregistered = "event_unregistered" // the person cancelled their registration
	KindEventPromoted     = "event_promoted"     // off the waitlist: a place became free
	KindEventPromotedBy   = "event_promoted_by"  // off the waitlist: a coordinator's decision
	KindEventChanged      = "event_changed"      // moved, new place or online link
	KindEventCancelled    = "event_cancelled"    // the event is cancelled
	KindMeetingChanged    = "meeting_changed"    // a track meeting moved or changed place/link
	KindMeetingCancelled  = "meeting_cancelled"  // a track meeting is cancelled
	// Reminders can be turned off at /me/notifications.
	KindEventMessage    = "event_message"    // a coordinator's short message to confirmed participants
	KindEventReminder   = "event_reminder"   // the event is soon (remind_days ahead)
	KindMeetingReminder = "meeting_reminder" // the track meeting is soon
	occurrenceEvent     = "event"            // Occurrence.Kind of an event
	occurrenceMeeting   = "meeting"          // Occurrence.Kind of a track meeting
	icsName             = "invite.ics"       // the attachment's file name
	icsType             = "text/calendar; charset=utf-8; method=PUBLISH"
)

// What changed about an event or meeting (Occurrence.Changed).
const (
	ChangedTime   = "time"
	ChangedPlace  = "place"
	ChangedOnline = "online"
)

// Occurrence is the event or meeting a mail is about, as it was when the change
// was committed: the mail tells what the person was told at that moment, however
// late the worker sends it.
type Occurrence struct {
	Kind      string     `json:"kind"` // event or meeting; with ID it makes the iCalendar UID
	ID        int64      `json:"id"`
	Sequence  int        `json:"sequence"`
	Title     string     `json:"title"`
	Start     time.Time  `json:"start"`
	End       time.Time  `json:"end"`
	PrevStart *time.Time `json:"prev_start,omitempty"` // the time before a move
	PrevEnd   *time.Time `json:"prev_end,omitempty"`
	Zone      string     `json:"zone"`
	AllDay    bool       `json:"all_day,omitempty"`
	Place     string     `json:"place,omitempty"`
	OnlineURL string     `json:"online_url,omitempty"` // only for those allowed to see it
	Online    bool       `json:"online,omitempty"`     // there is a link, shown or not
	Cancelled bool       `json:"cancelled,omitempty"`  // the .ics carries STATUS:CANCELLED
	Position  int        `json:"position,omitempty"`   // on the waitlist
	Changed   []string   `json:"changed,omitempty"`
	Message   string     `json:"message,omitempty"` // a coordinator's words (plain text)
	From      string     `json:"from,omitempty"`    // the coordinator's name
}

// EventOccurrence and MeetingOccurrence start an Occurrence of that kind.
func EventOccurrence(id int64) Occurrence { return Occurrence{Kind: occurrenceEvent, ID: id} }

// MeetingOccurrence starts an Occurrence of a track meeting.
func MeetingOccurrence(id int64) Occurrence { return Occurrence{Kind: occurrenceMeeting, ID: id} }

// Recipient is a person a notification goes to.
type Recipient struct {
	Email string
	Name  string
	Lang  string
}

// EnqueueMany adds many mails inside tx in one round trip; duplicates of mails
// still known to the queue are skipped, as with Enqueue.
func (q *Queue) EnqueueMany(ctx context.Context, tx pgx.Tx, list []Args) error {
	if len(list) == 0 {
		return nil
	}
	params := make([]river.InsertManyParams, len(list))
	for i := range list {
		params[i] = river.InsertManyParams{Args: list[i]}
	}
	if _, err := q.client.InsertManyTx(ctx, tx, params); err != nil {
		return fmt.Errorf("mail: enqueue %d mails: %w", len(list), err)
	}
	return nil
}

// location is the occurrence's own zone (times are shown in the record's zone).
func (o *Occurrence) location() *time.Location {
	if loc, err := time.LoadLocation(o.Zone); err == nil && o.Zone != "" {
		return loc
	}
	return time.UTC
}

// when formats a time span in the language of ctx and the occurrence's zone:
// "tirsdag 8. december 2026, 10:00–12:00 (Europe/Copenhagen)".
func (o *Occurrence) when(ctx context.Context, start, end time.Time) string {
	loc := o.location()
	start, end = start.In(loc), end.In(loc)
	s := i18n.Weekday(ctx, start) + " " + i18n.Date(ctx, start)
	if o.AllDay {
		return s
	}
	s += ", " + i18n.Clock(start) + "–"
	if end.YearDay() != start.YearDay() || end.Year() != start.Year() {
		s += i18n.Date(ctx, end) + " "
	}
	return s + i18n.Clock(end) + " (" + o.Zone + ")"
}

func (o *Occurrence) changed(what string) bool {
	for _, c := range o.Changed {
		if c == what {
			return true
		}
	}
	return false
}

// view turns the occurrence into the template's strings in the language of ctx.
func (o *Occurrence) view(ctx context.Context) *mailviews.EventView {
	v := &mailviews.EventView{
		Title:         o.Title,
		When:          o.when(ctx, o.Start, o.End),
		Place:         o.Place,
		OnlineURL:     o.OnlineURL,
		OnlineHidden:  o.Online && o.OnlineURL == "",
		Cancelled:     o.Cancelled,
		PlaceChanged:  o.changed(ChangedPlace),
		OnlineChanged: o.changed(ChangedOnline),
		Message:       o.Message,
		From:          o.From,
	}
	if o.PrevStart != nil && o.PrevEnd != nil && o.changed(ChangedTime) {
		v.OldWhen = o.when(ctx, *o.PrevStart, *o.PrevEnd)
	}
	return v
}

// ics is the occurrence as an iCalendar attachment with the UID of the feeds, so a
// calendar client updates the entry it already has.
func (o *Occurrence) ics(baseURL, link string) ([]byte, error) {
	e := ical.Event{
		UID:      ical.UID(o.Kind, o.ID, baseURL),
		Sequence: o.Sequence,
		Summary:  o.Title,
		Location: o.Place,
		URL:      link,
		Start:    o.Start,
		End:      o.End,
		AllDay:   o.AllDay,
		Status:   ical.StatusConfirmed,
	}
	if e.Location == "" && o.OnlineURL != "" {
		e.Location = o.OnlineURL
	}
	if o.AllDay {
		// As the event feed writes it: dates in the event's zone, the end exclusive.
		loc := o.location()
		e.Start, e.End = o.Start.In(loc), o.End.In(loc).AddDate(0, 0, 1)
	}
	if o.Cancelled {
		e.Status = ical.StatusCancelled
	}
	var buf bytes.Buffer
	if err := ical.Encode(&buf, ical.Calendar{Events: []ical.Event{e}}, time.Now()); err != nil {
		return nil, fmt.Errorf("mail: ics: %w", err)
	}
	return buf.Bytes(), nil
}

// attachICS adds the occurrence's .ics to msg.
func attachICS(msg *gomail.Msg, o *Occurrence, baseURL, link string) error {
	data, err := o.ics(baseURL, link)
	if err != nil {
		return err
	}
	return msg.AttachReader(icsName, bytes.NewReader(data), gomail.WithFileContentType(icsType))
}

// SentLimit bounds the list a coordinator sees.
const SentLimit = 200

// SentAbout lists the newest mails sent about an event (kind "event") or meetings
// (kind "meeting") with the given ids.
func SentAbout(ctx context.Context, db interface {
	Query(context.Context, string, ...any) (pgx.Rows, error)
}, kind string, ids []int64) ([]model.SentMail, error) {
	rows, err := db.Query(ctx, `SELECT type, recipient, sent_at FROM mail_log
		WHERE record_kind = $1 AND record_id = ANY($2) ORDER BY sent_at DESC, id DESC LIMIT $3`, kind, ids, SentLimit)
	if err != nil {
		return nil, fmt.Errorf("mail: sent: %w", err)
	}
	list, err := pgx.CollectRows(rows, pgx.RowToStructByPos[model.SentMail])
	if err != nil {
		return nil, fmt.Errorf("mail: sent: %w", err)
	}
	return list, nil
}

package model

import (
	"strings"
	"time"
)

// EventZones are the time zones an event may be held in.
var EventZones = []string{"Europe/Copenhagen", "Europe/Stockholm", "Europe/Oslo", "Europe/Helsinki"}

// Event audiences and statuses.
var (
	EventAudiences = []string{"public", "staff"}
	EventStatuses  = []string{"draft", "published", "cancelled"}
)

// Registration statuses.
const (
	RegConfirmed  = "confirmed"
	RegWaitlisted = "waitlisted"
)

// Event is a seminar, workshop or meeting of a group that staff register for.
type Event struct {
	ID                 int64
	GroupID            int64
	GroupSlug          string
	GroupTitle         string
	GroupVisibility    string // public, staff
	ProgrammeSlug      string
	ProgrammeTitle     string
	Title              string
	DescriptionMD      string
	DescriptionHTML    string // rendered and sanitised on save
	StartsAt           time.Time
	EndsAt             time.Time
	Zone               string
	AllDay             bool
	Place              string
	OnlineURL          string
	Lang               string
	Audience           string
	Status             string
	Capacity           int // 0: unlimited
	RegistrationOpens  *time.Time
	RegistrationCloses *time.Time
	OrgCap             int // 0: no cap per organisation
	RemindDays         int // days before the start the reminder goes, 0-7 (0: none)
	Sequence           int
	UpdatedAt          time.Time
	Confirmed          int
	Waitlisted         int
	PreviousStartsAt   *time.Time // the start before the latest move; nil if never moved
}

// Location is the event's time zone (Copenhagen if the name is unknown).
func (e *Event) Location() *time.Location { return ZoneLocation(e.Zone) }

// NeedsLogin reports whether only logged-in staff may see the event.
func (e *Event) NeedsLogin() bool { return e.Audience == "staff" || e.GroupVisibility == "staff" }

// Online reports whether the event can be joined online.
func (e *Event) Online() bool { return e.OnlineURL != "" }

// Full reports whether every place is taken.
func (e *Event) Full() bool { return e.Capacity > 0 && e.Confirmed >= e.Capacity }

// Closes is when registration closes: the set closing time, else the start.
func (e *Event) Closes() time.Time {
	if e.RegistrationCloses != nil {
		return *e.RegistrationCloses
	}
	return e.StartsAt
}

// WindowOpen reports whether registration is open at t.
func (e *Event) WindowOpen(t time.Time) bool {
	if e.RegistrationOpens != nil && t.Before(*e.RegistrationOpens) {
		return false
	}
	return t.Before(e.Closes())
}

// Summary is the event as lists show it.
func (e *Event) Summary() EventSummary {
	return EventSummary{ID: e.ID, Title: e.Title, StartsAt: e.StartsAt.In(e.Location()), EndsAt: e.EndsAt.In(e.Location()),
		Zone: e.Zone, AllDay: e.AllDay, Status: e.Status, Online: e.Online(), Place: e.Place, GroupSlug: e.GroupSlug,
		Taken: e.Confirmed, Capacity: e.Capacity}
}

// Validate checks an event before it is saved.
func (e *Event) Validate() error {
	errs := Errors{}
	e.Title = strings.TrimSpace(e.Title)
	e.Place = strings.TrimSpace(e.Place)
	e.OnlineURL = strings.TrimSpace(e.OnlineURL)
	errs.OneLine("title", e.Title)
	errs.OneLine("place", e.Place)
	if e.Title == "" {
		errs.Add("title", "error.required")
	} else if len(e.Title) > 200 {
		errs.Add("title", "error.too_long")
	}
	if len(e.DescriptionMD) > 20000 {
		errs.Add("description", "error.too_long")
	}
	if len(e.Place) > 500 {
		errs.Add("place", "error.too_long")
	}
	if e.OnlineURL != "" && !ValidURL(e.OnlineURL) {
		errs.Add("online_url", "error.url")
	}
	if !Contains(EventZones, e.Zone) {
		errs.Add("zone", "error.choice")
	}
	if !Contains(ContentLangs, e.Lang) {
		errs.Add("lang", "error.choice")
	}
	if !Contains(EventAudiences, e.Audience) {
		errs.Add("audience", "error.choice")
	}
	if !Contains(EventStatuses, e.Status) {
		errs.Add("status", "error.choice")
	}
	if e.StartsAt.IsZero() {
		errs.Add("starts_at", "error.datetime")
	}
	if e.EndsAt.IsZero() {
		errs.Add("ends_at", "error.datetime")
	} else if !e.StartsAt.IsZero() && (e.EndsAt.Before(e.StartsAt) || (!e.AllDay && e.EndsAt.Equal(e.StartsAt))) {
		errs.Add("ends_at", "error.end_before_start")
	}
	if e.Capacity < 0 || e.Capacity > 100000 {
		errs.Add("capacity", "events.error.capacity")
	}
	if e.OrgCap < 0 || e.OrgCap > 100000 {
		errs.Add("org_cap", "events.error.capacity")
	}
	if e.RemindDays < 0 || e.RemindDays > 7 {
		errs.Add("remind_days", "notify.remind_days.invalid")
	}
	if e.RegistrationOpens != nil && e.RegistrationCloses != nil && !e.RegistrationCloses.After(*e.RegistrationOpens) {
		errs.Add("registration_closes", "error.end_before_start")
	}
	return errs.Err()
}

// ZoneLocation loads one of EventZones (Copenhagen for anything else).
func ZoneLocation(name string) *time.Location {
	if !Contains(EventZones, name) {
		name = EventZones[0]
	}
	loc, ok := LoadZone(name)
	if !ok {
		return time.UTC
	}
	return loc
}

// EventFilter narrows /events.
type EventFilter struct {
	Programme string // slug
	Group     string // slug
	Month     string // 2026-11
	Lang      string
	Mode      string // online, onsite
	LoggedIn  bool   // staff-only events and groups are listed only for logged-in users
	Page      int
}

// Registration is one person's place (or waiting place) at an event, as the
// participant list shows it.
type Registration struct {
	ID           int64
	UserID       int64
	Name         string
	Email        string
	Organisation string
	Status       string
	Position     int // on the waitlist, 1-based; 0 when confirmed
	Attended     *bool
	RegisteredAt time.Time
}

// MyRegistration is an event on the staff member's own page.
type MyRegistration struct {
	Event    EventSummary
	Status   string
	Position int
}

// EventGroup is a group as the events pages name it.
type EventGroup struct {
	ID    int64
	Slug  string
	Title string
}

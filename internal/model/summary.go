package model

import "time"

// EventSummary is an event as lists show it: the group page's "Upcoming events" box,
// programme pages, the home page. The events feature fills it.
type EventSummary struct {
	ID        int64
	Title     string
	StartsAt  time.Time // in Zone
	EndsAt    time.Time
	Zone      string // IANA name, e.g. Europe/Copenhagen
	AllDay    bool
	Status    string // draft, published, cancelled
	Online    bool
	Place     string
	GroupSlug string
	Taken     int // confirmed places
	Capacity  int // 0: unlimited
}

// TrackSummary is a seminar track as lists show it (programme pages, home, /me).
// The tracks feature fills it.
type TrackSummary struct {
	Slug         string
	Title        string
	Audience     string
	Lang         string
	NextMeeting  *time.Time
	Participants int
}

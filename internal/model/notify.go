package model

import "time"

// FollowSettings are one person's three settings for a group they follow.
type FollowSettings struct {
	ShowOnPage bool // the group is listed on /me
	InDigest   bool // its news, events and documents are in the person's digest
	AtOnce     bool // a mail as soon as a new event, news item or document appears
}

// DefaultFollow is what following a group starts with.
var DefaultFollow = FollowSettings{ShowOnPage: true, InDigest: true}

// Digest frequencies.
const (
	DigestDaily  = "daily"
	DigestWeekly = "weekly" // Monday morning in the person's zone
	DigestNever  = "never"
)

// DigestFrequencies lists every digest frequency, in the order a form offers them.
var DigestFrequencies = []string{DigestDaily, DigestWeekly, DigestNever}

// FollowedGroup is a followed group with the person's settings for it.
type FollowedGroup struct {
	ID    int64
	Slug  string
	Title string
	Lang  string
	FollowSettings
}

// NotificationSettings is everything /me/notifications shows and saves.
type NotificationSettings struct {
	Digest    string
	Reminders bool
	Groups    []FollowedGroup
}

// SentMail is a mail about an event or meeting as it was sent, for its coordinators.
type SentMail struct {
	Type      string // mail kind: event_confirmed, event_changed, meeting_reminder, ...
	Recipient string
	At        time.Time
}

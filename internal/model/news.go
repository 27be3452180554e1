package model

import (
	"strings"
	"time"
)

// News is a news item of a group. A PublishAt in the future means scheduled: hidden
// from everyone but the group's coordinators until then.
type News struct {
	ID        int64
	GroupID   int64
	GroupSlug string
	Title     string
	BodyMD    string
	BodyHTML  string // rendered and sanitised on save
	Lang      string
	Author    string
	PublishAt time.Time
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Scheduled reports whether the item is not yet published at now.
func (n News) Scheduled(now time.Time) bool { return n.PublishAt.After(now) }

// Validate checks a news item before it is saved.
func (n *News) Validate() error {
	e := Errors{}
	n.Title = strings.TrimSpace(n.Title)
	e.OneLine("title", n.Title)
	if n.Title == "" {
		e.Add("title", "error.required")
	} else if len(n.Title) > 200 {
		e.Add("title", "error.too_long")
	}
	if strings.TrimSpace(n.BodyMD) == "" {
		e.Add("body", "error.required")
	} else if len(n.BodyMD) > 100_000 {
		e.Add("body", "error.too_long")
	}
	if !Contains(ContentLangs, n.Lang) {
		e.Add("lang", "error.choice")
	}
	if n.PublishAt.IsZero() {
		e.Add("publish_at", "error.datetime")
	}
	return e.Err()
}

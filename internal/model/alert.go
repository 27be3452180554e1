package model

import (
	"strings"
	"time"
)

// Alert levels; a critical alert cannot be dismissed.
var AlertLevels = []string{"info", "warning", "critical"}

// Alert is a site-wide banner shown on every page inside its time window.
type Alert struct {
	ID       int64
	Message  map[string]string // by UI language
	Level    string
	Link     string
	StartsAt time.Time
	EndsAt   time.Time
}

// Text returns the message in lang, falling back to Danish, then English.
func (a Alert) Text(lang string) string {
	for _, l := range []string{lang, "da", "en", "sv"} {
		if m := a.Message[l]; m != "" {
			return m
		}
	}
	return ""
}

// Dismissible reports whether a visitor may hide the alert.
func (a Alert) Dismissible() bool { return a.Level != "critical" }

// Active reports whether the alert shows at time t.
func (a Alert) Active(t time.Time) bool { return !t.Before(a.StartsAt) && t.Before(a.EndsAt) }

// Validate checks an alert before it is saved.
func (a *Alert) Validate() error {
	e := Errors{}
	for _, l := range UILangs {
		a.Message[l] = strings.TrimSpace(a.Message[l])
		e.OneLine("message_"+l, a.Message[l])
		if a.Message[l] == "" {
			e.Add("message_"+l, "error.required")
		} else if len(a.Message[l]) > 500 {
			e.Add("message_"+l, "error.too_long")
		}
	}
	if !Contains(AlertLevels, a.Level) {
		e.Add("level", "error.choice")
	}
	a.Link = strings.TrimSpace(a.Link)
	if !ValidLink(a.Link) {
		e.Add("link", "error.url")
	}
	if a.StartsAt.IsZero() {
		e.Add("starts_at", "error.datetime")
	}
	if a.EndsAt.IsZero() {
		e.Add("ends_at", "error.datetime")
	} else if !a.EndsAt.After(a.StartsAt) {
		e.Add("ends_at", "error.end_before_start")
	}
	return e.Err()
}

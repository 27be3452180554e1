package model

import (
	"strings"
	"time"
)

// Document is a file a coordinator uploaded to a group. Data is loaded only for a
// download, never in lists.
type Document struct {
	ID          int64
	GroupID     int64
	Title       string
	Description string
	Lang        string
	Filename    string
	ContentType string
	Size        int64
	SHA256      string // hex
	CreatedAt   time.Time
}

// Validate checks a document's details (the file is checked by the upload package).
func (d *Document) Validate() error {
	e := Errors{}
	d.Title = strings.TrimSpace(d.Title)
	d.Description = strings.TrimSpace(d.Description)
	e.OneLine("title", d.Title)
	if d.Title == "" {
		e.Add("title", "error.required")
	} else if len(d.Title) > 200 {
		e.Add("title", "error.too_long")
	}
	if len(d.Description) > 2000 {
		e.Add("description", "error.too_long")
	}
	if !Contains(ContentLangs, d.Lang) {
		e.Add("lang", "error.choice")
	}
	return e.Err()
}

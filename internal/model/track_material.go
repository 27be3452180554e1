package model

import (
	"strings"
	"time"
)

// MaterialFile is a file a track's coordinator uploaded as material of a meeting.
// Data is loaded only for a download, never in lists.
type MaterialFile struct {
	ID          int64
	MeetingID   int64
	Title       string
	Filename    string
	ContentType string
	Size        int64
	SHA256      string // hex
	CreatedAt   time.Time
}

// Validate checks the file's title (the file itself is checked by the upload package).
func (f *MaterialFile) Validate() error {
	e := Errors{}
	f.Title = strings.TrimSpace(f.Title)
	e.OneLine("title", f.Title)
	if f.Title == "" {
		e.Add("material_title", "error.required")
	} else if len(f.Title) > 200 {
		e.Add("material_title", "error.too_long")
	}
	return e.Err()
}

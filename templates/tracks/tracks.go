// Package tracks holds the views of seminar tracks: the list, the track page with
// its schedule by term, and the coordinators' forms and attendance grid.
package tracks

import (
	"context"
	"path"
	"strconv"
	"strings"
	"time"

	"spor/internal/i18n"
	"spor/internal/model"
	"spor/templates/components"
)

// TrackList is /tracks.
type TrackList struct {
	Tracks []model.TrackSummary
}

// TrackPage is /tracks/{slug}.
type TrackPage struct {
	Track    model.Track
	Meetings []model.Meeting
	NextID   int64 // the next meeting's id, 0 when none is coming
	Joined   bool
	LoggedIn bool
	CanEdit  bool
	Notice   string // i18n id of why a join was refused
	Now      time.Time
	// Material is the track's curated learning material; MeetingMaterial each
	// meeting's preparation, by meeting id.
	Material        model.CuratedList
	MeetingMaterial map[int64]*model.CuratedList
}

// Finished reports whether the track is over: it has meetings and none is to come.
func (v TrackPage) Finished() bool {
	return len(v.Meetings) > 0 && model.NextMeeting(v.Meetings, v.Now) < 0
}

func trackURL(slug string) string { return "/tracks/" + slug }

func manageURL(id int64) string { return "/manage/tracks/" + strconv.FormatInt(id, 10) }

func meetingURL(trackID, id int64) string {
	return manageURL(trackID) + "/meetings/" + strconv.FormatInt(id, 10)
}

// TermLabel names a term in the interface language: "Hösten 2020", "Foråret 2021".
func TermLabel(ctx context.Context, season string, year int) string {
	return i18n.T(ctx, "tracks.term."+season, "Year", year)
}

// When formats a meeting's time in its own zone: "torsdag 17 september 2020, 13:00–15:00 CEST".
func When(ctx context.Context, start, end time.Time, loc *time.Location) string {
	s, e := start.In(loc), end.In(loc)
	out := i18n.Weekday(ctx, s) + " " + i18n.Date(ctx, s) + ", " + i18n.Clock(s) + "–"
	if e.YearDay() != s.YearDay() || e.Year() != s.Year() {
		out += i18n.Date(ctx, e) + " "
	}
	return out + i18n.Clock(e) + " " + e.Format("MST")
}

func iso(t time.Time) string { return t.UTC().Format(time.RFC3339) }

func itoa(n int) string { return strconv.Itoa(n) }

func meetingClass(m model.Meeting, nextID int64, now time.Time) string {
	c := "meeting"
	switch {
	case m.ID == nextID:
		c += " meeting--next"
	case m.Past(now):
		c += " meeting--past"
	}
	if m.Cancelled() {
		c += " status--cancelled"
	}
	return c
}

// ManageList is /manage/tracks.
type ManageList struct {
	Tracks []model.Track
}

// TrackForm creates or edits a track; Meetings lists its schedule when editing.
type TrackForm struct {
	Track      model.Track
	Goals      string // one a line
	Errors     model.Errors
	Programmes []components.Option
	Groups     []components.Option
	Meetings   []model.Meeting
}

// MeetingForm creates or edits a meeting; times are entered in the meeting's zone.
type MeetingForm struct {
	Track     model.Track
	Meeting   model.Meeting
	Speakers  []model.Speaker  // the rows shown, blank ones to fill in included
	Materials []model.Material // the link rows shown, likewise
	Errors    model.Errors

	// The upload of a file as material (Meeting.Files lists those stored).
	UploadTitle string
	Duplicate   *model.MaterialFile // the same file, already uploaded
	MaxMB       int64
}

// AttendanceForm records who came to one meeting.
type AttendanceForm struct {
	Track   model.Track
	Meeting model.Meeting
	Grid    model.AttendanceGrid
}

// AttendancePage is the grid of participants × meetings.
type AttendancePage struct {
	Track model.Track
	Grid  model.AttendanceGrid
}

func localInput(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return ""
	}
	return t.In(loc).Format("2006-01-02T15:04")
}

func checked(b bool) string {
	if b {
		return "on"
	}
	return ""
}

func langOptions(ctx context.Context) []components.Option {
	var out []components.Option
	for _, l := range model.ContentLangs {
		out = append(out, components.Option{Value: l, Label: i18n.ContentLangName(ctx, l)})
	}
	return out
}

func zoneOptions(ctx context.Context) []components.Option {
	var out []components.Option
	for _, z := range model.Zones {
		out = append(out, components.Option{Value: z, Label: i18n.ZoneName(ctx, z)})
	}
	return out
}

func statusOptions(ctx context.Context) []components.Option {
	var out []components.Option
	for _, s := range model.MeetingStatuses {
		out = append(out, components.Option{Value: s, Label: i18n.T(ctx, "tracks.status."+s)})
	}
	return out
}

func withNone(ctx context.Context, opts []components.Option) []components.Option {
	return append([]components.Option{{Value: "", Label: i18n.T(ctx, "tracks.no_group")}}, opts...)
}

func id64(n int64) string {
	if n == 0 {
		return ""
	}
	return strconv.FormatInt(n, 10)
}

func capacityValue(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}

// speakerRest is what follows a speaker's name: ", affiliation" and a colon before
// the talk's title.
func speakerRest(s model.Speaker) string {
	out := ""
	if s.Affiliation != "" {
		out = ", " + s.Affiliation
	}
	if s.TalkTitle != "" {
		out += ":"
	}
	return out
}

// FileURL is where an uploaded material downloads.
func FileURL(slug string, f model.MaterialFile) string {
	return trackURL(slug) + "/materials/" + strconv.FormatInt(f.ID, 10) + "/" + f.Filename
}

// fileFacts is "PDF, 1.2 MB": the type (from the checked file name) and the size.
func fileFacts(f model.MaterialFile) string {
	return strings.ToUpper(strings.TrimPrefix(path.Ext(f.Filename), ".")) + ", " + components.Size(f.Size)
}

// remindValue is the reminder field's value; empty when the form did not say.
func remindValue(n int) string {
	if n < 0 {
		return ""
	}
	return strconv.Itoa(n)
}

package model

import (
	"strconv"
	"strings"
	"time"
)

// Track is a seminar track: a series of meetings for leaders inside a programme.
type Track struct {
	ID             int64
	ProgrammeID    int64
	ProgrammeSlug  string
	ProgrammeTitle string
	GroupID        int64 // 0: none
	Slug           string
	Title          string
	Audience       string
	Summary        string
	Goals          []string
	PreworkMD      string
	PreworkHTML    string // rendered and sanitised on save by internal/markdown
	Lang           string
	EnrolmentOpen  bool
	Capacity       int // 0: unlimited
	RemindDays     int // days before each meeting the reminder goes, 0-7 (0: none; -1 in a form: keep)
	Published      bool
	Participants   int
	Coordinators   []string // e-mail addresses (in forms)
}

// Full reports whether a capacity is set and reached.
func (t Track) Full() bool { return t.Capacity > 0 && t.Participants >= t.Capacity }

// Validate checks a track before it is saved.
func (t *Track) Validate() error {
	e := Errors{}
	t.Title = strings.TrimSpace(t.Title)
	t.Slug = strings.TrimSpace(t.Slug)
	t.Audience = strings.TrimSpace(t.Audience)
	t.Summary = strings.TrimSpace(t.Summary)
	e.OneLine("title", t.Title)
	e.OneLine("audience", t.Audience)
	e.OneLine("goals", t.Goals...)
	if t.Slug == "" {
		t.Slug = Slugify(t.Title)
	}
	if t.Title == "" {
		e.Add("title", "error.required")
	} else if len(t.Title) > 200 {
		e.Add("title", "error.too_long")
	}
	if !ValidSlug(t.Slug) {
		e.Add("slug", "error.slug")
	}
	if t.ProgrammeID == 0 {
		e.Add("programme", "error.required")
	}
	if len(t.Audience) > 200 {
		e.Add("audience", "error.too_long")
	}
	if len(t.Summary) > 2000 {
		e.Add("summary", "error.too_long")
	}
	if len(t.PreworkMD) > 20000 {
		e.Add("prework", "error.too_long")
	}
	if len(t.Goals) > 30 {
		e.Add("goals", "error.too_long")
	}
	if !Contains(ContentLangs, t.Lang) {
		e.Add("lang", "error.choice")
	}
	if t.Capacity < 0 || t.Capacity > 100000 {
		e.Add("capacity", "tracks.error.capacity")
	}
	if t.RemindDays < -1 || t.RemindDays > 7 {
		e.Add("remind_days", "notify.remind_days.invalid")
	}
	for _, c := range t.Coordinators {
		if !ValidEmail(c) {
			e.Add("coordinators", "error.email")
		}
	}
	return e.Err()
}

// Meeting statuses.
const (
	MeetingPlanned   = "planned"
	MeetingCancelled = "cancelled"
	MeetingMoved     = "moved"
)

// MeetingStatuses lists every meeting status.
var MeetingStatuses = []string{MeetingPlanned, MeetingMoved, MeetingCancelled}

// Speaker speaks at a meeting.
type Speaker struct {
	Name        string
	Affiliation string
	TalkTitle   string
}

// Material is a document or link attached to a meeting.
type Material struct {
	Title string
	URL   string
}

// TimeSpan is a start and end, e.g. a moved meeting's earlier time.
type TimeSpan struct {
	StartsAt time.Time
	EndsAt   time.Time
}

// Meeting is one meeting in a track.
type Meeting struct {
	ID          int64
	TrackID     int64
	TrackSlug   string // in combined schedules
	TrackTitle  string
	TrackLang   string
	Number      int // 1-based position in the track, in time order
	Of          int // how many meetings the track has
	Title       string
	Description string
	StartsAt    time.Time
	EndsAt      time.Time
	Zone        string // IANA name
	OnlineURL   string
	Place       string
	Status      string
	Sequence    int
	UpdatedAt   time.Time
	Speakers    []Speaker
	Materials   []Material
	Files       []MaterialFile // uploaded materials, oldest first
	Moves       []TimeSpan     // earlier times, oldest first
}

// Location is the meeting's zone (UTC when unknown). A meeting held in UTC gets a
// zone of its own named UTC, not time.UTC: the date formatters move time.UTC values,
// which is how times come from the database, into the viewer's zone.
func (m Meeting) Location() *time.Location {
	if loc, ok := LoadZone(m.Zone); ok && loc != time.UTC {
		return loc
	}
	return meetingUTC
}

var meetingUTC = time.FixedZone("UTC", 0)

// Cancelled reports whether the meeting is cancelled.
func (m Meeting) Cancelled() bool { return m.Status == MeetingCancelled }

// Past reports whether the meeting is over at now.
func (m Meeting) Past(now time.Time) bool { return !m.EndsAt.After(now) }

// PreviousTime is the time the meeting had before its latest move, if any.
func (m Meeting) PreviousTime() (TimeSpan, bool) {
	if len(m.Moves) == 0 {
		return TimeSpan{}, false
	}
	return m.Moves[len(m.Moves)-1], true
}

// Term names the half-year a meeting belongs to in its own zone: "spring" (January
// to June) or "autumn" (July to December), and the year.
func (m Meeting) Term() (season string, year int) {
	t := m.StartsAt.In(m.Location())
	if t.Month() >= time.July {
		return "autumn", t.Year()
	}
	return "spring", t.Year()
}

// CalendarSummary is the meeting's title in calendars, where it stands among
// everything else in the subscriber's week: "Dalaspåret 3/6: Kick off".
func (m Meeting) CalendarSummary() string {
	if m.TrackTitle == "" || m.Number == 0 {
		return m.Title
	}
	return m.TrackTitle + " " + strconv.Itoa(m.Number) + "/" + strconv.Itoa(m.Of) + ": " + m.Title
}

// NextMeeting returns the index of the first meeting that is neither over nor
// cancelled at now, or -1.
func NextMeeting(meetings []Meeting, now time.Time) int {
	for i, m := range meetings {
		if !m.Cancelled() && !m.Past(now) {
			return i
		}
	}
	return -1
}

// Zones are the time zones meetings may be entered in.
var Zones = []string{"Europe/Stockholm", "Europe/Copenhagen", "Europe/Oslo", "Europe/Helsinki", "UTC"}

// Validate checks a meeting before it is saved.
func (m *Meeting) Validate() error {
	e := Errors{}
	m.Title = strings.TrimSpace(m.Title)
	m.Description = strings.TrimSpace(m.Description)
	m.OnlineURL = strings.TrimSpace(m.OnlineURL)
	m.Place = strings.TrimSpace(m.Place)
	e.OneLine("title", m.Title)
	e.OneLine("place", m.Place)
	for i, s := range m.Speakers {
		e.OneLine(SpeakerField("name", i), s.Name)
		e.OneLine(SpeakerField("org", i), s.Affiliation)
		e.OneLine(SpeakerField("title", i), s.TalkTitle)
	}
	for i, mt := range m.Materials {
		e.OneLine(MaterialField("title", i), mt.Title)
	}
	if m.Title == "" {
		e.Add("title", "error.required")
	} else if len(m.Title) > 300 {
		e.Add("title", "error.too_long")
	}
	if len(m.Description) > 5000 {
		e.Add("description", "error.too_long")
	}
	if !Contains(Zones, m.Zone) {
		e.Add("zone", "error.choice")
	}
	if m.StartsAt.IsZero() {
		e.Add("starts_at", "error.datetime")
	}
	if m.EndsAt.IsZero() {
		e.Add("ends_at", "error.datetime")
	} else if !m.EndsAt.After(m.StartsAt) {
		e.Add("ends_at", "error.end_before_start")
	}
	if !ValidURL(m.OnlineURL) {
		e.Add("online_url", "error.url")
	}
	if len(m.Place) > 300 {
		e.Add("place", "error.too_long")
	}
	if !Contains(MeetingStatuses, m.Status) {
		e.Add("status", "error.choice")
	}
	if len(m.Speakers) > MaxSpeakers {
		e.Add("speakers", "error.too_long")
	}
	for i, s := range m.Speakers {
		switch {
		case s.Name == "":
			e.Add(SpeakerField("name", i), "tracks.error.speakers")
		case len(s.Name) > 200:
			e.Add(SpeakerField("name", i), "error.too_long")
		}
		if len(s.Affiliation) > 200 {
			e.Add(SpeakerField("org", i), "error.too_long")
		}
		if len(s.TalkTitle) > 300 {
			e.Add(SpeakerField("title", i), "error.too_long")
		}
	}
	if len(m.Materials) > MaxMaterials {
		e.Add("materials", "error.too_long")
	}
	for i, mt := range m.Materials {
		switch {
		case mt.Title == "":
			e.Add(MaterialField("title", i), "error.required")
		case len(mt.Title) > 300:
			e.Add(MaterialField("title", i), "error.too_long")
		}
		if mt.URL == "" || !ValidURL(mt.URL) {
			e.Add(MaterialField("url", i), "tracks.error.materials")
		}
	}
	return e.Err()
}

// MaxSpeakers and MaxMaterials bound a meeting's repeatable rows.
const (
	MaxSpeakers  = 20
	MaxMaterials = 30
)

// SpeakerField names one part ("name", "org", "title") of the i-th speaker row in
// the meeting form, so that an error is shown at, and links to, its own input.
func SpeakerField(part string, i int) string { return "speaker_" + part + "_" + strconv.Itoa(i) }

// MaterialField names one part ("title", "url") of the i-th material link row.
func MaterialField(part string, i int) string { return "material_" + part + "_" + strconv.Itoa(i) }

// Empty reports whether a speaker row was left blank (blank rows are not saved).
func (s Speaker) Empty() bool { return s.Name == "" && s.Affiliation == "" && s.TalkTitle == "" }

// Empty reports whether a material row was left blank.
func (m Material) Empty() bool { return m.Title == "" && m.URL == "" }

// Lines splits text into its trimmed, non-empty lines (goals, e-mail lists).
func Lines(s string) []string { return lines(s) }

func lines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// Term is a half-year of a track's schedule with its meetings in time order.
type Term struct {
	Season   string // spring or autumn
	Year     int
	Meetings []Meeting
}

// GroupByTerm splits meetings (in time order) into their terms.
func GroupByTerm(meetings []Meeting) []Term {
	var out []Term
	for _, m := range meetings {
		season, year := m.Term()
		if n := len(out); n == 0 || out[n-1].Season != season || out[n-1].Year != year {
			out = append(out, Term{Season: season, Year: year})
		}
		out[len(out)-1].Meetings = append(out[len(out)-1].Meetings, m)
	}
	return out
}

// Participant is someone in a track's attendance grid.
type Participant struct {
	ID           int64
	Name         string
	Organisation string
}

// AttendanceGrid is a track's participants × meetings.
type AttendanceGrid struct {
	Meetings     []Meeting
	Participants []Participant
	Present      map[[2]int64]bool // (meeting id, user id)
}

// Attended reports whether the user attended the meeting.
func (a AttendanceGrid) Attended(meetingID, userID int64) bool {
	return a.Present[[2]int64{meetingID, userID}]
}

// Count is how many meetings the user attended.
func (a AttendanceGrid) Count(userID int64) int {
	n := 0
	for _, m := range a.Meetings {
		if a.Attended(m.ID, userID) {
			n++
		}
	}
	return n
}

package model

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Learning resource kinds, in the order the catalogue lists them.
var LearningKinds = []string{"course", "video", "podcast", "article", "webinar", "book", "exercise"}

// LearningLevels are a resource's levels, easiest first.
var LearningLevels = []string{"introductory", "intermediate", "advanced"}

// Visibilities of a resource: everyone, or logged-in staff only.
const (
	VisibilityPublic = "public"
	VisibilityStaff  = "staff"
)

// Progress states of a resource on a person's learning record.
const (
	ProgressSaved      = "saved"
	ProgressInProgress = "in_progress"
	ProgressDone       = "done"
)

// ProgressStates lists the states in the order a person moves through them.
var ProgressStates = []string{ProgressSaved, ProgressInProgress, ProgressDone}

// LearningResource is one item of the learning catalogue.
type LearningResource struct {
	ID              int64
	Slug            string
	Kind            string
	Title           string
	Summary         string
	BodyMD          string
	BodyHTML        string // rendered and sanitised from BodyMD on save
	Provider        string // free text (an external platform) or the organisation's name
	ProviderOrgID   int64
	URL             string
	Lang            string
	DurationMinutes int
	Level           string
	Areas           []string
	StatementIDs    []int64
	ProgrammeID     int64
	ProgrammeTitle  string
	PublishedOn     time.Time
	ReviewedOn      time.Time
	Visibility      string
	Archived        bool
	LinkStatus      int // last HTTP status of the link check; 0 not checked, -1 no answer
	LinkCheckedAt   time.Time
	UpdatedAt       time.Time
	Parts           []LearningPart
}

// LinkBroken reports whether the last link check found the URL not working.
func (r LearningResource) LinkBroken() bool { return LinkStatusBroken(r.LinkStatus) }

// LinkStatusBroken reports whether a recorded link status means the link is broken.
func LinkStatusBroken(status int) bool { return status == -1 || status >= 400 }

// Validate checks the resource; the keys are the form's field names.
func (r LearningResource) Validate() Errors {
	e := Errors{}
	if strings.TrimSpace(r.Title) == "" {
		e.Add("title", "error.required")
	} else if utf8.RuneCountInString(r.Title) > 200 {
		e.Add("title", "learning.err_too_long")
	}
	if !ValidSlug(r.Slug) {
		e.Add("slug", "learning.err_slug")
	}
	e.OneLine("title", r.Title)
	e.OneLine("provider", r.Provider)
	if !Contains(LearningKinds, r.Kind) {
		e.Add("kind", "learning.err_choose")
	}
	if !Contains(LearningLevels, r.Level) {
		e.Add("level", "learning.err_choose")
	}
	if !Contains(ContentLangs, r.Lang) {
		e.Add("lang", "learning.err_choose")
	}
	if r.Visibility != VisibilityPublic && r.Visibility != VisibilityStaff {
		e.Add("visibility", "learning.err_choose")
	}
	if !ValidURL(r.URL) || len(r.URL) > 2000 {
		e.Add("url", "learning.err_url")
	}
	if r.DurationMinutes < 0 || r.DurationMinutes > 100000 {
		e.Add("duration_minutes", "learning.err_duration")
	}
	if utf8.RuneCountInString(r.Summary) > 1000 {
		e.Add("summary", "learning.err_too_long")
	}
	if len(r.BodyMD) > 50000 {
		e.Add("description", "learning.err_too_long")
	}
	for _, a := range r.Areas {
		if !Contains(Areas, a) {
			e.Add("areas", "learning.err_choose")
		}
	}
	for _, p := range r.Parts {
		if strings.TrimSpace(p.Title) == "" || !ValidLine(p.Title) || !Contains(LearningKinds, p.Kind) || p.DurationMinutes < 0 {
			e.Add("parts", "learning.err_parts")
		}
	}
	if len(r.Parts) > 0 && r.Kind != "course" {
		e.Add("parts", "learning.err_parts_course")
	}
	return e
}

// LearningPart is one part of a course, in order.
type LearningPart struct {
	ID              int64
	Position        int
	ResourceID      int64  // 0: a short item of the course's own
	ResourceSlug    string // the linked resource's slug, if any
	Title           string
	Kind            string
	DurationMinutes int
	Done            bool // for the viewing person
}

// KindCount is how many parts of one kind a course has.
type KindCount struct {
	Kind  string
	Count int
}

// CourseTotals counts a course's parts per kind (in LearningKinds order) and adds
// up their minutes.
func CourseTotals(parts []LearningPart) (counts []KindCount, minutes int) {
	n := map[string]int{}
	for _, p := range parts {
		n[p.Kind]++
		minutes += p.DurationMinutes
	}
	for _, k := range LearningKinds {
		if n[k] > 0 {
			counts = append(counts, KindCount{k, n[k]})
		}
	}
	return counts, minutes
}

// PartsDone returns the minutes of the parts done and of all parts.
func PartsDone(parts []LearningPart) (done, total int) {
	for _, p := range parts {
		total += p.DurationMinutes
		if p.Done {
			done += p.DurationMinutes
		}
	}
	return done, total
}

// LearningFilter is what the catalogue is narrowed by; empty fields do not filter.
type LearningFilter struct {
	Kind        string
	Lang        string
	Level       string
	Area        string
	ProgrammeID int64
	MaxMinutes  int // "under 30 min": 30
	Sort        string
	Staff       bool // the viewer is logged in: staff-only resources are shown
}

// LearningSorts are the catalogue's orders; the first is the default.
var LearningSorts = []string{"title", "newest", "shortest", "longest"}

// LearningDurations are the catalogue's duration filters, in minutes.
var LearningDurations = []int{30, 60, 180}

// FacetCount is one value of a filter with the number of resources it would show.
type FacetCount struct {
	Value string
	Label string // for values that are not message ids (programmes)
	Count int
}

// LearningFacets are the counts per value of each filter, given the other filters.
type LearningFacets struct {
	Kind, Lang, Level, Area, Programme, Duration []FacetCount
}

// LearningEntry is one resource on a person's learning record.
type LearningEntry struct {
	ResourceID   int64
	Slug         string
	Title        string
	Kind         string
	Lang         string
	Status       string
	UpdatedAt    time.Time
	DoneMinutes  int
	TotalMinutes int
}

// TimelineItem is one dated line on a person's learning record.
type TimelineItem struct {
	At    time.Time
	Kind  string // resource, event, meeting, assessment
	Title string
	URL   string
	State string // for resources: the progress state
}

// AreaMaterial is catalogue material for one of a person's weak self-assessment
// areas: their language first, shortest first, nothing they have done.
type AreaMaterial struct {
	Area      string
	Score     float64
	Resources []LearningResource
}

// WeakestAreas returns up to n areas of scores, lowest first (ties in DigComp order).
func WeakestAreas(scores map[string]float64, n int) []string {
	var out []string
	for _, a := range Areas {
		if _, ok := scores[a]; ok {
			out = append(out, a)
		}
	}
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && scores[out[j]] < scores[out[j-1]]; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	if len(out) > n {
		out = out[:n]
	}
	return out
}

// CuratedList is a coordinator's ordered, annotated selection of learning material
// on a group, a track or a track meeting, dated by its last change.
type CuratedList struct {
	UpdatedAt time.Time
	Items     []CuratedItem
}

// CuratedItem is one resource of a curated list with the coordinator's note.
type CuratedItem struct {
	Slug            string
	Title           string
	Kind            string
	Lang            string
	DurationMinutes int
	Note            string
	LinkStatus      int
}

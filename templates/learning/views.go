// Package learning holds the views of the learning catalogue: the filtered list,
// a resource's page with its parts, the person's learning record and the
// coordinators' list and form.
package learning

import (
	"context"
	"net/url"
	"strconv"
	"strings"
	"time"

	"spor/internal/i18n"
	"spor/internal/model"
	"spor/templates/components"
)

// CataloguePage is /learning.
type CataloguePage struct {
	Filter    model.LearningFilter
	Resources []model.LearningResource
	Pager     model.Pager
	Facets    model.LearningFacets
}

// ResourcePage is /learning/{slug}.
type ResourcePage struct {
	Resource   model.LearningResource
	Status     string
	Statements []model.Statement
	UsedIn     []Usage
	LoggedIn   bool
	CanEdit    bool
}

// Usage is a place a resource is used.
type Usage struct {
	Kind  string
	Title string
	URL   string
}

// RecordPage is /me/learning.
type RecordPage struct {
	Entries  []model.LearningEntry
	Timeline []model.TimelineItem
}

// ManagePage is /manage/learning.
type ManagePage struct {
	Resources []model.LearningResource
	Broken    []model.LearningResource
	Import    *ImportResult
}

// ImportResult is what a CSV import did or why it did nothing.
type ImportResult struct {
	Created  int
	Updated  int
	Problems []LineProblem
}

// LineProblem is one wrong line of an imported file.
type LineProblem struct {
	Line    int
	Field   string
	Message string // i18n id
}

// ResourceForm is the create/edit form; Fields holds the text of every field by
// its name (the CSV columns' names).
type ResourceForm struct {
	ID         int64 // 0: a new resource
	Archived   bool
	Fields     map[string]string
	Errors     model.Errors
	Programmes []Choice
	Statements []model.Statement
	Admin      bool
}

// Choice is one option of a select.
type Choice struct {
	Value string
	Label string
}

// Duration writes minutes as "10 h 20 min" in the page's language.
func Duration(ctx context.Context, minutes int) string {
	if minutes <= 0 {
		return ""
	}
	h, m := minutes/60, minutes%60
	switch {
	case h == 0:
		return i18n.T(ctx, "learning.minutes", "M", m)
	case m == 0:
		return i18n.T(ctx, "learning.hours", "H", h)
	}
	return i18n.T(ctx, "learning.hours_minutes", "H", h, "M", m)
}

// Totals writes a course's totals the way programmes announce them: "15 videos,
// 8 podcasts, 10 h 20 min".
func Totals(ctx context.Context, parts []model.LearningPart) string {
	counts, minutes := model.CourseTotals(parts)
	var out []string
	for _, c := range counts {
		out = append(out, i18n.T(ctx, "learning.count."+c.Kind, "Count", c.Count))
	}
	if d := Duration(ctx, minutes); d != "" {
		out = append(out, d)
	}
	return strings.Join(out, ", ")
}

// KindName names a kind of resource.
func KindName(ctx context.Context, kind string) string { return i18n.T(ctx, "learning.kind."+kind) }

// LevelName names a level.
func LevelName(ctx context.Context, level string) string { return i18n.T(ctx, "learning.level."+level) }

// AreaName names a DigComp area (the self-assessment's names).
func AreaName(ctx context.Context, area string) string { return i18n.T(ctx, "assessment.area."+area) }

// StateName names a progress state.
func StateName(ctx context.Context, state string) string { return i18n.T(ctx, "learning.state."+state) }

// ResourceURL is a resource's public page.
func ResourceURL(slug string) string { return "/learning/" + slug }

func manageURL(id int64) string { return "/manage/learning/" + strconv.FormatInt(id, 10) }

// filterURL is the catalogue's URL with f, one parameter set to value (empty: removed).
func filterURL(f model.LearningFilter, name, value string) string {
	q := url.Values{}
	set := func(k, v string) {
		if v != "" && v != "0" {
			q.Set(k, v)
		}
	}
	set("kind", f.Kind)
	set("language", f.Lang)
	set("level", f.Level)
	set("area", f.Area)
	set("programme", strconv.FormatInt(f.ProgrammeID, 10))
	set("max", strconv.Itoa(f.MaxMinutes))
	if f.Sort != "" && f.Sort != model.LearningSorts[0] {
		q.Set("sort", f.Sort)
	}
	q.Del(name)
	set(name, value)
	if len(q) == 0 {
		return "/learning"
	}
	return "/learning?" + q.Encode()
}

// current reports the value a filter has now.
func current(f model.LearningFilter, name string) string {
	switch name {
	case "kind":
		return f.Kind
	case "language":
		return f.Lang
	case "level":
		return f.Level
	case "area":
		return f.Area
	case "programme":
		if f.ProgrammeID == 0 {
			return ""
		}
		return strconv.FormatInt(f.ProgrammeID, 10)
	case "max":
		if f.MaxMinutes == 0 {
			return ""
		}
		return strconv.Itoa(f.MaxMinutes)
	}
	return ""
}

// facetGroup is one filter box of the catalogue.
type facetGroup struct {
	Name   string // the URL parameter
	Legend string
	Values []facetValue
}

type facetValue struct {
	Value string
	Label string
	Count int
}

func facetGroups(ctx context.Context, f model.LearningFacets) []facetGroup {
	conv := func(list []model.FacetCount, label func(string) string) []facetValue {
		out := make([]facetValue, 0, len(list))
		for _, v := range list {
			l := v.Label
			if label != nil {
				l = label(v.Value)
			}
			out = append(out, facetValue{v.Value, l, v.Count})
		}
		return out
	}
	groups := []facetGroup{
		{"kind", i18n.T(ctx, "learning.filter_kind"), conv(f.Kind, func(v string) string { return KindName(ctx, v) })},
		{"area", i18n.T(ctx, "learning.filter_area"), conv(f.Area, func(v string) string { return AreaName(ctx, v) })},
		{"language", i18n.T(ctx, "learning.filter_lang"), conv(f.Lang, func(v string) string { return i18n.T(ctx, "events.lang."+v) })},
		{"level", i18n.T(ctx, "learning.filter_level"), conv(f.Level, func(v string) string { return LevelName(ctx, v) })},
		{"max", i18n.T(ctx, "learning.filter_duration"), conv(f.Duration, func(v string) string {
			n, _ := strconv.Atoi(v)
			return i18n.T(ctx, "learning.under", "Duration", Duration(ctx, n))
		})},
	}
	if len(f.Programme) > 0 {
		groups = append(groups, facetGroup{"programme", i18n.T(ctx, "learning.filter_programme"), conv(f.Programme, nil)})
	}
	return groups
}

func sortOptions(ctx context.Context) []components.Option {
	out := make([]components.Option, 0, len(model.LearningSorts))
	for _, s := range model.LearningSorts {
		out = append(out, components.Option{Value: s, Label: i18n.T(ctx, "learning.sort."+s)})
	}
	return out
}

func percent(done, total int) int {
	if total <= 0 {
		return 0
	}
	return done * 100 / total
}

func itoa(n int) string { return strconv.Itoa(n) }

func i64(n int64) string { return strconv.FormatInt(n, 10) }

func entriesIn(list []model.LearningEntry, state string) []model.LearningEntry {
	var out []model.LearningEntry
	for _, e := range list {
		if e.Status == state {
			out = append(out, e)
		}
	}
	return out
}

// TimelineTitle is a timeline line's title (a self-assessment has none of its own).
func TimelineTitle(ctx context.Context, t model.TimelineItem) string {
	if t.Kind == "assessment" {
		return i18n.T(ctx, "learning.timeline_assessment_title")
	}
	return t.Title
}

func formAction(id int64) string {
	if id == 0 {
		return "/manage/learning"
	}
	return manageURL(id)
}

func kindOptions(ctx context.Context) []components.Option {
	out := make([]components.Option, 0, len(model.LearningKinds))
	for _, k := range model.LearningKinds {
		out = append(out, components.Option{Value: k, Label: KindName(ctx, k)})
	}
	return out
}

func levelOptions(ctx context.Context) []components.Option {
	out := make([]components.Option, 0, len(model.LearningLevels))
	for _, l := range model.LearningLevels {
		out = append(out, components.Option{Value: l, Label: LevelName(ctx, l)})
	}
	return out
}

func langOptions(ctx context.Context) []components.Option {
	out := make([]components.Option, 0, len(model.ContentLangs))
	for _, l := range model.ContentLangs {
		out = append(out, components.Option{Value: l, Label: i18n.T(ctx, "events.lang."+l)})
	}
	return out
}

func visibilityOptions(ctx context.Context) []components.Option {
	return []components.Option{
		{Value: model.VisibilityPublic, Label: i18n.T(ctx, "learning.visibility.public")},
		{Value: model.VisibilityStaff, Label: i18n.T(ctx, "learning.visibility.staff")},
	}
}

func programmeOptions(ctx context.Context, v ResourceForm) []components.Option {
	out := []components.Option{{Value: "", Label: i18n.T(ctx, "learning.f.no_programme")}}
	for _, p := range v.Programmes {
		out = append(out, components.Option{Value: p.Value, Label: p.Label})
	}
	return out
}

// statusText says what the link check found.
func statusText(ctx context.Context, status int) string {
	switch {
	case status == 0:
		return i18n.T(ctx, "learning.link_unchecked")
	case status == -1:
		return i18n.T(ctx, "learning.link_no_answer")
	case model.LinkStatusBroken(status):
		return i18n.T(ctx, "learning.link_status_broken", "Status", status)
	}
	return i18n.T(ctx, "learning.link_ok")
}

// ListForm edits a curated list: one "slug | note" per line.
type ListForm struct {
	Action    string
	Items     string
	UpdatedAt time.Time
	Errors    model.Errors
}

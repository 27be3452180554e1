package learning

import (
	"strconv"
	"strings"
	"time"

	"spor/internal/model"
)

// Fields is a resource as text, the way the form and the CSV file carry it: the
// same names in both, so an exported file imports unchanged.
type Fields map[string]string

// Columns are the CSV file's columns, in order.
var Columns = []string{"slug", "kind", "title", "summary", "description", "provider", "url", "lang", "duration_minutes",
	"level", "areas", "statements", "programme", "published_on", "reviewed_on", "visibility", "parts"}

// parseResource turns fields into a resource and its problems. programmes maps a
// programme slug the user may use to its id (the form sends the id as text too).
func parseResource(f Fields, programmes []Programme, admin bool) (model.LearningResource, model.Errors) {
	get := func(k string) string { return strings.TrimSpace(f[k]) }
	r := model.LearningResource{
		Slug: get("slug"), Kind: get("kind"), Title: get("title"), Summary: get("summary"), BodyMD: f["description"],
		Provider: get("provider"), URL: get("url"), Lang: get("lang"), Level: get("level"), Visibility: get("visibility"),
	}
	if r.Slug == "" {
		r.Slug = model.Slugify(r.Title)
	}
	// A file may leave out the columns whose default suits it.
	if r.Level == "" {
		r.Level = model.LearningLevels[0]
	}
	if r.Visibility == "" {
		r.Visibility = model.VisibilityPublic
	}
	errs := model.Errors{}
	if d := get("duration_minutes"); d != "" {
		n, err := strconv.Atoi(d)
		if err != nil || n < 0 || n > 100000 {
			errs.Add("duration_minutes", "learning.err_duration")
		}
		r.DurationMinutes = n
	}
	r.Areas = strings.Fields(strings.NewReplacer(",", " ", ";", " ").Replace(get("areas")))
	for _, a := range r.Areas {
		if !model.Contains(model.Areas, a) {
			errs.Add("areas", "learning.err_choose")
		}
	}
	for _, s := range strings.Fields(strings.NewReplacer(",", " ", ";", " ").Replace(get("statements"))) {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil || id <= 0 {
			errs.Add("statements", "learning.err_statements")
			continue
		}
		r.StatementIDs = append(r.StatementIDs, id)
	}
	if p := get("programme"); p != "" {
		for _, pr := range programmes {
			if p == pr.Slug || p == strconv.FormatInt(pr.ID, 10) {
				r.ProgrammeID = pr.ID
			}
		}
		if r.ProgrammeID == 0 {
			errs.Add("programme", "learning.err_programme")
		}
	} else if !admin {
		// A coordinator's resource belongs to one of their programmes, or they could
		// not edit it afterwards.
		errs.Add("programme", "learning.err_programme")
	}
	for _, k := range []string{"published_on", "reviewed_on"} {
		if v := get(k); v != "" {
			t, err := time.Parse("2006-01-02", v)
			if err != nil {
				errs.Add(k, "learning.err_date")
			}
			if k == "published_on" {
				r.PublishedOn = t
			} else {
				r.ReviewedOn = t
			}
		}
	}
	parts, ok := parseParts(f["parts"])
	if !ok {
		errs.Add("parts", "learning.err_parts")
	}
	r.Parts = parts
	if len(parts) > 0 && r.Kind != "course" {
		errs.Add("parts", "learning.err_parts_course")
	}
	if len(parts) > 500 {
		errs.Add("parts", "learning.err_parts")
	}
	for k, v := range r.Validate() {
		errs.Add(k, v)
	}
	return r, errs
}

// parseParts reads one part per line: "kind | minutes | title", optionally
// "| slug" of a catalogue resource the part is.
func parseParts(s string) ([]model.LearningPart, bool) {
	var parts []model.LearningPart
	ok := true
	for _, line := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		cells := strings.Split(line, "|")
		for i := range cells {
			cells[i] = strings.TrimSpace(cells[i])
		}
		if len(cells) < 3 || len(cells) > 4 {
			ok = false
			continue
		}
		n, err := strconv.Atoi(cells[1])
		if err != nil || n < 0 || !model.Contains(model.LearningKinds, cells[0]) || cells[2] == "" {
			ok = false
			continue
		}
		p := model.LearningPart{Kind: cells[0], DurationMinutes: n, Title: cells[2]}
		if len(cells) == 4 {
			p.ResourceSlug = cells[3]
		}
		parts = append(parts, p)
	}
	return parts, ok
}

// formatParts is parseParts's inverse.
func formatParts(parts []model.LearningPart) string {
	lines := make([]string, len(parts))
	for i, p := range parts {
		lines[i] = p.Kind + " | " + strconv.Itoa(p.DurationMinutes) + " | " + p.Title
		if p.ResourceSlug != "" {
			lines[i] += " | " + p.ResourceSlug
		}
	}
	return strings.Join(lines, "\n")
}

// fieldsOf is a resource as text, for the form and the CSV export.
func fieldsOf(r model.LearningResource, programmeSlug string) Fields {
	date := func(t time.Time) string {
		if t.IsZero() || t.Year() <= 1 {
			return ""
		}
		return t.Format("2006-01-02")
	}
	stmts := make([]string, len(r.StatementIDs))
	for i, id := range r.StatementIDs {
		stmts[i] = strconv.FormatInt(id, 10)
	}
	dur := ""
	if r.DurationMinutes > 0 {
		dur = strconv.Itoa(r.DurationMinutes)
	}
	provider := r.Provider
	return Fields{"slug": r.Slug, "kind": r.Kind, "title": r.Title, "summary": r.Summary, "description": r.BodyMD,
		"provider": provider, "url": r.URL, "lang": r.Lang, "duration_minutes": dur, "level": r.Level,
		"areas": strings.Join(r.Areas, " "), "statements": strings.Join(stmts, " "), "programme": programmeSlug,
		"published_on": date(r.PublishedOn), "reviewed_on": date(r.ReviewedOn), "visibility": r.Visibility,
		"parts": formatParts(r.Parts)}
}

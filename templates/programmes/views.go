// Package programmes holds the views of competence programmes.
package programmes

import (
	"context"

	"strconv"
	"time"

	"spor/internal/i18n"
	"spor/internal/model"
	"spor/templates/components"
)

// ProgrammePage is /programmes/{slug}.
type ProgrammePage struct {
	Programme model.Programme
	Groups    []model.Group
	Events    []model.EventSummary
	Tracks    []model.TrackSummary
	Admin     bool
}

// ListPage is /programmes (and /manage/programmes when Manage).
type ListPage struct {
	Programmes []model.Programme
	Manage     bool
}

// Form creates or edits a programme.
type Form struct {
	Programme model.Programme
	Errors    model.Errors
}

func programmeURL(slug string) string { return "/programmes/" + slug }

func manageURL(id int64, rest string) string {
	return "/manage/programmes/" + strconv.FormatInt(id, 10) + rest
}

func formAction(id int64) string {
	if id == 0 {
		return "/manage/programmes"
	}
	return manageURL(id, "")
}

func dateValue(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.Format("2006-01-02")
}

func langOptions(ctx context.Context) []components.Option {
	var opts []components.Option
	for _, l := range model.ContentLangs {
		opts = append(opts, components.Option{Value: l, Label: i18n.ContentLangName(ctx, l)})
	}
	return opts
}

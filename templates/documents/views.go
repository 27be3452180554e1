// Package documents holds the coordinators' pages for a group's documents.
package documents

import (
	"context"

	"net/url"
	"strconv"

	"spor/internal/i18n"
	"spor/internal/model"
	"spor/templates/components"
)

// Manage is /manage/groups/{id}/documents: the list and the upload form.
type Manage struct {
	Group     model.GroupRef
	Documents []model.Document
	Form      model.Document // the upload form's values
	Errors    model.Errors
	Duplicate *model.Document // the same file, already in the group
	MaxMB     int64
}

func manageURL(groupID int64, rest string) string {
	return "/manage/groups/" + strconv.FormatInt(groupID, 10) + rest
}

// DownloadURL is a document's download path.
func DownloadURL(slug string, d model.Document) string {
	return "/groups/" + slug + "/documents/" + strconv.FormatInt(d.ID, 10) + "/" + url.PathEscape(d.Filename)
}

func idStr(id int64) string { return strconv.FormatInt(id, 10) }

func langOptions(ctx context.Context) []components.Option {
	var opts []components.Option
	for _, l := range model.ContentLangs {
		opts = append(opts, components.Option{Value: l, Label: i18n.ContentLangName(ctx, l)})
	}
	return opts
}

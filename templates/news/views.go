// Package news holds the views of a group's news: an item's page and the manage
// pages.
package news

import (
	"strconv"
	"time"

	"spor/internal/model"
)

// ItemPage is /groups/{slug}/news/{id}.
type ItemPage struct {
	Group   model.GroupRef
	Item    model.News
	CanEdit bool
	Now     time.Time
}

// ManageList is /manage/groups/{id}/news.
type ManageList struct {
	Group model.GroupRef
	Items []model.News
	Now   time.Time
}

// Form writes or edits a news item; PublishAt is entered in Zone.
type Form struct {
	Group  model.GroupRef
	Item   model.News
	Errors model.Errors
	Zone   *time.Location
}

func groupURL(slug string) string { return "/groups/" + slug }

func itemURL(slug string, id int64) string {
	return "/groups/" + slug + "/news/" + strconv.FormatInt(id, 10)
}

func manageURL(groupID int64, rest string) string {
	return "/manage/groups/" + strconv.FormatInt(groupID, 10) + rest
}

func itemAction(groupID, id int64) string {
	if id == 0 {
		return manageURL(groupID, "/news")
	}
	return manageURL(groupID, "/news/"+strconv.FormatInt(id, 10))
}

func idStr(id int64) string { return strconv.FormatInt(id, 10) }

func local(t time.Time, zone *time.Location) string {
	if t.IsZero() {
		return ""
	}
	return t.In(zone).Format("2006-01-02T15:04")
}

func iso(t time.Time) string { return t.UTC().Format(time.RFC3339) }

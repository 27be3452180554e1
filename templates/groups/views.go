// Package groups holds the views of programme groups: the list, the group page,
// its followers and the manage pages.
package groups

import (
	"net/url"
	"strconv"
	"time"

	"spor/internal/model"
	"spor/templates/components"
)

// GroupList is /groups.
type GroupList struct {
	Groups     []model.Group
	Pager      model.Pager
	Filter     model.GroupFilter
	Programmes []model.Programme
}

// GroupPage is /groups/{slug}.
type GroupPage struct {
	Group         model.Group
	UpdatedAt     time.Time
	Contacts      []model.Contact
	News          []model.News
	Documents     []model.Document
	Events        []model.EventSummary
	Material      model.CuratedList // the coordinators' selection of learning material
	Followers     []model.OrgCount
	FollowerTotal int
	FollowerOrgs  int // following organisations in all; Followers holds the largest
	Following     bool
	Follow        model.FollowSettings // the visitor's settings, when Following
	CanEdit       bool
	User          *model.User
	Now           time.Time
}

// FollowersPage is /groups/{slug}/followers.
type FollowersPage struct {
	Group  model.GroupRef
	Orgs   []model.OrgCount
	People []model.Follower // only for logged-in staff
	Pager  model.Pager
	Staff  bool
}

// GroupURL is the group page's path.
func GroupURL(slug string) string { return "/groups/" + slug }

// DocumentURL is a document's download path.
func DocumentURL(slug string, d model.Document) string {
	return "/groups/" + slug + "/documents/" + strconv.FormatInt(d.ID, 10) + "/" + url.PathEscape(d.Filename)
}

// NewsURL is a news item's path.
func NewsURL(slug string, id int64) string {
	return "/groups/" + slug + "/news/" + strconv.FormatInt(id, 10)
}

// ContactVCardURL is a contact's vCard download path.
func ContactVCardURL(slug string, id int64) string {
	return "/groups/" + slug + "/contacts/" + strconv.FormatInt(id, 10) + ".vcf"
}

func manageURL(id int64, rest string) string {
	return "/manage/groups/" + strconv.FormatInt(id, 10) + rest
}

func eventURL(id int64) string { return "/events/" + strconv.FormatInt(id, 10) }

func listURL(f model.GroupFilter) string {
	q := url.Values{}
	if f.Programme != "" {
		q.Set("programme", f.Programme)
	}
	if f.Lang != "" {
		q.Set("language", f.Lang)
	}
	if len(q) == 0 {
		return "/groups"
	}
	return "/groups?" + q.Encode()
}

func programmeOptions(label string, list []model.Programme, byID bool) []components.Option {
	opts := []components.Option{{Value: "", Label: label}}
	for _, p := range list {
		v := p.Slug
		if byID {
			v = strconv.FormatInt(p.ID, 10)
		}
		opts = append(opts, components.Option{Value: v, Label: p.Title})
	}
	return opts
}

func kindLabel(contentType string) string {
	switch contentType {
	case "application/pdf":
		return "PDF"
	case "image/png":
		return "PNG"
	case "image/jpeg":
		return "JPEG"
	case "text/csv; charset=utf-8":
		return "CSV"
	case "text/plain; charset=utf-8":
		return "TXT"
	case "application/vnd.openxmlformats-officedocument.wordprocessingml.document":
		return "Word"
	case "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet":
		return "Excel"
	case "application/vnd.openxmlformats-officedocument.presentationml.presentation":
		return "PowerPoint"
	case "application/vnd.oasis.opendocument.text":
		return "ODT"
	case "application/vnd.oasis.opendocument.spreadsheet":
		return "ODS"
	case "application/vnd.oasis.opendocument.presentation":
		return "ODP"
	}
	return contentType
}

func itoa(n int) string { return strconv.Itoa(n) }

func joinNonEmpty(parts ...string) string {
	out := ""
	for _, p := range parts {
		if p == "" {
			continue
		}
		if out != "" {
			out += ", "
		}
		out += p
	}
	return out
}

// ManageList is /manage/groups.
type ManageList struct {
	Groups []model.Group
	Stale  []int // contacts needing a check, per group
	Admin  bool
}

// GroupForm creates or edits a group; the admin-only fields show when Admin.
type GroupForm struct {
	Group        model.Group
	Errors       model.Errors
	Admin        bool
	Programmes   []model.Programme
	Coordinators []model.User
	Contacts     []model.Contact // on edit
	Now          time.Time
}

// ContactForm creates or edits a contact of Group.
type ContactForm struct {
	Group   model.GroupRef
	Contact model.Contact
	Errors  model.Errors
}

func hasID(list []int64, id int64) bool {
	for _, v := range list {
		if v == id {
			return true
		}
	}
	return false
}

func idStr(id int64) string { return strconv.FormatInt(id, 10) }

func dateValue(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2006-01-02")
}

func formAction(id int64) string {
	if id == 0 {
		return "/manage/groups"
	}
	return manageURL(id, "")
}

func contactAction(groupID, id int64) string {
	if id == 0 {
		return manageURL(groupID, "/contacts")
	}
	return manageURL(groupID, "/contacts/"+idStr(id))
}

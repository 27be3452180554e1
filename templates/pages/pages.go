// Package pages holds pages that belong to no single domain: errors and /manage.
package pages

import "spor/internal/model"

type link struct{ href, title string }

// ManageSections lists the /manage sections by the role that may use them. Domains
// add theirs here as they arrive.
var coordinatorLinks = []link{
	{"/manage/groups", "manage.groups"},
	{"/manage/events", "manage.events"},
	{"/manage/tracks", "manage.tracks"},
	{"/manage/assessment", "manage.assessment"},
}

var adminLinks = []link{
	{"/manage/programmes", "manage.programmes"},
	{"/manage/alerts", "manage.alerts"},
	{"/manage/organisations", "manage.organisations"},
	{"/manage/users", "manage.users"},
	{"/manage/invitations", "manage.invitations"},
	{"/manage/mail", "manage.mail"},
}

func manageLinks(u *model.User) []link {
	links := append([]link{}, coordinatorLinks...)
	if u.IsAdmin() {
		links = append(links, adminLinks...)
	}
	return links
}

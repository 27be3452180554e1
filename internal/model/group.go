package model

import (
	"strings"
	"time"
)

// Visibilities of a group or a contact: everyone, or logged-in staff only.
var Visibilities = []string{"public", "staff"}

// Group is a programme group: the page staff use every day.
type Group struct {
	ID             int64
	ProgrammeID    int64 // 0: no programme
	ProgrammeSlug  string
	ProgrammeTitle string
	Slug           string
	Title          string
	Summary        string
	BodyMD         string
	BodyHTML       string // rendered and sanitised on save, never from input directly
	Lang           string
	Visibility     string
	ProjectURL     string
	UpdatedAt      time.Time // the latest change to the group or anything in it
	CreatedAt      time.Time
	Followers      int     // in lists
	Coordinators   []int64 // user ids (in the manage form)
}

// StaffOnly reports whether only logged-in staff may read the group.
func (g Group) StaffOnly() bool { return g.Visibility == "staff" }

// Ref is the group's short reference.
func (g Group) Ref() GroupRef {
	return GroupRef{ID: g.ID, Slug: g.Slug, Title: g.Title, Lang: g.Lang, Visibility: g.Visibility, CreatedAt: g.CreatedAt}
}

// Validate checks a group before it is saved.
func (g *Group) Validate() error {
	e := Errors{}
	g.Title = strings.TrimSpace(g.Title)
	g.Slug = strings.TrimSpace(g.Slug)
	g.Summary = strings.TrimSpace(g.Summary)
	g.ProjectURL = strings.TrimSpace(g.ProjectURL)
	e.OneLine("title", g.Title)
	if g.Title == "" {
		e.Add("title", "error.required")
	} else if len(g.Title) > 200 {
		e.Add("title", "error.too_long")
	}
	if g.Slug == "" {
		g.Slug = Slugify(g.Title)
	}
	if !ValidSlug(g.Slug) {
		e.Add("slug", "error.slug")
	}
	if len(g.Summary) > 500 {
		e.Add("summary", "error.too_long")
	}
	if len(g.BodyMD) > 100_000 {
		e.Add("body", "error.too_long")
	}
	if !Contains(ContentLangs, g.Lang) {
		e.Add("lang", "error.choice")
	}
	if !Contains(Visibilities, g.Visibility) {
		e.Add("visibility", "error.choice")
	}
	if !ValidURL(g.ProjectURL) {
		e.Add("project_url", "error.url")
	}
	return e.Err()
}

// GroupFilter selects groups for the /groups list.
type GroupFilter struct {
	Programme string // programme slug
	Lang      string
	Staff     bool // the visitor is logged in: staff-only groups are listed too
	Pager     Pager
}

// GroupRef is what pages hanging under a group (news, documents, contacts) need to
// know about it.
type GroupRef struct {
	ID         int64
	Slug       string
	Title      string
	Lang       string
	Visibility string
	CreatedAt  time.Time
}

// VisibleTo reports whether u (nil: anonymous) may read the group.
func (g GroupRef) VisibleTo(u *User) bool { return g.Visibility != "staff" || u != nil }

// Moved returns the path to redirect to when the group was asked for by an old
// slug (path is the request path, asked the slug in it), or "" when asked is current.
func (g GroupRef) Moved(path, asked string) string {
	if asked == g.Slug {
		return ""
	}
	prefix := "/groups/" + asked
	if !strings.HasPrefix(path, prefix) {
		return "/groups/" + g.Slug
	}
	return "/groups/" + g.Slug + path[len(prefix):]
}

// Contact is a contact person of a group.
type Contact struct {
	ID           int64
	GroupID      int64
	Name         string
	Role         string
	Organisation string
	Email        string
	Phone        string
	Position     int
	Visibility   string
	CheckedOn    time.Time
}

// ContactStaleAfter is how long a contact may go unchecked before its group's
// coordinators are asked to check it.
const ContactStaleAfter = 12 // months

// Stale reports whether the contact has not been checked for ContactStaleAfter months.
func (c Contact) Stale(now time.Time) bool {
	return c.CheckedOn.Before(now.AddDate(0, -ContactStaleAfter, 0))
}

// TelURI is the phone number as a tel: URI (digits and a leading +).
func (c Contact) TelURI() string {
	var b strings.Builder
	for i, r := range c.Phone {
		if (r >= '0' && r <= '9') || (r == '+' && i == 0) {
			b.WriteRune(r)
		}
	}
	return "tel:" + b.String()
}

// Validate checks a contact before it is saved.
func (c *Contact) Validate() error {
	e := Errors{}
	c.Name = strings.TrimSpace(c.Name)
	c.Role = strings.TrimSpace(c.Role)
	c.Organisation = strings.TrimSpace(c.Organisation)
	c.Email = strings.TrimSpace(c.Email)
	c.Phone = strings.TrimSpace(c.Phone)
	e.OneLine("name", c.Name)
	e.OneLine("role", c.Role)
	e.OneLine("organisation", c.Organisation)
	e.OneLine("phone", c.Phone)
	if c.Name == "" {
		e.Add("name", "error.required")
	} else if len(c.Name) > 200 {
		e.Add("name", "error.too_long")
	}
	if len(c.Role) > 200 {
		e.Add("role", "error.too_long")
	}
	if len(c.Organisation) > 200 {
		e.Add("organisation", "error.too_long")
	}
	if c.Email != "" && !ValidEmail(c.Email) {
		e.Add("email", "error.email")
	}
	if len(c.Phone) > 40 || (c.Phone != "" && strings.Trim(c.Phone, "+0123456789 -()") != "") {
		e.Add("phone", "error.phone")
	}
	if !Contains(Visibilities, c.Visibility) {
		e.Add("visibility", "error.choice")
	}
	if c.CheckedOn.IsZero() {
		e.Add("checked_on", "error.date")
	}
	return e.Err()
}

// OrgCount is an organisation with how many of its staff follow a group.
type OrgCount struct {
	Name  string
	Count int
}

// Follower is one staff member following a group (shown to logged-in staff only).
type Follower struct {
	Name         string
	Organisation string
}

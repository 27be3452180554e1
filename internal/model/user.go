package model

import (
	"strings"
	"time"
)

// Role is what a user may do across the site.
type Role string

// The roles, from least to most powerful.
const (
	RoleStaff       Role = "staff"
	RoleCoordinator Role = "coordinator"
	RoleAdmin       Role = "admin"
)

// Roles lists every role in order.
var Roles = []Role{RoleStaff, RoleCoordinator, RoleAdmin}

// Valid reports whether r is a known role.
func (r Role) Valid() bool { return r == RoleStaff || r == RoleCoordinator || r == RoleAdmin }

// User is a member of library staff with a login.
type User struct {
	ID             int64
	Email          string
	Name           string
	OrganisationID int64
	Organisation   string // the organisation's name
	Country        string // the organisation's country: DK, SE, NO, FI
	Role           Role
	Lang           string
	Disabled       bool
	LibraryContact bool // may invite people of their own organisation
	CalendarToken  string
	CreatedAt      time.Time
}

// countryZones are the zones of the organisations' countries.
var countryZones = map[string]string{"DK": "Europe/Copenhagen", "SE": "Europe/Stockholm", "NO": "Europe/Oslo", "FI": "Europe/Helsinki"}

// Zone is the time zone u's pages show times in: their organisation's country's
// (nil when unknown, and the page language decides).
func (u *User) Zone() *time.Location {
	if u == nil {
		return nil
	}
	if loc, ok := LoadZone(countryZones[u.Country]); ok {
		return loc
	}
	return nil
}

// IsAdmin reports whether u is a logged-in admin.
func (u *User) IsAdmin() bool { return u != nil && u.Role == RoleAdmin }

// CanManage reports whether u may reach the /manage pages at all (what they may
// change there is checked against each record).
func (u *User) CanManage() bool {
	return u != nil && (u.Role == RoleAdmin || u.Role == RoleCoordinator)
}

// UserForm is what the user form edits.
type UserForm struct {
	ID             int64
	Email          string
	Name           string
	OrganisationID int64
	Role           Role
	Lang           string
	Disabled       bool
	LibraryContact bool
	Password       string // empty on edit: keep the old one
}

// MinPasswordLen is the shortest password Spor accepts.
const MinPasswordLen = 12

// Validate checks the form; creating a user needs a password (whose strength
// auth.PasswordProblem judges: it needs a dictionary the model should not carry).
func (f *UserForm) Validate() error {
	e := Errors{}
	f.Email = strings.TrimSpace(f.Email)
	f.Name = strings.TrimSpace(f.Name)
	e.OneLine("name", f.Name)
	if !ValidEmail(f.Email) {
		e.Add("email", "error.email")
	}
	if f.Name == "" {
		e.Add("name", "error.required")
	}
	if f.OrganisationID == 0 {
		e.Add("organisation", "error.required")
	}
	if !f.Role.Valid() {
		e.Add("role", "error.choice")
	}
	if !Contains(UILangs, f.Lang) {
		e.Add("lang", "error.choice")
	}
	if f.ID == 0 && f.Password == "" {
		e.Add("password", "error.required")
	}
	return e.Err()
}

// OrgKinds are the kinds of organisation Spor knows.
var OrgKinds = []string{"public_library", "central_library", "regional_library", "national_library", "municipality_association", "union"}

// Countries are the Nordic countries Spor serves.
var Countries = []string{"DK", "SE", "NO", "FI"}

// Organisation is a library or another body whose staff use Spor.
type Organisation struct {
	ID           int64
	Name         string
	Kind         string
	Country      string
	Municipality string
	Region       string
	Website      string
	EmailDomains []string // addresses here may sign up as its staff; lower-case, each in one organisation only
	Users        int      // how many users belong to it (in lists)
}

// Validate checks an organisation before it is saved.
func (o *Organisation) Validate() error {
	e := Errors{}
	o.Name = strings.TrimSpace(o.Name)
	e.OneLine("name", o.Name, o.Municipality, o.Region)
	if o.Name == "" {
		e.Add("name", "error.required")
	}
	if !Contains(OrgKinds, o.Kind) {
		e.Add("kind", "error.choice")
	}
	if !Contains(Countries, o.Country) {
		e.Add("country", "error.choice")
	}
	if !ValidURL(o.Website) {
		e.Add("website", "error.url")
	}
	if msg := checkDomains(o.EmailDomains); msg != "" {
		e.Add("email_domains", msg)
	}
	return e.Err()
}

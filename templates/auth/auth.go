// Package auth holds the login page and the admin's user pages.
package auth

import (
	"context"
	"net/url"
	"strconv"

	"spor/internal/i18n"
	"spor/internal/model"
	"spor/templates/components"
)

// LoginForm is the login page's state.
type LoginForm struct {
	Email string
	Next  string
	Error string // i18n id
	// Providers are the single sign-on buttons, shown above the password form.
	Providers []model.SSOButton
}

// UserList is the admin's list of users.
type UserList struct {
	Users          []model.User
	Query          string
	OrganisationID int64
	Role           string
	ContactsOnly   bool
	Organisations  []model.Organisation // for the organisation filter
	Pager          model.Pager
}

// filtered reports whether any search or filter narrows the list.
func (v UserList) filtered() bool {
	return v.Query != "" || v.OrganisationID != 0 || v.Role != "" || v.ContactsOnly
}

// listURL is the list with the current search and filters, for the pager links.
func (v UserList) listURL() string {
	q := url.Values{}
	if v.Query != "" {
		q.Set("q", v.Query)
	}
	if v.OrganisationID != 0 {
		q.Set("org", strconv.FormatInt(v.OrganisationID, 10))
	}
	if v.Role != "" {
		q.Set("role", v.Role)
	}
	if v.ContactsOnly {
		q.Set("contacts", "on")
	}
	if len(q) == 0 {
		return "/manage/users"
	}
	return "/manage/users?" + q.Encode()
}

// UserForm is the create/edit user page.
type UserForm struct {
	Form          model.UserForm
	Organisations []model.Organisation
	Errors        model.Errors
}

func userURL(id int64) string { return "/manage/users/" + strconv.FormatInt(id, 10) }

func (f UserForm) action() string {
	if f.Form.ID == 0 {
		return "/manage/users"
	}
	return userURL(f.Form.ID)
}

func idString(id int64) string {
	if id == 0 {
		return ""
	}
	return strconv.FormatInt(id, 10)
}

func orgFilterOptions(ctx context.Context, orgs []model.Organisation) []components.Option {
	opts := []components.Option{{Value: "", Label: i18n.T(ctx, "users.all_organisations")}}
	for _, o := range orgs {
		opts = append(opts, components.Option{Value: strconv.FormatInt(o.ID, 10), Label: o.Name})
	}
	return opts
}

func roleFilterOptions(ctx context.Context) []components.Option {
	return append([]components.Option{{Value: "", Label: i18n.T(ctx, "users.all_roles")}}, roleOptions(ctx)...)
}

// Package auth holds the login page and the admin's user pages.
package auth

import (
	"strconv"

	"spor/internal/model"
)

// LoginForm is the login page's state.
type LoginForm struct {
	Email string
	Next  string
	Error string // i18n id
}

// UserList is the admin's list of users.
type UserList struct {
	Users []model.User
	Query string
	Pager model.Pager
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

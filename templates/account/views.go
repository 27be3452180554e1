// Package account holds the pages people use to get in by themselves: forgotten
// password, reset, sign-up and its confirmation.
package account

import (
	"strconv"
	"time"

	"spor/internal/i18n"
	"spor/internal/model"
	"spor/templates/components"
)

// EmailForm asks for an address (forgotten password, sign-up).
type EmailForm struct {
	Email  string
	Errors model.Errors
}

// PasswordForm sets a new password through a mailed link.
type PasswordForm struct {
	Action string // the form's own path (it carries the token)
	Errors model.Errors
}

// ConfirmForm completes a sign-up or accepts an invitation: name, language and
// password.
type ConfirmForm struct {
	Invite       bool // an invitation, not a sign-up
	Action       string
	Email        string
	Organisation string
	Name         string
	Lang         string
	Errors       model.Errors
}

func langOptions() []components.Option {
	var o []components.Option
	for _, l := range i18n.Langs {
		o = append(o, components.Option{Value: l, Label: i18n.LangName(l)})
	}
	return o
}

// Invitation is a row of the invitation list.
type Invitation struct {
	ID           int64
	Email        string
	Name         string
	Organisation string
	CreatedAt    time.Time
	ExpiresAt    time.Time
	State        string // pending, accepted, expired, revoked
}

// InvitePage is /manage/invitations: the form and the list.
type InvitePage struct {
	Admin         bool // may choose the organisation; a library contact invites to their own
	Organisations []components.Option
	OrgID         string
	OwnOrg        string
	Addresses     string
	Lang          string
	Errors        model.Errors
	Done          bool
	Invited       []string
	Existing      []string
	Pending       []string
	Duplicates    []string
	Invalid       []string
	Invitations   []Invitation
}

func invitationURL(id int64, action string) string {
	return "/manage/invitations/" + strconv.FormatInt(id, 10) + "/" + action
}

// Session is one active session on the profile page.
type Session struct {
	Current  bool
	LastSeen time.Time
	Expires  time.Time
}

// ProfilePage is /me/profile: three forms and the sessions.
type ProfilePage struct {
	Name, Lang, Email string
	NewEmail          string
	Errors            model.Errors // one map for all forms: field names differ
	Sessions          []Session
}

// Package account holds the pages people use to get in by themselves: forgotten
// password, reset, sign-up and its confirmation.
package account

import (
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

// ConfirmForm completes a sign-up: name, language and password.
type ConfirmForm struct {
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

package model

import "time"

// SSOButton is one single sign-on provider's button on the login page.
type SSOButton struct {
	Key       string // the provider's key, in /login/oidc/{key}
	Label     string // in the page's language
	Available bool   // false while the provider cannot be reached
}

// LinkedIdentity is a work account linked to a Spor account (shown on the
// profile page).
type LinkedIdentity struct {
	Provider     string // key
	ProviderName string // in the page's language
	Email        string // as the provider last said
	CreatedAt    time.Time
	LastLoginAt  time.Time
}

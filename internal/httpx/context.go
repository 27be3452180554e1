// Package httpx holds the HTTP helpers every domain shares: the page renderer, the
// error funnel, form parsing, flash messages and the request's chrome (user, language,
// alerts).
package httpx

import (
	"context"
	"net/http"

	"spor/internal/i18n"
	"spor/internal/model"
	"spor/templates/layout"
)

// Chrome is what the page layout needs about the request, loaded once by middleware.
type Chrome struct {
	User      *model.User
	Alerts    []model.Alert
	Flash     string // an i18n id
	Dismissed map[int64]bool
	Meta      layout.Meta // the page's head tags (SetMeta)
}

type chromeKey struct{}

// WithChrome returns ctx carrying c.
func WithChrome(ctx context.Context, c *Chrome) context.Context {
	return context.WithValue(ctx, chromeKey{}, c)
}

// ChromeOf returns the request's chrome (never nil).
func ChromeOf(ctx context.Context) *Chrome {
	if c, ok := ctx.Value(chromeKey{}).(*Chrome); ok {
		return c
	}
	return &Chrome{}
}

// User returns the logged-in user, or nil for an anonymous visitor.
func User(r *http.Request) *model.User { return ChromeOf(r.Context()).User }

// UserFrom is User for code that has only a context (views).
func UserFrom(ctx context.Context) *model.User { return ChromeOf(ctx).User }

// Lang returns the page's interface language.
func Lang(r *http.Request) string { return i18n.Lang(r.Context()) }

package layout

import (
	"context"
	"strings"
	"unicode/utf8"
)

// Meta is what a page says about itself in <head>, for link previews (Teams, Slack,
// mail), search engines and feed readers.
type Meta struct {
	Description string // plain text; the site's own description when empty
	Image       string // the record's image (site path or absolute URL), if it has one
	Type        string // Open Graph type; "website" when empty
	Feeds       []Feed // advertised as <link rel="alternate">
}

// Feed is a feed a page advertises.
type Feed struct {
	Type  string // FeedAtom or FeedCalendar
	Title string
	Href  string // site path
}

// Feed types.
const (
	FeedAtom     = "application/atom+xml"
	FeedCalendar = "text/calendar"
)

// ogLocales are Open Graph's names of the interface languages.
var ogLocales = map[string]string{"da": "da_DK", "sv": "sv_SE", "en": "en_GB"}

// abs makes a site path absolute on base.
func abs(base, href string) string {
	if strings.HasPrefix(href, "http://") || strings.HasPrefix(href, "https://") {
		return href
	}
	return base + href
}

// langPage is the page's address in one language: its canonical URL when lang is
// the page's own. An empty lang is the negotiated version (x-default). The path is
// cleaned like every self-link (see LangURL).
func langPage(d Data, lang string) string {
	u := d.Base + localPathOnly(d.Path)
	if lang != "" {
		u += "?lang=" + lang
	}
	return u
}

// shorten cuts s to at most n characters on a word boundary, with an ellipsis:
// previews show about 160.
func shorten(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)[:n]
	cut := string(r)
	if i := strings.LastIndex(cut, " "); i > n/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,.;:") + "…"
}

type baseURLKey struct{}

// WithBaseURL returns ctx carrying BASE_URL (set once per request by httpx.Site).
func WithBaseURL(ctx context.Context, base string) context.Context {
	return context.WithValue(ctx, baseURLKey{}, strings.TrimRight(base, "/"))
}

// BaseURL is BASE_URL without a trailing slash, for absolute addresses in views.
func BaseURL(ctx context.Context) string {
	s, _ := ctx.Value(baseURLKey{}).(string)
	return s
}

package httpx

import (
	"context"
	"net/http"
	"strings"

	"spor/templates/layout"
)

// Site is middleware that gives every request the installation's BASE_URL, from
// which pages build their absolute addresses (canonical, Open Graph, feeds).
func Site(baseURL string) func(http.Handler) http.Handler {
	base := strings.TrimRight(baseURL, "/")
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			next.ServeHTTP(w, r.WithContext(layout.WithBaseURL(r.Context(), base)))
		})
	}
}

// BaseURL is BASE_URL without a trailing slash ("" outside a request).
func BaseURL(ctx context.Context) string { return layout.BaseURL(ctx) }

// SetMeta tells the layout what the page says about itself in <head>: its
// description, image and feeds. Call it before Render.
func SetMeta(r *http.Request, m Meta) {
	if c, ok := r.Context().Value(chromeKey{}).(*Chrome); ok {
		c.Meta = m
	}
}

// Meta and Feed are the layout's head data, named here so domains need not import
// the layout package.
type (
	Meta = layout.Meta
	Feed = layout.Feed
)

// Feed types for Feed.Type.
const (
	FeedAtom     = layout.FeedAtom
	FeedCalendar = layout.FeedCalendar
)

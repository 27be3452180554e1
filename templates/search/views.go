// Package search holds the views of /search.
package search

import (
	"context"
	"net/url"
	"strconv"

	"spor/internal/i18n"
	"spor/internal/model"
	"spor/templates/components"
)

// ResultsPage is /search: the query, one page of results and the filters.
type ResultsPage struct {
	Query   model.SearchQuery
	Results model.SearchResults
	Pager   model.Pager
	Path    string // the request URI, for pagination
}

// all is the number of results of every kind, "more" if any kind has more.
func (v ResultsPage) all() model.SearchFacet {
	var all model.SearchFacet
	for _, f := range v.Results.Facets {
		all.Count += f.Count
		all.More = all.More || f.More
	}
	return all
}

// capped is the cap a kind's count reached, or 0 when every count is exact.
func (v ResultsPage) capped() int {
	for _, f := range v.Results.Facets {
		if f.More {
			return f.Count
		}
	}
	return 0
}

// count is a facet's count as shown: "over 1000" when it reached the cap.
func count(ctx context.Context, f model.SearchFacet) string {
	if f.More {
		return i18n.T(ctx, "search.facet_more", "Count", f.Count)
	}
	return strconv.Itoa(f.Count)
}

// kindURL is this search with the kind filter set to kind ("" for all), from page 1.
func (v ResultsPage) kindURL(kind string) string {
	return "/search?" + v.params(func(q url.Values) {
		if kind == "" {
			q.Del("kind")
		} else {
			q.Set("kind", kind)
		}
	})
}

// unfilteredURL is the same text without any filter.
func (v ResultsPage) unfilteredURL() string {
	return "/search?" + url.Values{"q": {v.Query.Text}}.Encode()
}

// feedURL is the Atom feed of this search.
func (v ResultsPage) feedURL() string {
	return "/search.atom?" + v.params(func(q url.Values) { q.Del("page") })
}

func (v ResultsPage) params(change func(url.Values)) string {
	q := url.Values{}
	if v.Query.Text != "" {
		q.Set("q", v.Query.Text)
	}
	if v.Query.Kind != "" {
		q.Set("kind", v.Query.Kind)
	}
	if v.Query.Lang != "" {
		q.Set("language", v.Query.Lang)
	}
	if v.Query.Programme != "" {
		q.Set("programme", v.Query.Programme)
	}
	if v.Query.Upcoming {
		q.Set("upcoming", "on")
	}
	change(q)
	return q.Encode()
}

// SuggestionURL is the search for a suggested query.
func SuggestionURL(q string) string { return "/search?" + url.Values{"q": {q}}.Encode() }

func kindOptions(ctx context.Context) []components.Option {
	opts := []components.Option{{Value: "", Label: i18n.T(ctx, "search.kind_any")}}
	for _, k := range model.SearchKinds {
		opts = append(opts, components.Option{Value: k, Label: i18n.T(ctx, "search.kind."+k)})
	}
	return opts
}

func langOptions(ctx context.Context) []components.Option {
	opts := []components.Option{{Value: "", Label: i18n.T(ctx, "search.language_any")}}
	for _, l := range model.ContentLangs {
		opts = append(opts, components.Option{Value: l, Label: i18n.ContentLangName(ctx, l)})
	}
	return opts
}

func programmeOptions(ctx context.Context, list []model.SearchOption) []components.Option {
	opts := []components.Option{{Value: "", Label: i18n.T(ctx, "search.programme_any")}}
	for _, p := range list {
		opts = append(opts, components.Option{Value: p.Slug, Label: p.Title})
	}
	return opts
}

func checked(b bool) string {
	if b {
		return "on"
	}
	return ""
}

// showLang is the language to mark a result with, when it differs from the page's.
func showLang(ctx context.Context, lang string) string {
	if lang == "" || lang == i18n.Lang(ctx) {
		return ""
	}
	return lang
}

package search

import (
	"context"
	"encoding/xml"
	"net/url"
	"strconv"
	"strings"
	"time"

	"spor/internal/i18n"
	"spor/internal/model"
)

// feedSize is how many results the Atom feed of a search carries.
const feedSize = 20

// The Atom feed of a search (RFC 4287): the best results for the query, so a
// saved search can be followed in a feed reader. Links are absolute (BASE_URL);
// entry ids are tag URIs (RFC 4151) of the record's kind and id, so they stay the
// same when a record is renamed or edited.

type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang    string      `xml:"xml:lang,attr,omitempty"`
	ID      string      `xml:"id"`
	Title   string      `xml:"title"`
	Updated string      `xml:"updated"`
	Links   []atomLink  `xml:"link"`
	Author  atomPerson  `xml:"author"`
	Entries []atomEntry `xml:"entry"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomCategory struct {
	Term  string `xml:"term,attr"`
	Label string `xml:"label,attr"`
}

type atomText struct {
	Type string `xml:"type,attr"`
	Body string `xml:",chardata"`
}

type atomEntry struct {
	Lang     string       `xml:"xml:lang,attr,omitempty"`
	ID       string       `xml:"id"`
	Title    string       `xml:"title"`
	Updated  string       `xml:"updated"`
	Link     atomLink     `xml:"link"`
	Author   atomPerson   `xml:"author"`
	Category atomCategory `xml:"category"`
	Summary  atomText     `xml:"summary"`
}

func rfc3339(t time.Time) string { return t.UTC().Format(time.RFC3339) }

func host(baseURL string) string {
	if u, err := url.Parse(baseURL); err == nil && u.Hostname() != "" {
		return u.Hostname()
	}
	return "spor"
}

// plain is a snippet without its marks.
func plain(pieces []model.TextPiece) string {
	var b strings.Builder
	for _, p := range pieces {
		b.WriteString(p.Text)
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// Feed builds the Atom document of a search; rawQuery is the request's query string.
func Feed(ctx context.Context, baseURL, rawQuery string, q model.SearchQuery, hits []model.SearchHit) ([]byte, error) {
	suffix := ""
	if rawQuery != "" {
		suffix = "?" + rawQuery
	}
	f := atomFeed{
		Lang:    q.UILang,
		ID:      "tag:" + host(baseURL) + ",2026:search" + suffix,
		Title:   i18n.T(ctx, "search.feed_title", "Query", q.Text),
		Updated: rfc3339(time.Unix(0, 0)),
		Links: []atomLink{
			{Rel: "self", Type: "application/atom+xml", Href: baseURL + "/search.atom" + suffix},
			{Rel: "alternate", Type: "text/html", Href: baseURL + "/search" + suffix},
		},
		Author: atomPerson{Name: "Spor"},
	}
	for _, h := range hits {
		if u := rfc3339(h.Changed); u > f.Updated {
			f.Updated = u
		}
		author := h.Context
		if author == "" {
			author = "Spor"
		}
		f.Entries = append(f.Entries, atomEntry{
			Lang:     h.Lang,
			ID:       "tag:" + host(baseURL) + ",2026:" + h.Kind + "/" + strconv.FormatInt(h.ID, 10),
			Title:    h.Title,
			Updated:  rfc3339(h.Changed),
			Link:     atomLink{Rel: "alternate", Type: "text/html", Href: baseURL + h.URL},
			Author:   atomPerson{Name: author},
			Category: atomCategory{Term: h.Kind, Label: i18n.T(ctx, "search.kind."+h.Kind)},
			Summary:  atomText{Type: "text", Body: plain(h.Snippet)},
		})
	}
	out, err := xml.MarshalIndent(f, "", "  ")
	if err != nil {
		return nil, err
	}
	return append([]byte(xml.Header), out...), nil
}

type openSearchURL struct {
	Type     string `xml:"type,attr"`
	Rel      string `xml:"rel,attr,omitempty"`
	Template string `xml:"template,attr"`
}

type openSearchImage struct {
	Width  int    `xml:"width,attr"`
	Height int    `xml:"height,attr"`
	Type   string `xml:"type,attr"`
	URL    string `xml:",chardata"`
}

type openSearchDescription struct {
	XMLName       xml.Name        `xml:"http://a9.com/-/spec/opensearch/1.1/ OpenSearchDescription"`
	ShortName     string          `xml:"ShortName"`
	Description   string          `xml:"Description"`
	InputEncoding string          `xml:"InputEncoding"`
	Image         openSearchImage `xml:"Image"`
	URLs          []openSearchURL `xml:"Url"`
	Languages     []string        `xml:"Language"`
}

// OpenSearch is the OpenSearch 1.1 description that lets browsers offer "search Spor".
func OpenSearch(ctx context.Context, baseURL string) ([]byte, error) {
	d := openSearchDescription{
		ShortName:     "Spor",
		Description:   i18n.T(ctx, "search.opensearch_description"),
		InputEncoding: "UTF-8",
		Image:         openSearchImage{Width: 16, Height: 16, Type: "image/svg+xml", URL: baseURL + "/static/img/favicon.svg"},
		URLs: []openSearchURL{
			{Type: "text/html", Template: baseURL + "/search?q={searchTerms}"},
			{Type: "application/atom+xml", Template: baseURL + "/search.atom?q={searchTerms}"},
			{Type: "application/opensearchdescription+xml", Rel: "self", Template: baseURL + "/opensearch.xml"},
		},
		Languages: i18n.Langs,
	}
	out, err := xml.MarshalIndent(d, "", "  ")
	if err != nil {
		return nil, err
	}
	return append([]byte(xml.Header), out...), nil
}

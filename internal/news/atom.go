package news

import (
	"encoding/xml"
	"net/url"
	"strconv"
	"time"

	"spor/internal/model"
)

// The Atom feed (RFC 4287). Every link is absolute (from BASE_URL); ids are tag
// URIs (RFC 4151) built from the record's id and creation date, so they stay the
// same when a group is renamed or an item is edited.

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

type atomText struct {
	Type string `xml:"type,attr"`
	Body string `xml:",chardata"`
}

type atomEntry struct {
	Lang      string     `xml:"xml:lang,attr,omitempty"`
	ID        string     `xml:"id"`
	Title     string     `xml:"title"`
	Updated   string     `xml:"updated"`
	Published string     `xml:"published"`
	Link      atomLink   `xml:"link"`
	Author    atomPerson `xml:"author"`
	Content   atomText   `xml:"content"`
}

func rfc3339(t time.Time) string { return t.UTC().Format(time.RFC3339) }

func tagURI(baseURL string, created time.Time, what string) string {
	host := "spor"
	if u, err := url.Parse(baseURL); err == nil && u.Hostname() != "" {
		host = u.Hostname()
	}
	return "tag:" + host + "," + created.UTC().Format("2006-01-02") + ":" + what
}

// Feed builds the group's Atom document from its newest published items.
func Feed(baseURL string, g model.GroupRef, items []model.News) ([]byte, error) {
	page := baseURL + "/groups/" + g.Slug
	f := atomFeed{
		Lang:    g.Lang,
		ID:      tagURI(baseURL, g.CreatedAt, "groups/"+strconv.FormatInt(g.ID, 10)),
		Title:   g.Title,
		Updated: rfc3339(g.CreatedAt),
		Links: []atomLink{
			{Rel: "self", Type: "application/atom+xml", Href: page + "/feed.atom"},
			{Rel: "alternate", Type: "text/html", Href: page},
		},
		Author: atomPerson{Name: g.Title},
	}
	for _, n := range items {
		updated := n.UpdatedAt
		if n.PublishAt.After(updated) {
			updated = n.PublishAt
		}
		if u := rfc3339(updated); u > f.Updated {
			f.Updated = u
		}
		author := n.Author
		if author == "" {
			author = g.Title
		}
		f.Entries = append(f.Entries, atomEntry{
			Lang:      n.Lang,
			ID:        tagURI(baseURL, n.CreatedAt, "news/"+strconv.FormatInt(n.ID, 10)),
			Title:     n.Title,
			Updated:   rfc3339(updated),
			Published: rfc3339(n.PublishAt),
			Link:      atomLink{Rel: "alternate", Type: "text/html", Href: page + "/news/" + strconv.FormatInt(n.ID, 10)},
			Author:    atomPerson{Name: author},
			Content:   atomText{Type: "html", Body: n.BodyHTML},
		})
	}
	out, err := xml.MarshalIndent(f, "", "  ")
	if err != nil {
		return nil, err
	}
	return append([]byte(xml.Header), out...), nil
}

// FeedUpdated is the newest change among the feed's items (the group's creation
// for an empty feed): the feed's Last-Modified.
func FeedUpdated(g model.GroupRef, items []model.News) time.Time {
	t := g.CreatedAt
	for _, n := range items {
		for _, u := range []time.Time{n.UpdatedAt, n.PublishAt} {
			if u.After(t) {
				t = u
			}
		}
	}
	return t
}

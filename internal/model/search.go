package model

import "time"

// SearchKinds are the kinds of record search finds, in the order facets list them.
var SearchKinds = []string{"group", "event", "news", "track", "meeting", "document", "contact"}

// SearchQuery is what a visitor asked /search for.
type SearchQuery struct {
	Text      string
	Kind      string // one of SearchKinds, or "" for all
	Lang      string // content language, or ""
	Programme string // programme slug, or ""
	Upcoming  bool   // only events and meetings that have not ended
	UILang    string // the visitor's language: the query is stemmed in it
	LoggedIn  bool   // staff see staff-only records
	Page      int
	PerPage   int
}

// Filtered reports whether any filter beyond the text is set.
func (q SearchQuery) Filtered() bool {
	return q.Kind != "" || q.Lang != "" || q.Programme != "" || q.Upcoming
}

// TextPiece is a run of a search snippet; Mark is true for a matched word.
type TextPiece struct {
	Text string
	Mark bool
}

// SearchHit is one record in search results.
type SearchHit struct {
	Kind    string
	ID      int64
	Title   string
	URL     string
	Lang    string
	Context string     // the group or track it belongs to, if any
	At      *time.Time // start of an event or meeting, publication of news
	Changed time.Time
	Snippet []TextPiece
	Rank    float64
}

// SearchFacet is how many results one kind has.
type SearchFacet struct {
	Kind  string
	Count int
	More  bool // there are more than Count: the search counts up to a cap
}

// SearchResults is one page of results with the facets and the filter choices.
type SearchResults struct {
	Hits       []SearchHit
	Facets     []SearchFacet
	Total      int  // results of the chosen kind (all kinds if none chosen)
	More       bool // there are more than Total (a kind's count reached the cap)
	Suggestion string
	Programmes []SearchOption
}

// SearchOption is a slug and a title, for a filter's choices.
type SearchOption struct {
	Slug  string
	Title string
}

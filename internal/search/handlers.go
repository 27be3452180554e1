package search

import (
	"net/http"
	"strings"

	"spor/internal/httpx"
	"spor/internal/i18n"
	"spor/internal/model"
	views "spor/templates/search"
)

// PerPage is how many results a page shows.
const PerPage = 20

// Handler serves /search, /search.atom and /opensearch.xml.
type Handler struct {
	store   *Store
	baseURL string
	limit   *Limiter
}

// NewHandler returns the search handler; baseURL makes the feed's and the
// OpenSearch description's links absolute; limit caps searches per client.
func NewHandler(store *Store, baseURL string, limit *Limiter) *Handler {
	return &Handler{store: store, baseURL: strings.TrimRight(baseURL, "/"), limit: limit}
}

// query reads the search and its filters from the URL; unknown values are ignored
// (a filter that is not one of the choices filters nothing).
func query(r *http.Request) model.SearchQuery {
	v := r.URL.Query()
	q := model.SearchQuery{
		Text:      Clean(v.Get("q")),
		Kind:      v.Get("kind"),
		Lang:      v.Get("language"),
		Programme: v.Get("programme"),
		Upcoming:  v.Get("upcoming") == "on",
		UILang:    httpx.Lang(r),
		LoggedIn:  httpx.User(r) != nil,
		Page:      min(httpx.PageParam(r), MaxPage),
		PerPage:   PerPage,
	}
	if !model.Contains(model.SearchKinds, q.Kind) {
		q.Kind = ""
	}
	if !model.Contains(model.ContentLangs, q.Lang) {
		q.Lang = ""
	}
	if len(q.Programme) > 100 {
		q.Programme = ""
	}
	return q
}

func (h *Handler) search(w http.ResponseWriter, r *http.Request) {
	if ok, wait := h.limit.Allow(httpx.ClientIP(r)); !ok {
		httpx.Error(w, r, httpx.TooManyRequests(wait))
		return
	}
	q := query(r)
	res, err := h.store.Search(r.Context(), q)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	pager := model.NewPager(q.Page, q.PerPage)
	// Pages past MaxPage are not served, however many results the counts show.
	pager.Total = min(res.Total, MaxPage*q.PerPage)
	title := i18n.T(r.Context(), "search.title")
	if q.Text != "" {
		title = i18n.T(r.Context(), "search.title_for", "Query", q.Text)
	}
	// Results depend on the visitor (staff see more): never shared by a cache.
	w.Header().Set("Cache-Control", "private, no-cache")
	httpx.Render(w, r, http.StatusOK, title, views.Results(views.ResultsPage{
		Query: q, Results: res, Pager: pager, Path: r.URL.RequestURI(),
	}))
}

func (h *Handler) feed(w http.ResponseWriter, r *http.Request) {
	if ok, wait := h.limit.Allow(httpx.ClientIP(r)); !ok {
		httpx.Error(w, r, httpx.TooManyRequests(wait))
		return
	}
	q := query(r)
	q.Page, q.PerPage = 1, feedSize
	res, err := h.store.Search(r.Context(), q)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	body, err := Feed(r.Context(), h.baseURL, r.URL.RawQuery, q, res.Hits)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/atom+xml; charset=utf-8")
	w.Header().Set("Cache-Control", "private, no-cache")
	_, _ = w.Write(body)
}

func (h *Handler) openSearch(w http.ResponseWriter, r *http.Request) {
	body, err := OpenSearch(r.Context(), h.baseURL)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/opensearchdescription+xml; charset=utf-8")
	_, _ = w.Write(body)
}

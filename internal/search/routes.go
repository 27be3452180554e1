package search

import "github.com/go-chi/chi/v5"

// Routes mounts the search page, its feed and the OpenSearch description.
func (h *Handler) Routes(r chi.Router) {
	r.Get("/search", h.search)
	r.Get("/search.atom", h.feed)
	r.Get("/opensearch.xml", h.openSearch)
}

package model

// Pager is one page of a paginated list.
type Pager struct {
	Page    int // 1-based
	PerPage int
	Total   int
}

// NewPager clamps page to at least 1.
func NewPager(page, perPage int) Pager {
	if page < 1 {
		page = 1
	}
	return Pager{Page: page, PerPage: perPage}
}

// Offset is the SQL OFFSET of this page.
func (p Pager) Offset() int { return (p.Page - 1) * p.PerPage }

// Pages is the number of pages (at least 1).
func (p Pager) Pages() int {
	if p.PerPage <= 0 || p.Total <= 0 {
		return 1
	}
	return (p.Total + p.PerPage - 1) / p.PerPage
}

// HasPrev reports whether there is a page before this one.
func (p Pager) HasPrev() bool { return p.Page > 1 }

// HasNext reports whether there is a page after this one.
func (p Pager) HasNext() bool { return p.Page < p.Pages() }

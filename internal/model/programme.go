package model

import "time"

// Programme is a national or regional competence programme.
type Programme struct {
	ID             int64
	Slug           string
	Title          string
	Summary        string
	BodyMD         string
	BodyHTML       string // rendered and sanitised on save
	Funder         string
	CoordinatorOrg string
	StartsOn       *time.Time
	EndsOn         *time.Time
	Lang           string
	Website        string
	UpdatedAt      time.Time
	Groups         int // number of groups (in lists)
}

package model

import "strings"

// Validate checks a programme before it is saved.
func (p *Programme) Validate() error {
	e := Errors{}
	p.Title = strings.TrimSpace(p.Title)
	p.Slug = strings.TrimSpace(p.Slug)
	p.Summary = strings.TrimSpace(p.Summary)
	p.Funder = strings.TrimSpace(p.Funder)
	p.CoordinatorOrg = strings.TrimSpace(p.CoordinatorOrg)
	p.Website = strings.TrimSpace(p.Website)
	e.OneLine("title", p.Title)
	e.OneLine("funder", p.Funder)
	e.OneLine("coordinator_org", p.CoordinatorOrg)
	if p.Title == "" {
		e.Add("title", "error.required")
	} else if len(p.Title) > 200 {
		e.Add("title", "error.too_long")
	}
	if p.Slug == "" {
		p.Slug = Slugify(p.Title)
	}
	if !ValidSlug(p.Slug) {
		e.Add("slug", "error.slug")
	}
	if len(p.Summary) > 500 {
		e.Add("summary", "error.too_long")
	}
	if len(p.BodyMD) > 100_000 {
		e.Add("body", "error.too_long")
	}
	if len(p.Funder) > 200 {
		e.Add("funder", "error.too_long")
	}
	if len(p.CoordinatorOrg) > 200 {
		e.Add("coordinator_org", "error.too_long")
	}
	if !Contains(ContentLangs, p.Lang) {
		e.Add("lang", "error.choice")
	}
	if !ValidURL(p.Website) {
		e.Add("website", "error.url")
	}
	if p.StartsOn != nil && p.EndsOn != nil && p.EndsOn.Before(*p.StartsOn) {
		e.Add("ends_on", "error.end_before_start")
	}
	return e.Err()
}

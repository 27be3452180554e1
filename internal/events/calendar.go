package events

import (
	"net/http"
	"strconv"

	"github.com/go-chi/chi/v5"

	"spor/internal/database"
	"spor/internal/httpx"
	"spor/internal/ical"
	"spor/internal/markdown"
	"spor/internal/model"
)

// ICal turns an event into a VEVENT. The online link is left out: only confirmed
// participants may have it, and these feeds are public.
func ICal(e model.Event, baseURL string) ical.Event {
	ev := ical.Event{
		UID:         ical.UID("event", e.ID, baseURL),
		Sequence:    e.Sequence,
		Summary:     e.Title,
		Description: markdown.PlainText(e.DescriptionMD),
		Location:    e.Place,
		URL:         baseURL + "/events/" + strconv.FormatInt(e.ID, 10),
		Start:       e.StartsAt,
		End:         e.EndsAt,
		AllDay:      e.AllDay,
		Status:      ical.StatusConfirmed,
		Updated:     e.UpdatedAt,
	}
	if e.AllDay {
		loc := e.Location()
		ev.Start, ev.End = e.StartsAt.In(loc), e.EndsAt.In(loc).AddDate(0, 0, 1)
	}
	if ev.Location == "" && e.Online() {
		ev.Location = "Online"
	}
	if e.Status == "cancelled" {
		ev.Status = ical.StatusCancelled
	}
	for _, c := range []string{e.ProgrammeTitle, e.GroupTitle} {
		if c != "" {
			ev.Categories = append(ev.Categories, c)
		}
	}
	return ev
}

// eventICS serves /events/{id}.ics for any event its page would show to everyone.
func (h *Handler) eventICS(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.IDParam(r, "id")
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	e, v, err := h.store.EventPage(r.Context(), id, httpx.User(r))
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	if err := visible(e, v, httpx.User(r)); err != nil {
		httpx.Error(w, r, err)
		return
	}
	ical.Serve(w, r, ical.Calendar{Name: e.Title, Events: []ical.Event{ICal(e, h.baseURL)}}, "event-"+strconv.FormatInt(id, 10)+".ics")
}

// groupICS serves /groups/{slug}/events.ics: a calendar client subscribes without
// logging in, so it carries only events for everyone, of a group for everyone.
func (h *Handler) groupICS(w http.ResponseWriter, r *http.Request) {
	slug := chi.URLParam(r, "slug")
	g, visibility, list, err := h.store.GroupFeed(r.Context(), slug)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	if g.Slug != slug { // renamed: the subscription follows, like the group's pages
		http.Redirect(w, r, "/groups/"+g.Slug+"/events.ics", http.StatusMovedPermanently)
		return
	}
	if visibility != "public" {
		httpx.Error(w, r, database.ErrNotFound)
		return
	}
	cal := ical.Calendar{Name: g.Title}
	for _, e := range list {
		if e.Audience == "public" {
			cal.Events = append(cal.Events, ICal(e, h.baseURL))
		}
	}
	ical.Serve(w, r, cal, g.Slug+"-events.ics")
}

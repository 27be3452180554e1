package events

import (
	"time"

	"spor/internal/model"
)

// schemaEvent is the event as schema.org describes one (https://schema.org/Event).
// The online link itself is never put here: only confirmed participants may see it,
// so a VirtualLocation points at the event's page.
func schemaEvent(e model.Event, baseURL string) map[string]any {
	page := baseURL + eventURL(e.ID)
	layout := time.RFC3339
	if e.AllDay {
		layout = "2006-01-02"
	}
	status := "https://schema.org/EventScheduled"
	if e.Status == "cancelled" {
		status = "https://schema.org/EventCancelled"
	}
	var locations []any
	if e.Place != "" {
		locations = append(locations, map[string]any{"@type": "Place", "name": e.Place, "address": e.Place})
	}
	if e.Online() {
		locations = append(locations, map[string]any{"@type": "VirtualLocation", "url": page})
	}
	mode := "https://schema.org/OfflineEventAttendanceMode"
	switch {
	case e.Online() && e.Place != "":
		mode = "https://schema.org/MixedEventAttendanceMode"
	case e.Online():
		mode = "https://schema.org/OnlineEventAttendanceMode"
	}
	end := e.EndsAt
	v := map[string]any{
		"@context":            "https://schema.org",
		"@type":               "Event",
		"name":                e.Title,
		"url":                 page,
		"startDate":           e.StartsAt.Format(layout),
		"endDate":             end.Format(layout),
		"eventStatus":         status,
		"eventAttendanceMode": mode,
		"inLanguage":          e.Lang,
		"organizer":           map[string]any{"@type": "Organization", "name": e.GroupTitle, "url": baseURL + "/groups/" + e.GroupSlug},
	}
	if e.DescriptionMD != "" {
		v["description"] = e.DescriptionMD
	}
	switch len(locations) {
	case 1:
		v["location"] = locations[0]
	case 2:
		v["location"] = locations
	}
	if e.Capacity > 0 {
		v["maximumAttendeeCapacity"] = e.Capacity
		v["remainingAttendeeCapacity"] = max(e.Capacity-e.Confirmed, 0)
	}
	return v
}

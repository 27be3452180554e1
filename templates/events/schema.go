package events

import (
	"time"

	"spor/internal/model"
)

// schemaEvent is the event as schema.org describes one (https://schema.org/Event);
// description is the plain text of its Markdown. The online link itself is never
// put here: only confirmed participants may see it, so a VirtualLocation points at
// the event's page.
func schemaEvent(e model.Event, baseURL, description string) map[string]any {
	page := baseURL + eventURL(e.ID)
	layout := time.RFC3339
	if e.AllDay {
		layout = "2006-01-02"
	}
	status := "https://schema.org/EventScheduled"
	moved := e.PreviousStartsAt != nil && !e.PreviousStartsAt.Equal(e.StartsAt)
	switch {
	case e.Status == "cancelled":
		status = "https://schema.org/EventCancelled"
	case moved:
		status = "https://schema.org/EventRescheduled"
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
	if description != "" {
		v["description"] = description
	}
	if moved {
		v["previousStartDate"] = e.PreviousStartsAt.In(e.Location()).Format(layout)
	}
	if e.Status != "cancelled" {
		v["offers"] = offer(e, page)
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

// Availability of an event's places for schema.org's Offer.
const (
	InStock             = "https://schema.org/InStock"
	LimitedAvailability = "https://schema.org/LimitedAvailability"
	SoldOut             = "https://schema.org/SoldOut"
)

// Availability says how many places are left: SoldOut when only the waiting list
// is open, LimitedAvailability when a tenth of the places or at most three are left.
func Availability(e model.Event) string {
	if e.Capacity <= 0 {
		return InStock
	}
	left := e.Capacity - e.Confirmed
	switch {
	case left <= 0:
		return SoldOut
	case left <= max(3, e.Capacity/10):
		return LimitedAvailability
	}
	return InStock
}

// offer is the free registration as a schema.org Offer.
func offer(e model.Event, page string) map[string]any {
	o := map[string]any{"@type": "Offer", "price": 0, "priceCurrency": currency(e.Zone), "availability": Availability(e), "url": page}
	if e.RegistrationOpens != nil {
		o["validFrom"] = e.RegistrationOpens.UTC().Format(time.RFC3339)
	}
	o["validThrough"] = e.Closes().UTC().Format(time.RFC3339)
	return o
}

// currency is the currency of the country whose zone the event is in: the price is
// 0, but schema.org readers want a currency beside any price.
func currency(zone string) string {
	switch zone {
	case "Europe/Stockholm":
		return "SEK"
	case "Europe/Oslo":
		return "NOK"
	case "Europe/Helsinki", "Europe/Mariehamn", "Europe/Tallinn", "Europe/Riga", "Europe/Vilnius":
		return "EUR"
	case "Atlantic/Reykjavik":
		return "ISK"
	}
	return "DKK"
}

// Package events holds the views of the events pages: the list, an event's page with
// its schema.org data, the coordinators' form and participant list.
package events

import (
	"context"
	"encoding/json"
	"io"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/a-h/templ"

	"spor/internal/i18n"
	"spor/internal/model"
	"spor/templates/components"
)

// Option is a choice in a filter.
type Option = components.Option

// ListView is /events.
type ListView struct {
	Events     []model.EventSummary
	Pager      model.Pager
	Filter     model.EventFilter
	Programmes []Option
	Groups     []Option
	Path       string // the request URI, for pagination
	Now        time.Time
}

// DetailView is /events/{id} with the visitor's own state.
type DetailView struct {
	Event    model.Event
	Status   string // the visitor's registration: "", confirmed, waitlisted
	Position int
	CanEdit  bool
	LoggedIn bool
	Now      time.Time
	Notice   string // i18n id of a refusal to explain
	BaseURL  string
	// Description is the event's description as plain text (for schema.org).
	Description string
}

// FormView creates or edits an event.
type FormView struct {
	Event  model.Event
	Errors model.Errors
}

// ManageListView is /manage/events.
type ManageListView struct {
	Events []model.Event
	Groups []model.EventGroup
}

// ParticipantsView is the coordinators' participant list.
type ParticipantsView struct {
	Event        model.Event
	Participants []model.Registration
	Started      bool
	Sent         []model.SentMail // mails about the event, newest first
	Message      string           // the message form's text, when it was refused
	Errors       model.Errors     // the message form's errors
}

// confirmedEmails is the addresses of everyone with a place, "; "-separated as mail
// programmes accept them pasted into To or Bcc.
func confirmedEmails(list []model.Registration) string {
	var out []string
	for _, p := range list {
		if p.Status == model.RegConfirmed && p.Email != "" {
			out = append(out, p.Email)
		}
	}
	return strings.Join(out, "; ")
}

func eventURL(id int64) string { return "/events/" + strconv.FormatInt(id, 10) }

func manageURL(id int64, rest string) string {
	return "/manage/events/" + strconv.FormatInt(id, 10) + rest
}

// zoneKey names an event zone's i18n id: Europe/Copenhagen → events.zone.copenhagen.
func zoneKey(zone string) string {
	return "events.zone." + strings.ToLower(zone[strings.LastIndex(zone, "/")+1:])
}

// When says when an event is, in the event's own zone, naming the zone:
// "tirsdag 22. november 2026, 14:30–16:00 (CET, dansk tid)".
func When(ctx context.Context, start, end time.Time, zone string, allDay bool) string {
	loc := model.ZoneLocation(zone)
	start, end = start.In(loc), end.In(loc)
	sameDay := start.Year() == end.Year() && start.YearDay() == end.YearDay()
	if allDay {
		if sameDay {
			return i18n.Weekday(ctx, start) + " " + i18n.Date(ctx, start)
		}
		return i18n.Date(ctx, start) + " – " + i18n.Date(ctx, end)
	}
	label := " (" + start.Format("MST") + ", " + i18n.T(ctx, zoneKey(zone)) + ")"
	if sameDay {
		return i18n.Weekday(ctx, start) + " " + i18n.Date(ctx, start) + ", " + i18n.Clock(start) + "–" + i18n.Clock(end) + label
	}
	return i18n.DateTime(ctx, start) + " – " + i18n.DateTime(ctx, end) + label
}

// Places says how many places are taken: "19 of 50 places taken", or how many have
// registered when places are unlimited.
func Places(ctx context.Context, taken, capacity int) string {
	if capacity == 0 {
		return i18n.T(ctx, "events.registered_count", "Count", taken)
	}
	return i18n.T(ctx, "events.places_taken", "Taken", taken, "Count", capacity)
}

func local(t time.Time, zone string) string {
	if t.IsZero() {
		return ""
	}
	return t.In(model.ZoneLocation(zone)).Format("2006-01-02T15:04")
}

func localPtr(t *time.Time, zone string) string {
	if t == nil {
		return ""
	}
	return local(*t, zone)
}

func itoaOrEmpty(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}

func onOff(b bool) string {
	if b {
		return "on"
	}
	return ""
}

// filterURL is /events with the filter's parameters.
func filterURL(f model.EventFilter) string {
	q := url.Values{}
	for k, v := range map[string]string{"programme": f.Programme, "group": f.Group, "month": f.Month, "lang_content": f.Lang, "mode": f.Mode} {
		if v != "" {
			q.Set(k, v)
		}
	}
	if len(q) == 0 {
		return "/events"
	}
	return "/events?" + q.Encode()
}

// months are the next twelve months, for the month filter.
func months(ctx context.Context, now time.Time) []Option {
	first := time.Date(now.Year(), now.Month(), 1, 12, 0, 0, 0, time.UTC)
	opts := []Option{{Value: "", Label: i18n.T(ctx, "events.filter.any")}}
	for i := 0; i < 12; i++ {
		m := first.AddDate(0, i, 0)
		opts = append(opts, Option{Value: m.Format("2006-01"), Label: i18n.Month(ctx, m)})
	}
	return opts
}

func withAny(ctx context.Context, opts []Option) []Option {
	return append([]Option{{Value: "", Label: i18n.T(ctx, "events.filter.any")}}, opts...)
}

func langOptions(ctx context.Context, withAnyChoice bool) []Option {
	var opts []Option
	if withAnyChoice {
		opts = append(opts, Option{Value: "", Label: i18n.T(ctx, "events.filter.any")})
	}
	for _, l := range model.ContentLangs {
		opts = append(opts, Option{Value: l, Label: i18n.T(ctx, "events.lang."+l)})
	}
	return opts
}

func choices(ctx context.Context, prefix string, values []string) []Option {
	opts := make([]Option, 0, len(values))
	for _, v := range values {
		opts = append(opts, Option{Value: v, Label: i18n.T(ctx, prefix+v)})
	}
	return opts
}

func zoneOptions(ctx context.Context) []Option {
	opts := make([]Option, 0, len(model.EventZones))
	for _, z := range model.EventZones {
		opts = append(opts, Option{Value: z, Label: i18n.ZoneName(ctx, z)})
	}
	return opts
}

// JSONLD writes v as a schema.org data block. The Content-Security-Policy forbids
// inline scripts, but a <script type="application/ld+json"> is a data block that
// browsers never execute, so script-src does not apply to it. encoding/json escapes
// <, > and & (and U+2028/U+2029), so no value can close the element early; the JSON is
// written as is, not HTML-escaped, so it stays valid JSON.
func JSONLD(v any) templ.Component {
	return templ.ComponentFunc(func(ctx context.Context, w io.Writer) error {
		data, err := json.Marshal(v)
		if err != nil {
			return err
		}
		if _, err := io.WriteString(w, `<script type="application/ld+json">`); err != nil {
			return err
		}
		if _, err := w.Write(data); err != nil {
			return err
		}
		_, err = io.WriteString(w, `</script>`)
		return err
	})
}

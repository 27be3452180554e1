// Package ical writes Spor's calendar feeds (RFC 5545) with go-ical: events, group
// and track schedules and the personal feed all go through Write, so every feed has
// CRLF line ends, lines folded at 75 octets, one stable UID per occurrence, SEQUENCE,
// DTSTAMP, and times in UTC. There is no RRULE: one VEVENT per occurrence cannot drift
// across daylight-saving changes.
package ical

import (
	"bytes"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	goical "github.com/emersion/go-ical"

	"spor/internal/httpx"
)

// Event is one occurrence in a feed.
type Event struct {
	UID         string // stable for the life of the event: UID("event", 42, baseURL)
	Sequence    int    // raised on every change subscribers should see
	Summary     string
	Description string
	Location    string
	URL         string
	Start, End  time.Time
	AllDay      bool // Start and End are then dates in the event's own zone
	Status      string
	Categories  []string
	Updated     time.Time // LAST-MODIFIED
}

// UID is the iCalendar UID of a record, "meeting-7@spor.example.org": stable for
// the record's life and unique per installation, because the domain part is the
// host of BASE_URL (RFC 5545 3.8.4.7), so two installations' feeds never collide
// in one calendar.
func UID(kind string, id int64, baseURL string) string {
	host := "spor"
	if u, err := url.Parse(baseURL); err == nil && u.Host != "" {
		host = u.Host
	}
	return kind + "-" + strconv.FormatInt(id, 10) + "@" + host
}

// Statuses of a VEVENT.
const (
	StatusConfirmed = "CONFIRMED"
	StatusTentative = "TENTATIVE"
	StatusCancelled = "CANCELLED"
)

// Calendar is a feed: its name (X-WR-CALNAME) and events.
type Calendar struct {
	Name    string
	Events  []Event
	Updated time.Time // the feed's own last change (a deleted event), if known
}

// Encode writes cal as an iCalendar stream to w.
func Encode(w io.Writer, cal Calendar, now time.Time) error {
	c := goical.NewCalendar()
	c.Props.SetText(goical.PropVersion, "2.0")
	c.Props.SetText(goical.PropProductID, "-//Spor//Spor calendar//EN")
	c.Props.SetText(goical.PropCalendarScale, "GREGORIAN")
	c.Props.SetText(goical.PropMethod, "PUBLISH")
	if cal.Name != "" {
		c.Props.SetText("X-WR-CALNAME", cal.Name)
	}
	// Clients poll a subscribed feed; once an hour is enough for meeting changes.
	// RFC 7986 requires the VALUE=DURATION parameter on REFRESH-INTERVAL (go-ical's
	// SetValueType leaves it out); Outlook reads X-PUBLISHED-TTL instead.
	refresh := goical.NewProp("REFRESH-INTERVAL")
	refresh.Value = "PT1H"
	refresh.Params.Set(goical.ParamValue, string(goical.ValueDuration))
	c.Props.Set(refresh)
	ttl := goical.NewProp("X-PUBLISHED-TTL")
	ttl.Value = "PT1H"
	c.Props.Set(ttl)
	stamp := now.UTC().Truncate(time.Second)
	for _, e := range cal.Events {
		ev := goical.NewEvent()
		ev.Props.SetText(goical.PropUID, e.UID)
		// DTSTAMP is when this instance was made: the event's last change when known,
		// so an unchanged feed is byte-for-byte the same and its ETag holds.
		if e.Updated.IsZero() {
			ev.Props.SetDateTime(goical.PropDateTimeStamp, stamp)
		} else {
			ev.Props.SetDateTime(goical.PropDateTimeStamp, e.Updated.UTC().Truncate(time.Second))
		}
		if e.AllDay {
			ev.Props.SetDate(goical.PropDateTimeStart, e.Start)
			end := e.End
			if !end.After(e.Start) {
				end = e.Start.AddDate(0, 0, 1)
			}
			ev.Props.SetDate(goical.PropDateTimeEnd, end)
		} else {
			ev.Props.SetDateTime(goical.PropDateTimeStart, e.Start.UTC())
			ev.Props.SetDateTime(goical.PropDateTimeEnd, e.End.UTC())
		}
		ev.Props.SetText(goical.PropSummary, e.Summary)
		if e.Description != "" {
			ev.Props.SetText(goical.PropDescription, e.Description)
		}
		if e.Location != "" {
			ev.Props.SetText(goical.PropLocation, e.Location)
		}
		if e.URL != "" {
			p := goical.NewProp(goical.PropURL)
			p.SetValueType(goical.ValueURI)
			p.Value = e.URL
			ev.Props.Set(p)
		}
		seq := goical.NewProp(goical.PropSequence)
		seq.SetValueType(goical.ValueInt)
		seq.Value = fmt.Sprint(e.Sequence)
		ev.Props.Set(seq)
		status := e.Status
		if status == "" {
			status = StatusConfirmed
		}
		ev.Props.SetText(goical.PropStatus, status)
		if len(e.Categories) > 0 {
			p := goical.NewProp(goical.PropCategories)
			p.SetTextList(e.Categories)
			ev.Props.Set(p)
		}
		if !e.Updated.IsZero() {
			ev.Props.SetDateTime(goical.PropLastModified, e.Updated.UTC().Truncate(time.Second))
		}
		// One bad record must not cost every subscriber the whole feed: an event that
		// cannot be encoded is left out and logged.
		if err := encodable(ev.Component); err != nil {
			slog.Warn("ical: event left out of feed", "uid", e.UID, "calendar", cal.Name, "err", err)
			continue
		}
		c.Children = append(c.Children, ev.Component)
	}
	if len(c.Children) == 0 {
		// RFC 5545 wants at least one component. An experimental X- component keeps
		// an empty feed valid and subscribable; calendar clients ignore it.
		c.Children = append(c.Children, &goical.Component{Name: "X-SPOR-EMPTY", Props: goical.Props{}})
	}
	var buf bytes.Buffer
	if err := goical.NewEncoder(&buf).Encode(c); err != nil {
		return fmt.Errorf("ical: %w", err)
	}
	_, err := w.Write(Fold(buf.Bytes()))
	return err
}

// encodable reports why comp cannot be written into a feed, or nil: a value with a
// raw line break (it would start a new property) or whatever the encoder refuses.
func encodable(comp *goical.Component) error {
	for name, props := range comp.Props {
		for _, p := range props {
			if strings.ContainsAny(p.Value, "\r\n") {
				return fmt.Errorf("ical: line break in %s", name)
			}
		}
	}
	c := goical.NewCalendar()
	c.Props.SetText(goical.PropVersion, "2.0")
	c.Props.SetText(goical.PropProductID, "-//Spor//check//EN")
	c.Children = []*goical.Component{comp}
	return goical.NewEncoder(io.Discard).Encode(c)
}

// Fold folds every content line longer than 75 octets (RFC 5545 §3.1): CRLF and a
// space before each continuation, never inside a UTF-8 sequence.
func Fold(data []byte) []byte {
	var out bytes.Buffer
	for _, line := range strings.SplitAfter(string(data), "\r\n") {
		body := strings.TrimSuffix(line, "\r\n")
		limit := 75
		for len(body) > limit {
			cut := limit
			for cut > 0 && !utf8.RuneStart(body[cut]) {
				cut--
			}
			out.WriteString(body[:cut])
			out.WriteString("\r\n ")
			body = body[cut:]
			limit = 74 // the leading space counts
		}
		out.WriteString(body)
		if strings.HasSuffix(line, "\r\n") {
			out.WriteString("\r\n")
		}
	}
	return out.Bytes()
}

// Serve writes cal as a text/calendar response; filename names the download.
// Calendar clients poll subscribed feeds, so the response carries an ETag of its
// content and a Last-Modified of its newest change, and an unchanged feed is
// answered 304 without a body (httpx.WriteConditional).
func Serve(w http.ResponseWriter, r *http.Request, cal Calendar, filename string) {
	var buf bytes.Buffer
	if err := Encode(&buf, cal, time.Now()); err != nil {
		http.Error(w, "calendar unavailable", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Cache-Control", "private, max-age=300")
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	w.Header().Set("Content-Disposition", `inline; filename="`+filename+`"`)
	httpx.SetLastModified(w, LastModified(cal))
	httpx.WriteConditional(w, r, buf.Bytes())
}

// LastModified is the newest change in cal: its own Updated or any event's.
func LastModified(cal Calendar) time.Time {
	t := cal.Updated
	for _, e := range cal.Events {
		if e.Updated.After(t) {
			t = e.Updated
		}
	}
	return t
}

package ical

import (
	"bytes"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	goical "github.com/emersion/go-ical"
)

func TestEncodeParsesBack(t *testing.T) {
	cph, _ := time.LoadLocation("Europe/Copenhagen")
	// The last Sunday of March 2027: clocks go forward at 02:00 local time.
	start := time.Date(2027, 3, 28, 10, 0, 0, 0, cph)
	long := strings.Repeat("Digital dannelse på biblioteket – ", 8)
	cal := Calendar{Name: "Digital transformation", Events: []Event{{
		UID: "event-7@spor", Sequence: 3, Summary: long, Description: "Line one\nLine two",
		Location: "Vejle Bibliotekerne", URL: "https://spor.example.org/events/7",
		Start: start, End: start.Add(2 * time.Hour), Status: StatusCancelled, Categories: []string{"Seminar", "DK"},
	}}}
	var buf bytes.Buffer
	if err := Encode(&buf, cal, time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	raw := buf.String()
	for i, line := range strings.Split(strings.TrimSuffix(raw, "\r\n"), "\r\n") {
		if len(line) > 75 {
			t.Errorf("line %d is %d octets: %q", i, len(line), line)
		}
		if strings.Contains(line, "\n") {
			t.Errorf("line %d has a bare LF", i)
		}
	}
	got, err := goical.NewDecoder(strings.NewReader(raw)).Decode()
	if err != nil {
		t.Fatal(err)
	}
	if name, _ := got.Props.Text("X-WR-CALNAME"); name != "Digital transformation" {
		t.Errorf("X-WR-CALNAME = %q", name)
	}
	events := got.Events()
	if len(events) != 1 {
		t.Fatalf("%d events", len(events))
	}
	e := events[0]
	checks := map[string]string{
		goical.PropUID: "event-7@spor", goical.PropSummary: long, goical.PropStatus: "CANCELLED",
		goical.PropDescription: "Line one\nLine two", goical.PropSequence: "3",
	}
	for prop, want := range checks {
		if got := e.Props.Get(prop); got == nil || got.Value != want && prop != goical.PropDescription && prop != goical.PropSummary {
			t.Errorf("%s = %v, want %q", prop, got, want)
		}
	}
	if s, _ := e.Props.Text(goical.PropSummary); s != long {
		t.Errorf("summary did not survive folding: %q", s)
	}
	dtstart, err := e.DateTimeStart(nil)
	if err != nil || !dtstart.Equal(start) || e.Props.Get(goical.PropDateTimeStart).Value != "20270328T080000Z" {
		t.Errorf("DTSTART = %v (%q), want 08:00 UTC", dtstart, e.Props.Get(goical.PropDateTimeStart).Value)
	}
	if cats, _ := e.Props.Get(goical.PropCategories).TextList(); len(cats) != 2 || cats[1] != "DK" {
		t.Errorf("CATEGORIES = %v", cats)
	}
	if e.Props.Get(goical.PropDateTimeStamp) == nil {
		t.Error("no DTSTAMP")
	}
}

func TestFoldKeepsUTF8Whole(t *testing.T) {
	line := "SUMMARY:" + strings.Repeat("æøå", 40) + "\r\n"
	out := string(Fold([]byte(line)))
	for _, part := range strings.Split(out, "\r\n") {
		if !strings.HasPrefix(part, " ") && part != "" && !strings.HasPrefix(part, "SUMMARY") {
			t.Errorf("continuation without space: %q", part)
		}
		if len(part) > 75 {
			t.Errorf("part of %d octets", len(part))
		}
	}
	if unfolded := strings.ReplaceAll(out, "\r\n ", ""); unfolded != line {
		t.Errorf("unfolding does not give the line back")
	}
}

func TestEmptyFeedIsValid(t *testing.T) {
	var buf bytes.Buffer
	if err := Encode(&buf, Calendar{Name: "Nothing yet"}, time.Now()); err != nil {
		t.Fatal(err)
	}
	cal, err := goical.NewDecoder(&buf).Decode()
	if err != nil {
		t.Fatal(err)
	}
	if len(cal.Events()) != 0 {
		t.Errorf("%d events in an empty feed", len(cal.Events()))
	}
}

func TestServeAnswersUnchangedFeedWith304(t *testing.T) {
	updated := time.Date(2026, 10, 1, 8, 0, 0, 0, time.UTC)
	cal := Calendar{Name: "Feed", Events: []Event{{UID: "event-1@spor", Summary: "Seminar",
		Start: updated.AddDate(0, 1, 0), End: updated.AddDate(0, 1, 0).Add(time.Hour), Updated: updated}}}
	first := httptest.NewRecorder()
	Serve(first, httptest.NewRequest("GET", "/x.ics", nil), cal, "x.ics")
	etag := first.Header().Get("ETag")
	if first.Code != 200 || etag == "" || !strings.Contains(first.Body.String(), "DTSTAMP:20261001T080000Z") {
		t.Fatalf("first: %d, ETag %q", first.Code, etag)
	}
	req := httptest.NewRequest("GET", "/x.ics", nil)
	req.Header.Set("If-None-Match", etag)
	again := httptest.NewRecorder()
	Serve(again, req, cal, "x.ics")
	if again.Code != 304 || again.Body.Len() != 0 {
		t.Errorf("unchanged feed: %d with %d bytes, want 304 and no body", again.Code, again.Body.Len())
	}
	cal.Events[0].Summary = "Seminar (moved)"
	changed := httptest.NewRecorder()
	Serve(changed, req, cal, "x.ics")
	if changed.Code != 200 {
		t.Errorf("changed feed: %d, want 200", changed.Code)
	}
}

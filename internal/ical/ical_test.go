package ical

import (
	"bytes"
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

package ical

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"
	"time"

	goical "github.com/emersion/go-ical"
)

// A record that cannot be encoded is left out and logged; the rest of the feed is
// served and parses.
func TestFeedLeavesOutABadRecord(t *testing.T) {
	var logs bytes.Buffer
	old := slog.Default()
	slog.SetDefault(slog.New(slog.NewTextHandler(&logs, nil)))
	defer slog.SetDefault(old)

	start := time.Date(2027, 3, 28, 8, 0, 0, 0, time.UTC)
	ok := func(uid string) Event {
		return Event{UID: uid, Summary: "Seminar\nmed linjeskift", Start: start, End: start.Add(time.Hour), URL: "https://example.org/e"}
	}
	bad := ok("bad-url@spor")
	bad.URL = "https://example.org/x\r\nATTENDEE:mailto:evil@example.org"
	// Text values are escaped, not refused: a line break in a status stays one value.
	quoted := ok("status@spor")
	quoted.Status = "CONFIRMED\nX-EVIL:1"
	cal := Calendar{Name: "Test", Events: []Event{ok("first@spor"), bad, quoted, ok("last@spor")}}
	var buf bytes.Buffer
	if err := Encode(&buf, cal, start); err != nil {
		t.Fatalf("the whole feed failed: %v", err)
	}
	got, err := goical.NewDecoder(&buf).Decode()
	if err != nil {
		t.Fatalf("feed does not parse: %v", err)
	}
	var uids []string
	for _, e := range got.Events() {
		uid, _ := e.Props.Text(goical.PropUID)
		uids = append(uids, uid)
		if e.Props.Get("ATTENDEE") != nil || e.Props.Get("X-EVIL") != nil {
			t.Errorf("injected property in %s", uid)
		}
	}
	if strings.Join(uids, " ") != "first@spor status@spor last@spor" {
		t.Errorf("events %v, want all but the bad one", uids)
	}
	for _, uid := range []string{"bad-url@spor"} {
		if !strings.Contains(logs.String(), uid) {
			t.Errorf("log does not name %s:\n%s", uid, logs.String())
		}
	}
}

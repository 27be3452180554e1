package events_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"testing"
	"time"

	"spor/internal/testutil"
)

// jsonLD reads the event page's schema.org block back with encoding/json.
func jsonLD(t *testing.T, c *testutil.Client, id int64) map[string]any {
	t.Helper()
	res := c.Get(fmt.Sprintf("/events/%d", id))
	if res.Status != http.StatusOK {
		t.Fatalf("event %d: %d", id, res.Status)
	}
	var data map[string]any
	if err := json.Unmarshal([]byte(res.Doc(t).Find(`script[type="application/ld+json"]`).Text()), &data); err != nil {
		t.Fatalf("JSON-LD: %v", err)
	}
	return data
}

// A moved event says EventRescheduled with the start it had; editing it again
// without moving it keeps that; the description is plain text.
func TestJSONLDRescheduled(t *testing.T) {
	srv := testutil.NewServer(t)
	g := newGroup(t, srv.DB, "public")
	admin := testutil.CreateUser(t, srv.DB, "admin", "Det Kgl. Bibliotek")
	c := srv.Client(t)
	c.Login(admin.Email)
	form := eventForm(g.GroupID, "Læringsdag")
	res := c.Post("/manage/events", form)
	if res.Status != http.StatusSeeOther {
		t.Fatalf("create: %d", res.Status)
	}
	var id int64
	fmt.Sscanf(res.Header.Get("Location"), "/events/%d", &id)
	first := jsonLD(t, c, id)
	if first["eventStatus"] != "https://schema.org/EventScheduled" || first["previousStartDate"] != nil {
		t.Errorf("new event: %v, previousStartDate %v", first["eventStatus"], first["previousStartDate"])
	}
	if first["description"] != "Om læring" {
		t.Errorf("description %q, want the plain text of \"Om **læring**\"", first["description"])
	}
	oldStart := first["startDate"]

	day := time.Now().AddDate(0, 2, 0).Format("2006-01-02")
	form.Set("starts_at", day+"T13:00")
	form.Set("ends_at", day+"T15:00")
	if res := c.Post(fmt.Sprintf("/manage/events/%d/edit", id), form); res.Status != http.StatusSeeOther {
		t.Fatalf("move: %d", res.Status)
	}
	for _, step := range []string{"moved", "edited again without moving"} {
		data := jsonLD(t, c, id)
		if data["eventStatus"] != "https://schema.org/EventRescheduled" || data["previousStartDate"] != oldStart {
			t.Errorf("%s: %v, previousStartDate %v, want EventRescheduled from %v", step, data["eventStatus"], data["previousStartDate"], oldStart)
		}
		if data["startDate"] == oldStart {
			t.Errorf("%s: startDate did not change", step)
		}
		form.Set("title", "Læringsdag, rettet")
		c.Post(fmt.Sprintf("/manage/events/%d/edit", id), form)
	}
}

// offers: free, and the availability follows the places left.
func TestJSONLDOffers(t *testing.T) {
	srv := testutil.NewServer(t)
	g := newGroup(t, srv.DB, "public")
	org := testutil.CreateOrg(t, srv.DB, "Vejle Bibliotekerne")
	cases := []struct {
		name                string
		capacity, confirmed int
		want                string
	}{
		{"no limit is in stock", 0, 5, "https://schema.org/InStock"},
		{"many places left", 30, 10, "https://schema.org/InStock"},
		{"few places left", 30, 27, "https://schema.org/LimitedAvailability"},
		{"only the waiting list", 30, 30, "https://schema.org/SoldOut"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			id := newEvent(t, srv.DB, g.GroupID, ev{Capacity: tc.capacity, Zone: "Europe/Stockholm"})
			_, err := srv.DB.Exec(context.Background(), `WITH u AS (
					INSERT INTO users (email, name, organisation_id, password_hash)
					SELECT 'offer' || $1::bigint || '-' || i || '@example.org', 'Deltager ' || i, $3, 'x' FROM generate_series(1, $2) i
					RETURNING id)
				INSERT INTO event_registrations (event_id, user_id, organisation_id, status) SELECT $1::bigint, id, $3, 'confirmed' FROM u`,
				id, tc.confirmed, org)
			if err != nil {
				t.Fatal(err)
			}
			data := jsonLD(t, srv.Client(t), id)
			offer, _ := data["offers"].(map[string]any)
			if offer["@type"] != "Offer" || offer["price"] != float64(0) || offer["priceCurrency"] != "SEK" || offer["availability"] != tc.want {
				t.Errorf("offers %v, want a free Offer in SEK with %s", offer, tc.want)
			}
		})
	}
}

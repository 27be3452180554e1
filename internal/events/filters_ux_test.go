package events_test

import (
	"strings"
	"testing"

	"spor/internal/testutil"
)

// The filters in use show as chips, each a link to the list without that one filter;
// on phones the form itself sits behind one "Filtrér" button that counts them.
func TestActiveFiltersAreRemovableChips(t *testing.T) {
	srv := testutil.NewServer(t)
	c := srv.Client(t)
	doc := c.Get("/events?mode=onsite&lang_content=sv").Doc(t)
	chips := doc.Find("ul.chips a.chip")
	want := map[string]string{"/events?lang_content=sv": "Online eller fysisk: Fysisk fremmøde", "/events?mode=onsite": "Sprog: Svensk"}
	if chips.Length() != len(want) {
		t.Fatalf("%d chips, want %d", chips.Length(), len(want))
	}
	for i := range chips.Length() {
		href, _ := chips.Eq(i).Attr("href")
		label, ok := want[href]
		if !ok {
			t.Errorf("chip %q removes to %q, not to the list without one filter", chips.Eq(i).Text(), href)
			continue
		}
		if got := chips.Eq(i).Text(); !strings.HasPrefix(got, label) {
			t.Errorf("chip to %s reads %q, want it to start with %q", href, got, label)
		}
	}
	if got := doc.Find("details.filter > summary").Text(); !strings.Contains(got, "Filtrér") || !strings.Contains(got, "2 valgt") {
		t.Errorf("the filter button reads %q", got)
	}
	if doc.Find("details.filter form select[name=mode]").Length() != 1 {
		t.Error("the filter form is not inside the Filter disclosure")
	}
	if n := c.Get("/events").Doc(t).Find("ul.chips").Length(); n != 0 {
		t.Error("chips shown with no filter in use")
	}
}

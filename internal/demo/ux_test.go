package demo_test

import (
	"context"
	"io"
	"regexp"
	"strconv"
	"testing"

	"spor/internal/demo"
	"spor/internal/testutil"
)

// The group page lists its following libraries in the main column, not the narrow
// sidebar, largest first, with a link naming how many there are in all.
func TestGroupFollowersInMainColumn(t *testing.T) {
	srv := testutil.NewServer(t)
	if _, err := demo.Load(context.Background(), srv.DB, io.Discard); err != nil {
		t.Fatal(err)
	}
	doc := srv.Client(t).Get("/groups/digital-transformation").Doc(t)
	if doc.Find("aside .followers").Length() != 0 || doc.Find(".layout-2col > div:first-child .followers.org-columns").Length() != 1 {
		t.Fatal("the following libraries are not listed in the main column")
	}
	count := regexp.MustCompile(`\((\d+)\)$`)
	prev := 1 << 30
	items := doc.Find(".followers li")
	for i := range items.Length() {
		m := count.FindStringSubmatch(items.Eq(i).Text())
		if m == nil {
			t.Fatalf("library %d reads %q, want a count", i+1, items.Eq(i).Text())
		}
		n, _ := strconv.Atoi(m[1])
		if n > prev {
			t.Errorf("library %d (%q) has more followers than the one before it", i+1, items.Eq(i).Text())
		}
		prev = n
	}
	var orgs int
	if err := srv.DB.QueryRow(context.Background(), `SELECT count(*) FROM group_org_followers c JOIN groups g ON g.id = c.group_id
		WHERE g.slug = 'digital-transformation' AND c.followers > 0`).Scan(&orgs); err != nil {
		t.Fatal(err)
	}
	want := "Se alle " + strconv.Itoa(orgs) + " biblioteker og følgerne"
	if got := doc.Find(`#g-followers ~ p a[href="/groups/digital-transformation/followers"]`).Text(); got != want {
		t.Errorf("the link to the full list reads %q, want %q", got, want)
	}
}

package demo_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"spor/internal/demo"
	"spor/internal/testutil"
)

// TestDemoAssessments checks that the demo makes the self-assessment pages show
// something real: Mads's change, Vejle's aggregates above the threshold and the gap.
func TestDemoAssessments(t *testing.T) {
	srv := testutil.NewServer(t)
	ctx := context.Background()
	if ok, err := demo.Load(ctx, srv.DB, io.Discard); err != nil || !ok {
		t.Fatalf("load: %v %v", ok, err)
	}
	if ok, err := demo.Load(ctx, srv.DB, io.Discard); err != nil || ok {
		t.Fatalf("second load must do nothing: %v %v", ok, err)
	}
	login := func(email string) *testutil.Client {
		c := srv.Client(t)
		res := c.Post("/login", map[string][]string{"email": {email}, "password": {demo.Password}})
		if res.Status != http.StatusSeeOther {
			t.Fatalf("login %s: %d", email, res.Status)
		}
		return c
	}
	mads := login("medarbejder@example.org").Get("/assessment/results").Doc(t)
	if mads.Find("#progress-table tbody tr").Length() != 2 || mads.Find("#latest-table [data-change]").Length() != 5 {
		t.Error("Mads's results do not show two attempts and a change per area")
	}
	coord := login("koordinator@example.org").Get("/manage/assessment").Doc(t)
	if n := coord.Find("#terms-table [data-mean]").Length(); n != 15 {
		t.Errorf("Vejle shows %d term means, want 15 (3 terms × 5 areas)", n)
	}
	if coord.Find("#gap-table [data-gap]").Length() != 5 || coord.Find("svg#gap-chart g[data-area]").Length() != 5 {
		t.Error("Vejle's gap is not shown for every area")
	}
	admin := login("admin@example.org").Get("/manage/assessment?scope=region:Dalarna").Body
	if !strings.Contains(admin, "data-mean") {
		t.Error("Dalarna shows no means")
	}
}

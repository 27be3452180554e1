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

func TestDemoGroupPage(t *testing.T) {
	srv := testutil.NewServer(t)
	ctx := context.Background()
	if ok, err := demo.Load(ctx, srv.DB, io.Discard); err != nil || !ok {
		t.Fatalf("load: %v %v", ok, err)
	}
	if ok, err := demo.Load(ctx, srv.DB, io.Discard); err != nil || ok {
		t.Fatalf("second load must do nothing: %v %v", ok, err)
	}
	res := srv.Client(t).Get("/groups/digital-transformation")
	if res.Status != http.StatusOK {
		t.Fatalf("status %d", res.Status)
	}
	doc := res.Doc(t)
	for _, want := range []string{"Digital transformation", "Anne Eksempel", "Vejle Bibliotekerne (6)", "Visionspapir", "Analysen er klar"} {
		if !strings.Contains(doc.Text(), want) {
			t.Errorf("demo group page lacks %q", want)
		}
	}
	if strings.Contains(doc.Text(), "Program for det fælles seminar") {
		t.Errorf("scheduled news shown")
	}
	if n := doc.Find(".followers li").Length(); n < 38 {
		t.Errorf("%d organisations follow, want about 40", n)
	}
	for _, p := range []string{"/programmes/digital-transformation-2018-2019", "/programmes/digitalt-forst", "/programmes/kompetenceloeft"} {
		if res := srv.Client(t).Get(p); res.Status != http.StatusOK {
			t.Errorf("%s: %d", p, res.Status)
		}
	}
	var href string
	href, _ = doc.Find(".doc-list a").First().Attr("href")
	if dl := srv.Client(t).Get(href); dl.Status != http.StatusOK || !strings.HasPrefix(dl.Body, "%PDF-") && !strings.HasPrefix(dl.Body, "bibliotek;") {
		t.Errorf("demo document %s: %d", href, dl.Status)
	}
}

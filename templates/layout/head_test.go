package layout

import (
	"context"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/a-h/templ"

	"spor/internal/i18n"
)

// A record's image becomes an absolute og:image; a long description is shortened
// for previews on a word boundary; markup in it stays text.
func TestHeadImageAndDescription(t *testing.T) {
	ctx := i18n.WithLang(context.Background(), "sv")
	long := strings.Repeat("Ett seminarium om läsfrämjande ", 12) + `<script>alert(1)</script>`
	d := Data{Title: "Läsfrämjande", Path: "/events/7", Base: "https://spor.example.org",
		Meta: Meta{Description: long, Image: "/images/7.jpg", Type: "event"}}
	var b strings.Builder
	if err := Page(d, templ.NopComponent).Render(ctx, &b); err != nil {
		t.Fatal(err)
	}
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	meta := func(sel string) string { v, _ := doc.Find(sel).Attr("content"); return v }
	if got := meta(`meta[property="og:image"]`); got != "https://spor.example.org/images/7.jpg" {
		t.Errorf("og:image %q", got)
	}
	if got := meta(`meta[name="twitter:card"]`); got != "summary_large_image" {
		t.Errorf("twitter:card %q", got)
	}
	desc := meta(`meta[name="description"]`)
	if n := len([]rune(desc)); n > 161 || !strings.HasSuffix(desc, "…") || strings.HasSuffix(desc, " …") {
		t.Errorf("description of %d characters: %q", n, desc)
	}
	if strings.Contains(b.String(), "<script>alert") {
		t.Error("the description's markup reached the page")
	}
	if got := meta(`meta[property="og:locale"]`); got != "sv_SE" {
		t.Errorf("og:locale %q", got)
	}
}

package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// keyboardSearchJourney: from any page, a keyboard user tabs past the skip link
// and the navigation to the header's search box, types a Danish inflected form,
// submits with Enter, tabs from the results page's own form to the first result
// and opens it with Enter.
func keyboardSearchJourney(t *testing.T, e *Env) {
	b := e.Tab(t, Anonymous)
	b.Open("/groups")
	for range 12 {
		b.press(kb.Tab)
		if strings.HasPrefix(Eval[string](b, focused), "input#site-search-q") {
			break
		}
	}
	if got := Eval[string](b, focused); !strings.HasPrefix(got, "input#site-search-q") {
		t.Fatalf("tabbing through the header never reaches the search box (focus on %q)", got)
	}
	b.Do(chromedp.KeyEvent("visionspapiret"))
	if status := b.Load(chromedp.KeyEvent(kb.Enter)); status != 200 {
		t.Fatalf("Enter in the search box: status %d", status)
	}
	if !strings.HasPrefix(b.Path(), "/search?") || !b.Has(".search-hit") {
		t.Fatalf("after searching from the header: at %s, results shown: %v", b.Path(), b.Has(".search-hit"))
	}
	if got := Eval[string](b, `document.querySelector("#site-search-q").value`); got != "visionspapiret" {
		t.Errorf("the header box holds %q after the search, want the query", got)
	}
	first := Eval[string](b, `document.querySelector(".search-hit__title a").getAttribute("href")`)
	b.press(kb.Tab)
	b.press(kb.Enter) // skip link → main
	for range 20 {
		b.press(kb.Tab)
		if Eval[string](b, `document.activeElement.getAttribute("href") || ""`) == first {
			break
		}
	}
	if got := Eval[string](b, `document.activeElement.getAttribute("href") || ""`); got != first {
		t.Fatalf("tabbing through the results page never reaches the first result %s (focus on %s)", first, Eval[string](b, focused))
	}
	if status := b.Load(chromedp.KeyEvent(kb.Enter)); status != 200 {
		t.Fatalf("Enter on the first result: status %d", status)
	}
	if got := b.Path(); !strings.HasPrefix(first, got) {
		t.Errorf("Enter on the first result %s opened %s", first, got)
	}
}

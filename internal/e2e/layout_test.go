package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// overflowJS lists the elements that stick out of the viewport sideways, except
// those inside a region that scrolls (a wide table's labelled .table-wrap) or clips.
// Text hidden for screen readers counts: positioned outside its table's scrolling
// region it widens the whole page.
const overflowJS = `(function(){
  const w = document.documentElement.clientWidth, out = [];
  if (document.documentElement.scrollWidth > w + 1) out.push("page scrolls sideways: " + document.documentElement.scrollWidth + " > " + w);
  for (const el of document.body.querySelectorAll("*")) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || (r.right <= w + 1 && r.left >= -1)) continue;
    let p = el, contained = false;
    while ((p = p.parentElement) && p !== document.body) {
      const s = getComputedStyle(p);
      if (/(auto|scroll|hidden|clip)/.test(s.overflowX)) { contained = true; break; }
    }
    if (contained) continue;
    out.push(el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + (el.className && typeof el.className === "string" ? "." + el.className.split(" ").join(".") : "") + " " + Math.round(r.left) + ".." + Math.round(r.right));
    if (out.length > 5) break;
  }
  return out;
})()`

// badgeJS lists the badges that stick out of the card, contact or box they sit in.
const badgeJS = `[...document.querySelectorAll(".badge")].filter(b => {
  const box = b.closest(".card, .contact, .box"); if (!box || !b.getClientRects().length) return false;
  const r = b.getBoundingClientRect(), o = box.getBoundingClientRect();
  return r.right > o.right + 1 || r.left < o.left - 1;
}).map(b => b.innerText)`

// headingJS returns the h1's computed size and the largest h2's (0 without one).
const headingJS = `(function(){
  const size = el => parseFloat(getComputedStyle(el).fontSize);
  const h1 = document.querySelector("main h1");
  let h2 = 0;
  for (const el of document.querySelectorAll("main h2")) { if (el.getClientRects().length) h2 = Math.max(h2, size(el)); }
  return [h1 ? size(h1) : 0, h2];
})()`

// scrollJS lists the elements in main that scroll sideways (their content is wider
// than they are) without being a labelled region a keyboard can reach and scroll.
const scrollJS = `[...document.querySelectorAll("main *")].filter(el => {
  if (!/(auto|scroll)/.test(getComputedStyle(el).overflowX) || el.scrollWidth <= el.clientWidth + 1) return false;
  const named = el.getAttribute("aria-label") || (el.getAttribute("aria-labelledby") || "").split(" ").some(id => { const l = document.getElementById(id); return l && l.textContent.trim() !== ""; });
  return !(el.getAttribute("role") === "region" && el.tabIndex === 0 && named);
}).map(el => el.tagName.toLowerCase() + (el.className && typeof el.className === "string" ? "." + el.className.split(" ").join(".") : ""))`

// checkLayout asserts, at the width the tab shows now, that nothing overflows the
// viewport sideways or its card, and that the page's h1 is larger than any h2.
func checkLayout(t *testing.T, b *Tab, width int64) {
	t.Helper()
	if bad := Eval[[]string](b, overflowJS); len(bad) > 0 {
		t.Errorf("at %d px elements overflow the viewport: %s", width, strings.Join(bad, "; "))
	}
	if bad := Eval[[]string](b, scrollJS); len(bad) > 0 {
		t.Errorf("at %d px content scrolls sideways outside a labelled, focusable region: %q", width, bad)
	}
	if bad := Eval[[]string](b, badgeJS); len(bad) > 0 {
		t.Errorf("at %d px badges stick out of their cards: %q", width, bad)
	}
	if hs := Eval[[]float64](b, headingJS); hs[0] == 0 {
		t.Errorf("at %d px the page has no h1", width)
	} else if hs[0] <= hs[1] {
		t.Errorf("at %d px h1 is %.1f px, not larger than an h2 (%.1f px)", width, hs[0], hs[1])
	}
}

// phoneFirstJourney: on a phone the first content heading of the pages people open
// most starts within the first 300 px, under a compact header whose menu button
// opens the navigation; on a desk the navigation fits one line, below one line of
// tools (search, languages, name, log out).
func phoneFirstJourney(t *testing.T, e *Env) {
	for _, as := range []string{Anonymous, Admin} {
		b := e.Tab(t, as)
		b.Do(chromedp.EmulateViewport(390, 800))
		for _, path := range []string{"/", "/groups/digital-transformation", "/events", "/assessment"} {
			b.Open(path)
			top := Eval[float64](b, `document.querySelector("main h1").getBoundingClientRect().top + window.scrollY`)
			if top > 300 {
				t.Errorf("%s as %q at 390 px: the first heading starts at %.0f px, want within 300", path, as, top)
			}
			checkLayout(t, b, 390)
		}
		if as == Admin {
			// A table that does not fit a phone is a stack of cards, one per row.
			for _, path := range []string{"/manage/tracks", "/manage/groups", "/manage/events", "/manage/events/3/participants"} {
				b.Open(path)
				if !Eval[bool](b, `(function(){ const rows = [...document.querySelectorAll("table.table--stack tbody tr")]; return rows.length > 0 && rows.every(r => getComputedStyle(r).display === "block" && r.getBoundingClientRect().right <= document.documentElement.clientWidth); })()`) {
					t.Errorf("at 390 px the table on %s is not a stack of cards that fit", path)
				}
				checkLayout(t, b, 390)
			}
			if got := Eval[string](b, `getComputedStyle(document.querySelector("table.table--stack tbody td[data-label]"), "::before").content`); !strings.Contains(got, "Navn") {
				t.Errorf("at 390 px a participant card's first line is not led by its column's name (%s)", got)
			}
			checkLayout(t, b, 390)
		}
		// The menu button opens the navigation without JavaScript's help (a <details>).
		b.Open("/")
		alertLines := `(function(){ const p = document.querySelector(".alert__text"); return p ? Math.round(p.getBoundingClientRect().height / parseFloat(getComputedStyle(p).lineHeight)) : 0; })()`
		if n := Eval[int](b, alertLines); n != 1 {
			t.Errorf("at 390 px the demo's alert takes %d lines, want 1", n)
		}
		b.Do(chromedp.Click(chromedp.CSS(".alert__more summary"), chromedp.NodeVisible))
		if n := Eval[int](b, alertLines); n < 2 {
			t.Errorf("at 390 px \"more\" leaves the alert at %d lines, want all of it", n)
		}
		if Eval[bool](b, `document.querySelector(".site-nav a[href='/events']").checkVisibility()`) {
			t.Error("at 390 px the navigation shows before the menu button is pressed")
		}
		b.Do(chromedp.Click(chromedp.CSS(".site-menu__button"), chromedp.NodeVisible))
		if !Eval[bool](b, `document.querySelector(".site-nav a[href='/events']").checkVisibility()`) {
			t.Error("at 390 px the menu button does not show the navigation")
		}
		b.Do(chromedp.EmulateViewport(1280, 800))
		b.Open("/")
		// The navigation is one line, and so are the tools above it.
		for _, sel := range []string{".site-nav a", ".site-tools a, .site-tools button, .site-search input"} {
			lines := Eval[[]float64](b, `[...document.querySelectorAll(`+jsString(sel)+`)].map(el => { const r = el.getBoundingClientRect(); return r.height ? Math.round(r.top + r.height / 2) : -1; })`)
			for _, y := range lines {
				if y < 0 || y-lines[0] > 6 || lines[0]-y > 6 {
					t.Errorf("as %q at 1280 px the header's %s are not on one line (centres at %v)", as, sel, lines)
					break
				}
			}
		}
		checkLayout(t, b, 1280)
		// On a desk a group's page has its two columns side by side.
		b.Open("/groups/digital-transformation")
		if !Eval[bool](b, `(function(){ const c = document.querySelectorAll(".layout-2col > *"); if (c.length < 2) return false; const a = c[0].getBoundingClientRect(), s = c[1].getBoundingClientRect(); return s.left >= a.right && s.top < a.bottom; })()`) {
			t.Error("at 1280 px the group page's sidebar is not beside its main column")
		}
		b.Do(chromedp.EmulateReset())
	}
}

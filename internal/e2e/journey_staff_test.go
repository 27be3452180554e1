package e2e

import (
	"strings"
	"testing"

	"spor/internal/demo"
)

// staffJourney: a library employee logs in, follows a group from its page, registers
// for an upcoming event with free places from the list of events, finds it on /me
// with the link to their personal calendar, and logs out.
func staffJourney(t *testing.T, e *Env) {
	b := e.Tab(t, Anonymous)
	if status := b.Login(Staff, demo.Password); status != 200 {
		t.Fatalf("log in: status %d", status)
	}

	// Follow the Dalarna group from its page (reached through the list of groups).
	b.Click(`.site-nav a[href="/groups"]`)
	b.Click(`main a[href="/groups/digitalt-forst-dalarna"]`)
	b.Click(`main form[action="/groups/digitalt-forst-dalarna/follow"] button`)
	if b.Path() != "/groups/digitalt-forst-dalarna" {
		t.Errorf("after following: at %s, want the group page", b.Path())
	}
	if badge := b.Text("main .badge--ok"); badge != "Du følger denne gruppe" {
		t.Errorf("after following, the group page reads %q, want \"Du følger denne gruppe\"", badge)
	}
	if !b.Has(`main form[action="/groups/digitalt-forst-dalarna/unfollow"]`) {
		t.Error("after following there is no button to stop following")
	}

	// Register for the first upcoming event that still takes registrations.
	b.Click(`.site-nav a[href="/events"]`)
	links := Eval[[]string](b, `[...document.querySelectorAll("main .event-list > li:not(.status--cancelled) h2 a")].map(a => a.getAttribute("href"))`)
	var title, path string
	for _, href := range links {
		b.Open(href)
		if b.Has(`main form[action$="/register"] button`) {
			title, path = b.Text("main h1"), href
			break
		}
	}
	if path == "" {
		t.Fatalf("none of the events %v takes a registration", links)
	}
	b.Click(`main form[action$="/register"] button`)
	if b.Path() != path {
		t.Errorf("after registering: at %s, want %s", b.Path(), path)
	}
	if flash := b.Flash(); !strings.Contains(flash, "Du er tilmeldt") {
		t.Errorf("after registering the message reads %q", flash)
	}
	if !b.Has(`main form[action$="/cancel"] button`) {
		t.Error("after registering there is no way to cancel")
	}

	// /me lists the registration and the personal calendar feed.
	b.Click(`.site-tools__me`)
	if b.Path() != "/me" {
		t.Fatalf("the name in the header led to %s", b.Path())
	}
	if regs := b.Text("section[aria-labelledby=me-registrations]"); !strings.Contains(regs, title) {
		t.Errorf("/me does not list %q among my registrations:\n%s", title, regs)
	}
	if groups := b.Text("section[aria-labelledby=me-groups]"); !strings.Contains(groups, "Digitalt först i Dalarna") {
		t.Errorf("/me does not list the group I follow:\n%s", groups)
	}
	webcal := Eval[string](b, `document.querySelector('#me-calendar a[href^="webcal://"]')?.getAttribute("href") || ""`)
	feed := b.Text("#me-calendar .feed-url")
	if !strings.HasPrefix(webcal, "webcal://") || !strings.HasSuffix(webcal, ".ics") {
		t.Errorf("/me: calendar subscription link %q", webcal)
	}
	if !strings.HasPrefix(feed, "http") || !strings.Contains(feed, "/me/calendar/") {
		t.Errorf("/me: calendar address to copy %q", feed)
	}

	b.Click(`.site-tools form[action="/logout"] button`)
	if b.Has(".site-tools__me") {
		t.Error("after logging out the header still shows my name")
	}
	if b.Open("/me"); b.Path() == "/me" {
		t.Error("after logging out /me still opens")
	}
}

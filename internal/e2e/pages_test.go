package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// Page is one page template to check: reached by opening Path as As (a demo login,
// or Anonymous) and then running Then, if set (to reach a state such as a form
// with errors or a record's edit page). Every page is checked in every language
// with axe-core and the HTML checker, and photographed (in Danish) at phone and
// desktop widths.
type Page struct {
	Name   string
	Path   string
	As     string
	Status int // expected HTTP status; 0 means 200
	Then   func(b *Tab)
}

// pages lists every page template. Add a line when a feature adds a page.
var pages = []Page{
	{Name: "home", Path: "/"},
	{Name: "login", Path: "/login"},
	{Name: "login-failed", Path: "/login", Status: 401, Then: func(b *Tab) { b.Login("nobody@example.org", "wrong password") }},
	{Name: "error-404", Path: "/no-such-page", Status: 404},
	{Name: "password-forgot", Path: "/password/forgot"},
	{Name: "password-forgot-invalid", Path: "/password/forgot", Status: 422, Then: submitForm},
	{Name: "password-reset-used-link", Path: "/password/reset/no-such-token", Status: 410},
	{Name: "signup", Path: "/signup"},
	{Name: "signup-invalid", Path: "/signup", Status: 422, Then: submitForm},
	{Name: "manage-mail", Path: "/manage/mail", As: Admin},
	{Name: "manage-invitations", Path: "/manage/invitations", As: Admin},
	{Name: "manage-invitations-invalid", Path: "/manage/invitations", As: Admin, Status: 422, Then: submitForm},
	{Name: "me-profile", Path: "/me/profile", As: Admin},
	{Name: "privacy", Path: "/privacy"},
	{Name: "me-privacy", Path: "/me/privacy", As: Staff},
	{Name: "me-privacy-mismatch", Path: "/me/privacy", As: Staff, Status: 422, Then: func(b *Tab) {
		b.Fill("#f-email", "not.me@example.org")
		b.Click(`main form[action="/me/privacy/erase"] button[type=submit]`)
	}},
	{Name: "manage-audit", Path: "/manage/audit", As: Admin},
	{Name: "manage-audit-filtered", Path: "/manage/audit?kind=groups&person=nobody", As: Admin},
	{Name: "manage-erase", Path: "/manage/erase/2", As: Admin},

	{Name: "home-logged-in", Path: "/", As: Admin},
	{Name: "me", Path: "/me", As: Admin},
	{Name: "manage", Path: "/manage", As: Admin},
	{Name: "manage-alerts", Path: "/manage/alerts", As: Admin},
	{Name: "manage-alert-new", Path: "/manage/alerts/new", As: Admin},
	{Name: "manage-alert-invalid", Path: "/manage/alerts/new", As: Admin, Status: 422, Then: submitForm},
	{Name: "manage-alert-edit", Path: "/manage/alerts", As: Admin, Then: clickFirst("main table a")},
	{Name: "manage-users", Path: "/manage/users", As: Admin},
	{Name: "manage-user-new", Path: "/manage/users/new", As: Admin},
	{Name: "manage-user-invalid", Path: "/manage/users/new", As: Admin, Status: 422, Then: submitForm},
	{Name: "manage-users-filtered", Path: "/manage/users?q=example&role=staff", As: Admin},
	{Name: "manage-users-none", Path: "/manage/users?q=nobody-by-this-name&contacts=on", As: Admin},
	{Name: "manage-user-edit", Path: "/manage/users", As: Admin, Then: clickFirst("main table a")},
	{Name: "manage-user-weak-password", Path: "/manage/users/new", As: Admin, Status: 422, Then: func(b *Tab) {
		b.Fill("#f-name", "Nina Nyborg")
		b.Fill("#f-email", "nina.nyborg@example.org")
		b.Fill("#f-password", "NinaNyborg2026!")
		submitForm(b)
	}},
	{Name: "manage-organisations", Path: "/manage/organisations", As: Admin},
	{Name: "manage-organisation-new", Path: "/manage/organisations/new", As: Admin},
	{Name: "manage-organisation-invalid", Path: "/manage/organisations/new", As: Admin, Status: 422, Then: submitForm},
	{Name: "manage-organisation-edit", Path: "/manage/organisations", As: Admin, Then: clickFirst("main table a")},
	{Name: "manage-organisation-domain-invalid", Path: "/manage/organisations", As: Admin, Status: 422, Then: func(b *Tab) {
		b.Click("main table a")
		b.Fill("#f-email_domains", "kontakt@example.org")
		submitForm(b)
	}},

	{Name: "manage-staff", Path: "/manage", As: Staff, Status: 403},
	{Name: "error-403", Path: "/manage/alerts", As: Staff, Status: 403},

	// Programmes and groups, as anyone sees them.
	{Name: "programmes", Path: "/programmes"},
	{Name: "programme", Path: "/programmes/digital-transformation-2018-2019"},
	{Name: "programme-tracks", Path: "/programmes/digitalt-forst"},
	{Name: "programme-kompetenceloeft", Path: "/programmes/kompetenceloeft"},
	{Name: "groups", Path: "/groups"},
	{Name: "groups-filtered", Path: "/groups?programme=digitalt-forst&language=sv"},
	{Name: "groups-none", Path: "/groups?language=fi"},
	{Name: "group", Path: "/groups/digital-transformation"},
	{Name: "group-swedish", Path: "/groups/digitalt-forst-dalarna"},
	{Name: "group-followed", Path: "/groups/digital-transformation", As: Staff},
	{Name: "group-follow-settings", Path: "/groups/digital-transformation", As: Staff, Then: func(b *Tab) {
		b.Do(chromedp.Click(chromedp.CSS("details.follow-settings summary"), chromedp.NodeVisible),
			chromedp.WaitVisible(chromedp.CSS("#f-at_once")))
	}},
	{Name: "me-notifications", Path: "/me/notifications", As: Staff},
	{Name: "me-notifications-none", Path: "/me/notifications", As: Admin},
	{Name: "unsubscribe-invalid", Path: "/unsubscribe/not-a-token", Status: 404},
	{Name: "group-coordinated", Path: "/groups/digital-transformation", As: Coordinator},
	{Name: "group-followers", Path: "/groups/digital-transformation/followers"},
	{Name: "news-item", Path: "/groups/digital-transformation/news/1"},

	// Events.
	{Name: "events", Path: "/events"},
	{Name: "events-filtered", Path: "/events?programme=digital-transformation-2018-2019&mode=onsite"},
	{Name: "events-none", Path: "/events?lang_content=fi"},
	{Name: "event", Path: "/events/2"},
	{Name: "event-full", Path: "/events/3"},
	{Name: "event-cancelled", Path: "/events/5"},
	{Name: "event-past", Path: "/events/1"},
	{Name: "event-registered", Path: "/events/2", As: Staff},
	{Name: "event-swedish", Path: "/events/6", As: Leader},

	// Tracks.
	{Name: "tracks", Path: "/tracks"},
	{Name: "track", Path: "/tracks/dalasparet"},
	{Name: "track-member", Path: "/tracks/dalasparet", As: Leader},
	{Name: "track-directors", Path: "/tracks/bibliotekschefsspar", As: Staff},

	// My page, the self-assessment.
	{Name: "me-staff", Path: "/me", As: Staff},
	{Name: "me-leader", Path: "/me", As: Leader},
	{Name: "me-coordinator", Path: "/me", As: Coordinator},
	{Name: "assessment", Path: "/assessment", As: Admin},
	{Name: "assessment-missing", Path: "/assessment", As: Admin, Status: 422, Then: clickFirst(`#assessment-form button[value=submit]`)},
	{Name: "assessment-anonymous", Path: "/assessment"},
	{Name: "assessment-results", Path: "/assessment/results", As: Staff},
	{Name: "assessment-results-none", Path: "/assessment/results", As: Admin},
	{Name: "assessment-attempt", Path: "/assessment/results", As: Staff, Then: clickFirst(`main a[href^="/assessment/attempts/"]`)},
	{Name: "assessment-attempt-delete", Path: "/assessment/results", As: Staff, Then: clickFirst(`main a[href^="/assessment/attempts/"][href$="/delete"]`)},
	{Name: "assessment-delete-all", Path: "/assessment/delete-all", As: Staff},

	// A coordinator's pages: the group, its contacts, news, documents and events.
	{Name: "manage-coordinator", Path: "/manage", As: Coordinator},
	{Name: "manage-groups", Path: "/manage/groups", As: Coordinator},
	{Name: "manage-group-edit", Path: "/manage/groups/1", As: Coordinator},
	{Name: "manage-group-invalid", Path: "/manage/groups/1", As: Coordinator, Status: 422, Then: clearAndSubmit("#f-title")},
	{Name: "manage-contact-new", Path: "/manage/groups/1/contacts/new", As: Coordinator},
	{Name: "manage-contact-invalid", Path: "/manage/groups/1/contacts/new", As: Coordinator, Status: 422, Then: submitForm},
	{Name: "manage-contact-edit", Path: "/manage/groups/1/contacts/1", As: Coordinator},
	{Name: "manage-contact-delete", Path: "/manage/groups/1/contacts/1/delete", As: Coordinator},
	{Name: "manage-news", Path: "/manage/groups/1/news", As: Coordinator},
	{Name: "manage-news-new", Path: "/manage/groups/1/news/new", As: Coordinator},
	{Name: "manage-news-invalid", Path: "/manage/groups/1/news/new", As: Coordinator, Status: 422, Then: submitForm},
	{Name: "manage-news-edit", Path: "/manage/groups/1/news/1", As: Coordinator},
	{Name: "manage-news-delete", Path: "/manage/groups/1/news/1/delete", As: Coordinator},
	{Name: "manage-documents", Path: "/manage/groups/1/documents", As: Coordinator},
	{Name: "manage-documents-invalid", Path: "/manage/groups/1/documents", As: Coordinator, Status: 422, Then: submitForm},
	{Name: "manage-document-delete", Path: "/manage/groups/1/documents/1/delete", As: Coordinator},
	{Name: "manage-events", Path: "/manage/events", As: Coordinator},
	{Name: "manage-event-new", Path: "/manage/events/new?group=1", As: Coordinator},
	{Name: "manage-event-invalid", Path: "/manage/events/new?group=1", As: Coordinator, Status: 422, Then: submitForm},
	{Name: "manage-event-edit", Path: "/manage/events/2/edit", As: Coordinator},
	{Name: "manage-event-participants", Path: "/manage/events/3/participants", As: Coordinator},
	{Name: "manage-event-attendance", Path: "/manage/events/1/participants", As: Coordinator},
	{Name: "manage-assessment", Path: "/manage/assessment", As: Coordinator},

	// An administrator's pages: programmes, groups, aggregates across organisations.
	{Name: "manage-programmes", Path: "/manage/programmes", As: Admin},
	{Name: "manage-programme-new", Path: "/manage/programmes/new", As: Admin},
	{Name: "manage-programme-invalid", Path: "/manage/programmes/new", As: Admin, Status: 422, Then: submitForm},
	{Name: "manage-programme-edit", Path: "/manage/programmes/1", As: Admin},
	{Name: "manage-programme-delete", Path: "/manage/programmes/1/delete", As: Admin},
	{Name: "manage-groups-admin", Path: "/manage/groups", As: Admin},
	{Name: "manage-group-new", Path: "/manage/groups/new", As: Admin},
	{Name: "manage-group-new-invalid", Path: "/manage/groups/new", As: Admin, Status: 422, Then: submitForm},
	{Name: "manage-group-delete", Path: "/manage/groups/1/delete", As: Admin},
	{Name: "manage-assessment-admin", Path: "/manage/assessment", As: Admin},

	// A track coordinator's pages: tracks, meetings, materials, attendance.
	{Name: "manage-tracks", Path: "/manage/tracks", As: Samordnare},
	{Name: "manage-track-new", Path: "/manage/tracks/new", As: Samordnare},
	{Name: "manage-track-invalid", Path: "/manage/tracks/new", As: Samordnare, Status: 422, Then: submitForm},
	{Name: "manage-track-edit", Path: "/manage/tracks/1", As: Samordnare},
	{Name: "manage-meeting-new", Path: "/manage/tracks/1/meetings/new", As: Samordnare},
	{Name: "manage-meeting-invalid", Path: "/manage/tracks/1/meetings/new", As: Samordnare, Status: 422, Then: submitForm},
	{Name: "manage-meeting-edit", Path: "/manage/tracks/1/meetings/1", As: Samordnare},
	{Name: "manage-material-delete", Path: "/manage/tracks/1/meetings/1/materials/1/delete", As: Samordnare},
	{Name: "manage-meeting-attendance", Path: "/manage/tracks/1/meetings/1/attendance", As: Samordnare},
	{Name: "manage-track-attendance", Path: "/manage/tracks/1/attendance", As: Samordnare},
	{Name: "manage-track-mails", Path: "/manage/tracks/1/mails", As: Samordnare},
	{Name: "manage-track-mails-invalid", Path: "/manage/tracks/1/mails", As: Samordnare, Status: 422, Then: submitForm},

	// Search: the empty form, results with facets and marks, filters, nothing found.
	{Name: "search", Path: "/search"},
	{Name: "search-results", Path: "/search?q=bibliotekerne"},
	{Name: "search-filtered", Path: "/search?q=digital&kind=event&language=da&upcoming=on"},
	{Name: "search-none", Path: "/search?q=visonspapir"},
	{Name: "search-staff", Path: "/search?q=evalueringsdag", As: Staff},

	// The learning catalogue, the learning record and its management.
	{Name: "learning-catalogue", Path: "/learning"},
	{Name: "learning-filtered", Path: "/learning?kind=course&language=sv&sort=shortest"},
	{Name: "learning-none", Path: "/learning?language=fi"},
	{Name: "learning-course", Path: "/learning/att-leda-digital-transformation"},
	{Name: "learning-course-started", Path: "/learning/att-leda-digital-transformation", As: Leader},
	{Name: "learning-resource-staff", Path: "/learning/studiecirkel-digitala-verktyg", As: Staff},
	{Name: "learning-record", Path: "/me/learning", As: Leader},
	{Name: "learning-record-empty", Path: "/me/learning", As: Admin},
	{Name: "learning-group-list", Path: "/groups/digitalt-forst-dalarna"},
	{Name: "learning-manage", Path: "/manage/learning", As: Samordnare},
	{Name: "learning-manage-admin", Path: "/manage/learning", As: Admin},
	{Name: "learning-manage-new", Path: "/manage/learning/new", As: Samordnare},
	{Name: "learning-manage-invalid", Path: "/manage/learning/new", As: Samordnare, Status: 422, Then: submitForm},
	{Name: "learning-manage-edit", Path: "/manage/learning", As: Samordnare, Then: clickFirst("main table a")},
	{Name: "learning-manage-list", Path: "/groups/digitalt-forst-dalarna", As: Samordnare, Then: clickFirst(`main a[href^="/manage/learning/groups/"]`)},
}

// langs are the interface languages every page is checked in.
var langs = []string{"da", "sv", "en", "nb"}

// submitForm submits the page's main form as it is (empty, so with errors).
func submitForm(b *Tab) { b.Click(`main form.form[method=post] [type=submit]:not([name=action])`) }

// clearAndSubmit empties the field matching sel and submits the page's main form.
func clearAndSubmit(sel string) func(*Tab) {
	return func(b *Tab) {
		b.Do(chromedp.Evaluate[chromedp.Void](`document.querySelector(` + jsString(sel) + `).value = ""`))
		submitForm(b)
	}
}

// clickFirst follows the first element matching sel (e.g. a record in a list).
func clickFirst(sel string) func(*Tab) { return func(b *Tab) { b.Click(sel) } }

// checkPages opens every page in every language, as its user, in one tab per user:
// axe-core runs in the page, the HTML goes to a folder for one run of the Nu HTML
// Checker at the end, and the Danish version is photographed at both widths, where
// no element may overflow the viewport and h1 must be larger than any h2.
func checkPages(t *testing.T, e *Env) {
	htmlDir := t.TempDir()
	files := map[string]string{} // HTML file → "page/lang", for the checker's report
	tabs := map[string]*Tab{}    // one per login, opened (and logged in) before the subtests
	for _, p := range pages {
		if tabs[p.As] == nil {
			tabs[p.As] = e.Tab(t, p.As)
		}
	}
	t.Run("axe-canary", func(t *testing.T) { b := tabs[Anonymous]; b.t = t; checkAxeWorks(t, b) })
	for _, lang := range langs {
		for _, p := range pages {
			t.Run(p.Name+"/"+lang, func(t *testing.T) {
				b := tabs[p.As]
				b.t = t
				path := p.Path + sep(p.Path) + "lang=" + lang
				status := b.Open(path)
				if p.Then != nil {
					p.Then(b)
					status = b.Status
				}
				want := p.Status
				if want == 0 {
					want = 200
				}
				if status != want {
					t.Errorf("%s as %q: status %d, want %d (now at %s)", p.Path, p.As, status, want, b.Path())
				}
				if got := b.Lang(); got != lang {
					t.Errorf("<html lang=%q>, want %q", got, lang)
				}
				b.CheckAxe()
				file := filepath.Join(htmlDir, p.Name+"."+lang+".html")
				if err := os.WriteFile(file, []byte(b.HTML()), 0o644); err != nil {
					t.Fatal(err)
				}
				files[file] = p.Name + "/" + lang
				if lang == "da" {
					b.Shot(p.Name, func(w int64) { checkLayout(t, b, w) })
				}
			})
		}
	}
	t.Run("html", func(t *testing.T) { checkHTML(t, e, files) })
}

func sep(path string) string {
	if strings.Contains(path, "?") {
		return "&"
	}
	return "?"
}

package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
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
	{Name: "manage-user-edit", Path: "/manage/users", As: Admin, Then: clickFirst("main table a")},
	{Name: "manage-organisations", Path: "/manage/organisations", As: Admin},
	{Name: "manage-organisation-new", Path: "/manage/organisations/new", As: Admin},
	{Name: "manage-organisation-invalid", Path: "/manage/organisations/new", As: Admin, Status: 422, Then: submitForm},
	{Name: "manage-organisation-edit", Path: "/manage/organisations", As: Admin, Then: clickFirst("main table a")},

	{Name: "manage-staff", Path: "/manage", As: Staff},
	{Name: "error-403", Path: "/manage/alerts", As: Staff, Status: 403},
}

// langs are the interface languages every page is checked in.
var langs = []string{"da", "sv", "en"}

// submitForm submits the page's main form as it is (empty, so with errors).
func submitForm(b *Tab) { b.Click(`main form.form[method=post] [type=submit]`) }

// clickFirst follows the first element matching sel (e.g. a record in a list).
func clickFirst(sel string) func(*Tab) { return func(b *Tab) { b.Click(sel) } }

// checkPages opens every page in every language, as its user, in one tab per user:
// axe-core runs in the page, the HTML goes to a folder for one run of the Nu HTML
// Checker at the end, and the Danish version is photographed.
func checkPages(t *testing.T, e *Env) {
	htmlDir := t.TempDir()
	files := map[string]string{} // HTML file → "page/lang", for the checker's report
	tabs := map[string]*Tab{}    // one per login, opened (and logged in) before the subtests
	for _, p := range pages {
		if tabs[p.As] == nil {
			tabs[p.As] = e.Tab(t, p.As)
		}
	}
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
					b.Shot(p.Name)
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

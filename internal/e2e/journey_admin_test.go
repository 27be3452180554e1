package e2e

import (
	"strings"
	"testing"

	"spor/internal/demo"
)

// adminAlertJourney: the administrator logs in, publishes a service notice through
// the form, sees it on the home page in Danish and Swedish, hides it, and logs out.
func adminAlertJourney(t *testing.T, e *Env) {
	b := e.Tab(t, Anonymous)
	if status := b.Login(Admin, demo.Password); status != 200 {
		t.Fatalf("log in: status %d", status)
	}
	if name := b.Text(".site-tools__me"); name != "Alma Administrator" {
		t.Fatalf("after logging in the header shows %q, want the admin's name", name)
	}

	// Administration → Service notices → New notice, by the links a person clicks.
	b.Click(`.site-nav a[href="/manage"]`)
	b.Click(`main a[href="/manage/alerts"]`)
	if b.Path() != "/manage/alerts" {
		t.Fatalf("the alerts link led to %s", b.Path())
	}
	b.Click(`main a[href="/manage/alerts/new"]`)
	msg := map[string]string{
		"da": "Spor lukker for vedligehold torsdag kl. 7-8.",
		"sv": "Spor stängs för underhåll torsdag kl. 7-8.",
		"en": "Spor closes for maintenance on Thursday, 7-8.",
	}
	for lang, text := range msg {
		b.Fill(`textarea[name="message_`+lang+`"]`, text)
	}
	// The level stays "info" and the window the form suggests starts now.
	if status := b.Click(`main form.form button[type=submit]`); status != 200 {
		t.Fatalf("publish the notice: status %d, errors: %s", status, b.Text(".error-summary"))
	}
	if b.Path() != "/manage/alerts" {
		t.Errorf("after saving: at %s, want the list", b.Path())
	}
	if flash := b.Text(".flash"); flash == "" {
		t.Error("no confirmation after saving the notice")
	}
	if list := b.Text("main table"); !strings.Contains(list, msg["da"]) {
		t.Errorf("the list of notices does not show the new one:\n%s", list)
	}

	for _, lang := range []string{"da", "sv"} {
		b.Open("/?lang=" + lang)
		if banner := b.Text(".alerts"); !strings.Contains(banner, msg[lang]) {
			t.Errorf("home page in %s: the banner reads %q, want %q", lang, banner, msg[lang])
		}
	}

	// Hide it (the page is in Swedish now): the button belongs to this notice.
	id := Eval[string](b, `[...document.querySelectorAll(".alerts .alert")].find(a => a.innerText.includes(`+jsString(msg["sv"])+`))?.id || ""`)
	if id == "" {
		t.Fatal("no banner with the new notice to hide")
	}
	button := "#" + id + " button[type=submit]"
	if label := b.Text(button); !strings.HasPrefix(label, "Dölj") {
		t.Errorf("hide button reads %q, want Dölj…", label)
	}
	b.Click(button)
	if b.Path() != "/" {
		t.Errorf("after hiding: at %s, want the page I was on", b.Path())
	}
	if b.Has("#"+id) || strings.Contains(b.Text("body"), msg["sv"]) {
		t.Error("the hidden notice still shows")
	}

	b.Click(`.site-tools form[action="/logout"] button`)
	if b.Has(".site-tools__me") {
		t.Error("after logging out the header still shows the admin's name")
	}
	if !b.Has(`.site-tools a[href^="/login"]`) {
		t.Error("after logging out there is no login link")
	}
	if status := b.Open("/manage/alerts"); b.Path() == "/manage/alerts" {
		t.Errorf("after logging out /manage/alerts still opens (status %d)", status)
	}
}

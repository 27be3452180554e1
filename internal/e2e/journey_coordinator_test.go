package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// coordinatorJourney: the coordinator of the Danish group logs in, rewrites the
// group's text and sees it on the group page, adds a contact person, uploads a
// document, publishes an event for the group and, once a colleague has registered,
// sees them on the participant list.
func coordinatorJourney(t *testing.T, e *Env) {
	b := e.Tab(t, Coordinator)

	// Administration → the group → edit its text.
	b.Click(`.site-nav a[href="/manage"]`)
	b.Click(`main a[href="/manage/groups"]`)
	b.Click(`main table a[href^="/manage/groups/"]`)
	editPath := b.Path()
	text := "Nyt fra koordinatoren: næste netværksmøde holdes i Vejle."
	b.Fill("#f-summary", text)
	if status := b.Click(`main form.form button[type=submit]`); status != 200 {
		t.Fatalf("save the group: status %d, errors: %s", status, b.Text(".error-summary"))
	}
	if flash := b.Flash(); flash != "Gruppen er gemt." {
		t.Errorf("after saving the group the message reads %q", flash)
	}
	b.Open("/groups/digital-transformation")
	if main := b.Text("main"); !strings.Contains(main, text) {
		t.Errorf("the group page does not show the new text %q:\n%.500s", text, main)
	}

	// A new contact person, shown on the group page.
	b.Open(editPath)
	b.Click(`main a[href$="/contacts/new"]`)
	b.Fill("#f-name", "Dorte Dokumentar")
	b.Fill("#f-role", "Netværkskoordinator")
	b.Fill("#f-email", "dorte.dokumentar@example.org")
	if status := b.Click(`main form.form button[type=submit]`); status != 200 {
		t.Fatalf("save the contact: status %d, errors: %s", status, b.Text(".error-summary"))
	}
	if flash := b.Flash(); flash != "Kontaktpersonen er gemt." {
		t.Errorf("after saving the contact the message reads %q", flash)
	}
	if list := b.Text("main"); !strings.Contains(list, "Dorte Dokumentar") {
		t.Error("the group's contact list does not show the new contact")
	}

	// A document, uploaded through the file field.
	file := filepath.Join(t.TempDir(), "dagsorden.txt")
	if err := os.WriteFile(file, []byte("Dagsorden for netværksmødet\n1. Velkomst\n2. Erfaringer\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	b.Open(editPath)
	b.Click(`main a[href$="/documents"]`)
	b.Fill("#f-title", "Dagsorden til netværksmødet")
	b.Upload("#f-file", file)
	if status := b.Click(`main form.form button[type=submit]`); status != 200 {
		t.Fatalf("upload the document: status %d, errors: %s", status, b.Text(".error-summary"))
	}
	if flash := b.Flash(); flash != "Dokumentet er uploadet." {
		t.Errorf("after uploading the message reads %q", flash)
	}
	b.Open("/groups/digital-transformation")
	if !b.Has(`main a[href$="/dagsorden.txt"]`) {
		t.Errorf("the group page has no link to the uploaded document:\n%.800s", b.Text("main"))
	}
	if contacts := b.Text("main"); !strings.Contains(contacts, "Dorte Dokumentar") {
		t.Error("the group page does not show the new contact")
	}

	// A published event for the group.
	b.Open("/manage/events")
	b.Choose("#f-group", Eval[string](b, `document.querySelector("#f-group option").value`))
	b.Click(`main form[action="/manage/events/new"] button[type=submit]`)
	title := "Netværksmøde: erfaringer med digitale forløb"
	b.Fill("#f-title", title)
	b.Fill("#f-place", "Vejle Bibliotek")
	b.Fill("#f-capacity", "30")
	b.Choose("#f-status", "published")
	if status := b.Click(`main form.form button[type=submit]`); status != 200 {
		t.Fatalf("publish the event: status %d, errors: %s", status, b.Text(".error-summary"))
	}
	eventPath := b.Path()
	if !strings.HasPrefix(eventPath, "/events/") {
		t.Fatalf("after publishing: at %s, want the event's page", eventPath)
	}
	if h1 := b.Text("main h1"); h1 != title {
		t.Errorf("the event page's heading reads %q", h1)
	}
	b.Open("/events")
	if list := b.Text("main .event-list"); !strings.Contains(list, title) {
		t.Error("the published event is not on /events")
	}

	// A colleague registers; the coordinator sees them on the participant list.
	staff := e.Tab(t, Staff)
	staff.Open(eventPath)
	staff.Click(`main form[action$="/register"] button`)
	b.Open(eventPath)
	b.Click(`main a[href$="/participants"]`)
	if h1 := b.Text("main h1"); h1 != "Deltagere" {
		t.Errorf("participants page heading %q", h1)
	}
	if list := b.Text("main table"); !strings.Contains(list, "Mads Medarbejder") {
		t.Errorf("the participant list does not show the colleague who registered:\n%s", list)
	}
}

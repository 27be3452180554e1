package privacy_test

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"spor/internal/privacy"
	"spor/internal/testutil"
)

func unzip(t *testing.T, body string) map[string]string {
	t.Helper()
	z, err := zip.NewReader(strings.NewReader(body), int64(len(body)))
	if err != nil {
		t.Fatalf("not a ZIP: %v", err)
	}
	files := map[string]string{}
	for _, f := range z.File {
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(r)
		files[f.Name] = string(b)
	}
	return files
}

// TestExportHoldsEveryKindOfRowAndNothingElse seeds two people with one row of every
// kind, downloads the first one's ZIP and reads it back with encoding/json and an
// HTML parser: every section has their rows, nothing names the other person.
func TestExportHoldsEveryKindOfRowAndNothingElse(t *testing.T) {
	srv := testutil.NewServer(t)
	me := seedPerson(t, srv.DB, "Mette")
	other := seedPerson(t, srv.DB, "Olle")
	// (sessions: the seeded one and this login.) The other person also shares my group and event, so a missing WHERE would show.
	exec(t, srv.DB, `INSERT INTO group_followers (group_id, user_id) VALUES ($1, $2)`, me.Group, other.ID)
	exec(t, srv.DB, `INSERT INTO event_registrations (event_id, user_id, organisation_id, status) VALUES ($1, $2, $3, 'confirmed')`, me.Event, other.ID, other.OrgID)

	c := srv.Client(t)
	c.Login(me.Email)
	res := c.Get("/me/privacy/export.zip?lang=da")
	if res.Status != http.StatusOK || res.Header.Get("Content-Type") != "application/zip" || !strings.Contains(res.Header.Get("Cache-Control"), "no-store") {
		t.Fatalf("export: %d %s %s", res.Status, res.Header.Get("Content-Type"), res.Header.Get("Cache-Control"))
	}
	files := unzip(t, res.Body)
	var data map[string][]map[string]any
	if err := json.Unmarshal([]byte(files["data.json"]), &data); err != nil {
		t.Fatalf("data.json: %v\n%s", err, files["data.json"])
	}
	want := map[string]int{"account": 1, "follows": 1, "registrations": 2, "tracks": 1, "track_attendance": 1,
		"assessment_attempts": 1, "assessment_draft": 1, "sessions": 2, "mails": 1, "mail_queue": 1, "links": 1, "contacts": 1, "changes_made": 1}
	for _, name := range privacy.Sections() {
		rows, ok := data[name]
		if !ok {
			t.Errorf("section %s missing", name)
			continue
		}
		if n, fixed := want[name]; fixed && len(rows) != n {
			t.Errorf("%s: %d rows, want %d: %v", name, len(rows), n, rows)
		}
	}
	var statements int
	if err := srv.DB.QueryRow(t.Context(), `SELECT count(*) FROM assessment_answers WHERE attempt_id = $1`, me.Attempt).Scan(&statements); err != nil {
		t.Fatal(err)
	}
	if statements == 0 || len(data["assessment_answers"]) != statements {
		t.Errorf("answers: %d in the export, %d in the database", len(data["assessment_answers"]), statements)
	}
	if acc := data["account"][0]; acc["email"] != me.Email || acc["name"] != me.Name || acc["password_hash"] != nil {
		t.Errorf("account: %v", acc)
	}
	if got := data["sessions"][0]["last_seen"]; got != me.LastSeen.UTC().Format("2006-01-02T15:04:05Z") {
		t.Errorf("session last seen %v, want %v", got, me.LastSeen.UTC())
	}
	statuses := map[any]bool{}
	for _, r := range data["registrations"] {
		statuses[r["status"]] = true
	}
	if !statuses["confirmed"] || !statuses["waitlisted"] {
		t.Errorf("registrations: %v", data["registrations"])
	}

	doc, err := goquery.NewDocumentFromReader(bytes.NewReader([]byte(files["data.html"])))
	if err != nil {
		t.Fatal(err)
	}
	if lang, _ := doc.Find("html").Attr("lang"); lang != "da" {
		t.Errorf("html lang %q", lang)
	}
	if n := doc.Find("section").Length(); n != len(privacy.Sections()) {
		t.Errorf("html: %d sections, want %d", n, len(privacy.Sections()))
	}
	if !strings.Contains(doc.Find("#s-account").Parent().Text(), me.Email) {
		t.Error("html: account section lacks the address")
	}
	if rows := doc.Find("#s-assessment_answers").Parent().Find("tbody tr").Length(); rows != statements {
		t.Errorf("html: %d answers, want %d", rows, statements)
	}

	for name, body := range files {
		for _, leak := range []string{other.Email, other.Name, "Olle", other.Session} {
			if strings.Contains(body, leak) {
				t.Errorf("%s holds %q of someone else", name, leak)
			}
		}
		if strings.Contains(body, "argon2id") || strings.Contains(body, me.Session) {
			t.Errorf("%s holds a secret", name)
		}
	}

	if res := srv.Client(t).Get("/me/privacy/export.zip"); res.Status == http.StatusOK {
		t.Error("anonymous visitor got an export")
	}
}

package tracks_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"spor/internal/i18n"
	"spor/internal/testutil"
)

// rowsForm is a meeting with the speaker and link rows given, as the form sends
// them: rows are [name, organisation, title] and [title, url], blank ones included.
func rowsForm(speakers [][3]string, links [][2]string) url.Values {
	f := url.Values{"title": {"Kick off"}, "zone": {"Europe/Stockholm"}, "starts_at": {"2020-09-17T13:00"},
		"ends_at": {"2020-09-17T15:00"}, "status": {"planned"}}
	for i, s := range speakers {
		f.Set(fmt.Sprintf("speaker_name_%d", i), s[0])
		f.Set(fmt.Sprintf("speaker_org_%d", i), s[1])
		f.Set(fmt.Sprintf("speaker_title_%d", i), s[2])
	}
	for i, l := range links {
		f.Set(fmt.Sprintf("material_title_%d", i), l[0])
		f.Set(fmt.Sprintf("material_url_%d", i), l[1])
	}
	return f
}

// inputValues are the values of the inputs whose name starts with prefix, in page order.
func inputValues(doc *goquery.Document, prefix string) []string {
	var out []string
	doc.Find(`form input[name^="` + prefix + `"]`).Each(func(_ int, s *goquery.Selection) {
		out = append(out, s.AttrOr("value", ""))
	})
	return out
}

func TestMeetingSpeakersAndLinksAsRows(t *testing.T) {
	srv := testutil.NewServer(t)
	id := newTrack(t, srv.DB, "radsparet", true, 0)
	coord := testutil.CreateUser(t, srv.DB, "coordinator", "Region Dalarna")
	coordinate(t, srv.DB, id, coord.ID)
	c := srv.Client(t)
	c.Login(coord.Email)
	create := fmt.Sprintf("/manage/tracks/%d/meetings", id)
	meetings := func() int { return count(t, srv.DB, `SELECT count(*) FROM track_meetings WHERE track_id = $1`, id) }

	t.Run("a new meeting offers blank rows, not a pipe syntax", func(t *testing.T) {
		doc := c.Get(create + "/new").Doc(t)
		if got := inputValues(doc, "speaker_name_"); len(got) != 2 {
			t.Errorf("speaker name inputs %v, want 2 blank rows", got)
		}
		if got := inputValues(doc, "material_url_"); len(got) != 2 {
			t.Errorf("link inputs %v, want 2 blank rows", got)
		}
		if doc.Find(`textarea[name="speakers"], textarea[name="materials"]`).Length() != 0 || strings.Contains(doc.Text(), "Name | Organisation") {
			t.Error("the form still asks for the pipe syntax")
		}
		if doc.Find(`button[name="action"][value="add-speaker"]`).Length() != 1 || doc.Find(`button[name="action"][value="add-material"]`).Length() != 1 {
			t.Error("no add-another buttons")
		}
	})

	t.Run("add another keeps everything typed and saves nothing", func(t *testing.T) {
		f := rowsForm([][3]string{{"Eva Exempel", "Regionen", "Digitalt i vardagen"}, {"", "", ""}, {"Ola Prov", "", ""}},
			[][2]string{{"Bilder", "https://example.org/bilder.pdf"}, {"", ""}})
		f.Set("action", "add-speaker")
		res := c.Post(create, f)
		if res.Status != http.StatusOK {
			t.Fatalf("add-speaker: status %d", res.Status)
		}
		doc := res.Doc(t)
		if got := strings.Join(inputValues(doc, "speaker_name_"), "/"); got != "Eva Exempel//Ola Prov/" {
			t.Errorf("speaker names after add-speaker: %q", got)
		}
		if got := strings.Join(inputValues(doc, "material_"), "/"); got != "Bilder/https://example.org/bilder.pdf//" {
			t.Errorf("links after add-speaker: %q", got)
		}
		if v := doc.Find(`input[name="title"]`).AttrOr("value", ""); v != "Kick off" {
			t.Errorf("title after add-speaker: %q", v)
		}
		if doc.Find(".error-summary").Length() != 0 {
			t.Error("add-speaker judged the form")
		}
		f.Set("action", "add-material")
		if got := inputValues(c.Post(create, f).Doc(t), "material_url_"); len(got) != 3 {
			t.Errorf("links after add-material: %v, want 3 rows", got)
		}
		if n := meetings(); n != 0 {
			t.Errorf("%d meetings saved by add-another", n)
		}
		f.Set("action", "delete-everything")
		if res := c.Post(create, f); res.Status != http.StatusBadRequest {
			t.Errorf("unknown action: status %d, want 400", res.Status)
		}
	})

	t.Run("a bad row is named and linked in the error summary", func(t *testing.T) {
		f := rowsForm([][3]string{{"Eva Exempel", "", ""}, {"", "", ""}, {"", "Regionen", "Utan namn"}},
			[][2]string{{"", ""}, {"Bilder", "ftp://example.org/x"}})
		res := c.Post(create, f)
		if res.Status != http.StatusUnprocessableEntity {
			t.Fatalf("bad rows: status %d", res.Status)
		}
		doc := res.Doc(t)
		lang := doc.Find("html").AttrOr("lang", "")
		// Blank rows are dropped, so the nameless speaker is the second row shown.
		cases := []struct{ field, row, label string }{
			{"speaker_name_1", i18n.Translate(lang, "rows.speaker_n", "N", 2), i18n.Translate(lang, "rows.name")},
			{"material_url_0", i18n.Translate(lang, "rows.link_n", "N", 1), i18n.Translate(lang, "rows.link_url")},
		}
		for _, tc := range cases {
			link := doc.Find(`.error-summary a[href="#f-` + tc.field + `"]`)
			if want := tc.row + ", " + tc.label + ":"; !strings.Contains(link.Text(), want) {
				t.Errorf("summary link to %s: %q, want it to name %q", tc.field, strings.TrimSpace(link.Text()), want)
			}
			if doc.Find(`input#f-`+tc.field+`[aria-invalid="true"]`).Length() != 1 {
				t.Errorf("no invalid input #f-%s for the summary to link to", tc.field)
			}
		}
		if got := strings.Join(inputValues(doc, "speaker_org_"), "/"); got != "/Regionen//" {
			t.Errorf("organisations shown again: %q", got)
		}
		if n := meetings(); n != 0 {
			t.Errorf("%d meetings saved with bad rows", n)
		}
	})

	t.Run("filled rows are saved in order, blank ones left out", func(t *testing.T) {
		f := rowsForm([][3]string{{"Eva Exempel", "Regionen", "Digitalt i vardagen"}, {"", "", ""}, {"Ola Prov", "", ""}, {"  ", "", ""}},
			[][2]string{{"", ""}, {"Bilder", "https://example.org/bilder.pdf"}, {"Program", "https://example.org/program"}})
		if res := c.Post(create, f); res.Status != http.StatusSeeOther {
			t.Fatalf("save: status %d: %s", res.Status, res.Doc(t).Find(".error-summary").Text())
		}
		var mid int64
		if err := srv.DB.QueryRow(t.Context(), `SELECT id FROM track_meetings WHERE track_id = $1`, id).Scan(&mid); err != nil {
			t.Fatal(err)
		}
		var speakers, links string
		if err := srv.DB.QueryRow(t.Context(), `SELECT
			(SELECT string_agg(name || '|' || affiliation || '|' || talk_title, ';' ORDER BY position) FROM track_speakers WHERE meeting_id = $1),
			(SELECT string_agg(title || '|' || url, ';' ORDER BY position) FROM track_materials WHERE meeting_id = $1)`, mid).Scan(&speakers, &links); err != nil {
			t.Fatal(err)
		}
		if speakers != "Eva Exempel|Regionen|Digitalt i vardagen;Ola Prov||" {
			t.Errorf("speakers saved: %q", speakers)
		}
		if links != "Bilder|https://example.org/bilder.pdf;Program|https://example.org/program" {
			t.Errorf("links saved: %q", links)
		}
		// The edit form shows the saved rows with two blank ones below.
		doc := c.Get(fmt.Sprintf("/manage/tracks/%d/meetings/%d", id, mid)).Doc(t)
		if got := strings.Join(inputValues(doc, "speaker_name_"), "/"); got != "Eva Exempel/Ola Prov//" {
			t.Errorf("edit form speaker names: %q", got)
		}
		if got := strings.Join(inputValues(doc, "material_title_"), "/"); got != "Bilder/Program//" {
			t.Errorf("edit form link titles: %q", got)
		}
	})
}

package tracks_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"spor/internal/testutil"
)

func TestMaterialUploadPermissions(t *testing.T) {
	f := newMaterialsFixture(t)
	srv := f.srv
	other := newTrack(t, srv.DB, "annat-spar", true, 0)
	otherCoord := testutil.CreateUser(t, srv.DB, "coordinator", "Falu stadsbibliotek")
	coordinate(t, srv.DB, other, otherCoord.ID)
	staff := testutil.CreateUser(t, srv.DB, "staff", "Falu stadsbibliotek")
	admin := testutil.CreateUser(t, srv.DB, "admin", "Region Dalarna")
	// Still listed on the track, but demoted to staff: rights follow the role.
	demoted := testutil.CreateUser(t, srv.DB, "coordinator", "Falu stadsbibliotek")
	coordinate(t, srv.DB, f.track, demoted.ID)
	if _, err := srv.DB.Exec(t.Context(), `UPDATE users SET role = 'staff' WHERE id = $1`, demoted.ID); err != nil {
		t.Fatal(err)
	}
	var fileID int64
	if err := srv.DB.QueryRow(t.Context(), `INSERT INTO track_material_files (meeting_id, title, filename, content_type, size, sha256, data)
		VALUES ($1, 'Bilder', 'bilder.pdf', 'application/pdf', length($2::bytea), encode(sha256($2::bytea), 'hex'), $2::bytea) RETURNING id`,
		f.meet, []byte("%PDF-1.4 other\n")).Scan(&fileID); err != nil {
		t.Fatal(err)
	}
	// The other coordinator's own track id with this meeting: the meeting is not theirs.
	foreignPath := fmt.Sprintf("/manage/tracks/%d/meetings/%d/materials", other, f.meet)

	cases := []struct {
		name  string
		email string // "" for anonymous
		path  string // the upload form's action; its file's delete is below it
		want  int
	}{
		{"anonymous is sent to login", "", f.uploadPath, http.StatusSeeOther},
		{"staff is forbidden", staff.Email, f.uploadPath, http.StatusForbidden},
		{"coordinator of another track is forbidden", otherCoord.Email, f.uploadPath, http.StatusForbidden},
		{"demoted coordinator of this track is forbidden", demoted.Email, f.uploadPath, http.StatusForbidden},
		{"another track's coordinator cannot reach the meeting through their track", otherCoord.Email, foreignPath, http.StatusNotFound},
		{"admin may upload", admin.Email, f.uploadPath, http.StatusSeeOther},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := srv.Client(t)
			if tc.email != "" {
				c.Login(tc.email)
			}
			before := count(t, srv.DB, `SELECT count(*) FROM track_material_files`)
			res := c.Upload(tc.path, map[string]string{"material_title": "Anteckningar"}, "file", "anteckningar.txt", []byte("Anteckningar från "+tc.name))
			if res.Status != tc.want {
				t.Fatalf("upload: status %d, want %d", res.Status, tc.want)
			}
			if tc.email == "" && !strings.HasPrefix(res.Header.Get("Location"), "/login") {
				t.Errorf("anonymous sent to %q, want the login page", res.Header.Get("Location"))
			}
			allowed := tc.want == http.StatusSeeOther && tc.email != ""
			stored := count(t, srv.DB, `SELECT count(*) FROM track_material_files`) - before
			if (allowed && stored != 1) || (!allowed && stored != 0) {
				t.Errorf("%d files stored", stored)
			}
			if allowed {
				return
			}
			deletePath := fmt.Sprintf("%s/%d/delete", tc.path, fileID)
			if res := c.Get(deletePath); res.Status != tc.want {
				t.Errorf("delete confirmation: status %d, want %d", res.Status, tc.want)
			}
			if res := c.Post(deletePath, url.Values{}); res.Status != tc.want {
				t.Errorf("delete: status %d, want %d", res.Status, tc.want)
			}
			if count(t, srv.DB, `SELECT count(*) FROM track_material_files WHERE id = $1`, fileID) != 1 {
				t.Fatal("file deleted without permission")
			}
		})
	}
}

func TestMaterialDeleteAfterConfirmation(t *testing.T) {
	f := newMaterialsFixture(t)
	if res := f.upload("Bilder", "bilder.pdf", pdf); res.Status != http.StatusSeeOther {
		t.Fatalf("upload: status %d", res.Status)
	}
	var id int64
	if err := f.srv.DB.QueryRow(t.Context(), `SELECT id FROM track_material_files`).Scan(&id); err != nil {
		t.Fatal(err)
	}
	manage := f.coord.Get(fmt.Sprintf("/manage/tracks/%d/meetings/%d", f.track, f.meet)).Doc(t)
	deletePath := fmt.Sprintf("%s/%d/delete", f.uploadPath, id)
	if href, _ := manage.Find(`#materials a[href$="/delete"]`).Attr("href"); href != deletePath {
		t.Fatalf("delete link %q, want %q", href, deletePath)
	}
	confirm := f.coord.Get(deletePath)
	doc := confirm.Doc(t)
	if confirm.Status != http.StatusOK || doc.Find("main form[method=post]").AttrOr("action", "") != deletePath {
		t.Fatalf("confirmation: status %d, form → %q", confirm.Status, doc.Find("main form[method=post]").AttrOr("action", ""))
	}
	if !strings.Contains(doc.Find("main").Text(), "bilder.pdf") {
		t.Error("confirmation does not name the file")
	}
	if count(t, f.srv.DB, `SELECT count(*) FROM track_material_files`) != 1 {
		t.Fatal("the confirmation page deleted the file")
	}
	res := f.coord.Post(deletePath, url.Values{})
	if res.Status != http.StatusSeeOther {
		t.Fatalf("delete: status %d", res.Status)
	}
	if count(t, f.srv.DB, `SELECT count(*) FROM track_material_files`) != 0 {
		t.Fatal("file not deleted")
	}
	if page := f.srv.Client(t).Get("/tracks/dalasparet"); strings.Contains(page.Body, "bilder.pdf") || strings.Contains(page.Body, "/materials/") {
		t.Error("the track page still lists the deleted file")
	}
	if again := f.coord.Post(deletePath, url.Values{}); again.Status != http.StatusNotFound {
		t.Errorf("deleting again: status %d, want 404", again.Status)
	}
}

func TestTrackPageQueriesUnchangedByMaterialFiles(t *testing.T) {
	f := newMaterialsFixture(t)
	for i := range 5 {
		addMeeting(t, f.srv.DB, f.track, fmt.Sprintf("Träff %d", i), at(2021, time.March, 1+i, 10))
	}
	viewer := f.srv.Client(t)
	viewer.Login(testutil.CreateUser(t, f.srv.DB, "staff", "Falu stadsbibliotek").Email)
	viewer.Get("/me") // the first page after login writes the session once; measure after it
	before := viewer.Get("/tracks/dalasparet")
	for i := range 6 {
		data := []byte(fmt.Sprintf("Anteckningar %d\n", i))
		if res := f.upload(fmt.Sprintf("Anteckningar %d", i), "anteckningar.txt", data); res.Status != http.StatusSeeOther {
			t.Fatalf("upload %d: status %d", i, res.Status)
		}
	}
	after := viewer.Get("/tracks/dalasparet")
	if n := after.Doc(t).Find(".material-file").Length(); n != 6 {
		t.Fatalf("%d files listed, want 6", n)
	}
	qb, qa := before.Header.Get("X-Spor-Queries"), after.Header.Get("X-Spor-Queries")
	if qb == "" || qb != qa {
		t.Errorf("queries: without files %s, with 6 files %s", qb, qa)
	}
}

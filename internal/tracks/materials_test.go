package tracks_test

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"spor/internal/app"
	"spor/internal/testutil"
)

var pdf = []byte("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")

// materialsFixture is a published track with one meeting and its coordinator,
// logged in with English as the interface language.
type materialsFixture struct {
	srv          *testutil.Server
	track, meet  int64
	coord        *testutil.Client
	uploadPath   string
	coordEmail   string
	otherTrackID int64
}

func newMaterialsFixture(t *testing.T, opts ...func(*app.Options)) materialsFixture {
	t.Helper()
	srv := testutil.NewServer(t, opts...)
	f := materialsFixture{srv: srv}
	f.track = newTrack(t, srv.DB, "dalasparet", true, 0)
	f.meet = addMeeting(t, srv.DB, f.track, "Kick off", at(2020, time.September, 17, 13))
	u := testutil.CreateUser(t, srv.DB, "coordinator", "Region Dalarna")
	coordinate(t, srv.DB, f.track, u.ID)
	f.coordEmail = u.Email
	f.coord = srv.Client(t)
	f.coord.Get("/?lang=en")
	f.coord.Login(u.Email)
	f.uploadPath = fmt.Sprintf("/manage/tracks/%d/meetings/%d/materials", f.track, f.meet)
	return f
}

func (f materialsFixture) upload(title, filename string, data []byte) testutil.Response {
	return f.coord.Upload(f.uploadPath, map[string]string{"material_title": title}, "file", filename, data)
}

func TestMaterialUploadAndDownload(t *testing.T) {
	f := newMaterialsFixture(t)
	srv := f.srv

	res := f.upload("Bilder från kick off", "Kick off bilder.pdf", pdf)
	if res.Status != http.StatusSeeOther {
		t.Fatalf("upload: status %d\n%s", res.Status, res.Body)
	}
	var id int64
	var sum string
	if err := srv.DB.QueryRow(t.Context(), `SELECT id, sha256 FROM track_material_files WHERE meeting_id = $1`, f.meet).Scan(&id, &sum); err != nil {
		t.Fatalf("uploaded file not stored: %v", err)
	}
	manage := f.coord.Get(fmt.Sprintf("/manage/tracks/%d/meetings/%d", f.track, f.meet))
	if !strings.Contains(manage.Doc(t).Find("#materials").Text(), "Bilder från kick off") {
		t.Error("the meeting's page does not list the uploaded file")
	}

	anon := srv.Client(t)
	page := anon.Get("/tracks/dalasparet")
	link := page.Doc(t).Find(fmt.Sprintf("#meeting-%d .material-file a", f.meet))
	href, _ := link.Attr("href")
	want := fmt.Sprintf("/tracks/dalasparet/materials/%d/Kick-off-bilder.pdf", id)
	if link.Text() != "Bilder från kick off" || href != want {
		t.Fatalf("track page: link %q → %q, want → %q", link.Text(), href, want)
	}

	dl := anon.Get(want)
	if dl.Status != http.StatusOK || dl.Body != string(pdf) {
		t.Fatalf("download: status %d, %d bytes", dl.Status, len(dl.Body))
	}
	for h, w := range map[string]string{
		"Content-Type":           "application/pdf",
		"X-Content-Type-Options": "nosniff",
		"ETag":                   `"` + sum + `"`,
		"Content-Disposition":    `attachment; filename="Kick-off-bilder.pdf"; filename*=UTF-8''Kick-off-bilder.pdf`,
	} {
		if got := dl.Header.Get(h); got != w {
			t.Errorf("%s = %q, want %q", h, got, w)
		}
	}
	if again := anon.Get(want, "If-None-Match", `"`+sum+`"`); again.Status != http.StatusNotModified || again.Body != "" {
		t.Errorf("If-None-Match: status %d, want 304", again.Status)
	}
	if moved := anon.Get(fmt.Sprintf("/tracks/dalasparet/materials/%d/other.pdf", id)); moved.Status != http.StatusMovedPermanently ||
		moved.Header.Get("Location") != want {
		t.Errorf("wrong file name: status %d → %q", moved.Status, moved.Header.Get("Location"))
	}
	if wrong := anon.Get(fmt.Sprintf("/tracks/other/materials/%d/Kick-off-bilder.pdf", id)); wrong.Status != http.StatusNotFound {
		t.Errorf("file through another track's address: status %d, want 404", wrong.Status)
	}

	// A draft track's files are for its coordinators and admins, like its page.
	if _, err := srv.DB.Exec(t.Context(), `UPDATE tracks SET published = false WHERE id = $1`, f.track); err != nil {
		t.Fatal(err)
	}
	staff := srv.Client(t)
	staff.Login(testutil.CreateUser(t, srv.DB, "staff", "Falu stadsbibliotek").Email)
	admin := srv.Client(t)
	admin.Login(testutil.CreateUser(t, srv.DB, "admin", "Region Dalarna").Email)
	for _, tc := range []struct {
		name string
		c    *testutil.Client
		want int
	}{
		{"anonymous gets not found", anon, http.StatusNotFound},
		{"staff gets not found", staff, http.StatusNotFound},
		{"coordinator downloads", f.coord, http.StatusOK},
		{"admin downloads", admin, http.StatusOK},
	} {
		t.Run("draft: "+tc.name, func(t *testing.T) {
			res := tc.c.Get(want)
			if res.Status != tc.want {
				t.Fatalf("status %d, want %d", res.Status, tc.want)
			}
			if tc.want == http.StatusOK && (res.Body != string(pdf) || res.Header.Get("Cache-Control") != "private, no-store") {
				t.Errorf("draft download: %d bytes, Cache-Control %q", len(res.Body), res.Header.Get("Cache-Control"))
			}
		})
	}
}

func TestMaterialUploadRejections(t *testing.T) {
	f := newMaterialsFixture(t)
	exe := append([]byte("MZ\x90\x00\x03\x00\x00\x00\x04\x00"), bytes.Repeat([]byte{0}, 200)...)
	cases := []struct {
		name, title, filename string
		data                  []byte
		field, message        string
	}{
		{".exe renamed .pdf is refused", "Faktura", "faktura.pdf", exe, "#f-file-error", "This type of file cannot be uploaded"},
		{"pdf named .docx is refused", "Plan", "plan.docx", pdf, "#f-file-error", "does not match its name"},
		{"empty file is refused", "Tom", "tom.txt", nil, "#f-file-error", "The file is empty"},
		{"title is required", "", "bilder.pdf", pdf, "#f-material_title-error", "Fill in this field"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res := f.upload(tc.title, tc.filename, tc.data)
			if res.Status != http.StatusUnprocessableEntity {
				t.Fatalf("status %d, want 422", res.Status)
			}
			doc := res.Doc(t)
			if msg := doc.Find(tc.field).Text(); !strings.Contains(msg, tc.message) {
				t.Errorf("message %q, want it to say %q", msg, tc.message)
			}
			if doc.Find(".error-summary").Length() != 1 {
				t.Error("no error summary")
			}
			if v, _ := doc.Find("#f-material_title").Attr("value"); v != tc.title {
				t.Errorf("title not kept: %q", v)
			}
			if n := count(t, f.srv.DB, `SELECT count(*) FROM track_material_files`); n != 0 {
				t.Fatalf("%d files stored", n)
			}
		})
	}

	t.Run("the same file twice is pointed out", func(t *testing.T) {
		if res := f.upload("Bilder", "bilder.pdf", pdf); res.Status != http.StatusSeeOther {
			t.Fatalf("first upload: status %d", res.Status)
		}
		dup := f.upload("Bilder igen", "kopia.pdf", pdf)
		if dup.Status != http.StatusUnprocessableEntity {
			t.Fatalf("status %d, want 422", dup.Status)
		}
		doc := dup.Doc(t)
		if msg := doc.Find("#f-file-error").Text(); !strings.Contains(msg, "already uploaded") {
			t.Errorf("message %q", msg)
		}
		if !strings.Contains(doc.Find("#materials .field__error a").Text(), "Bilder") {
			t.Error("the existing file is not named")
		}
		if n := count(t, f.srv.DB, `SELECT count(*) FROM track_material_files`); n != 1 {
			t.Errorf("%d files stored, want 1", n)
		}
	})
}

func TestOversizedMaterialRefusedWhileReading(t *testing.T) {
	const limit = 1 << 20
	f := newMaterialsFixture(t, func(o *app.Options) { o.Config.UploadLimit = limit })
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("material_title", "Stor fil")
	fw, _ := mw.CreateFormFile("file", "stor.txt")
	fw.Write(bytes.Repeat([]byte("a"), limit+100<<10))
	mw.Close()
	// Straight to the router (the session cookie from the logged-in client), so the
	// whole answer is seen even though the server stops reading the body.
	req := httptest.NewRequest(http.MethodPost, f.uploadPath, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Host = "example.com"
	req.Header.Set("Origin", "http://example.com")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	base, _ := http.NewRequest(http.MethodGet, f.coord.URL("/"), nil)
	for _, ck := range f.coord.Jar.Cookies(base.URL) {
		req.AddCookie(ck)
	}
	rec := httptest.NewRecorder()
	f.srv.App.Handler.ServeHTTP(rec, req)
	if rec.Code != http.StatusRequestEntityTooLarge {
		t.Fatalf("status %d, want 413", rec.Code)
	}
	if !strings.Contains(rec.Body.String(), "The file is too large") {
		t.Error("no message saying the file is too large")
	}
	if n := count(t, f.srv.DB, `SELECT count(*) FROM track_material_files`); n != 0 {
		t.Errorf("oversized file stored")
	}
}

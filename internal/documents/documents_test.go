package documents_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"

	"spor/internal/app"
	"spor/internal/testutil"
)

func TestUploadAndDownload(t *testing.T) {
	srv := testutil.NewServer(t)
	coord := testutil.CreateUser(t, srv.DB, "coordinator", "Vejle Bibliotekerne")
	id := testutil.CreateGroup(t, srv.DB, "docs", "public", coord.ID)
	c := srv.Client(t)
	c.Login(coord.Email)
	path := fmt.Sprintf("/manage/groups/%d/documents", id)
	pdf := []byte("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")

	if res := srv.Client(t).Get("/groups/docs"); !strings.Contains(res.Body, "There are no documents in this group yet") &&
		!strings.Contains(res.Body, "Der er ingen dokumenter i denne gruppe endnu") {
		t.Errorf("empty state missing")
	}

	exe := append([]byte("MZ\x90\x00\x03\x00\x00\x00\x04\x00"), bytes.Repeat([]byte{0}, 200)...)
	res := c.Upload(path, map[string]string{"title": "Faktura", "lang": "da"}, "file", "faktura.pdf", exe)
	if res.Status != http.StatusUnprocessableEntity {
		t.Fatalf(".exe renamed .pdf: status %d, want 422", res.Status)
	}
	if msg := res.Doc(t).Find("#f-file-error").Text(); !strings.Contains(msg, "PDF") {
		t.Errorf(".exe renamed .pdf: message %q does not say what is allowed", msg)
	}
	if v, _ := res.Doc(t).Find("#f-title").Attr("value"); v != "Faktura" {
		t.Errorf("title not kept after the error: %q", v)
	}
	var n int
	srv.DB.QueryRow(context.Background(), `SELECT count(*) FROM documents`).Scan(&n)
	if n != 0 {
		t.Fatalf("rejected file was stored")
	}

	if res := c.Upload(path, map[string]string{"title": "Analyse", "lang": "da"}, "file", "Analyse 2018.pdf", pdf); res.Status != http.StatusSeeOther {
		t.Fatalf("upload pdf: status %d", res.Status)
	}
	dup := c.Upload(path, map[string]string{"title": "Igen", "lang": "da"}, "file", "copy.pdf", pdf)
	if dup.Status != http.StatusUnprocessableEntity || !strings.Contains(dup.Body, "Analyse") {
		t.Errorf("duplicate: status %d, existing document not pointed out", dup.Status)
	}

	var docID int64
	var sum string
	srv.DB.QueryRow(context.Background(), `SELECT id, sha256 FROM documents`).Scan(&docID, &sum)
	anon := srv.Client(t)
	dl := anon.Get(fmt.Sprintf("/groups/docs/documents/%d/Analyse-2018.pdf", docID))
	checks := map[string]string{
		"Content-Type":           "application/pdf",
		"X-Content-Type-Options": "nosniff",
		"ETag":                   `"` + sum + `"`,
		"Content-Disposition":    `attachment; filename="Analyse-2018.pdf"; filename*=UTF-8''Analyse-2018.pdf`,
	}
	if dl.Status != http.StatusOK || dl.Body != string(pdf) {
		t.Fatalf("download: status %d", dl.Status)
	}
	for h, want := range checks {
		if got := dl.Header.Get(h); got != want {
			t.Errorf("%s = %q, want %q", h, got, want)
		}
	}
	again := anon.Get(fmt.Sprintf("/groups/docs/documents/%d/Analyse-2018.pdf", docID), "If-None-Match", `"`+sum+`"`)
	if again.Status != http.StatusNotModified || again.Body != "" {
		t.Errorf("If-None-Match: status %d, want 304", again.Status)
	}
	if page := anon.Get("/groups/docs"); !strings.Contains(page.Body, "Analyse") {
		t.Errorf("group page does not list the document")
	}
}

// countingReader is an endless request body that fails the test if the server
// reads far beyond the upload limit.
type countingReader struct {
	t       *testing.T
	prefix  *bytes.Reader
	read    int64
	allowed int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	if c.prefix.Len() > 0 {
		n, _ := c.prefix.Read(p)
		c.read += int64(n)
		return n, nil
	}
	for i := range p {
		p[i] = 'a'
	}
	c.read += int64(len(p))
	if c.read > c.allowed {
		c.t.Errorf("the server read %d bytes of an oversized upload (limit %d)", c.read, c.allowed)
		return 0, io.ErrUnexpectedEOF
	}
	return len(p), nil
}

func TestOversizedUploadRefusedWhileReading(t *testing.T) {
	const limit = 1 << 20
	srv := testutil.NewServer(t, func(o *app.Options) { o.Config.UploadLimit = limit })
	coord := testutil.CreateUser(t, srv.DB, "coordinator", "Vejle Bibliotekerne")
	id := testutil.CreateGroup(t, srv.DB, "big", "public", coord.ID)
	c := srv.Client(t)
	c.Login(coord.Email)
	// Log in over HTTP, then hand the request straight to the router with an
	// endless body: nothing but the handler reads it.
	login, _ := http.NewRequest(http.MethodGet, c.URL("/"), nil)
	cookies := c.Jar.Cookies(login.URL)

	var head bytes.Buffer
	mw := multipart.NewWriter(&head)
	mw.WriteField("title", "Stor fil")
	mw.CreateFormFile("file", "big.txt")
	body := &countingReader{t: t, prefix: bytes.NewReader(head.Bytes()), allowed: limit + 256<<10}
	req := httptest.NewRequest(http.MethodPost, fmt.Sprintf("/manage/groups/%d/documents", id), body)
	req.ContentLength = -1
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Origin", "http://example.com")
	req.Host = "example.com"
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	for _, ck := range cookies {
		req.AddCookie(ck)
	}
	rec := httptest.NewRecorder()
	srv.App.Handler.ServeHTTP(rec, req)
	if rec.Code != http.StatusRequestEntityTooLarge {
		t.Fatalf("status %d, want 413", rec.Code)
	}
	if body.read > limit+256<<10 {
		t.Errorf("read %d bytes", body.read)
	}
	var n int
	srv.DB.QueryRow(context.Background(), `SELECT count(*) FROM documents`).Scan(&n)
	if n != 0 {
		t.Errorf("oversized file stored")
	}
}

func TestStaffOnlyDocumentNeedsLogin(t *testing.T) {
	srv := testutil.NewServer(t)
	staff := testutil.CreateUser(t, srv.DB, "staff", "Vejle Bibliotekerne")
	g := testutil.CreateGroup(t, srv.DB, "intern", "staff")
	d := testutil.CreateDocument(t, srv.DB, g, "x.txt", "intern")
	path := fmt.Sprintf("/groups/intern/documents/%d/x.txt", d)
	if res := srv.Client(t).Get(path); res.Status != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/login") {
		t.Errorf("anonymous: %d %q, want the login page", res.Status, res.Header.Get("Location"))
	}
	c := srv.Client(t)
	c.Login(staff.Email)
	if res := c.Get(path); res.Status != http.StatusOK || res.Body != "intern" || !strings.Contains(res.Header.Get("Cache-Control"), "private") {
		t.Errorf("staff: %d %q", res.Status, res.Header.Get("Cache-Control"))
	}
}

// A document uploaded with a long Danish name downloads under a name cut between
// characters, with an ASCII fallback beside the UTF-8 name.
func TestDownloadNameLongAndNordic(t *testing.T) {
	srv := testutil.NewServer(t)
	coord := testutil.CreateUser(t, srv.DB, "coordinator", "Vejle Bibliotekerne")
	id := testutil.CreateGroup(t, srv.DB, "navne", "public", coord.ID)
	c := srv.Client(t)
	c.Login(coord.Email)
	pdf := []byte("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
	name := "R" + strings.Repeat("ø", 60) + " møde på Ærø.pdf" // 121 bytes before ".pdf"
	if res := c.Upload(fmt.Sprintf("/manage/groups/%d/documents", id), map[string]string{"title": "Referat", "lang": "da"}, "file", name, pdf); res.Status != http.StatusSeeOther {
		t.Fatalf("upload: %d", res.Status)
	}
	var docID int64
	var stored string
	srv.DB.QueryRow(context.Background(), `SELECT id, filename FROM documents`).Scan(&docID, &stored)
	res := srv.Client(t).Get(fmt.Sprintf("/groups/navne/documents/%d/%s", docID, url.PathEscape(stored)))
	if res.Status != http.StatusOK {
		t.Fatalf("download: %d", res.Status)
	}
	header := res.Header.Get("Content-Disposition")
	_, params, err := mime.ParseMediaType(header)
	if err != nil || params["filename"] != stored || !utf8.ValidString(stored) || !strings.HasPrefix(stored, "Røø") || !strings.HasSuffix(stored, ".pdf") {
		t.Errorf("filename* %q (stored %q): %v", params["filename"], stored, err)
	}
	plain, _, _ := strings.Cut(header, "; filename*=")
	_, params, err = mime.ParseMediaType(plain)
	if err != nil || !strings.HasPrefix(params["filename"], "Roeoe") {
		t.Errorf("ASCII fallback %q: %v", plain, err)
	}
}

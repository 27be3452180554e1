package upload

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"mime/multipart"
	"net/http/httptest"
	"strings"
	"testing"
)

func zipOf(t *testing.T, files map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, body := range files {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(w, body)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func errID(err error) string {
	var ue *Error
	if errors.As(err, &ue) {
		return ue.ID
	}
	if err != nil {
		return err.Error()
	}
	return ""
}

func TestRead(t *testing.T) {
	lim := Limits{MaxBytes: 1 << 20, MaxZipEntries: 10, MaxZipExpanded: 1 << 20}
	docx := zipOf(t, map[string]string{"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"})
	odt := zipOf(t, map[string]string{"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<office/>"})
	many := map[string]string{}
	for i := range 11 {
		many[strings.Repeat("x", i+1)] = "a"
	}
	bomb := zipOf(t, map[string]string{"[Content_Types].xml": "<Types/>", "word/document.xml": strings.Repeat("0", 2<<20)})
	cases := []struct {
		name, filename string
		data           []byte
		wantKind       string
		wantErr        string
	}{
		{"pdf accepted", "report.pdf", []byte("%PDF-1.4\n%%EOF\n"), "pdf", ""},
		{"png accepted", "logo.png", []byte("\x89PNG\r\n\x1a\n rest"), "png", ""},
		{"jpeg accepted as .jpg", "photo.JPG", []byte{0xFF, 0xD8, 0xFF, 0xE0, 1, 2}, "jpeg", ""},
		{"text accepted", "notes.txt", []byte("Hej med dig\nÆøå\n"), "txt", ""},
		{"csv by name", "list.csv", []byte("a;b\n1;2\n"), "csv", ""},
		{"docx accepted", "plan.docx", docx, "docx", ""},
		{"odt accepted", "plan.odt", odt, "odt", ""},
		{"exe renamed pdf rejected", "invoice.pdf", append([]byte("MZ\x90\x00\x03\x00\x00\x00"), make([]byte, 100)...), "", "upload.bad_type"},
		{"pdf named docx is a mismatch", "plan.docx", []byte("%PDF-1.7\n"), "", "upload.mismatch"},
		{"plain zip rejected", "archive.zip", zipOf(t, map[string]string{"a.txt": "a"}), "", "upload.bad_type"},
		{"too many zip entries", "plan.docx", zipOf(t, many), "", "upload.zip_bomb"},
		{"zip expanding too far", "plan.docx", bomb, "", "upload.zip_bomb"},
		{"empty file", "empty.txt", nil, "", "upload.empty"},
		{"binary with NUL rejected", "data.txt", []byte("abc\x00def"), "", "upload.bad_type"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f, err := Read(bytes.NewReader(tc.data), tc.filename, lim)
			if got := errID(err); got != tc.wantErr {
				t.Fatalf("error = %q, want %q", got, tc.wantErr)
			}
			if err == nil && f.Kind != tc.wantKind {
				t.Errorf("kind = %q, want %q", f.Kind, tc.wantKind)
			}
			if err == nil && (len(f.SHA256) != 64 || f.Size != int64(len(tc.data))) {
				t.Errorf("sha256 %q size %d", f.SHA256, f.Size)
			}
		})
	}
}

// endless yields bytes for ever and fails the test if more than allowed are read.
type endless struct {
	t       *testing.T
	read    int64
	allowed int64
}

func (e *endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 'a'
	}
	e.read += int64(len(p))
	if e.read > e.allowed {
		e.t.Fatalf("read %d bytes of an oversized upload; the limit should have stopped at about %d", e.read, e.allowed)
	}
	return len(p), nil
}

func TestOversizedNotReadIntoMemory(t *testing.T) {
	lim := DefaultLimits(1 << 20)
	src := &endless{t: t, allowed: lim.MaxBytes + 64<<10}
	_, err := Read(src, "big.txt", lim)
	if errID(err) != "upload.too_large" {
		t.Fatalf("error = %v, want too large", err)
	}
}

func TestFormStreams(t *testing.T) {
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("title", "Analyse")
	fw, _ := mw.CreateFormFile("file", "../../etc/Analyse 2018.pdf")
	fw.Write([]byte("%PDF-1.4\n%%EOF\n"))
	mw.Close()
	r := httptest.NewRequest("POST", "/", &body)
	r.Header.Set("Content-Type", mw.FormDataContentType())
	values, f, err := Form(r, "file", DefaultLimits(1<<20))
	if err != nil {
		t.Fatal(err)
	}
	if values.Get("title") != "Analyse" || f.Name != "Analyse-2018.pdf" || f.ContentType != "application/pdf" {
		t.Errorf("values %v, file %q %q", values, f.Name, f.ContentType)
	}
}

package httpx_test

import (
	"mime"
	"strings"
	"testing"
	"unicode/utf8"

	"spor/internal/httpx"
)

// fallback reads the header as a client that knows only filename= would.
func fallback(t *testing.T, header string) string {
	t.Helper()
	plain, _, _ := strings.Cut(header, "; filename*=")
	_, params, err := mime.ParseMediaType(plain)
	if err != nil {
		t.Fatalf("%q: %v", plain, err)
	}
	return params["filename"]
}

func TestAttachmentNames(t *testing.T) {
	long := strings.Repeat("a", 99) + "øø.vcf" // 100 bytes of the base end inside "ø"
	for _, tc := range []struct {
		name, in, want, ascii string
	}{
		{"plain name unchanged", "Analyse-2018.pdf", "Analyse-2018.pdf", "Analyse-2018.pdf"},
		{"Nordic letters with ASCII fallback", "Referat møde på Åland.docx", "Referat møde på Åland.docx", "Referat moede paa Aaland.docx"},
		{"quotes and path dropped", `../a\b"c".pdf`, "bc.pdf", "bc.pdf"},
		{"empty gets a name", "", "download", "download"},
		{"non-Latin falls back to underscores", "доклад.pdf", "доклад.pdf", "______.pdf"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := httpx.Attachment(tc.in)
			kind, params, err := mime.ParseMediaType(h)
			if err != nil || kind != "attachment" {
				t.Fatalf("%q: %s %v", h, kind, err)
			}
			if params["filename"] != tc.want {
				t.Errorf("filename* = %q, want %q", params["filename"], tc.want)
			}
			if got := fallback(t, h); got != tc.ascii {
				t.Errorf("filename = %q, want %q", got, tc.ascii)
			}
		})
	}
	t.Run("long name cut on a character boundary", func(t *testing.T) {
		h := httpx.Attachment(long)
		_, params, err := mime.ParseMediaType(h)
		if err != nil {
			t.Fatal(err)
		}
		got := params["filename"]
		if !utf8.ValidString(got) || len(got) > httpx.MaxFilenameBytes+len(".vcf") || !strings.HasSuffix(got, ".vcf") {
			t.Errorf("cut name %q (%d bytes)", got, len(got))
		}
		if got != strings.Repeat("a", 99)+".vcf" {
			t.Errorf("cut too much: %q", got)
		}
		for _, r := range fallback(t, h) {
			if r > 0x7e || r < 0x20 {
				t.Fatalf("fallback not ASCII: %q", fallback(t, h))
			}
		}
	})
}

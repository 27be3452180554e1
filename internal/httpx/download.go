package httpx

import (
	"net/http"
	"path"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Download describes a stored file offered for download (group documents, meeting
// materials).
type Download struct {
	Filename    string
	ContentType string    // decided from the content when it was uploaded
	SHA256      string    // hex; the ETag
	Public      bool      // may shared caches keep it?
	Modified    time.Time // when it was uploaded: Last-Modified
}

// ServeDownload sends a stored file as an attachment: the checked type, nosniff, a
// sandboxing CSP, and its SHA-256 as ETag, answering a conditional request with 304 before
// the bytes are even loaded (data is called only when they are needed).
func ServeDownload(w http.ResponseWriter, r *http.Request, d Download, data func() ([]byte, error)) {
	etag := `"` + d.SHA256 + `"`
	hd := w.Header()
	hd.Set("ETag", etag)
	hd.Set("X-Content-Type-Options", "nosniff")
	if d.Public {
		hd.Set("Cache-Control", "public, no-cache")
	} else {
		hd.Set("Cache-Control", "private, no-cache")
	}
	SetLastModified(w, d.Modified)
	if NotModified(r, hd) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	b, err := data()
	if err != nil {
		Error(w, r, err)
		return
	}
	hd.Set("Content-Type", d.ContentType)
	hd.Set("Content-Disposition", Attachment(d.Filename))
	hd.Set("Content-Length", strconv.Itoa(len(b)))
	hd.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	_, _ = w.Write(b)
}

// etagMatch implements If-None-Match's weak comparison (RFC 9110 13.1.2).
func etagMatch(header, etag string) bool {
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == "*" || t == etag {
			return true
		}
	}
	return false
}

// MaxFilenameBytes bounds the base of a download's file name (its extension comes
// on top), as upload.SafeName bounds stored names.
const MaxFilenameBytes = 100

// Attachment is the Content-Disposition of a download named name: "attachment" with
// both an ASCII filename= for old clients and the UTF-8 filename*= of RFC 6266/5987
// that browsers prefer, the name cut at MaxFilenameBytes on a character boundary.
func Attachment(name string) string {
	name = CleanFilename(name)
	return `attachment; filename="` + asciiFilename(name) + `"; filename*=UTF-8''` + pctEncode(name)
}

// CleanFilename drops path parts, control characters and quotes from name and cuts
// its base to MaxFilenameBytes without splitting a UTF-8 character (a cut
// mid-character makes clients show "Pr%C3.vcf").
func CleanFilename(name string) string {
	name = path.Base(strings.ReplaceAll(name, "\\", "/"))
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == '"' || r == utf8.RuneError || r == '/' {
			return -1
		}
		return r
	}, name)
	name = strings.TrimSpace(name)
	if name == "" || name == "." || name == "/" {
		name = "download"
	}
	ext := path.Ext(name)
	if len(ext) > 16 {
		ext = ""
	}
	base := strings.TrimSuffix(name, ext)
	return TruncateUTF8(base, MaxFilenameBytes) + ext
}

// TruncateUTF8 returns the longest prefix of s of at most n bytes that ends on a
// character boundary.
func TruncateUTF8(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// asciiFold spells the Nordic and common Latin letters in ASCII for the fallback name.
var asciiFold = strings.NewReplacer("æ", "ae", "Æ", "Ae", "ø", "oe", "Ø", "Oe", "å", "aa", "Å", "Aa",
	"ä", "a", "Ä", "A", "ö", "o", "Ö", "O", "ü", "u", "Ü", "U", "é", "e", "É", "E", "è", "e", "á", "a",
	"í", "i", "ó", "o", "ú", "u", "ß", "ss", "ð", "d", "þ", "th")

// asciiFilename is name in printable ASCII without quote or backslash, for filename=.
func asciiFilename(name string) string {
	name = asciiFold.Replace(name)
	var b strings.Builder
	for _, r := range name {
		if r < 0x20 || r > 0x7e || r == '"' || r == '\\' || r == '%' {
			r = '_'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// pctEncode encodes s as an RFC 5987 value: attr-chars as they are, every other
// byte as %XX.
func pctEncode(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("!#$&+-.^_`|~", c) >= 0 {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}

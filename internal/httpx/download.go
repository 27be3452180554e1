package httpx

import (
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"
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
	hd.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": d.Filename}))
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

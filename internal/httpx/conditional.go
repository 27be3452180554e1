package httpx

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strconv"
	"time"
)

// Feeds and downloads are polled by calendar clients, feed readers and caches, so
// every one carries an ETag and a Last-Modified and answers a matching conditional
// request with 304 and no body. WriteConditional is the one place that decides.

// SetLastModified records when the content of the response last changed; t is
// rounded down to the second, the precision of the header.
func SetLastModified(w http.ResponseWriter, t time.Time) {
	if !t.IsZero() {
		w.Header().Set("Last-Modified", t.UTC().Truncate(time.Second).Format(http.TimeFormat))
	}
}

// NotModified reports whether the client's copy is current, comparing If-None-Match
// with the response's ETag or, only when there is no If-None-Match (RFC 9110
// 13.2.2), If-Modified-Since with its Last-Modified.
func NotModified(r *http.Request, h http.Header) bool {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		return false
	}
	if inm := r.Header.Get("If-None-Match"); inm != "" {
		return h.Get("ETag") != "" && etagMatch(inm, h.Get("ETag"))
	}
	ims, err := http.ParseTime(r.Header.Get("If-Modified-Since"))
	if err != nil {
		return false
	}
	lm, err := http.ParseTime(h.Get("Last-Modified"))
	return err == nil && !lm.After(ims)
}

// WriteConditional sends body with status 200, or 304 when the request's
// conditions match. The ETag is the content's hash unless the handler set one;
// Last-Modified is the handler's (SetLastModified) or, for content whose age is
// unknown, the time it was made.
func WriteConditional(w http.ResponseWriter, r *http.Request, body []byte) {
	h := w.Header()
	if h.Get("ETag") == "" {
		sum := sha256.Sum256(body)
		h.Set("ETag", `"`+hex.EncodeToString(sum[:16])+`"`)
	}
	if h.Get("Last-Modified") == "" {
		SetLastModified(w, time.Now())
	}
	if NotModified(r, h) {
		h.Del("Content-Length")
		w.WriteHeader(http.StatusNotModified)
		return
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(body)
}

// Conditional is middleware for handlers that generate a download (CSV exports,
// vCards): it holds the response back and sends it through WriteConditional.
// Anything but a 200 passes through unchanged.
func Conditional(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		bw := &bufferedWriter{ResponseWriter: w}
		next.ServeHTTP(bw, r)
		if bw.status == 0 {
			bw.status = http.StatusOK
		}
		if bw.status != http.StatusOK {
			w.WriteHeader(bw.status)
			_, _ = w.Write(bw.buf.Bytes())
			return
		}
		WriteConditional(w, r, bw.buf.Bytes())
	})
}

type bufferedWriter struct {
	http.ResponseWriter
	status int
	buf    bytes.Buffer
}

func (w *bufferedWriter) WriteHeader(status int) {
	if w.status == 0 {
		w.status = status
	}
}

func (w *bufferedWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.buf.Write(b)
}

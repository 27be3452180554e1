package httpx

import (
	"errors"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"
)

// MaxFormBytes bounds an ordinary (non-upload) form body.
const MaxFormBytes = 1 << 20

// ParseForm reads a bounded form body; a too-large body is an *http.MaxBytesError,
// an undecodable one wraps ErrBadRequest.
func ParseForm(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, MaxFormBytes)
	if err := r.ParseForm(); err != nil {
		if FormErrorStatus(err) == http.StatusRequestEntityTooLarge {
			return err
		}
		return fmt.Errorf("httpx: form: %v: %w", err, ErrBadRequest)
	}
	return nil
}

// FormErrorStatus is the status for an error from parsing a query or form: 413 for
// too large a body or too many values (Go's own limits included), otherwise 400.
func FormErrorStatus(err error) int {
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) || errors.Is(err, multipart.ErrMessageTooLarge) ||
		strings.Contains(err.Error(), "exceeded limit") || strings.Contains(err.Error(), "too many") {
		return http.StatusRequestEntityTooLarge
	}
	return http.StatusBadRequest
}

// IDParam reads a positive integer URL parameter; anything else is ErrBadRequest.
func IDParam(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(chi.URLParam(r, name), 10, 64)
	if err != nil || id <= 0 {
		return 0, fmt.Errorf("%s %q: %w", name, chi.URLParam(r, name), ErrBadRequest)
	}
	return id, nil
}

// FormInt64 reads a form integer; empty or invalid is 0.
func FormInt64(r *http.Request, name string) int64 {
	n, _ := strconv.ParseInt(strings.TrimSpace(r.PostFormValue(name)), 10, 64)
	return n
}

// FormBool reads a checkbox.
func FormBool(r *http.Request, name string) bool {
	v := r.PostFormValue(name)
	return v == "on" || v == "true" || v == "1"
}

// DateTimeLocal is the layout of <input type="datetime-local">.
const DateTimeLocal = "2006-01-02T15:04"

// FormTime reads a datetime-local field in loc; empty or invalid is the zero time.
func FormTime(r *http.Request, name string, loc *time.Location) time.Time {
	v := strings.TrimSpace(r.PostFormValue(name))
	for _, layout := range []string{DateTimeLocal, "2006-01-02T15:04:05", "2006-01-02 15:04"} {
		if t, err := time.ParseInLocation(layout, v, loc); err == nil {
			return t
		}
	}
	return time.Time{}
}

// FormDate reads a date field (2006-01-02); empty or invalid is the zero time.
func FormDate(r *http.Request, name string) time.Time {
	t, _ := time.Parse("2006-01-02", strings.TrimSpace(r.PostFormValue(name)))
	return t
}

// PageParam reads ?page= (1 when absent or invalid).
func PageParam(r *http.Request) int {
	p, err := strconv.Atoi(r.URL.Query().Get("page"))
	if err != nil || p < 1 || p > 100000 {
		return 1
	}
	return p
}

// ClientIP is the client's address as RealIP found it (forwarding headers only from
// trusted proxies), or the connection's address without the port.
func ClientIP(r *http.Request) string {
	if ip, ok := r.Context().Value(clientIPKey{}).(string); ok {
		return ip
	}
	return remoteHost(r)
}

func refererPath(r *http.Request) string {
	u, err := url.Parse(r.Referer())
	if err != nil || (u.Host != "" && u.Host != r.Host) {
		return "/"
	}
	if u.RawQuery != "" {
		return u.Path + "?" + u.RawQuery
	}
	return u.Path
}

func urlQueryEscape(s string) string { return url.QueryEscape(s) }

func itoa(n int) string { return strconv.Itoa(n) }

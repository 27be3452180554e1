package httpx

import (
	"bytes"
	"errors"
	"log/slog"
	"math"
	"mime/multipart"
	"net/http"
	"strconv"
	"time"

	"github.com/a-h/templ"
	"github.com/go-chi/chi/v5/middleware"

	"spor/internal/database"
	"spor/internal/i18n"
	"spor/internal/model"
	"spor/templates/layout"
	"spor/templates/pages"
)

// Render writes body inside the page layout with the given status and title. The page
// is rendered into a buffer first, so a template error becomes a clean 500.
func Render(w http.ResponseWriter, r *http.Request, status int, title string, body templ.Component) {
	ctx := r.Context()
	c := ChromeOf(ctx)
	var alerts []model.Alert
	for _, a := range c.Alerts {
		if !a.Dismissible() || !c.Dismissed[a.ID] {
			alerts = append(alerts, a)
		}
	}
	data := layout.Data{
		Title:  title,
		User:   c.User,
		Flash:  c.Flash,
		Alerts: alerts,
		Path:   r.URL.Path,
		Query:  r.URL.RawQuery,
		Base:   BaseURL(ctx),
		Meta:   c.Meta,
	}
	var buf bytes.Buffer
	if err := layout.Page(data, body).Render(ctx, &buf); err != nil {
		slog.ErrorContext(ctx, "render", "err", err, "request_id", middleware.GetReqID(ctx))
		http.Error(w, i18n.T(ctx, "error.500.title"), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// ErrForbidden means the user may not do this to this record.
var ErrForbidden = errors.New("forbidden")

// ErrTooManyRequests means a rate limit was hit. Return it through TooManyRequests,
// so the answer's Retry-After says when that limit lets the client in again.
var ErrTooManyRequests = errors.New("too many requests")

// TooManyRequests is ErrTooManyRequests from a limiter that lets the client in
// again after wait: only the limiter knows its window, so it says, and Error sends
// it as Retry-After.
func TooManyRequests(wait time.Duration) error { return &limited{wait: wait} }

type limited struct{ wait time.Duration }

func (e *limited) Error() string { return "too many requests: retry after " + e.wait.String() }
func (e *limited) Unwrap() error { return ErrTooManyRequests }

// retryAfter is the Retry-After value for err, in whole seconds rounded up (at
// least 1), or "" when err does not say how long to wait.
func retryAfter(err error) string {
	var l *limited
	if !errors.As(err, &l) {
		return ""
	}
	return strconv.FormatInt(max(1, int64(math.Ceil(l.wait.Seconds()))), 10)
}

// ErrBadRequest means the request itself is malformed (a bad id, a bad parameter).
var ErrBadRequest = errors.New("bad request")

// Error is the one funnel every handler error goes through. It maps what went wrong
// to a status and a translated page; anything unexpected is logged with the request
// id and shown as a plain 500, never with its detail.
func Error(w http.ResponseWriter, r *http.Request, err error) {
	ctx := r.Context()
	var maxErr *http.MaxBytesError
	var invalid model.Errors
	switch {
	case database.Unavailable(err):
		unavailable(w, r, err)
	case errors.Is(err, database.ErrNotFound):
		ErrorPage(w, r, http.StatusNotFound)
	case errors.Is(err, ErrForbidden):
		if User(r) == nil {
			RedirectToLogin(w, r)
			return
		}
		ErrorPage(w, r, http.StatusForbidden)
	case errors.Is(err, database.ErrConflict):
		ErrorPage(w, r, http.StatusConflict)
	case errors.Is(err, ErrTooManyRequests):
		if v := retryAfter(err); v != "" {
			w.Header().Set("Retry-After", v)
		}
		ErrorPage(w, r, http.StatusTooManyRequests)
	case errors.Is(err, ErrBadRequest):
		ErrorPage(w, r, http.StatusBadRequest)
	case errors.As(err, &maxErr), errors.Is(err, multipart.ErrMessageTooLarge):
		ErrorPage(w, r, http.StatusRequestEntityTooLarge)
	case errors.As(err, &invalid):
		ErrorPage(w, r, http.StatusUnprocessableEntity)
	default:
		slog.ErrorContext(ctx, "request failed", "err", err, "method", r.Method, "path", LogPath(r), "request_id", middleware.GetReqID(ctx))
		ErrorPage(w, r, http.StatusInternalServerError)
	}
}

// ErrorPage renders the translated page for an error status inside the chrome.
func ErrorPage(w http.ResponseWriter, r *http.Request, status int) {
	title := i18n.T(r.Context(), "error."+itoa(status)+".title")
	Render(w, r, status, title, pages.Error(status, middleware.GetReqID(r.Context())))
}

// RedirectToLogin sends an anonymous visitor to the login page, remembering where
// they were going (for a GET; after a POST, back to the page they came from).
func RedirectToLogin(w http.ResponseWriter, r *http.Request) {
	next := r.URL.RequestURI()
	if r.Method != http.MethodGet {
		next = LocalPath(refererPath(r))
	}
	http.Redirect(w, r, "/login?next="+urlQueryEscape(next), http.StatusSeeOther)
}

// LocalPath returns p if it is a path on this site, otherwise "/" (see
// model.LocalPath), so next= cannot send a user elsewhere.
func LocalPath(p string) string { return model.LocalPath(p) }

// Back redirects (303) to the local path in the form's "next" field, or fallback.
func Back(w http.ResponseWriter, r *http.Request, fallback string) {
	next := r.PostFormValue("next")
	if next == "" {
		next = fallback
	}
	http.Redirect(w, r, LocalPath(next), http.StatusSeeOther)
}

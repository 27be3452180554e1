package httpx

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strconv"

	"github.com/go-chi/chi/v5/middleware"

	"spor/internal/i18n"
	"spor/templates/pages"
)

// RetryAfter is the Retry-After (seconds) of a 503: the database budgets are a few
// seconds, and PostgreSQL restarts in about as long.
const RetryAfter = 5

// UnavailableError is a 503 whose page says something more precise than "back in a
// moment": Message is the i18n id of the explanation (what happened to the visitor's
// change, what to do).
type UnavailableError struct {
	Message string
	Err     error
}

func (e *UnavailableError) Error() string { return "unavailable: " + e.Err.Error() }
func (e *UnavailableError) Unwrap() error { return e.Err }

// unavailable answers 503 with Retry-After and the translated "back in a moment" page,
// or the message of an UnavailableError. It is logged as a warning: the database was
// unreachable or a budget ran out, which says nothing wrong about this request.
func unavailable(w http.ResponseWriter, r *http.Request, err error) {
	// A request cancelled by shutdown still gets its page: templ stops rendering in a
	// cancelled context, so the page is rendered in one that keeps only the values.
	ctx := context.WithoutCancel(r.Context())
	r = r.WithContext(ctx)
	slog.WarnContext(ctx, "database unavailable", "err", err, "method", r.Method, "path", r.URL.Path,
		"request_id", middleware.GetReqID(ctx))
	w.Header().Set("Retry-After", strconv.Itoa(RetryAfter))
	message := "error.503.body"
	var u *UnavailableError
	if errors.As(err, &u) && u.Message != "" {
		message = u.Message
	}
	Render(w, r, http.StatusServiceUnavailable, i18n.T(ctx, "error.503.title"),
		pages.ErrorMessage(http.StatusServiceUnavailable, message, middleware.GetReqID(ctx)))
}

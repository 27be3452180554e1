package app

import (
	"log/slog"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/go-chi/chi/v5/middleware"

	"spor/internal/httpx"
	"spor/internal/i18n"
)

// MaxFormFields bounds the values of a query or form: more is a 413.
const MaxFormFields = 1000

// checkInput refuses, before any handler or database work, requests whose path,
// query or form holds invalid UTF-8 or NUL (400), cannot be decoded (400), or has more
// than MaxFormFields values (413). Handlers can then trust every string they read to
// be text. Multipart bodies are checked by the error funnel when a handler parses
// them, with their own, larger limits.
func checkInput(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		status := inputStatus(w, r)
		if status == 0 {
			next.ServeHTTP(w, r)
			return
		}
		slog.InfoContext(r.Context(), "bad input refused", "status", status, "method", r.Method,
			"request_id", middleware.GetReqID(r.Context()))
		// The error page is rendered for a clean request: none of the bad bytes reach
		// the layout's links.
		lang := i18n.Negotiate(r)
		clean := r.Clone(i18n.WithLang(r.Context(), lang))
		clean.URL = &url.URL{Path: "/"}
		w.Header().Set("Content-Language", lang)
		if r.Body != nil {
			w.Header().Set("Connection", "close") // an unread body must not be taken as the next request
		}
		httpx.ErrorPage(w, clean, status)
	})
}

// inputStatus is 0 when r's path, query and form are acceptable, otherwise the status
// to answer with.
func inputStatus(w http.ResponseWriter, r *http.Request) int {
	if !cleanText(r.URL.Path) || !cleanText(r.URL.RawPath) {
		return http.StatusBadRequest
	}
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return httpx.FormErrorStatus(err)
	}
	if status := valuesStatus(q, 0); status != 0 {
		return status
	}
	if r.Method != http.MethodPost && r.Method != http.MethodPut && r.Method != http.MethodPatch {
		return 0
	}
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if ct != "application/x-www-form-urlencoded" {
		return 0
	}
	r.Body = http.MaxBytesReader(w, r.Body, httpx.MaxFormBytes)
	if err := r.ParseForm(); err != nil {
		return httpx.FormErrorStatus(err)
	}
	return valuesStatus(r.PostForm, len(q))
}

// valuesStatus checks every key and value of v; already counts values seen before.
func valuesStatus(v url.Values, already int) int {
	n := already
	for k, vs := range v {
		n += len(vs)
		if n > MaxFormFields {
			return http.StatusRequestEntityTooLarge
		}
		if !cleanText(k) {
			return http.StatusBadRequest
		}
		for _, s := range vs {
			if !cleanText(s) {
				return http.StatusBadRequest
			}
		}
	}
	return 0
}

// cleanText reports whether s is valid UTF-8 without NUL.
func cleanText(s string) bool { return utf8.ValidString(s) && !strings.ContainsRune(s, 0) }

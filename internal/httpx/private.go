package httpx

import (
	"net/http"
	"strings"

	"github.com/go-chi/chi/v5"
)

// Secret URL parameters (calendar, invitation and reset tokens) are named "token" or
// end in "token"; they are kept out of logs and out of caches.
func isSecretParam(name string) bool { return strings.HasSuffix(strings.ToLower(name), "token") }

// LogPath is the request path for logs, with every secret URL parameter replaced,
// so a log reader cannot subscribe to someone's personal calendar.
func LogPath(r *http.Request) string {
	p := r.URL.Path
	rc := chi.RouteContext(r.Context())
	if rc == nil {
		return p
	}
	for i, k := range rc.URLParams.Keys {
		if v := rc.URLParams.Values[i]; isSecretParam(k) && v != "" {
			p = strings.ReplaceAll(p, v, "REDACTED")
		}
	}
	return p
}

// Personal reports whether the response to r is for one person: a logged-in user's
// page (it shows their name, and often more) or anything addressed by a secret token.
func Personal(r *http.Request) bool {
	if User(r) != nil {
		return true
	}
	if rc := chi.RouteContext(r.Context()); rc != nil {
		for _, k := range rc.URLParams.Keys {
			if isSecretParam(k) {
				return true
			}
		}
	}
	return false
}

// NoStorePersonal marks every personal response "Cache-Control: private, no-store",
// whatever the handler set, so no shared or browser cache keeps a page with a
// calendar token, results, attempts or a participant list. It decides when the
// headers are written, after routing, so a route's parameters are known.
func NoStorePersonal(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(&noStoreWriter{ResponseWriter: w, r: r}, r)
	})
}

type noStoreWriter struct {
	http.ResponseWriter
	r       *http.Request
	written bool
}

func (w *noStoreWriter) WriteHeader(status int) {
	if !w.written {
		w.written = true
		if Personal(w.r) {
			w.Header().Set("Cache-Control", "private, no-store")
		}
	}
	w.ResponseWriter.WriteHeader(status)
}

func (w *noStoreWriter) Write(b []byte) (int, error) {
	if !w.written {
		w.WriteHeader(http.StatusOK)
	}
	return w.ResponseWriter.Write(b)
}

func (w *noStoreWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

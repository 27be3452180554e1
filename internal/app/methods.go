package app

import (
	"net/http"
	"strings"

	"github.com/go-chi/chi/v5"
)

// routeMethods are the methods Spor's routes use, in the order Allow lists them.
var routeMethods = []string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete}

// withAllow sets the Allow header a 405 must carry (RFC 9110 15.5.6) before next
// writes the page: every method routes answers on the request's path. HEAD is
// listed wherever GET is, because middleware.GetHead answers it from GET.
func withAllow(routes chi.Routes, next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		path := r.URL.RawPath
		if path == "" {
			path = r.URL.Path
		}
		if allow := allowedMethods(routes, path); allow != "" {
			w.Header().Set("Allow", allow)
		}
		next(w, r)
	}
}

// allowedMethods lists the methods routes answers on path, comma-separated.
func allowedMethods(routes chi.Routes, path string) string {
	var allow []string
	get := false
	for _, m := range routeMethods {
		if m == http.MethodHead && get {
			allow = append(allow, m)
			continue
		}
		if routes.Match(chi.NewRouteContext(), m, path) {
			allow = append(allow, m)
			get = get || m == http.MethodGet
		}
	}
	return strings.Join(allow, ", ")
}

// headAsGet routes HEAD as GET: every page, feed and download answers HEAD with
// GET's status and headers, and net/http sends no body for a HEAD request. It
// replaces chi's middleware.GetHead, whose look-ahead misroutes the root path of a
// mounted router ("/manage/") to 405. No route is registered for HEAD alone.
func headAsGet(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodHead {
			if rctx := chi.RouteContext(r.Context()); rctx != nil {
				rctx.RouteMethod = http.MethodGet
			}
		}
		next.ServeHTTP(w, r)
	})
}

package app

import (
	"net/http"
	"regexp"
	"strings"
	"sync"

	"github.com/go-chi/chi/v5"
)

// routeMethods are the methods Spor's routes use, in the order Allow lists them.
var routeMethods = []string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete}

// withAllow sets the Allow header a 405 must carry (RFC 9110 15.5.6) before next
// writes the page: every method routes answers on the request's path. HEAD is
// listed wherever GET is, because headAsGet answers it from GET.
func withAllow(routes chi.Routes, next http.HandlerFunc) http.HandlerFunc {
	ix := &allowIndex{routes: routes}
	return func(w http.ResponseWriter, r *http.Request) {
		if allow := ix.allowed(r.URL.Path); allow != "" {
			w.Header().Set("Allow", allow)
		}
		next(w, r)
	}
}

// allowIndex matches a path against every route's full pattern, found once with
// chi.Walk (after all routes are registered: the first 405 builds it). chi's own
// Match cannot be used: it reports a mounted router's bare prefix ("/manage/alerts")
// as answering every method.
type allowIndex struct {
	routes chi.Routes
	once   sync.Once
	list   []allowRoute
}

type allowRoute struct {
	method string
	re     *regexp.Regexp
}

var routeParam = regexp.MustCompile(`\{[^}]*\}`)

func (ix *allowIndex) allowed(path string) string {
	ix.once.Do(func() {
		_ = chi.Walk(ix.routes, func(method, pattern string, _ http.Handler, _ ...func(http.Handler) http.Handler) error {
			expr := strings.TrimSuffix(pattern, "/")
			parts := routeParam.Split(expr, -1)
			for i := range parts {
				parts[i] = strings.ReplaceAll(regexp.QuoteMeta(parts[i]), `\*`, ".*")
			}
			// A mounted router's "/" answers with or without the trailing slash.
			re, err := regexp.Compile("^" + strings.Join(parts, "[^/]+") + "/?$")
			if err == nil {
				ix.list = append(ix.list, allowRoute{method, re})
			}
			return nil
		})
	})
	has := map[string]bool{}
	for _, rt := range ix.list {
		if rt.re.MatchString(path) {
			has[rt.method] = true
		}
	}
	has[http.MethodHead] = has[http.MethodHead] || has[http.MethodGet]
	var allow []string
	for _, m := range routeMethods {
		if has[m] {
			allow = append(allow, m)
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

// notAllowedInSubrouters gives every mounted router (/manage, /assessment, …) the
// 405 page h. chi copies a 405 handler into a router mounted inside a group only
// if the group had one when it was made, so without this a mounted router answers
// with chi's bare default. h runs inside the group's middleware already there.
func notAllowedInSubrouters(routes chi.Routes, h http.HandlerFunc) {
	for _, rt := range routes.Routes() {
		if sub, ok := rt.SubRoutes.(*chi.Mux); ok {
			sub.MethodNotAllowed(h) // and every router mounted inside it
		}
	}
}

package testutil

import (
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/oauth2-proxy/mockoidc"

	"spor/internal/app"
	"spor/internal/config"
)

// OIDC is a real OpenID Connect provider running inside the test (mockoidc).
type OIDC struct {
	*mockoidc.MockOIDC
	// Down makes every endpoint answer 503, as a provider that is away.
	Down atomic.Bool
}

// NewOIDC starts a provider on a loopback port. With endSession its discovery
// document advertises an end_session_endpoint (RP-initiated logout).
func NewOIDC(t testing.TB, endSession bool) *OIDC {
	t.Helper()
	m, err := mockoidc.NewServer(nil)
	if err != nil {
		t.Fatal(err)
	}
	o := &OIDC{MockOIDC: m}
	_ = m.AddMiddleware(func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if o.Down.Load() {
				http.Error(w, "down", http.StatusServiceUnavailable)
				return
			}
			if !endSession || !strings.HasSuffix(r.URL.Path, "/.well-known/openid-configuration") {
				next.ServeHTTP(w, r)
				return
			}
			rec := httptest.NewRecorder()
			next.ServeHTTP(rec, r)
			var doc map[string]any
			if err := json.Unmarshal(rec.Body.Bytes(), &doc); err != nil {
				http.Error(w, err.Error(), http.StatusInternalServerError)
				return
			}
			doc["end_session_endpoint"] = m.Issuer() + "/logout"
			w.Header().Set("Content-Type", "application/json")
			_ = json.NewEncoder(w).Encode(doc)
		})
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Start(ln, nil); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = m.Shutdown() })
	return o
}

// Provider is the OIDC_PROVIDERS entry for this provider under key; org names
// the one organisation it serves ("" : by email domain).
func (o *OIDC) Provider(key, org string) config.OIDCProvider {
	return config.OIDCProvider{
		Key:    key,
		Names:  map[string]string{"da": "Log ind med Testkommune", "sv": "Logga in med Testkommun", "en": "Log in with Test Municipality"},
		Issuer: o.Issuer(), ClientID: o.ClientID, ClientSecret: o.ClientSecret,
		Organisation: org, ByEmailDomain: org == "",
	}
}

// NewServerListening is NewServerOn with BASE_URL set to the server's own
// address, for flows that come back to it from elsewhere (a browser returning
// from the OIDC provider).
func NewServerListening(t testing.TB, db *pgxpool.Pool, opts ...func(*app.Options)) *Server {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Load(func(k string) string {
		if k == "BASE_URL" {
			return "http://" + ln.Addr().String()
		}
		return ""
	})
	if err != nil {
		t.Fatal(err)
	}
	o := app.Options{Config: cfg}
	for _, f := range opts {
		f(&o)
	}
	a := app.New(db, o)
	srv := httptest.NewUnstartedServer(a.Handler)
	_ = srv.Listener.Close()
	srv.Listener = ln
	srv.Start()
	t.Cleanup(func() { srv.Close(); a.Close() })
	return &Server{Server: srv, DB: db, App: a}
}

// Package sso logs people in with their work account through OpenID Connect
// (Authorization Code with PKCE), creates or links their Spor account, and ends
// the provider's session at logout when it offers that.
package sso

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"sync"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"spor/internal/config"
)

// ErrUnavailable means the provider's discovery document could not be read.
var ErrUnavailable = errors.New("sso: provider unavailable")

// Provider is one configured provider. Discovery is lazy: a provider that is
// down when Spor starts does not stop the start; its button says it is
// unavailable, and discovery is tried again after Retry.
type Provider struct {
	cfg         config.OIDCProvider
	redirectURL string
	client      *http.Client
	retry       time.Duration

	mu         sync.Mutex
	op         *oidc.Provider
	endSession string
	failedAt   time.Time
	trying     bool
}

// Retry is how long after a failed discovery it is tried again.
const Retry = 30 * time.Second

// discoveryTimeout bounds one discovery so a hanging provider never holds a page.
const discoveryTimeout = 5 * time.Second

func newProvider(cfg config.OIDCProvider, baseURL string, client *http.Client, retry time.Duration) *Provider {
	return &Provider{cfg: cfg, redirectURL: baseURL + "/login/oidc/" + cfg.Key + "/callback", client: client, retry: retry}
}

// Name is the button text in lang.
func (p *Provider) Name(lang string) string {
	if n, ok := p.cfg.Names[lang]; ok {
		return n
	}
	return p.cfg.Names["en"]
}

// clientContext carries the provider's HTTP client (with its timeout) to go-oidc
// and oauth2.
func (p *Provider) clientContext(ctx context.Context) context.Context {
	return oidc.ClientContext(ctx, p.client)
}

// discover returns the provider's metadata, reading it on first use. After a
// failure it answers ErrUnavailable until Retry has passed.
func (p *Provider) discover(ctx context.Context) (*oidc.Provider, error) {
	p.mu.Lock()
	if p.op != nil {
		defer p.mu.Unlock()
		return p.op, nil
	}
	if !p.failedAt.IsZero() && time.Since(p.failedAt) < p.retry {
		p.mu.Unlock()
		return nil, ErrUnavailable
	}
	p.mu.Unlock()

	ctx, cancel := context.WithTimeout(p.clientContext(ctx), discoveryTimeout)
	defer cancel()
	op, err := oidc.NewProvider(ctx, p.cfg.Issuer)
	var meta struct {
		EndSession string `json:"end_session_endpoint"`
	}
	if err == nil {
		err = op.Claims(&meta)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if err != nil {
		p.failedAt = time.Now()
		slog.WarnContext(ctx, "sso: discovery failed", "provider", p.cfg.Key, "err", err)
		return nil, fmt.Errorf("%w: %s", ErrUnavailable, p.cfg.Key)
	}
	if p.op == nil {
		p.op, p.endSession = op, meta.EndSession
		slog.InfoContext(ctx, "sso: provider discovered", "provider", p.cfg.Key, "end_session", meta.EndSession != "")
	}
	return p.op, nil
}

// Available reports whether the button should be usable: discovered, or not
// tried yet, or its retry time has come (then it is tried again in the
// background and the button stays unavailable until that succeeds).
func (p *Provider) Available() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.op != nil || p.failedAt.IsZero() {
		return true
	}
	if time.Since(p.failedAt) >= p.retry && !p.trying {
		p.trying = true
		go func() {
			_, _ = p.discover(context.Background())
			p.mu.Lock()
			p.trying = false
			p.mu.Unlock()
		}()
	}
	return false
}

// oauth2Config is the client configuration on the discovered endpoints.
func (p *Provider) oauth2Config(op *oidc.Provider) *oauth2.Config {
	scopes := []string{oidc.ScopeOpenID, "email", "profile"}
	for _, s := range p.cfg.Scopes {
		if !slices.Contains(scopes, s) {
			scopes = append(scopes, s)
		}
	}
	return &oauth2.Config{ClientID: p.cfg.ClientID, ClientSecret: p.cfg.ClientSecret, Endpoint: op.Endpoint(),
		RedirectURL: p.redirectURL, Scopes: scopes}
}

// endSessionURL is the provider's end_session_endpoint, "" when it has none or
// has not been discovered (logout never waits for a provider).
func (p *Provider) endSessionURL() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.endSession
}

// origins are where the login button's form and the logout form lead the
// browser: the issuer, and once discovered the authorization and logout
// endpoints (scheme://host only).
func (p *Provider) origins() []string {
	p.mu.Lock()
	urls := []string{p.cfg.Issuer, p.endSession}
	if p.op != nil {
		urls = append(urls, p.op.Endpoint().AuthURL)
	}
	p.mu.Unlock()
	var out []string
	for _, s := range urls {
		if u, err := url.Parse(s); err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != "" {
			if o := u.Scheme + "://" + u.Host; !slices.Contains(out, o) {
				out = append(out, o)
			}
		}
	}
	return out
}

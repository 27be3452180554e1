package config

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"regexp"
	"strings"

	"github.com/BurntSushi/toml"
)

// OIDCProvider is one single sign-on provider from the OIDC_PROVIDERS file.
type OIDCProvider struct {
	Key          string            // in URLs: /login/oidc/{key}/callback
	Names        map[string]string // the login button's text per language (da, sv, en)
	Issuer       string
	ClientID     string
	ClientSecret string   // read from the file or from the variable client_secret_env names
	Scopes       []string // asked for besides openid, email and profile
	// Organisation is the name of the one organisation whose staff the provider
	// signs in; empty when ByEmailDomain.
	Organisation string
	// ByEmailDomain: a new person becomes staff of the organisation that lists
	// their address's domain.
	ByEmailDomain bool
}

// oidcFile is the TOML file: [[provider]] tables.
type oidcFile struct {
	Provider []struct {
		Key             string            `toml:"key"`
		Name            map[string]string `toml:"name"`
		Issuer          string            `toml:"issuer"`
		ClientID        string            `toml:"client_id"`
		ClientSecret    string            `toml:"client_secret"`
		ClientSecretEnv string            `toml:"client_secret_env"`
		Scopes          []string          `toml:"scopes"`
		Organisation    string            `toml:"organisation"`
		ByEmailDomain   bool              `toml:"by_email_domain"`
	} `toml:"provider"`
}

var (
	providerKey = regexp.MustCompile(`^[a-z0-9-]{1,32}$`)
	scopeToken  = regexp.MustCompile(`^[\x21\x23-\x5b\x5d-\x7e]{1,64}$`) // RFC 6749 §3.3
)

// LoadOIDCProviders reads the provider file at path (OIDC_PROVIDERS). The error
// is one line naming the file, the provider and the field, and never contains a
// secret.
func LoadOIDCProviders(path string, getenv func(string) string) ([]OIDCProvider, error) {
	if path == "" {
		return nil, nil
	}
	fail := func(format string, a ...any) error {
		return fmt.Errorf("OIDC_PROVIDERS=%s: "+format, append([]any{path}, a...)...)
	}
	var f oidcFile
	md, err := toml.DecodeFile(path, &f)
	if err != nil {
		var perr toml.ParseError
		if errors.As(err, &perr) {
			return nil, fail("line %d: %s", perr.Position.Line, perr.Message)
		}
		return nil, fail("%v", err)
	}
	if und := md.Undecoded(); len(und) > 0 {
		return nil, fail("unknown field %q (want key, name.da/sv/en, issuer, client_id, client_secret or client_secret_env, scopes, organisation or by_email_domain)", und[0].String())
	}
	if len(f.Provider) == 0 {
		return nil, fail("no [[provider]] in the file")
	}
	seen := map[string]bool{}
	var out []OIDCProvider
	for i, p := range f.Provider {
		name := p.Key
		if name == "" {
			name = fmt.Sprintf("#%d", i+1)
		}
		bad := func(field, want string) error {
			return fail("provider %q: %s: %s", name, field, want)
		}
		if !providerKey.MatchString(p.Key) {
			return nil, bad("key", "want 1 to 32 lower-case letters, digits or hyphens, such as \"entra\"")
		}
		if seen[p.Key] {
			return nil, bad("key", "used by two providers")
		}
		seen[p.Key] = true
		for _, lang := range []string{"da", "sv", "en"} {
			if n := strings.TrimSpace(p.Name[lang]); n == "" || len(n) > 100 {
				return nil, bad("name."+lang, "want the login button's text in this language (1 to 100 characters)")
			}
		}
		if len(p.Name) != 3 {
			return nil, bad("name", "want exactly da, sv and en")
		}
		if !validIssuer(p.Issuer) {
			return nil, bad("issuer", "want an https URL (http only for a loopback host), such as https://login.microsoftonline.com/<tenant>/v2.0")
		}
		if strings.TrimSpace(p.ClientID) == "" {
			return nil, bad("client_id", "required")
		}
		secret := p.ClientSecret
		switch {
		case p.ClientSecret != "" && p.ClientSecretEnv != "":
			return nil, bad("client_secret", "give client_secret or client_secret_env, not both")
		case p.ClientSecretEnv != "":
			if secret = getenv(p.ClientSecretEnv); secret == "" {
				return nil, bad("client_secret_env", fmt.Sprintf("the variable %s is not set", p.ClientSecretEnv))
			}
		case secret == "":
			return nil, bad("client_secret", "required (or client_secret_env naming a variable that holds it)")
		}
		for _, s := range p.Scopes {
			if !scopeToken.MatchString(s) {
				return nil, bad("scopes", fmt.Sprintf("%q is not a scope name", s))
			}
		}
		org := strings.TrimSpace(p.Organisation)
		if (org == "") == !p.ByEmailDomain {
			return nil, bad("organisation", "give the organisation's name, or by_email_domain = true (one of the two)")
		}
		out = append(out, OIDCProvider{Key: p.Key, Names: p.Name, Issuer: strings.TrimRight(p.Issuer, "/"), ClientID: p.ClientID,
			ClientSecret: secret, Scopes: p.Scopes, Organisation: org, ByEmailDomain: p.ByEmailDomain})
	}
	return out, nil
}

// validIssuer accepts https URLs, and http only towards a loopback host (a
// provider running inside a test or on the developer's machine).
func validIssuer(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
		return false
	}
	if u.Scheme == "https" {
		return true
	}
	host := u.Hostname()
	ip := net.ParseIP(host)
	return u.Scheme == "http" && (host == "localhost" || ip != nil && ip.IsLoopback())
}

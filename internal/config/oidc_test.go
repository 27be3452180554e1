package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const goodProvider = `
[[provider]]
key = "entra"
issuer = "https://login.microsoftonline.com/tenant/v2.0"
client_id = "abc"
client_secret_env = "ENTRA_SECRET"
scopes = ["offline_access"]
organisation = "Aarhus Kommunes Biblioteker"
[provider.name]
da = "Log ind med Aarhus Kommune"
sv = "Logga in med Aarhus kommun"
en = "Log in with Aarhus Municipality"
`

func writeProviders(t *testing.T, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "oidc.toml")
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestOIDCProvidersGood(t *testing.T) {
	path := writeProviders(t, goodProvider)
	env := map[string]string{"OIDC_PROVIDERS": path, "ENTRA_SECRET": "s3cret"}
	c, err := Load(func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	if len(c.OIDCProviders) != 1 {
		t.Fatalf("providers = %d, want 1", len(c.OIDCProviders))
	}
	p := c.OIDCProviders[0]
	if p.Key != "entra" || p.ClientSecret != "s3cret" || p.Organisation != "Aarhus Kommunes Biblioteker" || p.Names["sv"] != "Logga in med Aarhus kommun" || p.Scopes[0] != "offline_access" {
		t.Errorf("provider = %+v", p)
	}
}

// A bad file stops start-up with one line naming the provider and the field, and
// the secret never appears in it.
func TestOIDCProvidersBad(t *testing.T) {
	cases := []struct {
		name, from, to, want string
	}{
		{"missing secret variable", `client_secret_env = "ENTRA_SECRET"`, `client_secret_env = "NOPE"`, `provider "entra": client_secret_env: the variable NOPE is not set`},
		{"both secrets", `client_secret_env = "ENTRA_SECRET"`, `client_secret_env = "ENTRA_SECRET"` + "\nclient_secret = \"inline-secret\"", `provider "entra": client_secret: give client_secret or client_secret_env, not both`},
		{"plain http issuer", `https://login.microsoftonline.com/tenant/v2.0`, `http://login.example.org`, `provider "entra": issuer: want an https URL`},
		{"bad key", `key = "entra"`, `key = "Entra ID"`, `provider "Entra ID": key:`},
		{"no client id", `client_id = "abc"`, `client_id = ""`, `provider "entra": client_id: required`},
		{"missing Swedish name", `sv = "Logga in med Aarhus kommun"`, ``, `provider "entra": name.sv:`},
		{"both organisation kinds", `organisation = "Aarhus Kommunes Biblioteker"`, `organisation = "Aarhus Kommunes Biblioteker"` + "\nby_email_domain = true", `provider "entra": organisation:`},
		{"no organisation", `organisation = "Aarhus Kommunes Biblioteker"`, ``, `provider "entra": organisation:`},
		{"bad scope", `["offline_access"]`, `["a b"]`, `provider "entra": scopes:`},
		{"unknown field", `client_id = "abc"`, `client_id = "abc"` + "\nclientsecret = \"x\"", `unknown field "provider.clientsecret"`},
		{"not TOML", `key = "entra"`, `key = `, `line `},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			body := strings.Replace(goodProvider, c.from, c.to, 1)
			path := writeProviders(t, body)
			env := map[string]string{"OIDC_PROVIDERS": path, "ENTRA_SECRET": "s3cret"}
			_, err := Load(func(k string) string { return env[k] })
			if err == nil {
				t.Fatal("loaded a bad file")
			}
			msg := err.Error()
			if !strings.Contains(msg, c.want) || !strings.HasPrefix(msg, "OIDC_PROVIDERS="+path+": ") {
				t.Errorf("error %q, want it to name %q", msg, c.want)
			}
			if strings.Contains(msg, "\n") || strings.Contains(msg, "s3cret") || strings.Contains(msg, "inline-secret") {
				t.Errorf("error %q is not one line without secrets", msg)
			}
		})
	}
	t.Run("two providers with one key", func(t *testing.T) {
		path := writeProviders(t, goodProvider+goodProvider)
		_, err := LoadOIDCProviders(path, func(string) string { return "x" })
		if err == nil || !strings.Contains(err.Error(), `provider "entra": key: used by two providers`) {
			t.Errorf("error %v", err)
		}
	})
}

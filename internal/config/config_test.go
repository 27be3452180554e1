package config

import (
	"strings"
	"testing"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestDefaults(t *testing.T) {
	c, err := Load(env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != ":8080" || c.DataDir != "./.data" || c.BaseURL != "http://localhost:8080" || !c.RunMigrations || c.SecureCookies {
		t.Errorf("defaults = %+v", c)
	}
	if c.UploadLimit != 25<<20 {
		t.Errorf("upload limit = %d, want 25 MiB", c.UploadLimit)
	}
}

func TestSecureCookiesFollowBaseURL(t *testing.T) {
	c, err := Load(env(map[string]string{"BASE_URL": "https://spor.example.org/"}))
	if err != nil {
		t.Fatal(err)
	}
	if !c.SecureCookies || c.BaseURL != "https://spor.example.org" {
		t.Errorf("got secure=%v base=%q", c.SecureCookies, c.BaseURL)
	}
}

func TestErrorsNameTheVariable(t *testing.T) {
	cases := []struct {
		name string
		env  map[string]string
		want string
	}{
		{"bad boolean", map[string]string{"DEMO": "yes please"}, "DEMO="},
		{"bad log format", map[string]string{"LOG_FORMAT": "xml"}, "LOG_FORMAT="},
		{"bad log level", map[string]string{"LOG_LEVEL": "loud"}, "LOG_LEVEL="},
		{"relative base url", map[string]string{"BASE_URL": "spor.example.org"}, "BASE_URL="},
		{"bad upload limit", map[string]string{"UPLOAD_LIMIT_MB": "-3"}, "UPLOAD_LIMIT_MB="},
		{"bad database url", map[string]string{"DATABASE_URL": "mysql://x"}, "DATABASE_URL"},
		{"bad secure cookies", map[string]string{"SECURE_COOKIES": "maybe"}, "SECURE_COOKIES="},
		{"bad login limit", map[string]string{"LOGIN_LIMIT_PER_IP": "lots"}, "LOGIN_LIMIT_PER_IP="},
		{"negative search limit", map[string]string{"SEARCH_LIMIT_PER_IP": "-1"}, "SEARCH_LIMIT_PER_IP="},
		{"profiles on a public address", map[string]string{"SPOR_PPROF": "0.0.0.0:6060"}, "SPOR_PPROF="},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Load(env(tc.env))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error = %v, want one naming %s", err, tc.want)
			}
		})
	}
}

func TestTrustedProxiesAndMetricsAddr(t *testing.T) {
	c, err := Load(env(map[string]string{"TRUSTED_PROXIES": "10.0.0.0/8, 192.0.2.7 ,2001:db8::/32"}))
	if err != nil {
		t.Fatal(err)
	}
	if len(c.TrustedProxies) != 3 || c.TrustedProxies[1].String() != "192.0.2.7/32" {
		t.Errorf("trusted proxies = %v", c.TrustedProxies)
	}
	if c.MetricsAddr != "127.0.0.1:9090" {
		t.Errorf("default metrics addr = %q, want loopback", c.MetricsAddr)
	}
	if d, _ := Load(env(nil)); len(d.TrustedProxies) != 0 {
		t.Errorf("default trusted proxies = %v, want none", d.TrustedProxies)
	}
	if off, _ := Load(env(map[string]string{"METRICS_ADDR": "off"})); off.MetricsAddr != "" {
		t.Errorf("METRICS_ADDR=off gives %q", off.MetricsAddr)
	}
	for name, v := range map[string]string{"TRUSTED_PROXIES": "10.0.0.0/33", "METRICS_ADDR": "9090"} {
		_, err := Load(env(map[string]string{name: v}))
		if err == nil || !strings.Contains(err.Error(), name+"=") {
			t.Errorf("%s=%s: error = %v, want one naming it", name, v, err)
		}
	}
}

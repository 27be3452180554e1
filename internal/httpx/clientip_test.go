package httpx

import (
	"net/http"
	"net/http/httptest"
	"net/netip"
	"testing"
)

func TestRealIPBelievesOnlyTrustedProxies(t *testing.T) {
	trusted := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("2001:db8::/32")}
	cases := []struct {
		name    string
		trusted []netip.Prefix
		remote  string
		xff     []string
		realIP  string
		want    string
	}{
		{"no proxies configured: headers ignored", nil, "203.0.113.5:4000", []string{"198.51.100.1"}, "198.51.100.2", "203.0.113.5"},
		{"untrusted connection: headers ignored", trusted, "203.0.113.5:4000", []string{"198.51.100.1"}, "198.51.100.2", "203.0.113.5"},
		{"trusted proxy: right-most untrusted hop", trusted, "10.0.0.2:80", []string{"1.1.1.1, 198.51.100.7, 10.0.0.9"}, "", "198.51.100.7"},
		{"forged left-most entry is not believed", trusted, "10.0.0.2:80", []string{"6.6.6.6", "198.51.100.7"}, "", "198.51.100.7"},
		{"garbled hop: last vouched address", trusted, "10.0.0.2:80", []string{"198.51.100.7, nonsense, 10.0.0.9"}, "", "10.0.0.9"},
		{"all hops trusted", trusted, "10.0.0.2:80", []string{"10.1.1.1"}, "", "10.1.1.1"},
		{"X-Real-IP from a trusted proxy", trusted, "10.0.0.2:80", nil, "198.51.100.9", "198.51.100.9"},
		{"IPv6 proxy", trusted, "[2001:db8::1]:80", []string{"2001:db9::5"}, "", "2001:db9::5"},
		{"no headers", trusted, "10.0.0.2:80", nil, "", "10.0.0.2"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := httptest.NewRequest(http.MethodGet, "/", nil)
			r.RemoteAddr = tc.remote
			for _, v := range tc.xff {
				r.Header.Add("X-Forwarded-For", v)
			}
			if tc.realIP != "" {
				r.Header.Set("X-Real-IP", tc.realIP)
			}
			var got string
			RealIP(tc.trusted)(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) { got = ClientIP(r) })).ServeHTTP(httptest.NewRecorder(), r)
			if got != tc.want {
				t.Errorf("ClientIP = %q, want %q", got, tc.want)
			}
		})
	}
}

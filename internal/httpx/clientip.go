package httpx

import (
	"context"
	"net"
	"net/http"
	"net/netip"
	"strings"
)

type clientIPKey struct{}

// RealIP finds the client's address. Forwarding headers are believed only when the
// connection itself comes from one of trusted (TRUSTED_PROXIES): anyone else could
// write any address there, reset per-address limits and forge the access log. Of
// X-Forwarded-For it takes the right-most address that is not itself a trusted
// proxy, since every hop appends and only the hops we trust wrote honestly.
func RealIP(trusted []netip.Prefix) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			ip := clientAddr(r, trusted)
			next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), clientIPKey{}, ip)))
		})
	}
}

func clientAddr(r *http.Request, trusted []netip.Prefix) string {
	remote := remoteHost(r)
	addr, err := netip.ParseAddr(remote)
	if err != nil || !isTrusted(addr, trusted) {
		return remote
	}
	if xff := r.Header.Values("X-Forwarded-For"); len(xff) > 0 {
		hops := strings.Split(strings.Join(xff, ","), ",")
		for i := len(hops) - 1; i >= 0; i-- {
			hop, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
			if err != nil {
				// A garbled entry was written by someone we do not trust: keep the
				// last address we can vouch for.
				return addr.String()
			}
			hop = hop.Unmap()
			if !isTrusted(hop, trusted) {
				return hop.String()
			}
			addr = hop
		}
		return addr.String() // every hop is a trusted proxy
	}
	if v, err := netip.ParseAddr(strings.TrimSpace(r.Header.Get("X-Real-IP"))); err == nil {
		return v.Unmap().String()
	}
	return remote
}

func isTrusted(a netip.Addr, trusted []netip.Prefix) bool {
	a = a.Unmap()
	for _, p := range trusted {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

func remoteHost(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

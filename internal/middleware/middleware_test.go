package middleware

import (
	"net/http"
	"net/http/httptest"
	"net/netip"
	"testing"
)

// TestClientAddress: X-Forwarded-For is believed only from a trusted proxy,
// and only its last entry (the address the proxy saw).
func TestClientAddress(t *testing.T) {
	trusted := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}
	var got string
	h := clientAddress(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { got = ClientIP(r) }), trusted)
	for _, c := range []struct{ peer, xff, want string }{
		{"203.0.113.5:4000", "198.51.100.7", "203.0.113.5"},        // not a proxy: its own address
		{"10.1.2.3:4000", "198.51.100.7", "198.51.100.7"},          // a trusted proxy
		{"10.1.2.3:4000", "1.2.3.4, 198.51.100.7", "198.51.100.7"}, // a forged first entry is ignored
		{"10.1.2.3:4000", "", "10.1.2.3"},                          // no header
		{"10.1.2.3:4000", "not-an-address", "10.1.2.3"},            // garbage
	} {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = c.peer
		if c.xff != "" {
			r.Header.Set("X-Forwarded-For", c.xff)
		}
		h.ServeHTTP(httptest.NewRecorder(), r)
		if got != c.want {
			t.Errorf("peer %s, X-Forwarded-For %q: client %s, want %s", c.peer, c.xff, got, c.want)
		}
	}
}

package api_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/api"
	. "github.com/motcua/motcua/internal/securitytest"
	"github.com/motcua/motcua/internal/store/storetest"
)

// TestRequestFuzzAPI sends mutated JSON (values of the wrong type, huge
// numbers, long strings, NUL, invalid UTF-8, missing and unknown keys, deep
// nesting, cut-off bodies) to every POST and PUT of the API, as a role the
// route allows, by token or by cookie with its X-CSRF-Token, and wants no
// response 5xx. 250 requests per engine; MOTCUA_LONG=1: 5,000 (with
// TestRequestFuzzWeb, 10,000 requests per engine).
func TestRequestFuzzAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		w := Start(t, e)
		m := NewMutator(Seed(t))
		var keys []string
		for _, k := range api.RouteKeys(api.New(w.DB, slog.New(slog.NewTextHandler(io.Discard, nil)), api.Options{})) {
			if strings.HasPrefix(k, "POST ") || strings.HasPrefix(k, "PUT ") {
				keys = append(keys, k)
			}
		}
		byRole := map[Role][]*Client{Anonymous: {w.Anonymous(t)}}
		for i := range w.Units {
			for _, r := range Roles[1:] {
				byRole[r] = append(byRole[r], w.Login(t, r, i))
			}
		}
		w.Fire(t, Requests(t, 250, 5000), time.Duration(Requests(t, 3, 20))*time.Minute, func(int) Shot {
			k := keys[m.R.IntN(len(keys))]
			method, pattern, _ := strings.Cut(k, " ")
			rule := apiAccess[k]
			roles := rule.Roles
			switch {
			case rule.Public:
				roles = Roles
			case len(roles) == 0:
				roles = Roles[1:]
			}
			pool := byRole[roles[m.R.IntN(len(roles))]]
			c := pool[m.R.IntN(len(pool))]
			own := max(c.Unit, 0)
			paths, _ := Fill(t, apiFill, w.Units[own], pattern)
			p := paths[m.R.IntN(len(paths))]
			if segs := strings.Split(p, "/"); len(segs) > 4 && m.R.IntN(10) == 0 {
				segs[4+m.R.IntN(len(segs)-4)] = url.PathEscape(m.String()) // a hostile object in the path
				p = strings.Join(segs, "/")
			}
			h := http.Header{"Content-Type": {"application/json"}}
			switch {
			case c.Role == Anonymous:
			case m.R.IntN(2) == 0:
				h.Set("Authorization", "Bearer "+c.Token)
			default:
				h.Set("X-CSRF-Token", c.CSRF)
			}
			if k == "POST /api/v1/dossiers" && m.R.IntN(3) == 0 {
				h.Set("Idempotency-Key", headerSafe(m.String()))
			}
			if m.R.IntN(20) == 0 {
				h.Set("Content-Type", headerSafe(m.String()))
			}
			return Shot{Route: k, Method: method, Path: p, Client: c, Header: h, Body: m.JSON(apiBody(t, w, k, c.Unit, own))}
		})
	})
}

// headerSafe drops the control characters a client cannot send in a header.
func headerSafe(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, s)
}

package web_test

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	. "github.com/motcua/motcua/internal/securitytest"
	"github.com/motcua/motcua/internal/store/storetest"
)

// TestRequestFuzzWeb posts mutated forms (huge numbers, long strings, NUL,
// invalid UTF-8, repeated and missing fields, random files) to every POST
// route of the pages, as a role the route allows with a valid CSRF token,
// and wants no response 5xx. 250 requests per engine; MOTCUA_LONG=1: 5,000
// (with TestRequestFuzzAPI, 10,000 requests per engine).
func TestRequestFuzzWeb(t *testing.T) {
	t.Parallel() // its own servers and databases; beside the browser tests, not before them
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		w := Start(t, e)
		m := NewMutator(Seed(t))
		var keys []string
		for _, k := range webRouteKeys(t, w) {
			// Logging out would end the fuzz's sessions.
			if strings.HasPrefix(k, "POST ") && k != "POST /dang-xuat" {
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
			_, pattern, _ := strings.Cut(k, " ")
			rule := webAccess[k]
			roles := rule.Roles
			switch {
			case rule.Public:
				roles = Roles
			case len(roles) == 0:
				roles = Roles[1:]
			}
			pool := byRole[roles[m.R.IntN(len(roles))]]
			c := pool[m.R.IntN(len(pool))]
			paths, _ := Fill(t, webFill, w.Units[max(c.Unit, 0)], pattern)
			p := paths[m.R.IntN(len(paths))]
			if m.R.IntN(10) == 0 {
				// A hostile object in the path.
				segs := strings.Split(p, "/")
				segs[1+m.R.IntN(len(segs)-1)] = url.PathEscape(m.String())
				p = strings.Join(segs, "/")
			}
			base := webForm(w, c)
			if slices.Contains([]string{"POST /nop-ho-so/{code}"}, k) {
				base.Set("applicant.full_name", "Nguyễn Văn Thử")
				base.Set("agree", "yes")
			}
			form := m.Form(base)
			h := http.Header{"Content-Type": {"application/x-www-form-urlencoded"}}
			body := form.Encode()
			if strings.HasPrefix(pattern, "/nop-ho-so/") && m.R.IntN(2) == 0 {
				b, ct := m.Multipart(form)
				body, h = string(b), http.Header{"Content-Type": {ct}}
			}
			return Shot{Route: k, Method: http.MethodPost, Path: p, Client: c, Header: h, Body: body}
		})
	})
}

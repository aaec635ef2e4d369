package api_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/api"
	. "github.com/motcua/motcua/internal/securitytest"
	"github.com/motcua/motcua/internal/store/storetest"
)

// apiAccess declares, once per API route ("METHOD pattern" as in routes()),
// who may call it and what an allowed officer gets for another unit's
// object. A route missing here fails TestAuthzMatrixAPI.
var apiAccess = map[string]Rule{
	"GET /api/v1/openapi.json":                    Everyone,
	"GET /api/v1/me":                              AnyOfficer,
	"GET /api/v1/units":                           Everyone,
	"POST /api/v1/units":                          Only(Admin),
	"GET /api/v1/units/{code}":                    Everyone,
	"PUT /api/v1/units/{code}":                    Only(Admin).Else(Forbidden),
	"GET /api/v1/fields":                          Everyone,
	"GET /api/v1/procedures":                      Everyone,
	"POST /api/v1/procedures":                     Only(Admin),
	"GET /api/v1/procedures/{code}":               Everyone,
	"PUT /api/v1/procedures/{code}":               Only(Admin),
	"GET /api/v1/procedures/{code}/versions":      Everyone,
	"GET /api/v1/officers":                        Only(Admin),
	"GET /api/v1/officers/{id}/tokens":            Only(Admin),
	"DELETE /api/v1/officers/{id}/tokens/{token}": Only(Admin), // revoking a revoked token changes nothing: 204 again
	"GET /api/v1/officers/{id}/sessions":          Only(Admin),
	// The victim has no live session, so even an allowed administrator gets
	// 404: the role check before the handler is what this row proves.
	"DELETE /api/v1/officers/{id}/sessions/{session}": Only(Admin).Or(NotFound),
	"POST /api/v1/officers":                           Only(Admin),
	"POST /api/v1/dossiers":                           Everyone.Else(Forbidden).Decides(), // the body names the unit; counter intake is reception's
	"GET /api/v1/dossiers":                            AnyOfficer,
	"GET /api/v1/dossiers/{code}":                     AnyOfficer.Else(NotFound),
	"GET /api/v1/dossiers/{code}/events":              AnyOfficer.Else(NotFound),
	"POST /api/v1/dossiers/{code}/actions":            AnyOfficer.Else(NotFound).Decides(),
	"POST /api/v1/dossiers/{code}/rating":             Everyone,
	"POST /api/v1/dossiers/{code}/supplement":         Everyone,
	// The result paper: the rules decide who attaches (the lead specialist,
	// a leader); the world's dossiers have none to read (404).
	"GET /api/v1/dossiers/{code}/result-paper":           AnyOfficer.Else(NotFound).Or(NotFound),
	"PUT /api/v1/dossiers/{code}/result-paper":           AnyOfficer.Else(NotFound).Decides(),
	"POST /api/v1/dossiers/{code}/result-paper/generate": AnyOfficer.Else(NotFound).Decides(),
	"GET /api/v1/lookup":                                 Everyone,
	"GET /api/v1/dossiers/{code}/documents/{kind}":       AnyOfficer.Else(NotFound),
	"GET /api/v1/letters":                                AnyOfficer,
	"POST /api/v1/letters/{id}/printed":                  AnyOfficer.Else(NotFound), // the pages allow reception, leaders and admins only: see the report
	"POST /api/v1/letters/{id}/sent":                     AnyOfficer.Else(NotFound),
	"GET /api/v1/letter-templates/{kind}":                AnyOfficer,
	"POST /api/v1/letter-templates/{kind}":               Only(Leader, Admin),
	"POST /api/v1/letter-templates/{kind}/preview":       AnyOfficer,
	"GET /api/v1/report":                                 AnyOfficer,
	// The national portal's pushes: no role, a shared secret (X-Portal-Secret)
	// instead; 404 while no secret is configured, 401 without the right one.
	"POST /api/v1/portal/inbound": Everyone.Or(NotFound).Or(Unauthenticated),
	// The SMS provider's and Zalo's delivery reports: no role, the provider's
	// signature, checked against the sending unit's account; 404 while
	// notifications are off or for an unknown message, 401 for a bad signature.
	"POST /api/v1/notify/reports/sms":  Everyone.Or(NotFound).Or(Unauthenticated),
	"POST /api/v1/notify/reports/zalo": Everyone.Or(NotFound).Or(Unauthenticated),
	// The payment gateways' calls: no role, the gateway's signature instead;
	// 404 while payments are not configured.
	"GET /api/v1/payments/vnpay/ipn":        Everyone.Or(NotFound),
	"POST /api/v1/payments/paygov/callback": Everyone.Or(NotFound),
}

// apiFill names, for each path parameter of the API, the objects of a unit
// to try.
func apiFill(u *Unit, path, name string) ([]string, bool, bool) {
	has := func(p string) bool { return strings.HasPrefix(path, p) }
	switch {
	case name == "code" && has("/api/v1/units/"):
		return []string{u.Child.Code}, true, true
	case name == "code" && has("/api/v1/procedures/"):
		return []string{BirthReg}, false, true
	case name == "code" && has("/api/v1/dossiers/"):
		return []string{u.Open.Code, u.Online.Code, u.Resolved.Code}, true, true
	case name == "kind" && has("/api/v1/dossiers/"):
		return Documents, false, true
	case name == "kind" && has("/api/v1/letter-templates/"):
		return LetterKinds, false, true
	case name == "id" && has("/api/v1/letters/"):
		return []string{u.LetterID}, true, true
	case name == "id" && has("/api/v1/officers/"):
		return []string{u.Victim.ID}, true, true
	case name == "token":
		return []string{u.TokenID}, true, true
	case name == "session":
		return []string{"019a0000-0000-7000-8000-000000000000"}, true, true
	}
	return nil, false, false
}

// apiBody is what a write of the matrix carries to route k for a caller of
// unit caller on objects of unit owner: a body that would succeed if the
// route let it through.
func apiBody(t *testing.T, w *World, k string, caller, owner int) string {
	t.Helper()
	own := w.Units[max(caller, 0)]
	var v any
	switch k {
	case "POST /api/v1/units":
		v = map[string]any{"code": "000.00.09.H5" + string(rune('6'+max(caller, 0))), "name": "Thôn Mới", "kind": "commune", "parent_id": own.Unit.ID}
	case "PUT /api/v1/units/{code}":
		v = map[string]any{"name": "Thôn Dưới (đã sửa)", "kind": "commune", "parent_id": w.Units[owner].Unit.ID}
	case "POST /api/v1/officers":
		v = map[string]any{"username": "mtapi" + string(rune('a'+max(caller, 0))), "full_name": "Cán Bộ Thử", "roles": []string{"specialist"},
			"fields": []string{"HT"}, "unit_id": own.Unit.ID, "active": true, "password": "mat-khau-moi-123"}
	case "POST /api/v1/dossiers":
		pv, err := w.DB.ProcedureByCode(context.Background(), ExtractCopy)
		if err != nil {
			t.Fatal(err)
		}
		var comps []map[string]any
		for _, c := range pv.Procedure.Components {
			if c.Required {
				comps = append(comps, map[string]any{"name": c.Name})
			}
		}
		ch := 1
		if caller < 0 {
			ch = 2
		}
		v = map[string]any{"unit_code": w.Units[owner].Unit.Code, "procedure_code": ExtractCopy, "intake": map[string]any{
			"channel": ch, "applicant": map[string]any{"full_name": "Nguyễn Văn Thử", "id_number": "079203009999", "phone": "0912345678", "address": "Thôn 2"},
			"components": comps}}
	case "POST /api/v1/dossiers/{code}/actions":
		v = map[string]any{"kind": "request_supplement", "reason": "Thiếu giấy tờ", "items": []string{"Bản sao giấy khai sinh"}}
	case "POST /api/v1/dossiers/{code}/rating":
		v = map[string]any{"last4": "123" + string(rune('0'+owner)), "rating": "satisfied"}
	case "POST /api/v1/letter-templates/{kind}", "POST /api/v1/letter-templates/{kind}/preview":
		v = map[string]any{"body": "Kính gửi gia đình,\n\nỦy ban chúc mừng."}
	default:
		v = map[string]any{}
	}
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// unitInBody lists the routes whose body, not their path, names the unit.
var unitInBody = map[string]bool{"POST /api/v1/dossiers": true}

// TestAuthzMatrixAPI calls every API route as every role (anonymous, and
// reception, specialist, leader, admin of each of two units, both with an
// API token and with a session cookie and its X-CSRF-Token), on the objects
// of its own unit and of the other unit, and compares each outcome with
// apiAccess.
func TestAuthzMatrixAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		w := Start(t, e)
		keys := api.RouteKeys(api.New(w.DB, slog.New(slog.NewTextHandler(io.Discard, nil)), api.Options{}))
		for _, k := range keys {
			if _, ok := apiAccess[k]; !ok {
				t.Errorf("route %q has no declaration in apiAccess (authz_matrix_test.go): declare who may call it", k)
			}
		}
		for k := range apiAccess {
			if !slices.Contains(keys, k) {
				t.Errorf("apiAccess declares %q, which is not a route", k)
			}
		}
		if t.Failed() {
			return
		}
		type caller struct {
			*Client
			viaToken bool
		}
		callers := []caller{{w.Anonymous(t), false}}
		for i := range w.Units {
			for _, r := range Roles[1:] {
				c := w.Login(t, r, i)
				callers = append(callers, caller{c, false}, caller{c, true})
			}
		}
		var tally Tally
		for _, k := range keys {
			method, pattern, _ := strings.Cut(k, " ")
			rule := apiAccess[k]
			for _, c := range callers {
				for owner := range w.Units {
					paths, bound := Fill(t, apiFill, w.Units[owner], pattern)
					bound = bound || unitInBody[k]
					if !bound && owner == 1 {
						continue
					}
					callerUnit := c.Unit
					if !bound {
						owner = max(callerUnit, 0)
					}
					want := rule.Expect(c.Role, callerUnit, owner, bound)
					for _, p := range paths {
						if k == "GET /api/v1/lookup" {
							p += "?code=" + w.Units[owner].Open.Code + "&last4=123" + string(rune('0'+owner))
						}
						h := http.Header{}
						if c.viaToken {
							h.Set("Authorization", "Bearer "+c.Token)
						} else if c.Role != Anonymous {
							h.Set("X-CSRF-Token", c.CSRF)
						}
						var body io.Reader
						if method != http.MethodGet {
							h.Set("Content-Type", "application/json")
							body = strings.NewReader(apiBody(t, w, k, callerUnit, owner))
						}
						resp, text := c.DoHeader(t, method, p, h, body)
						w.Check(t, &tally, c.Client, method, p, resp, text, want, rule.Public && c.Role == Anonymous)
					}
				}
			}
		}
		t.Logf("%s: %d routes, %d combinations, %d mismatches, %d leaks", e.Name, len(keys), tally.Combinations, tally.Mismatches, tally.Leaks)
	})
}

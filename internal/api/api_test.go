package api

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/catalogue"
	"github.com/motcua/motcua/internal/metrics"
	"github.com/motcua/motcua/internal/server"
	"github.com/motcua/motcua/internal/staff"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/store/storetest"
	"github.com/motcua/motcua/internal/unit"
)

// TestOpenAPIMatchesRoutes fails when a route is not documented or the
// document names a route that does not exist.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	var doc struct {
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(openAPIDoc, &doc); err != nil {
		t.Fatalf("openapi.json is not JSON: %v", err)
	}
	documented := map[string]bool{}
	for path, ops := range doc.Paths {
		for method := range ops {
			if method == "parameters" {
				continue
			}
			documented[strings.ToUpper(method)+" "+path] = true
		}
	}
	registered := map[string]bool{}
	for _, rt := range (&API{}).routes() {
		registered[rt.method+" "+rt.pattern] = true
	}
	var missing, stale []string
	for r := range registered {
		if !documented[r] {
			missing = append(missing, r)
		}
	}
	for r := range documented {
		if !registered[r] {
			stale = append(stale, r)
		}
	}
	sort.Strings(missing)
	sort.Strings(stale)
	if len(missing) > 0 {
		t.Errorf("routes missing from openapi.json: %v", missing)
	}
	if len(stale) > 0 {
		t.Errorf("openapi.json documents routes that do not exist: %v", stale)
	}
}

type fixture struct {
	db     *store.DB
	srv    *httptest.Server
	admin  string // API token of the admin
	clerk  string // API token of a reception officer
	expert string // API token of a civil-status specialist
	chief  string // API token of a leader
	unit   *unit.Unit
}

func newFixture(t *testing.T, e storetest.Engine) *fixture {
	t.Helper()
	ctx := context.Background()
	db := e.Open(t, store.Options{})
	c, err := catalogue.LoadShipped()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.ImportCatalogue(ctx, c, "test"); err != nil {
		t.Fatal(err)
	}
	u := &unit.Unit{Code: "000.21.37.H56", Name: "UBND xã Đạ Tẻh", Kind: unit.Commune}
	if err := db.CreateUnit(ctx, u, "test"); err != nil {
		t.Fatal(err)
	}
	f := &fixture{db: db, unit: u}
	for _, o := range []struct {
		name   string
		role   staff.Role
		tok    *string
		fields []string
	}{{"admin", staff.Admin, &f.admin, nil}, {"clerk", staff.Reception, &f.clerk, nil},
		{"expert", staff.Specialist, &f.expert, []string{"HT"}}, {"chief", staff.Leader, &f.chief, nil}} {
		off := &staff.Officer{UnitID: u.ID, Username: o.name, FullName: o.name, Roles: []staff.Role{o.role}, Fields: o.fields, Active: true}
		if err := db.CreateOfficer(ctx, off, "mat-khau-thu", "test"); err != nil {
			t.Fatal(err)
		}
		if *o.tok, err = db.CreateToken(ctx, off.ID, "test", "test"); err != nil {
			t.Fatal(err)
		}
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	f.srv = httptest.NewServer(validating(t, server.New(db, log, metrics.New(), New(db, log, Options{BaseURL: func() string { return "http://motcua.test" },
		Files: db.Blobs()})).Handler()))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fixture) do(t *testing.T, method, path, token string, body any) (int, map[string]any) {
	t.Helper()
	return f.doH(t, method, path, token, nil, body)
}

func (f *fixture) doH(t *testing.T, method, path, token string, header map[string]string, body any) (int, map[string]any) {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, f.srv.URL+path, rd)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	req.Header.Set("Content-Type", "application/json")
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	json.NewDecoder(resp.Body).Decode(&out)
	return resp.StatusCode, out
}

func TestCatalogueAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		f := newFixture(t, e)
		// Public search folds diacritics and đ.
		code, body := f.do(t, "GET", "/api/v1/procedures?q=dang+ky+khai+sinh", "", nil)
		if code != 200 {
			t.Fatalf("search: %d %v", code, body)
		}
		list := body["procedures"].([]any)
		if len(list) == 0 {
			t.Fatalf("search for 'dang ky khai sinh' found nothing")
		}
		for _, p := range list {
			name := p.(map[string]any)["name"].(string)
			if !strings.Contains(strings.ToLower(name), "khai sinh") {
				t.Errorf("search returned %q", name)
			}
		}
		code, body = f.do(t, "GET", "/api/v1/procedures/1.001193", "", nil)
		if code != 200 || body["version"].(float64) != 1 {
			t.Fatalf("get procedure: %d %v", code, body)
		}
		proc := body["procedure"].(map[string]any)

		// A new version, by the admin; anonymous and reception callers are refused.
		proc["place"] = "Bộ phận Một cửa, tầng 1"
		if code, _ := f.do(t, "PUT", "/api/v1/procedures/1.001193", "", proc); code != 401 {
			t.Errorf("anonymous PUT: %d, want 401", code)
		}
		if code, _ := f.do(t, "PUT", "/api/v1/procedures/1.001193", f.clerk, proc); code != 403 {
			t.Errorf("reception PUT: %d, want 403", code)
		}
		code, body = f.do(t, "PUT", "/api/v1/procedures/1.001193", f.admin, proc)
		if code != 200 || body["version"].(float64) != 2 {
			t.Fatalf("admin PUT: %d %v", code, body)
		}
		code, body = f.do(t, "GET", "/api/v1/procedures/1.001193?version=1", "", nil)
		if code != 200 || body["procedure"].(map[string]any)["place"] == "Bộ phận Một cửa, tầng 1" {
			t.Errorf("version 1 changed: %v", body)
		}
		code, body = f.do(t, "GET", "/api/v1/procedures/1.001193/versions", "", nil)
		if code != 200 || len(body["versions"].([]any)) != 2 {
			t.Errorf("versions: %d %v", code, body)
		}

		// Bad input: a negative fee is refused, naming the field; nothing changes.
		proc["fee"] = map[string]any{"kind": "fixed", "amount": -5}
		code, body = f.do(t, "PUT", "/api/v1/procedures/1.001193", f.admin, proc)
		if code != 422 || !strings.Contains(body["error"].(map[string]any)["message"].(string), "fee") {
			t.Errorf("negative fee: %d %v", code, body)
		}
		_, body = f.do(t, "GET", "/api/v1/procedures/1.001193", "", nil)
		if body["version"].(float64) != 2 {
			t.Errorf("a refused PUT changed the version: %v", body["version"])
		}
		// Unknown keys are refused.
		code, _ = f.do(t, "PUT", "/api/v1/procedures/1.001193", f.admin, map[string]any{"code": "1.001193", "bogus": 1})
		if code != 422 {
			t.Errorf("unknown key: %d, want 422", code)
		}
		if code, _ := f.do(t, "GET", "/api/v1/procedures/9.999999", "", nil); code != 404 {
			t.Errorf("unknown procedure: %d", code)
		}
	})
}

func TestUnitsAndOfficersAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		f := newFixture(t, e)
		code, body := f.do(t, "GET", "/api/v1/units/000.21.37.H56", "", nil)
		if code != 200 || body["name"] != "UBND xã Đạ Tẻh" {
			t.Fatalf("get unit: %d %v", code, body)
		}
		// A child unit with a bad identifier: refused, the field named.
		code, body = f.do(t, "POST", "/api/v1/units", f.admin, map[string]any{"code": "21.37.H56", "name": "Xã mới", "kind": "commune", "parent_id": f.unit.ID})
		if code != 422 || body["error"].(map[string]any)["fields"].(map[string]any)["code"] == nil {
			t.Errorf("bad unit code: %d %v", code, body)
		}
		code, body = f.do(t, "POST", "/api/v1/units", f.admin, map[string]any{"code": "000.21.38.H56", "name": "Xã Quốc Oai", "kind": "commune", "parent_id": f.unit.ID})
		if code != 201 {
			t.Errorf("create unit: %d %v", code, body)
		}
		code, body = f.do(t, "POST", "/api/v1/officers", f.admin, map[string]any{"username": "moi", "full_name": "Cán Bộ Mới", "roles": []string{"specialist"}, "fields": []string{"HT"}, "password": "mat-khau-moi"})
		if code != 201 || body["password_hash"] != nil {
			t.Errorf("create officer: %d %v", code, body)
		}
		if code, _ := f.do(t, "GET", "/api/v1/officers", f.clerk, nil); code != 403 {
			t.Errorf("reception lists officers: %d, want 403", code)
		}
		code, body = f.do(t, "GET", "/api/v1/me", f.clerk, nil)
		if code != 200 || body["username"] != "clerk" {
			t.Errorf("me: %d %v", code, body)
		}
		if code, _ := f.do(t, "GET", "/api/v1/me", "mct_wrong", nil); code != 401 {
			t.Errorf("bad token: %d, want 401", code)
		}
	})
}

// TestDossierLifecycleAPI drives a dossier through the API as a citizen and
// the officers would, with the forbidden steps refused and nothing changed.
func TestDossierLifecycleAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		f := newFixture(t, e)
		intake := map[string]any{"unit_code": "000.21.37.H56", "procedure_code": "1.004873", "intake": map[string]any{
			"channel": 2, "applicant": map[string]any{"full_name": "Trần Văn Bình", "id_number": "068090001122", "phone": "0987654321"},
			"components": []map[string]any{{"name": "Tờ khai cấp Giấy xác nhận tình trạng hôn nhân"}, {"name": "Giấy tờ tùy thân của người yêu cầu (xuất trình)"}},
		}}
		hdr := map[string]string{"Idempotency-Key": "k-123"}
		code1, body := f.doH(t, "POST", "/api/v1/dossiers", "", hdr, intake)
		if code1 != 201 {
			t.Fatalf("online submission: %d %v", code1, body)
		}
		dcode := body["code"].(string)
		if body["id_number"] != "********1122" || body["assignee_id"] != nil {
			t.Errorf("the citizen sees %v", body)
		}
		if c, again := f.doH(t, "POST", "/api/v1/dossiers", "", hdr, intake); c != 201 || again["code"] != dcode {
			t.Errorf("retry with the same key: %d %v, want the same code %s", c, again["code"], dcode)
		}
		// A counter intake needs an officer.
		counter := map[string]any{"unit_code": "000.21.37.H56", "procedure_code": "1.004873", "intake": map[string]any{"channel": 1}}
		if c, _ := f.do(t, "POST", "/api/v1/dossiers", "", counter); c != 401 {
			t.Errorf("anonymous counter intake: %d, want 401", c)
		}
		// Bad input: each field named.
		c, body := f.do(t, "POST", "/api/v1/dossiers", f.clerk, map[string]any{"unit_code": "000.21.37.H56", "procedure_code": "1.004873",
			"intake": map[string]any{"channel": 1, "applicant": map[string]any{"full_name": "", "id_number": "12ab"}}})
		fields, _ := body["error"].(map[string]any)["fields"].(map[string]any)
		if c != 422 || fields["applicant.full_name"] == nil || fields["applicant.id_number"] == nil {
			t.Errorf("bad intake: %d %v", c, body)
		}

		act := func(token string, a map[string]any) (int, map[string]any) {
			return f.do(t, "POST", "/api/v1/dossiers/"+dcode+"/actions", token, a)
		}
		if c, _ := act(f.expert, map[string]any{"kind": "receive"}); c != 403 {
			t.Errorf("a specialist receives: %d", c)
		}
		if c, b := act(f.clerk, map[string]any{"kind": "receive"}); c != 200 || b["status"].(float64) != 4 || b["assignee_id"] == nil {
			t.Fatalf("receive: %d %v", c, b)
		}
		if c, _ := act(f.clerk, map[string]any{"kind": "return"}); c != 409 {
			t.Errorf("return before resolved: %d, want 409", c)
		}
		if c, _ := act(f.expert, map[string]any{"kind": "approve"}); c != 403 {
			t.Errorf("a specialist approves: %d, want 403", c)
		}
		_, before := f.do(t, "GET", "/api/v1/dossiers/"+dcode, f.clerk, nil)
		if before["status"].(float64) != 4 {
			t.Errorf("refused actions changed the status: %v", before["status"])
		}
		_, q := f.do(t, "GET", "/api/v1/dossiers?queue=mine", f.expert, nil)
		if n := len(q["dossiers"].([]any)); n != 1 {
			t.Errorf("the specialist's queue has %d dossiers, want 1", n)
		}
		if c, b := act(f.expert, map[string]any{"kind": "propose"}); c != 200 {
			t.Fatalf("propose: %d %v", c, b)
		}
		_, q = f.do(t, "GET", "/api/v1/dossiers?queue=approval", f.chief, nil)
		if n := len(q["dossiers"].([]any)); n != 1 {
			t.Errorf("the approval queue has %d dossiers, want 1", n)
		}
		if c, b := act(f.chief, map[string]any{"kind": "approve"}); c != 200 || b["status"].(float64) != 9 {
			t.Fatalf("approve: %d %v", c, b)
		}
		if c, b := act(f.clerk, map[string]any{"kind": "return"}); c != 200 || b["status"].(float64) != 10 {
			t.Fatalf("return: %d %v", c, b)
		}
		_, ev := f.do(t, "GET", "/api/v1/dossiers/"+dcode+"/events", f.chief, nil)
		if n := len(ev["events"].([]any)); n != 6 { // submit, receive, assign, propose, approve, return
			t.Errorf("%d events, want 6", n)
		}
		// The citizen looks it up with the code and the last four digits, and rates it once.
		if c, _ := f.do(t, "GET", "/api/v1/lookup?code="+dcode+"&last4=0000", "", nil); c != 404 {
			t.Errorf("lookup with wrong digits: %d", c)
		}
		c, pub := f.do(t, "GET", "/api/v1/lookup?code="+dcode+"&last4=4321", "", nil)
		if c != 200 || pub["status"].(float64) != 10 || len(pub["timeline"].([]any)) == 0 {
			t.Errorf("lookup: %d %v", c, pub)
		}
		rating := map[string]any{"last4": "1122", "rating": "very_satisfied"}
		if c, b := f.do(t, "POST", "/api/v1/dossiers/"+dcode+"/rating", "", rating); c != 200 || b["rating"] != "very_satisfied" {
			t.Errorf("rating: %d %v", c, b)
		}
		if c, _ := f.do(t, "POST", "/api/v1/dossiers/"+dcode+"/rating", "", rating); c != 409 {
			t.Errorf("second rating: %d, want 409", c)
		}
	})
}

// TestLetterTemplatesAPI: a new version is stored, an unknown placeholder is
// refused by name, and a preview fills the template without storing it.
func TestLetterTemplatesAPI(t *testing.T) {
	f := newFixture(t, storetest.Engine{Name: "sqlite", Open: storetest.OpenSQLite})
	c, body := f.do(t, "GET", "/api/v1/letter-templates/congratulation_birth", f.chief, nil)
	if c != 200 || len(body["versions"].([]any)) != 1 {
		t.Fatalf("versions: %d %v", c, body)
	}
	bad := "Thư chúc mừng\n\nKính gửi {{nguoi_nhan}}\n\nChúc mừng {{ten_cho_meo}}."
	c, body = f.do(t, "POST", "/api/v1/letter-templates/congratulation_birth", f.chief, map[string]any{"body": bad})
	if c != 422 || !strings.Contains(body["error"].(map[string]any)["message"].(string), "ten_cho_meo") {
		t.Errorf("unknown placeholder: %d %v", c, body)
	}
	if c, _ := f.do(t, "POST", "/api/v1/letter-templates/congratulation_birth", f.clerk, map[string]any{"body": bad}); c != 403 {
		t.Errorf("reception edits a template: %d", c)
	}
	c, body = f.do(t, "POST", "/api/v1/letter-templates/congratulation_birth/preview", f.chief, map[string]any{})
	if paras, _ := body["paragraphs"].([]any); c != 200 || len(paras) == 0 {
		t.Fatalf("preview: %d %v", c, body)
	}
	c, body = f.do(t, "GET", "/api/v1/letter-templates/congratulation_birth", f.chief, nil)
	if c != 200 || len(body["versions"].([]any)) != 1 {
		t.Errorf("a refused template or a preview stored a version: %v", body)
	}
}

// TestPublicLookupIsThrottledOverTheAPI: the API's lookup is the guarded one.
func TestPublicLookupIsThrottledOverTheAPI(t *testing.T) {
	f := newFixture(t, storetest.Engine{Name: "sqlite", Open: storetest.OpenSQLite})
	intake := map[string]any{"unit_code": "000.21.37.H56", "procedure_code": "1.004873", "intake": map[string]any{
		"channel": 2, "applicant": map[string]any{"full_name": "Trần Văn Bình", "id_number": "068090001122", "phone": "0987654321"},
		"components": []map[string]any{{"name": "Tờ khai cấp Giấy xác nhận tình trạng hôn nhân", "digitisation": "digitised"},
			{"name": "Giấy tờ tùy thân của người yêu cầu (xuất trình)"}}}}
	c, body := f.do(t, "POST", "/api/v1/dossiers", "", intake)
	if c != 201 {
		t.Fatalf("submit: %d %v", c, body)
	}
	code := body["code"].(string)
	d, _ := f.db.Dossier(context.Background(), code)
	if d.Components[0].Digitisation != "none" {
		t.Errorf("a citizen declared a component digitised: %q", d.Components[0].Digitisation)
	}
	for i := 0; i < 10; i++ {
		if c, _ := f.do(t, "GET", "/api/v1/lookup?code="+code+"&last4="+strconv.Itoa(1000+i), "", nil); c != 404 {
			t.Fatalf("guess %d: %d", i, c)
		}
	}
	if c, _ := f.do(t, "GET", "/api/v1/lookup?code="+code+"&last4=4321", "", nil); c != 429 {
		t.Errorf("after 10 wrong guesses the right one answers %d, want 429", c)
	}
}

// TestReportIsScopedToTheUnit: an officer reads their own unit's indicators,
// not another's.
func TestReportIsScopedToTheUnit(t *testing.T) {
	f := newFixture(t, storetest.Engine{Name: "sqlite", Open: storetest.OpenSQLite})
	other := &unit.Unit{Code: "000.21.99.H56", Name: "UBND xã Khác", Kind: unit.Commune}
	if err := f.db.CreateUnit(context.Background(), other, "test"); err != nil {
		t.Fatal(err)
	}
	c, body := f.do(t, "GET", "/api/v1/report?from=2025-01-01&to=2025-12-31", f.chief, nil)
	if c != 200 || body["unit"] != "000.21.37.H56" {
		t.Errorf("own report: %d %v", c, body["unit"])
	}
	if c, _ := f.do(t, "GET", "/api/v1/report?from=2025-01-01&to=2025-12-31&unit=000.21.99.H56", f.chief, nil); c != 403 {
		t.Errorf("another unit's report: %d, want 403", c)
	}
}

package web

import (
	"context"
	"html"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/motcua/motcua/internal/catalogue"
	"github.com/motcua/motcua/internal/demo"
	"github.com/motcua/motcua/internal/staff"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/unit"
)

// Plain HTTP tests of the admin area: who may use it, and that a refused
// form says why beside the field, keeps what was typed and changes nothing.

const adminBirthCode = "1.001193"

// adminStateSnapshot is what an admin form could change, read back from the store.
type adminStateSnapshot struct {
	Units    []unit.Unit
	Officers []staff.Officer
	Days     []store.UnitDay
	Versions int
	Events   int
}

func adminReadState(t *testing.T, db *store.DB) adminStateSnapshot {
	t.Helper()
	ctx := context.Background()
	var st adminStateSnapshot
	units, err := db.Units(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range units {
		st.Units = append(st.Units, *u)
		days, err := db.UnitDays(ctx, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		st.Days = append(st.Days, days...)
	}
	officers, err := db.Officers(ctx, store.OfficerFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range officers {
		st.Officers = append(st.Officers, *o)
	}
	h, err := db.ProcedureHistory(ctx, adminBirthCode)
	if err != nil {
		t.Fatal(err)
	}
	st.Versions = len(h)
	events, err := db.AdminEvents(ctx, store.AdminEventFilter{Limit: 10000})
	if err != nil {
		t.Fatal(err)
	}
	st.Events = len(events)
	return st
}

// expectUnchanged fails the test when the admin state differs from before.
func adminExpectUnchanged(t *testing.T, db *store.DB, before adminStateSnapshot, what string) {
	t.Helper()
	if diff := cmp.Diff(before, adminReadState(t, db)); diff != "" {
		t.Errorf("%s changed the state (-before +after):\n%s", what, diff)
	}
}

// adminPaths returns every admin route as method and a concrete path.
func adminRoutePaths(t *testing.T, db *store.DB) [][2]string {
	t.Helper()
	ctx := context.Background()
	u, err := db.UnitByCode(ctx, demo.UnitCode)
	if err != nil {
		t.Fatal(err)
	}
	o, err := db.OfficerByUsername(ctx, "hotich")
	if err != nil {
		t.Fatal(err)
	}
	var out [][2]string
	for _, rt := range (&Server{}).adminRoutes() {
		method, path, _ := strings.Cut(rt.pattern, " ")
		if strings.HasPrefix(path, "/quan-tri/thu-tuc/") {
			path = strings.ReplaceAll(path, "{code}", adminBirthCode)
		}
		path = strings.ReplaceAll(path, "{code}", u.Code)
		path = strings.ReplaceAll(path, "{id}", o.ID)
		out = append(out, [2]string{method, path})
	}
	if len(out) < 20 {
		t.Fatalf("only %d admin routes", len(out))
	}
	return out
}

// hostileForm is what a POST to any admin route might carry: enough to
// change something if the route let it through.
func adminHostileForm(csrf string) url.Values {
	return url.Values{"csrf": {csrf}, "code": {"000.99.99.H56"}, "name": {"Đổi tên"}, "kind": {"commune"},
		"weekdays": {"1", "2"}, "hours": {"07:00–11:00"}, "parent": {demo.UnitCode}, "unit": {demo.UnitCode},
		"username": {"xamnhap"}, "full_name": {"Xâm Nhập"}, "roles": {"admin"}, "password": {"mat-khau-moi-123"},
		"token_name": {"x"}, "successor": {demo.UnitCode}, "confirm": {"yes"}, "date": {"2026-06-10"},
		"yaml": {"code: \"1.001193\"\n"}, "base": {"1"}, "active": {"yes"}}
}

func TestAdminRoutesRefuseEveryoneButAdmins(t *testing.T) {
	s := newTestServer(t, Options{})
	paths := adminRoutePaths(t, s.DB)
	before := adminReadState(t, s.DB)

	// Anonymous: pages lead to the login page, posts are refused.
	for _, p := range paths {
		var resp *http.Response
		if p[0] == http.MethodGet {
			resp, _ = s.get(t, p[1])
			if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/dang-nhap") {
				t.Errorf("anonymous GET %s: %d %s, want a redirect to the login page", p[1], resp.StatusCode, loc)
			}
			continue
		}
		_, page := s.get(t, "/dang-nhap")
		resp, _ = s.post(t, p[1], adminHostileForm(csrfFrom(t, page)))
		if resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("anonymous POST %s: %d, want 401", p[1], resp.StatusCode)
		}
	}

	// Every other role, with a valid CSRF token: 403 on every route.
	for _, who := range []string{"tiepnhan1", "hotich", "chutich"} {
		s.Client.Jar, _ = adminNewJar()
		if resp, _ := s.login(t, who, demo.Password); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("login %s: %d", who, resp.StatusCode)
		}
		_, page := s.get(t, "/can-bo")
		token := csrfFrom(t, page)
		for _, p := range paths {
			var resp *http.Response
			var body string
			if p[0] == http.MethodGet {
				resp, body = s.get(t, p[1])
			} else {
				resp, body = s.post(t, p[1], adminHostileForm(token))
			}
			if resp.StatusCode != http.StatusForbidden {
				t.Errorf("%s: %s %s = %d, want 403", who, p[0], p[1], resp.StatusCode)
			}
			if !strings.Contains(body, "bạn không có quyền mở trang này") {
				t.Errorf("%s: %s %s does not say why", who, p[0], p[1])
			}
		}
		if _, page := s.get(t, "/can-bo"); strings.Contains(page, `href="/quan-tri"`) {
			t.Errorf("%s sees the administration link", who)
		}
	}
	adminExpectUnchanged(t, s.DB, before, "refused requests")
}

// An administrator of another unit (a top-level one beside, or one below)
// cannot touch the demo commune: 403, and nothing changes.
func TestAdminOfAnotherUnitChangesNothing(t *testing.T) {
	s := newTestServer(t, Options{})
	ctx := context.Background()
	home, err := s.DB.UnitByCode(ctx, demo.UnitCode)
	if err != nil {
		t.Fatal(err)
	}
	other := &unit.Unit{Code: "000.00.00.H57", Name: "UBND xã Bên Cạnh", Kind: unit.Commune}
	below := &unit.Unit{Code: "000.00.07.H56", Name: "Thôn Dưới", Kind: unit.Commune, ParentID: home.ID}
	for _, u := range []*unit.Unit{other, below} {
		if err := s.DB.CreateUnit(ctx, u, "test"); err != nil {
			t.Fatal(err)
		}
	}
	for name, u := range map[string]*unit.Unit{"qtkhac": other, "qtduoi": below} {
		o := &staff.Officer{UnitID: u.ID, Username: name, FullName: "Quản trị " + name, Roles: []staff.Role{staff.Admin}, Active: true}
		if err := s.DB.CreateOfficer(ctx, o, demo.Password, "test"); err != nil {
			t.Fatal(err)
		}
	}
	hotich, err := s.DB.OfficerByUsername(ctx, "hotich")
	if err != nil {
		t.Fatal(err)
	}
	before := adminReadState(t, s.DB)
	for _, who := range []string{"qtkhac", "qtduoi"} {
		s.Client.Jar, _ = adminNewJar()
		if resp, _ := s.login(t, who, demo.Password); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("login %s: %d", who, resp.StatusCode)
		}
		_, page := s.get(t, "/quan-tri")
		token := csrfFrom(t, page)
		form := adminHostileForm(token)
		form.Set("code", demo.UnitCode)
		for _, c := range []struct{ method, path string }{
			{"GET", "/quan-tri/don-vi/" + demo.UnitCode},
			{"POST", "/quan-tri/don-vi/" + demo.UnitCode},
			{"GET", "/quan-tri/don-vi/" + demo.UnitCode + "/sap-nhap"},
			{"POST", "/quan-tri/don-vi/" + demo.UnitCode + "/sap-nhap"},
			{"POST", "/quan-tri/don-vi/moi"}, // below the demo commune
			{"GET", "/quan-tri/can-bo/" + hotich.ID},
			{"POST", "/quan-tri/can-bo/" + hotich.ID},
			{"POST", "/quan-tri/can-bo/" + hotich.ID + "/mat-khau"},
			{"POST", "/quan-tri/can-bo/" + hotich.ID + "/ma-api"},
			{"POST", "/quan-tri/can-bo/moi"}, // into the demo commune
			{"GET", "/quan-tri/ngay-nghi?don-vi=" + demo.UnitCode},
			{"POST", "/quan-tri/ngay-nghi"},
			{"POST", "/quan-tri/ngay-nghi/xoa"},
			{"GET", "/quan-tri/thu-tuc/" + adminBirthCode + "/sua"}, // neither is a top-level unit's admin of the catalogue... see below
			{"POST", "/quan-tri/thu-tuc/" + adminBirthCode + "/sua"},
		} {
			if who == "qtkhac" && strings.HasPrefix(c.path, "/quan-tri/thu-tuc/") {
				continue // a top-level unit's admin maintains the shared catalogue
			}
			var resp *http.Response
			if c.method == "GET" {
				resp, _ = s.get(t, c.path)
			} else {
				resp, _ = s.post(t, c.path, form)
			}
			if resp.StatusCode != http.StatusForbidden {
				t.Errorf("%s: %s %s = %d, want 403", who, c.method, c.path, resp.StatusCode)
			}
		}
		// Their own lists do not show the demo commune's units or staff.
		if _, page := s.get(t, "/quan-tri/can-bo"); strings.Contains(page, "hotich") {
			t.Errorf("%s sees the demo commune's staff", who)
		}
		if _, page := s.get(t, "/quan-tri/don-vi"); who == "qtkhac" && strings.Contains(page, demo.UnitCode) {
			t.Errorf("%s sees the demo commune in the unit list", who)
		}
	}
	adminExpectUnchanged(t, s.DB, before, "another unit's administrator")
}

// loginAdmin logs the demo administrator in and returns the session's CSRF token.
func adminLogin(t *testing.T, s *testServer) string {
	t.Helper()
	if resp, _ := s.login(t, "admin", demo.Password); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("admin login: %d", resp.StatusCode)
	}
	_, page := s.get(t, "/quan-tri")
	return csrfFrom(t, page)
}

// adminFieldError returns the text of the error shown beside field name, or "".
func adminFieldError(page, name string) string {
	re := regexp.MustCompile(`(?s)id="f-` + regexp.QuoteMeta(name) + `-error"[^>]*>(.*?)</(?:p|div)>`)
	m := re.FindStringSubmatch(page)
	if m == nil {
		return ""
	}
	return html.UnescapeString(regexp.MustCompile(`<[^>]+>`).ReplaceAllString(m[1], " "))
}

// adminInputValue returns the value attribute of the input named name, or "".
func adminInputValue(page, name string) string {
	m := regexp.MustCompile(`<input[^>]* name="` + regexp.QuoteMeta(name) + `"[^>]* value="([^"]*)"`).FindStringSubmatch(page)
	if m == nil {
		return ""
	}
	return html.UnescapeString(m[1])
}

func adminValidUnitForm(csrf string) url.Values {
	return url.Values{"csrf": {csrf}, "parent": {demo.UnitCode}, "code": {"000.00.08.H56"}, "name": {"Thôn Mới"},
		"kind": {"commune"}, "weekdays": {"1", "2", "3", "4", "5"}, "hours": {"07:00-11:30, 13:30-17:00"}}
}

func TestAdminFormsRefuseBadInputBesideTheField(t *testing.T) {
	s := newTestServer(t, Options{})
	token := adminLogin(t, s)
	ctx := context.Background()
	hotich, err := s.DB.OfficerByUsername(ctx, "hotich")
	if err != nil {
		t.Fatal(err)
	}
	_, editPage := s.get(t, "/quan-tri/thu-tuc/"+adminBirthCode+"/sua")
	yamlText := html.UnescapeString(regexp.MustCompile(`(?s)<textarea[^>]*name="yaml"[^>]*>\n?(.*?)</textarea>`).FindStringSubmatch(editPage)[1])
	if !strings.HasPrefix(yamlText, `code: "1.001193"`) {
		t.Fatalf("the edit form's YAML starts %q", yamlText[:min(40, len(yamlText))])
	}
	lines := strings.SplitN(yamlText, "\n", 3)
	unknownKey := lines[0] + "\n" + lines[1] + "\nphi_le_phi: 5000\n" + lines[2]

	for _, c := range []struct {
		name, path string
		form       url.Values
		status     int
		field      string
		want       string // in the message beside the field
		kept       [2]string
	}{
		{"bad unit identifier", "/quan-tri/don-vi/moi",
			adminWith(adminValidUnitForm(token), "code", "00.00.08.H56"), 400, "code", "không đúng dạng NNN.NN.NN.XNN", [2]string{"code", "00.00.08.H56"}},
		{"bad identifier on edit", "/quan-tri/don-vi/" + demo.UnitCode,
			adminWith(adminValidUnitForm(token), "code", "000.00.06.h56"), 400, "code", "không đúng dạng", [2]string{"name", "Thôn Mới"}},
		{"duplicate identifier", "/quan-tri/don-vi/moi",
			adminWith(adminValidUnitForm(token), "code", demo.UnitCode), 409, "code", "đã tồn tại", [2]string{"name", "Thôn Mới"}},
		{"no working weekday", "/quan-tri/don-vi/moi",
			adminWith(adminValidUnitForm(token), "weekdays", ""), 400, "weekdays", "ít nhất một ngày", [2]string{"code", "000.00.08.H56"}},
		{"bad hours", "/quan-tri/don-vi/moi",
			adminWith(adminValidUnitForm(token), "hours", "7h-11h"), 400, "hours", "HH:MM", [2]string{"hours", "7h-11h"}},
		{"duplicate username", "/quan-tri/can-bo/moi",
			url.Values{"csrf": {token}, "unit": {demo.UnitCode}, "username": {"hotich"}, "full_name": {"Người Trùng Tên"},
				"roles": {"reception"}, "password": {"mat-khau-dai-du"}}, 409, "username", "đã được dùng", [2]string{"full_name", "Người Trùng Tên"}},
		{"short password", "/quan-tri/can-bo/moi",
			url.Values{"csrf": {token}, "unit": {demo.UnitCode}, "username": {"moi1"}, "full_name": {"Lê Văn Mới"},
				"roles": {"reception"}, "password": {"ngan"}}, 400, "password", "ít nhất 8 ký tự", [2]string{"username", "moi1"}},
		{"specialist without a field", "/quan-tri/can-bo/moi",
			url.Values{"csrf": {token}, "unit": {demo.UnitCode}, "username": {"moi2"}, "full_name": {"Lê Văn Hai"},
				"roles": {"specialist"}, "password": {"mat-khau-dai-du"}}, 400, "fields", "ít nhất một lĩnh vực", [2]string{"username", "moi2"}},
		{"short password on reset", "/quan-tri/can-bo/" + hotich.ID + "/mat-khau",
			url.Values{"csrf": {token}, "password": {"1234567"}}, 400, "password", "ít nhất 8 ký tự", [2]string{}},
		{"token without a name", "/quan-tri/can-bo/" + hotich.ID + "/ma-api",
			url.Values{"csrf": {token}, "token_name": {""}}, 400, "token_name", "Đặt tên", [2]string{}},
		{"admin removes own admin role", "/quan-tri/can-bo/" + adminMustOfficer(t, s.DB, "admin").ID,
			url.Values{"csrf": {token}, "unit": {demo.UnitCode}, "full_name": {"Quản Trị"}, "roles": {"leader"}, "active": {"yes"}},
			400, "roles", "tự bỏ vai trò Quản trị", [2]string{"full_name", "Quản Trị"}},
		{"procedure YAML with an unknown key", "/quan-tri/thu-tuc/" + adminBirthCode + "/sua",
			url.Values{"csrf": {token}, "base": {"1"}, "yaml": {unknownKey}}, 400, "yaml", "Dòng 3: phi_le_phi: khoá này không có", [2]string{}},
		{"procedure YAML naming another procedure", "/quan-tri/thu-tuc/" + adminBirthCode + "/sua",
			url.Values{"csrf": {token}, "base": {"1"}, "yaml": {strings.Replace(yamlText, adminBirthCode, "1.000894", 1)}}, 400, "yaml", "phải giữ là 1.001193", [2]string{}},
		{"procedure edited from an old version", "/quan-tri/thu-tuc/" + adminBirthCode + "/sua",
			url.Values{"csrf": {token}, "base": {"0"}, "yaml": {yamlText}}, 409, "yaml", "đã có phiên bản 1", [2]string{}},
		{"date outside the range", "/quan-tri/ngay-nghi",
			url.Values{"csrf": {token}, "unit": {demo.UnitCode}, "kind": {"off"}, "date": {"2150-01-01"}, "name": {"Ngày xa"}},
			400, "date", "nằm ngoài khoảng cho phép", [2]string{"name", "Ngày xa"}},
		{"impossible date", "/quan-tri/ngay-nghi",
			url.Values{"csrf": {token}, "unit": {demo.UnitCode}, "kind": {"off"}, "date": {"2026-02-30"}, "name": {"Ngày ba mươi"}},
			400, "date", "không hợp lệ", [2]string{"name", "Ngày ba mươi"}},
		{"day without a name", "/quan-tri/ngay-nghi",
			url.Values{"csrf": {token}, "unit": {demo.UnitCode}, "kind": {"off"}, "date": {"2026-06-10"}, "name": {" "}},
			400, "name", "Nhập tên", [2]string{"date", "2026-06-10"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			before := adminReadState(t, s.DB)
			resp, body := s.post(t, c.path, c.form)
			if resp.StatusCode != c.status {
				t.Errorf("status %d, want %d", resp.StatusCode, c.status)
			}
			if got := adminFieldError(body, c.field); !strings.Contains(got, c.want) {
				t.Errorf("beside %s: %q, want it to say %q", c.field, got, c.want)
			}
			if !strings.Contains(body, `aria-describedby="`) || !strings.Contains(body, `id="f-`+c.field+`-error"`) {
				t.Errorf("the error is not tied to the field %s", c.field)
			}
			if c.kept[0] != "" {
				if got := adminInputValue(body, c.kept[0]); got != c.kept[1] {
					t.Errorf("%s shows %q after the error, want what was typed, %q", c.kept[0], got, c.kept[1])
				}
			}
			if c.field == "yaml" && !strings.Contains(body, html.EscapeString(strings.SplitN(c.form.Get("yaml"), "\n", 2)[0])) {
				t.Error("the YAML typed is not kept")
			}
			adminExpectUnchanged(t, s.DB, before, c.name)
		})
	}
}

func adminWith(v url.Values, key, value string) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	if value == "" {
		out.Del(key)
	} else {
		out.Set(key, value)
	}
	return out
}

func adminMustOfficer(t *testing.T, db *store.DB, username string) *staff.Officer {
	t.Helper()
	o, err := db.OfficerByUsername(context.Background(), username)
	if err != nil {
		t.Fatal(err)
	}
	return o
}

// The admin's changes are stored NFC-normalised and audited, and show in
// the overview's recent changes.
func TestAdminChangesAreNormalisedAndAudited(t *testing.T) {
	s := newTestServer(t, Options{})
	token := adminLogin(t, s)
	ctx := context.Background()

	decomposed := "Tho\u0302n Mo\u031b\u0301i" // "Thôn Mới" typed with combining marks
	resp, body := s.post(t, "/quan-tri/don-vi/moi", adminWith(adminValidUnitForm(token), "name", decomposed))
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("create unit: %d\n%s", resp.StatusCode, body)
	}
	u, err := s.DB.UnitByCode(ctx, "000.00.08.H56")
	if err != nil {
		t.Fatal(err)
	}
	if u.Name != "Thôn Mới" || u.ParentID == "" {
		t.Errorf("stored unit name %q (parent %q), want NFC and below the commune", u.Name, u.ParentID)
	}
	resp, _ = s.post(t, "/quan-tri/can-bo/moi", url.Values{"csrf": {token}, "unit": {"000.00.08.H56"}, "username": {"ChuyenVien"},
		"full_name": {"Nguye\u0302\u0303n Va\u0306n Ba"}, "roles": {"specialist"}, "fields": {"HT"}, "password": {"mat-khau-dai-du"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("create officer: %d", resp.StatusCode)
	}
	o := adminMustOfficer(t, s.DB, "chuyenvien")
	if o.FullName != "Nguyễn Văn Ba" || !o.Owns("HT") || !o.Active || o.UnitID != u.ID {
		t.Errorf("stored officer %+v", o)
	}
	if _, err := s.DB.Authenticate(ctx, "chuyenvien", "mat-khau-dai-du"); err != nil {
		t.Errorf("the initial password does not work: %v", err)
	}
	_, page := s.get(t, "/quan-tri")
	for _, want := range []string{"Cán bộ · tạo mới", "chuyenvien", "Đơn vị · tạo mới", "000.00.08.H56"} {
		if !strings.Contains(page, want) {
			t.Errorf("the overview's recent changes lack %q", want)
		}
	}
}

// A merge asks to confirm first; only the confirmation merges.
func TestAdminMergeNeedsConfirmation(t *testing.T) {
	s := newTestServer(t, Options{})
	token := adminLogin(t, s)
	ctx := context.Background()
	for _, code := range []string{"000.00.08.H56", "000.00.09.H56"} {
		if resp, _ := s.post(t, "/quan-tri/don-vi/moi", adminWith(adminValidUnitForm(token), "code", code)); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("create %s: %d", code, resp.StatusCode)
		}
	}
	path := "/quan-tri/don-vi/000.00.08.H56/sap-nhap"
	resp, body := s.post(t, path, url.Values{"csrf": {token}, "successor": {"000.00.09.H56"}})
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, `name="confirm" value="yes"`) {
		t.Fatalf("first step: %d, no confirmation form", resp.StatusCode)
	}
	if u, _ := s.DB.UnitByCode(ctx, "000.00.08.H56"); !u.Active() {
		t.Fatal("the unit was merged before the confirmation")
	}
	if resp, body := s.post(t, path, url.Values{"csrf": {token}, "successor": {demo.UnitCode + "x"}, "confirm": {"yes"}}); resp.StatusCode != 400 ||
		adminFieldError(body, "successor") == "" {
		t.Errorf("an unknown successor: %d, error %q", resp.StatusCode, adminFieldError(body, "successor"))
	}
	if resp, _ := s.post(t, path, url.Values{"csrf": {token}, "successor": {"000.00.09.H56"}, "confirm": {"yes"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("confirmed merge: %d", resp.StatusCode)
	}
	from, _ := s.DB.UnitByCode(ctx, "000.00.08.H56")
	to, _ := s.DB.UnitByCode(ctx, "000.00.09.H56")
	if from.SuccessorID != to.ID || from.MergedAt == nil {
		t.Errorf("after the merge: %+v", from)
	}
	_, list := s.get(t, "/quan-tri/don-vi")
	if !strings.Contains(list, "Đã sáp nhập") || strings.Contains(list, `href="/quan-tri/don-vi/000.00.08.H56"`) {
		t.Error("the list does not show the merged unit as merged, or still offers to edit it")
	}
	if resp, _ := s.get(t, "/quan-tri/don-vi/000.00.08.H56"); resp.StatusCode != http.StatusConflict {
		t.Errorf("editing a merged unit: %d, want 409", resp.StatusCode)
	}
	// The administrator's own unit is merged by the unit above, not by them.
	if resp, _ := s.get(t, "/quan-tri/don-vi/"+demo.UnitCode+"/sap-nhap"); resp.StatusCode != http.StatusForbidden {
		t.Errorf("merging one's own unit: %d, want 403", resp.StatusCode)
	}
}

// An API token is shown once, not cached, and works.
func TestAdminIssuesAPITokenOnce(t *testing.T) {
	s := newTestServer(t, Options{})
	token := adminLogin(t, s)
	o := adminMustOfficer(t, s.DB, "kinhte")
	resp, body := s.post(t, "/quan-tri/can-bo/"+o.ID+"/ma-api", url.Values{"csrf": {token}, "token_name": {"Phần mềm kế toán"}})
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("issue: %d, Cache-Control %q", resp.StatusCode, resp.Header.Get("Cache-Control"))
	}
	m := regexp.MustCompile(`value="(mct_[^"]+)"`).FindStringSubmatch(body)
	if m == nil || !strings.Contains(body, "chỉ hiển thị một lần") {
		t.Fatal("the page does not show the token with its warning")
	}
	got, err := s.DB.OfficerByToken(context.Background(), m[1])
	if err != nil || got.ID != o.ID {
		t.Errorf("the token shown is not the officer's: %v", err)
	}
	if _, page := s.get(t, "/quan-tri/can-bo/"+o.ID); strings.Contains(page, m[1]) {
		t.Error("the token is shown again")
	}
}

// The YAML the edit form shows reads back, through the form's parser, to
// the same procedure, for every shipped procedure; an error's line is the
// line in the form's text.
func TestAdminProcedureYAMLRoundTrip(t *testing.T) {
	c, err := catalogue.LoadShipped()
	if err != nil {
		t.Fatal(err)
	}
	for i := range c.Procedures {
		p := &c.Procedures[i]
		text, err := adminProcedureYAML(c.Fields, p)
		if err != nil {
			t.Fatal(err)
		}
		got, problems, err := adminParseProcedureYAML(c.Fields, strings.ReplaceAll(text, "\n", "\r\n"))
		if err != nil || problems != nil {
			t.Fatalf("%s: %v %v", p.Code, err, problems)
		}
		if diff := cmp.Diff(p, got); diff != "" {
			t.Errorf("%s (-shipped +read back):\n%s", p.Code, diff)
		}
	}
	text, _ := adminProcedureYAML(c.Fields, &c.Procedures[0])
	bad := strings.Replace(text, "time_limit:", "time_limt:", 1)
	line := strings.Count(text[:strings.Index(text, "time_limit:")], "\n") + 1
	_, problems, err := adminParseProcedureYAML(c.Fields, "\n\n"+bad)
	if err != nil || len(problems) == 0 {
		t.Fatalf("a misspelt key: %v %v", err, problems)
	}
	if want := "Dòng " + strconv.Itoa(line+2) + ": time_limt:"; !strings.HasPrefix(problems[0], want) {
		t.Errorf("problem %q, want it to start %q", problems[0], want)
	}
}

// newJar is an empty cookie jar: a fresh browser session.
func adminNewJar() (http.CookieJar, error) { return cookiejar.New(nil) }

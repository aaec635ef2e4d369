package web

import (
	"bytes"
	"context"
	"html"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/demo"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/report"
	"github.com/motcua/motcua/internal/staff"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/unit"
)

// Plain HTTP tests of the officer workspace: who sees which dossier, who
// may act, what bad input does, the documents and the exports. The browser
// tests are in office_browser_test.go.

const (
	officeExtractCopy = "2.000635" // Cấp bản sao trích lục hộ tịch: HT, fixed fee
	officeBirthReg    = "1.001193" // Đăng ký khai sinh: HT, free, online, letter
)

// officeSession is a client logged in as one officer, with its CSRF token.
type officeSession struct {
	*testServer
	csrf string
}

// officeLogin logs username in on a fresh cookie jar.
func (s *testServer) officeLogin(t testing.TB, username string) *officeSession {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	c := &testServer{URL: s.URL, DB: s.DB, Client: &http.Client{Jar: jar, CheckRedirect: s.Client.CheckRedirect}}
	resp, _ := c.login(t, username, demo.Password)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("login %s = %d", username, resp.StatusCode)
	}
	_, page := c.get(t, "/can-bo")
	return &officeSession{testServer: c, csrf: csrfFrom(t, page)}
}

// act posts an action form with the session's CSRF token.
func (o *officeSession) act(t *testing.T, path string, form url.Values) (*http.Response, string) {
	t.Helper()
	if form == nil {
		form = url.Values{}
	}
	form.Set("csrf", o.csrf)
	return o.post(t, path, form)
}

func officeOfficer(t testing.TB, db *store.DB, username string) *staff.Officer {
	t.Helper()
	o, err := db.OfficerByUsername(context.Background(), username)
	if err != nil {
		t.Fatal(err)
	}
	return o
}

// officeIntake creates a dossier of procedure code in the demo commune
// with every required component: at the counter by tiepnhan1, or online.
func officeIntake(t testing.TB, db *store.DB, code string, ch dossier.Channel) *dossier.Dossier {
	t.Helper()
	ctx := context.Background()
	pv, err := db.ProcedureByCode(ctx, code)
	if err != nil {
		t.Fatal(err)
	}
	u, err := db.UnitByCode(ctx, demo.UnitCode)
	if err != nil {
		t.Fatal(err)
	}
	in := dossier.Intake{Channel: ch, Applicant: dossier.Applicant{FullName: "Trần Văn Bình", IDNumber: "079203001234",
		Phone: "0912345678", Address: "Thôn 1, xã Đạ Tẻh"}}
	for _, c := range pv.Procedure.Components {
		if c.Required {
			in.Components = append(in.Components, dossier.Component{Name: c.Name})
		}
	}
	for _, k := range dossier.DeclarationFor(pv.Procedure.Letter) {
		if dk := dossier.DeclarationKeys[k]; dk.Required {
			in.Declaration = map[string]string{"child_name": "Trần Bảo An", "child_birth_date": "2025-01-02"}
		}
	}
	req := store.IntakeRequest{UnitID: u.ID, ProcedureCode: code, Intake: in}
	if ch != dossier.Online {
		req.Actor = officeOfficer(t, db, "tiepnhan1")
	}
	d, err := db.Intake(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func officeDossierOf(t *testing.T, db *store.DB, code string) *dossier.Dossier {
	t.Helper()
	d, err := db.Dossier(context.Background(), code)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// fieldError returns the text of the field error with HTML id id, or "".
func officeFieldError(page, id string) string {
	m := regexp.MustCompile(`id="` + regexp.QuoteMeta(id) + `"[^>]*>([^<]*)<`).FindStringSubmatch(page)
	if m == nil {
		return ""
	}
	return html.UnescapeString(m[1])
}

func TestOfficeOfficerOfAnotherUnitGetsNotFound(t *testing.T) {
	s := newTestServer(t, Options{BaseURL: func() string { return "http://motcua.test" }})
	ctx := context.Background()
	d := officeIntake(t, s.DB, officeExtractCopy, dossier.Counter)
	other := &unit.Unit{Code: "000.21.38.H56", Name: "UBND xã Bên Cạnh", Kind: unit.Commune}
	if err := s.DB.CreateUnit(ctx, other, "test"); err != nil {
		t.Fatal(err)
	}
	o := &staff.Officer{UnitID: other.ID, Username: "tiepnhan9", FullName: "Lý Thị Khác", Roles: []staff.Role{staff.Reception, staff.Leader}, Active: true}
	if err := s.DB.CreateOfficer(ctx, o, demo.Password, "test"); err != nil {
		t.Fatal(err)
	}
	stranger := s.officeLogin(t, "tiepnhan9")
	for _, path := range []string{"/can-bo/ho-so/" + d.Code, "/can-bo/ho-so/" + d.Code + "/giay-to/receipt.pdf", "/can-bo/tiep-nhan/" + d.Code} {
		if resp, _ := stranger.get(t, path); resp.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s by an officer of another unit = %d, want 404", path, resp.StatusCode)
		}
	}
	if resp, _ := stranger.act(t, "/can-bo/ho-so/"+d.Code+"/refuse", url.Values{"reason": {"thử"}}); resp.StatusCode != http.StatusNotFound {
		t.Errorf("POST refuse by an officer of another unit = %d, want 404", resp.StatusCode)
	}
	// The same officer of the unit sees it.
	if resp, _ := s.officeLogin(t, "tiepnhan2").get(t, "/can-bo/ho-so/"+d.Code); resp.StatusCode != http.StatusOK {
		t.Errorf("GET by reception of the unit = %d", resp.StatusCode)
	}
	if got := officeDossierOf(t, s.DB, d.Code); got.Version != d.Version {
		t.Errorf("the dossier changed: version %d -> %d", d.Version, got.Version)
	}
}

func TestOfficeSpecialistCannotApprove(t *testing.T) {
	s := newTestServer(t, Options{BaseURL: func() string { return "http://motcua.test" }})
	d := officeIntake(t, s.DB, officeExtractCopy, dossier.Counter)
	if d.Status != dossier.Processing || d.LeadID != officeOfficer(t, s.DB, "hotich").ID {
		t.Fatalf("the dossier was not routed to hotich: status %d lead %q", d.Status, d.LeadID)
	}
	spec := s.officeLogin(t, "hotich")
	path := "/can-bo/ho-so/" + d.Code
	_, page := spec.get(t, path)
	if !strings.Contains(page, `action="`+path+`/propose"`) {
		t.Error("the lead specialist sees no propose form")
	}
	if resp, _ := spec.act(t, path+"/propose", url.Values{"note": {"Đủ điều kiện"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("propose = %d", resp.StatusCode)
	}
	before := officeDossierOf(t, s.DB, d.Code)

	_, page = spec.get(t, path)
	if strings.Contains(page, `action="`+path+`/approve"`) {
		t.Error("the specialist sees the approve form")
	}
	if !strings.Contains(page, "Đã thực hiện: Trình kết quả") {
		t.Error("no flash message after the proposal")
	}
	resp, _ := spec.act(t, path+"/approve", url.Values{})
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("POST approve by the specialist = %d, want 403", resp.StatusCode)
	}
	after := officeDossierOf(t, s.DB, d.Code)
	if after.Status != before.Status || after.Version != before.Version {
		t.Errorf("the refused approval changed the dossier: status %d -> %d, version %d -> %d", before.Status, after.Status, before.Version, after.Version)
	}
	// A leader sees the form and approves.
	leader := s.officeLogin(t, "chutich")
	if _, page := leader.get(t, path); !strings.Contains(page, `action="`+path+`/approve"`) {
		t.Error("the leader sees no approve form")
	}
	// An electronic result needs its result paper: refused beside the box, nothing changes.
	resp, page = leader.act(t, path+"/approve", url.Values{"electronic_result": {"1"}})
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(officeFieldError(page, "act-approve-electronic_result-error"), "chưa có văn bản kết quả") {
		t.Fatalf("approve an electronic result without a paper = %d: %q", resp.StatusCode, officeFieldError(page, "act-approve-electronic_result-error"))
	}
	if got := officeDossierOf(t, s.DB, d.Code); got.Status != dossier.Processing || got.Version != after.Version {
		t.Fatalf("the refused approval changed the dossier: status %d version %d -> %d", got.Status, after.Version, got.Version)
	}
	// The leader has the result notice generated, sees it, and approves.
	if resp, _ := leader.act(t, path+"/ket-qua", url.Values{"source": {"generate"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("generate the result = %d", resp.StatusCode)
	}
	if _, page := leader.get(t, path); !strings.Contains(page, `id="approve-result-link"`) {
		t.Error("the approval form does not link to the result paper")
	}
	if resp, _ := leader.act(t, path+"/approve", url.Values{"electronic_result": {"1"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("approve by the leader = %d", resp.StatusCode)
	}
	if got := officeDossierOf(t, s.DB, d.Code); got.Status != dossier.Resolved || !got.ElectronicResult {
		t.Errorf("after approval: status %d, electronic result %v", got.Status, got.ElectronicResult)
	}
}

func TestOfficeBadInputShowsTheMessageBesideTheField(t *testing.T) {
	s := newTestServer(t, Options{BaseURL: func() string { return "http://motcua.test" }})
	ctx := context.Background()
	rec := s.officeLogin(t, "tiepnhan1")
	count := func() int {
		n, err := s.DB.CountDossiers(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}

	t.Run("intake", func(t *testing.T) {
		_, form := rec.get(t, "/can-bo/tiep-nhan?thu-tuc="+officeExtractCopy)
		key := regexp.MustCompile(`name="key" value="([^"]+)"`).FindStringSubmatch(form)
		if key == nil {
			t.Fatal("no idempotency key in the form")
		}
		n := count()
		resp, page := rec.act(t, "/can-bo/tiep-nhan", url.Values{"procedure": {officeExtractCopy}, "key": {key[1]}, "channel": {"1"},
			"applicant.kind": {"person"}, "applicant.full_name": {""}, "applicant.id_number": {"12345"}, "applicant.phone": {"0912 345 678"},
			"components.0.received": {"1"}, "components.0.count": {"1"}, "components.0.kind": {"original"}, "components.0.digitisation": {"none"},
			"sets": {"hai"}, "copies": {"1"}})
		if resp.StatusCode != http.StatusBadRequest {
			t.Fatalf("bad intake = %d, want 400", resp.StatusCode)
		}
		for id, want := range map[string]string{
			"f-applicant-full_name-error": "vui lòng nhập họ và tên",
			"f-applicant-id_number-error": "số định danh phải có 12 chữ số",
			"f-components-1-error":        "thiếu giấy tờ bắt buộc",
			"f-sets-error":                "không phải là số",
		} {
			if got := officeFieldError(page, id); !strings.Contains(got, want) {
				t.Errorf("%s = %q, want it to say %q", id, got, want)
			}
		}
		if !strings.Contains(page, `aria-describedby="f-applicant-id_number-error"`) {
			t.Error("the ID input does not point at its message")
		}
		if !strings.Contains(page, `value="0912 345 678"`) || !strings.Contains(page, `value="`+key[1]+`"`) {
			t.Error("the form lost what was typed or its idempotency key")
		}
		if count() != n {
			t.Error("a dossier was saved from bad input")
		}
	})

	t.Run("intake twice with one key", func(t *testing.T) {
		_, form := rec.get(t, "/can-bo/tiep-nhan?thu-tuc="+officeExtractCopy)
		key := regexp.MustCompile(`name="key" value="([^"]+)"`).FindStringSubmatch(form)[1]
		n := count()
		v := url.Values{"procedure": {officeExtractCopy}, "key": {key}, "channel": {"1"}, "applicant.kind": {"person"},
			"applicant.full_name": {"Phạm Thị Cúc"}, "applicant.id_number": {"079203001235"}, "copies": {"2"}, "sets": {"1"}}
		for i := range 2 {
			v.Set("components."+string(rune('0'+i))+".received", "1")
		}
		first, _ := rec.act(t, "/can-bo/tiep-nhan", v)
		second, _ := rec.act(t, "/can-bo/tiep-nhan", v)
		if first.StatusCode != http.StatusSeeOther || second.StatusCode != http.StatusSeeOther {
			t.Fatalf("intakes = %d, %d", first.StatusCode, second.StatusCode)
		}
		if a, b := first.Header.Get("Location"), second.Header.Get("Location"); a != b {
			t.Errorf("a double submission made two dossiers: %s and %s", a, b)
		}
		if got := count(); got != n+1 {
			t.Errorf("%d dossiers made, want 1", got-n)
		}
		code := strings.TrimPrefix(first.Header.Get("Location"), "/can-bo/tiep-nhan/")
		if d := officeDossierOf(t, s.DB, code); d.Payment.Due != 16000 {
			t.Errorf("fee for 2 copies = %d, want 16000", d.Payment.Due)
		}
		_, done := rec.get(t, first.Header.Get("Location"))
		if !strings.Contains(done, `href="/can-bo/ho-so/`+code+`/giay-to/receipt.pdf"`) || !strings.Contains(done, `href="/can-bo/tiep-nhan"`) {
			t.Error("the intake result lacks the receipt link or the next-intake button")
		}
	})

	t.Run("action", func(t *testing.T) {
		d := officeIntake(t, s.DB, officeBirthReg, dossier.Online)
		path := "/can-bo/ho-so/" + d.Code
		resp, page := rec.act(t, path+"/refuse", url.Values{"reason": {"  "}})
		if resp.StatusCode != http.StatusBadRequest {
			t.Fatalf("refuse without a reason = %d, want 400", resp.StatusCode)
		}
		if got := officeFieldError(page, "act-refuse-reason-error"); got != "vui lòng nêu rõ lý do" {
			t.Errorf("reason error = %q", got)
		}
		resp, page = rec.act(t, path+"/request_supplement", url.Values{"reason": {"Thiếu giấy chứng sinh"}, "items": {"\n"}})
		if resp.StatusCode != http.StatusBadRequest || officeFieldError(page, "act-request_supplement-items-error") == "" {
			t.Errorf("supplement without items = %d, message %q", resp.StatusCode, officeFieldError(page, "act-request_supplement-items-error"))
		}
		if !strings.Contains(page, ">Thiếu giấy chứng sinh</textarea>") {
			t.Error("the supplement form lost the reason typed")
		}
		if got := officeDossierOf(t, s.DB, d.Code); got.Status != dossier.New || got.Version != d.Version {
			t.Errorf("bad input changed the dossier: status %d version %d", got.Status, got.Version)
		}
	})

	t.Run("apology days", func(t *testing.T) {
		d := officeIntake(t, s.DB, officeExtractCopy, dossier.Counter)
		spec := s.officeLogin(t, "hotich")
		resp, page := spec.act(t, "/can-bo/ho-so/"+d.Code+"/draft_apology", url.Values{"reason": {"Cần xác minh"}, "extend_days": {"ba"}})
		if resp.StatusCode != http.StatusBadRequest || !strings.Contains(officeFieldError(page, "act-draft_apology-extend_days-error"), "không phải là số") {
			t.Errorf("apology with days %q = %d, message %q", "ba", resp.StatusCode, officeFieldError(page, "act-draft_apology-extend_days-error"))
		}
		if got := officeDossierOf(t, s.DB, d.Code); got.Apology != nil {
			t.Error("an apology was drafted from bad input")
		}
	})

	t.Run("dashboard", func(t *testing.T) {
		for _, c := range []struct{ query, id, want string }{
			{"from=2025-03-01&to=2025-02-01", "f-to-error", "trước khi bắt đầu"},
			{"from=2015-01-01&to=2025-02-01", "f-to-error", "quá 5 năm"},
			{"from=2025-02-30&to=2025-03-01", "f-from-error", "không hợp lệ"},
			{"field=XYZ", "f-field-error", "không có trong danh mục"},
			{"channel=7", "f-channel-error", "không hợp lệ"},
		} {
			resp, page := rec.get(t, "/can-bo/thong-ke?"+c.query)
			if resp.StatusCode != http.StatusBadRequest {
				t.Errorf("%s = %d, want 400", c.query, resp.StatusCode)
			}
			if got := officeFieldError(page, c.id); !strings.Contains(got, c.want) {
				t.Errorf("%s: %s = %q, want %q", c.query, c.id, got, c.want)
			}
			if strings.Contains(page, `class="tiles"`) {
				t.Errorf("%s: figures shown for bad input", c.query)
			}
		}
		if resp, _ := rec.get(t, "/can-bo/thong-ke/chi-so.csv?field=XYZ"); resp.StatusCode != http.StatusBadRequest {
			t.Errorf("export with an unknown field = %d, want 400", resp.StatusCode)
		}
	})
}

func TestOfficeDocumentsAndExports(t *testing.T) {
	s := newTestServer(t, Options{BaseURL: func() string { return "http://motcua.test" }})
	d := officeIntake(t, s.DB, officeExtractCopy, dossier.Counter)
	rec := s.officeLogin(t, "tiepnhan1")

	resp, body := rec.get(t, "/can-bo/ho-so/"+d.Code+"/giay-to/receipt.pdf")
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(body, "%PDF-") {
		t.Errorf("receipt = %d %q %q", resp.StatusCode, resp.Header.Get("Content-Type"), body[:min(len(body), 8)])
	}
	if cd := resp.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, "inline") {
		t.Errorf("receipt disposition %q, want inline", cd)
	}
	if resp, _ := rec.get(t, "/can-bo/ho-so/"+d.Code+"/giay-to/handover.pdf"); resp.StatusCode != http.StatusConflict {
		t.Errorf("handover before the return = %d, want 409", resp.StatusCode)
	}
	if resp, _ := rec.get(t, "/can-bo/ho-so/"+d.Code+"/giay-to/nothing.pdf"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("unknown document = %d, want 404", resp.StatusCode)
	}

	q := "?from=2020-01-01&to=2024-12-31"
	resp, body = rec.get(t, "/can-bo/thong-ke/chi-so.xlsx"+q)
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(body, "PK\x03\x04") {
		t.Errorf("indicators XLSX = %d, starts %q", resp.StatusCode, body[:min(len(body), 4)])
	}
	resp, body = rec.get(t, "/can-bo/thong-ke/ho-so.xlsx")
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(body, "PK\x03\x04") {
		t.Errorf("dossiers XLSX = %d", resp.StatusCode)
	}
	resp, body = rec.get(t, "/can-bo/thong-ke/chi-so.csv")
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(body, "\uFEFFKỳ báo cáo,") || !strings.Contains(body, "Chỉ tiêu,Giá trị") ||
		!strings.Contains(body, report.Label("before_deadline_pct", "vi")) {
		t.Errorf("indicators CSV = %d:\n%s", resp.StatusCode, body)
	}
	resp, body = rec.get(t, "/can-bo/thong-ke/ho-so.csv")
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(body, "\uFEFFMã hồ sơ,Thủ tục,Người nộp") || !strings.Contains(body, d.Code) {
		t.Errorf("dossiers CSV = %d:\n%s", resp.StatusCode, body)
	}
	if day := d.ReceivedAt.In(vnZone).Format("02/01/2006"); !strings.Contains(body, day) {
		t.Errorf("dossiers CSV lacks the date %s as dd/mm/yyyy", day)
	}
	if resp, _ := rec.get(t, "/can-bo/thong-ke/khac.pdf"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("unknown export = %d", resp.StatusCode)
	}
	if !bytes.Contains([]byte(body), []byte("Trần Văn Bình")) {
		t.Error("dossiers CSV lacks the applicant")
	}
}

func TestOfficeDossierPageMasksTheIDExceptForReception(t *testing.T) {
	s := newTestServer(t, Options{})
	d := officeIntake(t, s.DB, officeExtractCopy, dossier.Counter)
	path := "/can-bo/ho-so/" + d.Code
	if _, page := s.officeLogin(t, "tiepnhan1").get(t, path); !strings.Contains(page, "079203001234") {
		t.Error("reception does not see the ID number")
	}
	_, page := s.officeLogin(t, "hotich").get(t, path)
	if strings.Contains(page, "079203001234") || !strings.Contains(page, "********1234") {
		t.Error("the specialist sees the ID number unmasked")
	}
	for _, want := range []string{"Trình kết quả", "Quá trình xử lý", "Đặng Thị Mỹ Duyên", "Lê Thị Hoà", "Giấy tiếp nhận hồ sơ và hẹn trả kết quả"} {
		if !strings.Contains(page, want) {
			t.Errorf("the dossier page lacks %q", want)
		}
	}
}

func TestOfficeQueues(t *testing.T) {
	s := newTestServer(t, Options{})
	online := officeIntake(t, s.DB, officeBirthReg, dossier.Online)
	counter := officeIntake(t, s.DB, officeExtractCopy, dossier.Counter)
	_, page := s.officeLogin(t, "tiepnhan1").get(t, "/can-bo")
	online1 := strings.Index(page, `id="online"`)
	if online1 < 0 || !strings.Contains(page[online1:], online.Code) {
		t.Error("reception's queue lacks the online dossier")
	}
	if !strings.Contains(page, `href="/can-bo/tiep-nhan" accesskey="n"`) {
		t.Error("no counter intake shortcut")
	}
	_, page = s.officeLogin(t, "hotich").get(t, "/can-bo")
	if i := strings.Index(page, `id="mine"`); i < 0 || !strings.Contains(page[i:], counter.Code) {
		t.Error("the specialist's queue lacks the dossier routed to her")
	}
	if strings.Contains(page, `id="online"`) || strings.Contains(page, `id="approval"`) {
		t.Error("the specialist sees reception's or leaders' queues")
	}
	_, page = s.officeLogin(t, "chutich").get(t, "/can-bo")
	if !strings.Contains(page, `id="approval"`) || !strings.Contains(page, `id="overdue"`) {
		t.Error("the leader lacks the approval or overdue queue")
	}
	if resp, _ := s.officeLogin(t, "hotich").get(t, "/can-bo/tiep-nhan"); resp.StatusCode != http.StatusForbidden {
		t.Errorf("counter intake by a specialist = %d, want 403", resp.StatusCode)
	}
}

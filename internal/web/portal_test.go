package web

import (
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"html"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/filestore/filestoretest"

	"github.com/motcua/motcua/internal/demo"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/staff"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/unit"
)

// Plain HTTP tests of the citizen portal: online submission, status lookup
// and rating, news; the browser tests are in portal_browser_test.go.

const (
	portalBirth   = "1.001193" // birth registration: online, a letter rule, three required components
	portalCounter = "2.000884" // signature certification: at the counter only
)

var (
	portalPDF  = filestoretest.MustPDF(1, "to khai")
	portalPNG  = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00")
	portalJPEG = []byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9")
	portalEXE  = []byte("MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00PE\x00\x00")
	portalHTML = []byte("<!doctype html><html><body><script>alert(1)</script></body></html>")
)

var idemInput = regexp.MustCompile(`name="idem" value="([^"]+)"`)

// portalFile is one file part of a submission.
type portalFile struct {
	field, name string
	data        []byte
}

// goodSubmission is a complete birth registration, sent as "Gửi hồ sơ" on
// the check of answers sends it: the applicant, the answers to the form
// (the declaration, component 0, is generated from them) and the files.
func goodSubmission() (url.Values, []portalFile) {
	v := url.Values{
		"kind": {"person"}, "full_name": {"Nguyễn Thị Lan"}, "id_number": {"068190001234"}, "birth_date": {"1990-05-12"},
		"phone": {"0912345678"}, "email": {"lan@example.com"}, "address": {"Thôn 3, xã Đạ Tẻh"},
		"declaration.declarant_relation": {"Mẹ"},
		"declaration.child_name":         {"Nguyễn Văn An"}, "declaration.child_birth_date": {"2025-02-20"}, "declaration.child_sex": {"Nam"},
		"declaration.child_birth_place": {"Trạm y tế xã Đạ Tẻh"}, "declaration.child_ethnicity": {"Kinh"},
		"declaration.child_nationality": {"Việt Nam"}, "declaration.child_home_town": {"xã Đạ Tẻh, tỉnh Lâm Đồng"},
		"declaration.mother_name": {"Nguyễn Thị Lan"}, "declaration.mother_birth_year": {"1990"},
		"agree": {"1"}, uxConfirmField: {"1"},
	}
	return v, []portalFile{
		{"component-1", "giay-chung-sinh.png", portalPNG},
		{"component-2", "can-cuoc.jpg", portalJPEG},
	}
}

// submitForm opens the submission form and returns its CSRF token and key.
func (s *testServer) submitForm(t *testing.T, code string) (csrf, key string) {
	t.Helper()
	resp, page := s.get(t, "/nop-ho-so/"+code)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /nop-ho-so/%s = %d", code, resp.StatusCode)
	}
	m := idemInput.FindStringSubmatch(page)
	if m == nil {
		t.Fatal("no idempotency key in the form")
	}
	return csrfFrom(t, page), m[1]
}

// postMultipart posts fields (the CSRF token first) and files as multipart/form-data.
func (s *testServer) postMultipart(t *testing.T, path, csrf string, fields url.Values, files []portalFile) (*http.Response, string) {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("csrf", csrf)
	for k, vs := range fields {
		for _, v := range vs {
			mw.WriteField(k, v)
		}
	}
	for _, f := range files {
		w, err := mw.CreateFormFile(f.field, f.name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(f.data)
	}
	mw.Close()
	resp, err := s.Client.Post(s.URL+path, mw.FormDataContentType(), &body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, readBody(t, resp)
}

// stored returns how many dossiers and files the database holds.
func stored(t *testing.T, db *store.DB) [2]int {
	t.Helper()
	ctx := context.Background()
	d, err := db.CountDossiers(ctx)
	if err != nil {
		t.Fatal(err)
	}
	f, err := db.CountFiles(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return [2]int{d, f}
}

func TestPortalSubmissionCreatesOneDossierWithItsFiles(t *testing.T) {
	s := newTestServer(t, Options{})
	ctx := context.Background()
	csrf, key := s.submitForm(t, portalBirth)
	fields, files := goodSubmission()
	fields.Set("idem", key)
	resp, _ := s.postMultipart(t, "/nop-ho-so/"+portalBirth, csrf, fields, files)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("submission = %d, want 303", resp.StatusCode)
	}
	confirm := resp.Header.Get("Location")
	if !strings.HasPrefix(confirm, "/nop-ho-so/da-nop?k=") {
		t.Fatalf("redirected to %q", confirm)
	}
	d, err := s.DB.DossierByIdempotencyKey(ctx, key)
	if err != nil {
		t.Fatal(err)
	}
	if d.Status != dossier.New || d.Channel != dossier.Online || d.Applicant.FullName != "Nguyễn Thị Lan" ||
		d.Declaration["child_name"] != "Nguyễn Văn An" {
		t.Errorf("dossier: status %v channel %v applicant %q declaration %v", d.Status, d.Channel, d.Applicant.FullName, d.Declaration)
	}
	got, err := s.DB.DossierFiles(ctx, d.ID)
	if err != nil {
		t.Fatal(err)
	}
	var types []string
	for _, f := range got {
		types = append(types, fmt.Sprintf("%d:%s:%s", f.Component, f.Name, f.ContentType))
	}
	if want := "1:giay-chung-sinh.png:image/png 2:can-cuoc.jpg:image/jpeg"; strings.Join(types, " ") != want {
		t.Errorf("files = %v, want %s", types, want)
	}
	// The declaration is generated from the answers: no file, and stored as answered.
	if c := d.Components[0]; !c.Generated || c.FileID != "" || c.Name != "Tờ khai đăng ký khai sinh" {
		t.Errorf("component 0 = %+v, want the declaration, generated", c)
	}
	if d.Declaration["child_birth_place"] != "Trạm y tế xã Đạ Tẻh" || d.Declaration["mother_birth_year"] != "1990" {
		t.Errorf("declaration = %v", d.Declaration)
	}

	// The confirmation shows the code prominently, and how to track it.
	resp, page := s.get(t, confirm)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("confirmation = %d", resp.StatusCode)
	}
	if !strings.Contains(page, `<p class="portal-code" id="dossier-code">`+d.Code+`</p>`) {
		t.Error("the confirmation does not show the dossier code")
	}
	if !strings.Contains(page, `href="/tra-cuu?ma=`+url.QueryEscape(d.Code)) && !strings.Contains(page, `href="/tra-cuu?ma=`+d.Code) {
		t.Error("the confirmation does not link to the lookup with the code")
	}
	if strings.Contains(page, "068190001234") || strings.Contains(page, "0912345678") {
		t.Error("the confirmation shows the applicant's numbers")
	}

	// The same form posted again (a double click, a retry): the same dossier.
	before := stored(t, s.DB)
	resp, _ = s.postMultipart(t, "/nop-ho-so/"+portalBirth, csrf, fields, files)
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != confirm {
		t.Errorf("second POST = %d to %q, want the same confirmation", resp.StatusCode, resp.Header.Get("Location"))
	}
	if after := stored(t, s.DB); after != before {
		t.Errorf("second POST: dossiers and files %v -> %v", before, after)
	}

	// A confirmation with a made-up key is not found.
	if resp, _ := s.get(t, "/nop-ho-so/da-nop?k="+randomToken()); resp.StatusCode != http.StatusNotFound {
		t.Errorf("confirmation of an unknown key = %d, want 404", resp.StatusCode)
	}
}

// fieldError returns the message shown beside field name, or "".
func fieldError(page, name string) string {
	m := regexp.MustCompile(`<p class="field-error" id="` + regexp.QuoteMeta(portalID(name)) + `-error">([^<]*)</p>`).FindStringSubmatch(page)
	if m == nil {
		return ""
	}
	return html.UnescapeString(m[1])
}

func TestPortalSubmissionBadInputIsExplainedAndStoresNothing(t *testing.T) {
	s := newTestServer(t, Options{MaxUpload: 4 << 10})
	big := append(append([]byte{}, portalPDF...), bytes.Repeat([]byte("0"), 5<<10)...)
	for _, c := range []struct {
		name   string
		change func(v url.Values, files []portalFile) []portalFile
		field  string
		want   string // a part of the message beside the field
	}{
		{"no name", func(v url.Values, f []portalFile) []portalFile { v.Set("full_name", ""); return f }, "full_name", "Vui lòng nhập họ và tên."},
		{"11-digit ID", func(v url.Values, f []portalFile) []portalFile { v.Set("id_number", "06819000123"); return f }, "id_number", "phải có 12 chữ số (hoặc 9 chữ số nếu là CMND cũ); bạn đã nhập 11 chữ số"},
		{"letters in the ID", func(v url.Values, f []portalFile) []portalFile { v.Set("id_number", "06819000123A"); return f }, "id_number", "chỉ gồm chữ số"},
		{"birth in the future", func(v url.Values, f []portalFile) []portalFile { v.Set("birth_date", "2999-01-01"); return f }, "birth_date", "Ngày sinh không thể ở tương lai."},
		{"bad phone", func(v url.Values, f []portalFile) []portalFile { v.Set("phone", "12345"); return f }, "phone", "cần 10 chữ số bắt đầu bằng 0"},
		{"bad email", func(v url.Values, f []portalFile) []portalFile { v.Set("email", "lan@"); return f }, "email", "Địa chỉ thư điện tử chưa đúng"},
		{"no address", func(v url.Values, f []portalFile) []portalFile { v.Set("address", " "); return f }, "address", "Vui lòng nhập địa chỉ nơi ở"},
		{"no child's name", func(v url.Values, f []portalFile) []portalFile { v.Del("declaration.child_name"); return f }, "declaration.child_name", "Vui lòng nhập “Họ, chữ đệm, tên (Người được khai sinh)”."},
		{"no ethnicity", func(v url.Values, f []portalFile) []portalFile { v.Set("declaration.child_ethnicity", "  "); return f }, "declaration.child_ethnicity", "Vui lòng nhập “Dân tộc (Người được khai sinh)”."},
		{"sex not one of the choices", func(v url.Values, f []portalFile) []portalFile { v.Set("declaration.child_sex", "X"); return f }, "declaration.child_sex", "Vui lòng chọn “Giới tính (Người được khai sinh)” trong danh sách."},
		{"father born in 1850", func(v url.Values, f []portalFile) []portalFile {
			v.Set("declaration.father_birth_year", "1850")
			return f
		}, "declaration.father_birth_year", "“Năm sinh (Cha)” phải từ 1900 đến "},
		{"the mother's year is not a year", func(v url.Values, f []portalFile) []portalFile {
			v.Set("declaration.mother_birth_year", "199")
			return f
		}, "declaration.mother_birth_year", "“Năm sinh (Mẹ)” là một năm gồm 4 chữ số"},
		{"child born in the future", func(v url.Values, f []portalFile) []portalFile {
			v.Set("declaration.child_birth_date", "2999-01-01")
			return f
		}, "declaration.child_birth_date", "không thể ở tương lai"},
		{"a required upload missing", func(v url.Values, f []portalFile) []portalFile { return f[1:] }, "component-1", "Vui lòng tải lên giấy tờ bắt buộc “Giấy chứng sinh hoặc giấy tờ thay thế Giấy chứng sinh”."},
		{"oversize upload", func(v url.Values, f []portalFile) []portalFile { f[0].data = big; return f }, "component-1", "vượt quá giới hạn 4 KB"},
		{"an exe renamed .pdf", func(v url.Values, f []portalFile) []portalFile {
			f[0] = portalFile{"component-1", "giay-chung-sinh.pdf", portalEXE}
			return f
		}, "component-1", "Tệp “giay-chung-sinh.pdf” của giấy tờ “Giấy chứng sinh hoặc giấy tờ thay thế Giấy chứng sinh” không phải tệp PDF, JPG hoặc PNG"},
		{"HTML bytes", func(v url.Values, f []portalFile) []portalFile {
			f[1] = portalFile{"component-2", "anh.png", portalHTML}
			return f
		}, "component-2", "không phải tệp PDF, JPG hoặc PNG"},
		{"not declared true", func(v url.Values, f []portalFile) []portalFile { v.Del("agree"); return f }, "agree", "Vui lòng đánh dấu ô cam đoan"},
	} {
		t.Run(c.name, func(t *testing.T) {
			before := stored(t, s.DB)
			csrf, key := s.submitForm(t, portalBirth)
			fields, files := goodSubmission()
			fields.Set("idem", key)
			files = c.change(fields, files)
			resp, page := s.postMultipart(t, "/nop-ho-so/"+portalBirth, csrf, fields, files)
			if resp.StatusCode != http.StatusBadRequest {
				t.Fatalf("status %d, want 400", resp.StatusCode)
			}
			if msg := fieldError(page, c.field); !strings.Contains(msg, c.want) {
				t.Errorf("message beside %s = %q, want it to contain %q", c.field, msg, c.want)
			}
			id := portalID(c.field)
			if c.field != "agree" && !regexp.MustCompile(`id="`+regexp.QuoteMeta(id)+`"[^>]*aria-describedby="[^"]*`+regexp.QuoteMeta(id)+`-error"[^>]*aria-invalid="true"`).MatchString(page) {
				t.Errorf("the %s control is not marked invalid and described by its error", c.field)
			}
			// What was typed is kept (the other fields at least).
			for _, kept := range []string{"full_name", "address", "declaration.child_birth_date"} {
				if c.field == kept || fields.Get(kept) == "" || strings.TrimSpace(fields.Get(kept)) == "" {
					continue
				}
				if !strings.Contains(page, `value="`+html.EscapeString(fields.Get(kept))+`"`) {
					t.Errorf("%s was not kept", kept)
				}
			}
			if !strings.Contains(page, `name="idem" value="`+key+`"`) {
				t.Error("the form lost its idempotency key")
			}
			if after := stored(t, s.DB); after != before {
				t.Errorf("dossiers and files %v -> %v: something was stored", before, after)
			}
		})
	}
}

func TestPortalCounterOnlyProcedureExplainsWhereToGo(t *testing.T) {
	s := newTestServer(t, Options{})
	resp, page := s.get(t, "/nop-ho-so/"+portalCounter)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d", resp.StatusCode)
	}
	if !strings.Contains(page, "Thủ tục này chưa nộp trực tuyến được") || strings.Contains(page, `type="file"`) {
		t.Error("the counter-only procedure does not explain where to go, or shows the form")
	}
	before := stored(t, s.DB)
	fields, files := goodSubmission()
	_, lookupPage := s.get(t, "/tra-cuu") // the page has no form: take the token from another
	resp, _ = s.postMultipart(t, "/nop-ho-so/"+portalCounter, csrfFrom(t, lookupPage), fields, files)
	if resp.StatusCode != http.StatusConflict {
		t.Errorf("POST to a counter-only procedure = %d, want 409", resp.StatusCode)
	}
	if after := stored(t, s.DB); after != before {
		t.Errorf("stored %v -> %v", before, after)
	}
}

func TestPortalSubmissionNeedsTheCSRFToken(t *testing.T) {
	s := newTestServer(t, Options{})
	_, key := s.submitForm(t, portalBirth)
	fields, files := goodSubmission()
	fields.Set("idem", key)
	before := stored(t, s.DB)
	if resp, _ := s.postMultipart(t, "/nop-ho-so/"+portalBirth, "wrong", fields, files); resp.StatusCode != http.StatusForbidden {
		t.Errorf("without the token: %d, want 403", resp.StatusCode)
	}
	if after := stored(t, s.DB); after != before {
		t.Errorf("stored %v -> %v", before, after)
	}
}

// submitOnline makes an online birth registration through the store.
func submitOnline(t *testing.T, db *store.DB, key string) *dossier.Dossier {
	t.Helper()
	ctx := context.Background()
	u, err := db.UnitByCode(ctx, demo.UnitCode)
	if err != nil {
		t.Fatal(err)
	}
	in := dossier.Intake{Channel: dossier.Online, IdempotencyKey: key,
		Applicant:   dossier.Applicant{FullName: "Nguyễn Thị Lan", IDNumber: "068190001234", Phone: "0912345678", Address: "Thôn 3"},
		Declaration: map[string]string{"child_name": "Nguyễn Văn An", "child_birth_date": "2025-02-20"},
		Components: []dossier.Component{{Name: "Tờ khai đăng ký khai sinh"}, {Name: "Giấy chứng sinh hoặc giấy tờ thay thế Giấy chứng sinh"},
			{Name: "Giấy tờ tùy thân của người đi đăng ký (xuất trình: căn cước, hộ chiếu)"}}}
	d, err := db.IntakeWithFiles(ctx, store.IntakeRequest{UnitID: u.ID, ProcedureCode: portalBirth, Intake: in},
		[]store.NewFile{{Component: 0, Name: "to khai.pdf", Data: portalPDF}})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// returnDossier takes a dossier through reception, the specialist, the
// leader and the return, as the demo's officers.
func returnDossier(t *testing.T, db *store.DB, code string) {
	t.Helper()
	ctx := context.Background()
	officer := func(name string) *staff.Officer {
		o, err := db.OfficerByUsername(ctx, name)
		if err != nil {
			t.Fatal(err)
		}
		return o
	}
	for _, step := range []struct {
		kind dossier.ActionKind
		by   string
	}{{dossier.ActReceive, "tiepnhan1"}, {dossier.ActPropose, "hotich"}, {dossier.ActApprove, "chutich"}, {dossier.ActReturn, "tiepnhan1"}} {
		if _, err := db.Act(ctx, code, dossier.Action{Kind: step.kind}, officer(step.by)); err != nil {
			t.Fatalf("%s by %s: %v", step.kind, step.by, err)
		}
	}
}

func TestPortalLookupAndRating(t *testing.T) {
	s := newTestServer(t, Options{})
	d := submitOnline(t, s.DB, "")
	resp, page := s.get(t, "/tra-cuu?ma="+url.QueryEscape(d.Code))
	if resp.StatusCode != http.StatusOK || !strings.Contains(page, `value="`+d.Code+`"`) {
		t.Fatalf("lookup form = %d, code prefilled: %v", resp.StatusCode, strings.Contains(page, d.Code))
	}
	csrf := csrfFrom(t, page)
	lookup := func(code, last4 string) (*http.Response, string) {
		return s.post(t, "/tra-cuu", url.Values{"csrf": {csrf}, "ma": {code}, "so": {last4}})
	}

	// Bad input: a message beside each field, what was typed kept.
	resp, page = lookup("", "12a")
	if resp.StatusCode != http.StatusBadRequest || fieldError(page, "ma") != "Vui lòng nhập mã hồ sơ." ||
		fieldError(page, "so") != "Vui lòng nhập đúng 4 chữ số (0–9)." || !strings.Contains(page, `value="12a"`) {
		t.Errorf("empty code, bad digits: %d, %q / %q", resp.StatusCode, fieldError(page, "ma"), fieldError(page, "so"))
	}

	// A wrong pair and an unknown code read the same.
	_, wrong := lookup(d.Code, "0000")
	_, unknown := lookup("000.21.37.H56-990101-9999", "5678")
	notFound := "Không tìm thấy hồ sơ với mã và 4 số cuối đã nhập."
	if !strings.Contains(wrong, notFound) || !strings.Contains(unknown, notFound) {
		t.Error("a wrong pair or an unknown code does not say it was not found")
	}

	// The right pair: by the phone's or the ID's last digits.
	for _, last4 := range []string{"5678", "1234"} {
		resp, page = lookup(strings.ToLower(d.Code), last4)
		if resp.StatusCode != http.StatusOK || !strings.Contains(page, "Mới nộp trực tuyến") || !strings.Contains(page, "Hồ sơ đã được gửi trực tuyến") {
			t.Errorf("lookup with %s: %d, status shown: %v", last4, resp.StatusCode, strings.Contains(page, "Mới nộp trực tuyến"))
		}
	}
	if strings.Contains(page, "rating-very") {
		t.Error("a dossier not yet returned offers the rating")
	}

	returnDossier(t, s.DB, d.Code)
	_, page = lookup(d.Code, "5678")
	for _, want := range []string{"Đã trả kết quả", "Đã tiếp nhận", "Đã có kết quả", "Không thu phí, lệ phí", `id="rating-very"`} {
		if !strings.Contains(page, want) {
			t.Errorf("returned dossier's page lacks %q", want)
		}
	}
	if !regexp.MustCompile(`\d\d/\d\d/\d{4} \d\d:\d\d`).MatchString(page) {
		t.Error("no dd/mm/yyyy HH:MM date on the result page")
	}

	rate := func(form url.Values) (*http.Response, string) {
		form.Set("csrf", csrf)
		form.Set("ma", d.Code)
		form.Set("so", "5678")
		return s.post(t, "/tra-cuu/danh-gia", form)
	}
	resp, page = rate(url.Values{"complaint": {"Chờ hơi lâu"}})
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(fieldError(page, "rating"), "Vui lòng chọn một mức") ||
		!strings.Contains(page, "Chờ hơi lâu</textarea>") {
		t.Errorf("rating without a choice: %d, %q, comment kept: %v", resp.StatusCode, fieldError(page, "rating"), strings.Contains(page, "Chờ hơi lâu"))
	}
	resp, page = rate(url.Values{"rating": {"not_satisfied"}, "complaint": {"Chờ hơi lâu"}})
	if resp.StatusCode != http.StatusOK || !strings.Contains(page, "Cảm ơn bạn đã đánh giá") {
		t.Errorf("rating: %d", resp.StatusCode)
	}
	got, err := s.DB.Dossier(context.Background(), d.Code)
	if err != nil || got.Rating != dossier.NotSatisfied || got.Complaint != "Chờ hơi lâu" {
		t.Errorf("stored rating %q %q, %v", got.Rating, got.Complaint, err)
	}
	resp, page = rate(url.Values{"rating": {"very_satisfied"}})
	if resp.StatusCode != http.StatusConflict || !strings.Contains(page, "Hồ sơ này đã được đánh giá") {
		t.Errorf("second rating: %d", resp.StatusCode)
	}
	// Rating with a wrong pair is a failed lookup.
	resp, page = s.post(t, "/tra-cuu/danh-gia", url.Values{"csrf": {csrf}, "ma": {d.Code}, "so": {"0000"}, "rating": {"satisfied"}})
	if resp.StatusCode != http.StatusNotFound || !strings.Contains(page, notFound) {
		t.Errorf("rating with a wrong pair: %d", resp.StatusCode)
	}
}

func TestPortalLookupIsThrottledPerAddress(t *testing.T) {
	s := newTestServer(t, Options{})
	d := submitOnline(t, s.DB, "")
	_, page := s.get(t, "/tra-cuu")
	csrf := csrfFrom(t, page)
	const perAddress = 20
	for i := 1; i <= perAddress; i++ { // a different unknown code each time
		resp, _ := s.post(t, "/tra-cuu", url.Values{"csrf": {csrf}, "ma": {fmt.Sprintf("%s%d", d.Code, i)}, "so": {"1234"}})
		if resp.StatusCode != http.StatusNotFound {
			t.Fatalf("failure %d: %d, want 404", i, resp.StatusCode)
		}
	}
	// Now even the right pair is refused, with a message saying why.
	resp, page := s.post(t, "/tra-cuu", url.Values{"csrf": {csrf}, "ma": {d.Code}, "so": {"5678"}})
	if resp.StatusCode != http.StatusTooManyRequests || !strings.Contains(page, "Bạn đã tra cứu sai quá nhiều lần") {
		t.Errorf("after %d failures: %d", perAddress, resp.StatusCode)
	}
	n, err := s.DB.Attempts(context.Background(), "lookup:127.0.0.1", time.Now().Add(-time.Hour))
	if err != nil || n != perAddress {
		t.Errorf("failures recorded under lookup:127.0.0.1 = %d, %v", n, err)
	}
}

// TestPortalLookupIsThrottledPerCode: ten wrong guesses at one code lock
// that code, whatever the addresses, so its four digits cannot be walked.
func TestPortalLookupIsThrottledPerCode(t *testing.T) {
	s := newTestServer(t, Options{})
	d := submitOnline(t, s.DB, "")
	_, page := s.get(t, "/tra-cuu")
	csrf := csrfFrom(t, page)
	for i := 1; i <= 10; i++ {
		if resp, _ := s.post(t, "/tra-cuu", url.Values{"csrf": {csrf}, "ma": {d.Code}, "so": {fmt.Sprintf("%04d", i)}}); resp.StatusCode != http.StatusNotFound {
			t.Fatalf("failure %d: %d", i, resp.StatusCode)
		}
	}
	if resp, _ := s.post(t, "/tra-cuu", url.Values{"csrf": {csrf}, "ma": {d.Code}, "so": {"5678"}}); resp.StatusCode != http.StatusTooManyRequests {
		t.Errorf("after 10 failures on one code: %d, want 429", resp.StatusCode)
	}
}

func TestPortalNewsAndFeed(t *testing.T) {
	const base = "https://motcua.example.vn"
	s := newTestServer(t, Options{BaseURL: func() string { return base }})
	ctx := context.Background()
	u, err := s.DB.UnitByCode(ctx, demo.UnitCode)
	if err != nil {
		t.Fatal(err)
	}
	var published []*store.Article
	for i := 1; i <= 12; i++ {
		in := store.ArticleInput{Title: fmt.Sprintf("Tin số %d <b>đậm</b>", i), Body: "Đoạn một <script>alert(1)</script>\ndòng hai\n\nĐoạn hai & ba"}
		if i == 12 {
			in.Image, in.ImageAlt = &store.NewFile{Name: "anh.png", Data: portalPNG}, "Quang cảnh buổi tiếp dân"
		}
		a, err := s.DB.CreateArticle(ctx, u.ID, in, true, "test")
		if err != nil {
			t.Fatal(err)
		}
		published = append(published, a)
	}
	draft, err := s.DB.CreateArticle(ctx, u.ID, store.ArticleInput{Title: "Bản nháp", Body: "x"}, false, "test")
	if err != nil {
		t.Fatal(err)
	}

	resp, page := s.get(t, "/tin-tuc")
	if resp.StatusCode != http.StatusOK || strings.Count(page, `<article lang="vi">`) != portalNewsPerPage || !strings.Contains(page, `href="/tin-tuc?trang=2"`) {
		t.Errorf("news page 1: %d, %d articles", resp.StatusCode, strings.Count(page, "<article"))
	}
	if strings.Index(page, "Tin số 12") > strings.Index(page, "Tin số 11") || strings.Contains(page, "Bản nháp") {
		t.Error("the news list is not newest first, or shows a draft")
	}
	if strings.Contains(page, "<b>đậm</b>") || strings.Contains(page, "<script>alert") {
		t.Error("an article's text is not escaped")
	}
	_, page2 := s.get(t, "/tin-tuc?trang=2")
	if strings.Count(page2, `<article lang="vi">`) != 2 {
		t.Errorf("news page 2 has %d articles, want 2", strings.Count(page2, "<article"))
	}
	if resp, _ := s.get(t, "/tin-tuc?trang=3"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("page 3 = %d, want 404", resp.StatusCode)
	}

	last := published[11]
	resp, page = s.get(t, "/tin-tuc/"+last.Slug)
	if resp.StatusCode != http.StatusOK || !strings.Contains(page, "<p>Đoạn một &lt;script&gt;alert(1)&lt;/script&gt;<br>dòng hai</p>") ||
		!strings.Contains(page, "<p>Đoạn hai &amp; ba</p>") || !strings.Contains(page, `alt="Quang cảnh buổi tiếp dân"`) {
		t.Errorf("article page %d does not show escaped paragraphs and the image", resp.StatusCode)
	}
	if resp, _ := s.get(t, "/tin-tuc/"+draft.Slug); resp.StatusCode != http.StatusNotFound {
		t.Errorf("a draft = %d, want 404", resp.StatusCode)
	}
	resp, img := s.get(t, "/tin-tuc/anh/"+last.ImageFileID)
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "image/png" || img != string(portalPNG) ||
		resp.Header.Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("image: %d %q", resp.StatusCode, resp.Header.Get("Content-Type"))
	}

	// The feed: valid RSS 2.0, absolute links, newest first.
	resp, feed := s.get(t, "/tin-tuc/rss.xml")
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/rss+xml") {
		t.Fatalf("feed: %d %q", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	var doc struct {
		XMLName xml.Name `xml:"rss"`
		Version string   `xml:"version,attr"`
		Channel struct {
			Title string `xml:"title"`
			// Before Link: the decoder gives an element to the first field
			// that matches it, and an unqualified name matches any namespace.
			Self struct {
				Href string `xml:"href,attr"`
			} `xml:"http://www.w3.org/2005/Atom link"`
			Link  string `xml:"link"`
			Items []struct {
				Title     string `xml:"title"`
				Link      string `xml:"link"`
				GUID      string `xml:"guid"`
				PubDate   string `xml:"pubDate"`
				Enclosure *struct {
					URL  string `xml:"url,attr"`
					Type string `xml:"type,attr"`
				} `xml:"enclosure"`
			} `xml:"item"`
		} `xml:"channel"`
	}
	if err := xml.Unmarshal([]byte(feed), &doc); err != nil {
		t.Fatalf("the feed is not XML: %v", err)
	}
	if doc.Version != "2.0" || doc.Channel.Link != base+"/tin-tuc" || doc.Channel.Self.Href != base+"/tin-tuc/rss.xml" || len(doc.Channel.Items) != 12 {
		t.Fatalf("feed: version %q link %q self %q, %d items", doc.Version, doc.Channel.Link, doc.Channel.Self.Href, len(doc.Channel.Items))
	}
	first := doc.Channel.Items[0]
	if first.Title != last.Title || first.Link != base+"/tin-tuc/"+last.Slug || first.GUID != first.Link {
		t.Errorf("first item %+v, want the newest article with an absolute link", first)
	}
	if _, err := time.Parse(time.RFC1123Z, first.PubDate); err != nil {
		t.Errorf("pubDate %q is not RFC 1123: %v", first.PubDate, err)
	}
	if first.Enclosure == nil || first.Enclosure.URL != base+"/tin-tuc/anh/"+last.ImageFileID || first.Enclosure.Type != "image/png" {
		t.Errorf("enclosure %+v", first.Enclosure)
	}
	for _, it := range doc.Channel.Items {
		if !strings.HasPrefix(it.Link, base+"/") {
			t.Errorf("relative link %q", it.Link)
		}
	}
}

func TestPortalNewsPublishingByLeadersAndAdmins(t *testing.T) {
	s := newTestServer(t, Options{})
	// Reception officers may not publish.
	s.login(t, "tiepnhan1", demo.Password)
	if resp, _ := s.get(t, "/can-bo/tin-tuc"); resp.StatusCode != http.StatusForbidden {
		t.Errorf("reception officer: %d, want 403", resp.StatusCode)
	}
	_, page := s.get(t, "/can-bo")
	s.post(t, "/dang-xuat", url.Values{"csrf": {csrfFrom(t, page)}})

	s.login(t, "chutich", demo.Password)
	resp, page := s.get(t, "/can-bo/tin-tuc/moi")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("new article form: %d", resp.StatusCode)
	}
	csrf := csrfFrom(t, page)
	// No title; a PDF as the image: both explained, the body kept, nothing stored.
	resp, page = s.postMultipart(t, "/can-bo/tin-tuc", csrf, url.Values{"body": {"Nội dung"}, "publish": {"1"}},
		[]portalFile{{"image", "anh.pdf", portalPDF}})
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(fieldError(page, "title"), "Vui lòng nhập tiêu đề") ||
		!strings.Contains(fieldError(page, "image"), "JPG hoặc PNG") || !strings.Contains(page, ">Nội dung</textarea>") {
		t.Errorf("bad article: %d, %q, %q", resp.StatusCode, fieldError(page, "title"), fieldError(page, "image"))
	}
	if list, _, _ := s.DB.Articles(context.Background(), store.ArticleFilter{}); len(list) != 0 {
		t.Fatalf("a refused article was stored")
	}
	resp, _ = s.postMultipart(t, "/can-bo/tin-tuc", csrf, url.Values{"title": {"Lịch tiếp dân"}, "body": {"Nội dung"}},
		[]portalFile{{"image", "anh.png", portalPNG}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("create: %d", resp.StatusCode)
	}
	list, _, err := s.DB.Articles(context.Background(), store.ArticleFilter{})
	if err != nil || len(list) != 1 || list[0].Published || list[0].ImageFileID == "" {
		t.Fatalf("created: %+v, %v", list, err)
	}
	a := list[0]
	if resp, _ := s.get(t, "/tin-tuc/"+a.Slug); resp.StatusCode != http.StatusNotFound {
		t.Errorf("unpublished article is public: %d", resp.StatusCode)
	}
	if resp, _ := s.post(t, "/can-bo/tin-tuc/"+a.ID+"/xuat-ban", url.Values{"csrf": {csrf}, "publish": {"1"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("publish: %d", resp.StatusCode)
	}
	if resp, _ := s.get(t, "/tin-tuc/"+a.Slug); resp.StatusCode != http.StatusOK {
		t.Errorf("published article: %d", resp.StatusCode)
	}
	resp, _ = s.postMultipart(t, "/can-bo/tin-tuc/"+a.ID, csrf, url.Values{"title": {"Lịch tiếp dân tháng 4"}, "body": {"Mới"}}, nil)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("update: %d", resp.StatusCode)
	}
	if got, _ := s.DB.Article(context.Background(), a.ID); got.Title != "Lịch tiếp dân tháng 4" || got.Slug != a.Slug {
		t.Errorf("updated: %q at %q", got.Title, got.Slug)
	}
}

func TestPortalDossierFilesAreForTheUnitsOfficersOnly(t *testing.T) {
	s := newTestServer(t, Options{})
	ctx := context.Background()
	d := submitOnline(t, s.DB, "")
	files, err := s.DB.DossierFiles(ctx, d.ID)
	if err != nil || len(files) != 1 {
		t.Fatalf("files: %v, %v", files, err)
	}
	path := "/can-bo/tep/" + files[0].ID
	if resp, _ := s.get(t, path); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("anonymous: %d, want a redirect to the login", resp.StatusCode)
	}
	// Not a public image either.
	if resp, _ := s.get(t, "/tin-tuc/anh/"+files[0].ID); resp.StatusCode != http.StatusNotFound {
		t.Errorf("a dossier file as a news image: %d, want 404", resp.StatusCode)
	}

	// An officer of another unit: not found.
	other := &unit.Unit{Code: "000.21.38.H56", Name: "UBND xã Quốc Oai", Kind: unit.Commune}
	if err := s.DB.CreateUnit(ctx, other, "test"); err != nil {
		t.Fatal(err)
	}
	o := &staff.Officer{UnitID: other.ID, Username: "khac", FullName: "Cán bộ xã khác", Roles: []staff.Role{staff.Reception}, Active: true}
	if err := s.DB.CreateOfficer(ctx, o, "mat-khau-khac-1", "test"); err != nil {
		t.Fatal(err)
	}
	s.login(t, "khac", "mat-khau-khac-1")
	if resp, _ := s.get(t, path); resp.StatusCode != http.StatusNotFound {
		t.Errorf("officer of another unit: %d, want 404", resp.StatusCode)
	}
	_, page := s.get(t, "/can-bo")
	s.post(t, "/dang-xuat", url.Values{"csrf": {csrfFrom(t, page)}})

	s.login(t, "hotich", demo.Password)
	resp, body := s.get(t, path)
	if resp.StatusCode != http.StatusOK || body != string(portalPDF) {
		t.Fatalf("officer of the unit: %d, %d bytes", resp.StatusCode, len(body))
	}
	for h, want := range map[string]string{
		"Content-Type":           "application/pdf",
		"X-Content-Type-Options": "nosniff",
		"Content-Disposition":    `attachment; filename="to khai.pdf"`,
		"Cache-Control":          "private, no-store",
	} {
		if got := resp.Header.Get(h); got != want {
			t.Errorf("%s = %q, want %q", h, got, want)
		}
	}
}

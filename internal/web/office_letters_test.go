package web

import (
	"bytes"
	"context"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/motcua/motcua/internal/demo"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/jobs"
	"github.com/motcua/motcua/internal/letter"
	"github.com/motcua/motcua/internal/staff"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/unit"
)

// Plain HTTP tests of the letter register, the letter templates and the
// tracking book. The browser test is in office_letters_browser_test.go.

// lettersBirthChild is the child of the birth registration lettersResolvedBirth makes.
const lettersBirthChild = "Trần Bảo Ngọc"

// lettersResolvedBirth receives a birth registration at the counter (the
// child born ten days ago), has it proposed by the civil-status specialist
// and approved by the chairman, then runs the due jobs, which produce its
// congratulatory letter. It returns the dossier and the letter.
func lettersResolvedBirth(t *testing.T, db *store.DB) (*dossier.Dossier, *store.Letter) {
	t.Helper()
	ctx := context.Background()
	pv, err := db.ProcedureByCode(ctx, officeBirthReg)
	if err != nil {
		t.Fatal(err)
	}
	u, err := db.UnitByCode(ctx, demo.UnitCode)
	if err != nil {
		t.Fatal(err)
	}
	born := time.Now().In(vnZone).AddDate(0, 0, -10).Format("2006-01-02")
	in := dossier.Intake{Channel: dossier.Counter,
		Applicant: dossier.Applicant{FullName: "Trần Văn Bình", IDNumber: "079203001234", Phone: "0912345678", Address: "Thôn 1, xã Đạ Tẻh"},
		Declaration: map[string]string{"child_name": lettersBirthChild, "child_birth_date": born, "child_sex": "nữ",
			"father_name": "Trần Văn Bình", "mother_name": "Lê Thị Thu"}}
	for _, c := range pv.Procedure.Components {
		if c.Required {
			in.Components = append(in.Components, dossier.Component{Name: c.Name})
		}
	}
	d, err := db.Intake(ctx, store.IntakeRequest{UnitID: u.ID, ProcedureCode: officeBirthReg, Intake: in, Actor: officeOfficer(t, db, "tiepnhan1")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Act(ctx, d.Code, dossier.Action{Kind: dossier.ActPropose}, officeOfficer(t, db, "hotich")); err != nil {
		t.Fatal(err)
	}
	if d, err = db.Act(ctx, d.Code, dossier.Action{Kind: dossier.ActApprove}, officeOfficer(t, db, "chutich")); err != nil {
		t.Fatal(err)
	}
	if d.Status != dossier.Resolved {
		t.Fatalf("the birth registration is not resolved: status %d", d.Status)
	}
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	if _, err := jobs.New(db, quiet, jobs.DefaultHandlers(db)).RunDue(ctx); err != nil {
		t.Fatal(err)
	}
	ls, err := db.Letters(ctx, store.LetterFilter{DossierID: d.ID})
	if err != nil {
		t.Fatal(err)
	}
	if len(ls) != 1 {
		t.Fatalf("%d letters for the resolved birth registration, want 1", len(ls))
	}
	return d, ls[0]
}

func lettersRead(t *testing.T, db *store.DB, id string) *store.Letter {
	t.Helper()
	l, err := db.Letter(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// lettersCount returns the workspace's count of letters marked what
// ("unprinted", "unsent"), or "" when the page shows none.
func lettersCount(page, what string) string {
	m := regexp.MustCompile(`data-count="` + what + `">([^<]*)<`).FindStringSubmatch(page)
	if m == nil {
		return ""
	}
	return m[1]
}

func TestOfficeLetterRegisterPrintAndSend(t *testing.T) {
	s := newTestServer(t, Options{BaseURL: func() string { return "http://motcua.test" }})
	ctx := context.Background()
	d, l := lettersResolvedBirth(t, s.DB)
	rec := s.officeLogin(t, "tiepnhan1")

	// The register lists the letter, linked to its dossier, in Vietnamese.
	resp, page := rec.get(t, "/can-bo/thu")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("register = %d", resp.StatusCode)
	}
	for _, want := range []string{`href="/can-bo/ho-so/` + d.Code + `"`, "Thư chúc mừng khai sinh", "Trần Văn Bình, Lê Thị Thu",
		`action="/can-bo/thu/` + l.ID + `/in"`, `action="/can-bo/thu/` + l.ID + `/da-gui"`, "Chưa in", "Chưa gửi"} {
		if !strings.Contains(page, want) {
			t.Errorf("the register lacks %q", want)
		}
	}
	for _, c := range []struct {
		query string
		lists bool
	}{{"chua-in=1", true}, {"chua-gui=1", true}, {"loai=congratulation_birth", true}, {"loai=condolence", false}} {
		resp, page := rec.get(t, "/can-bo/thu?"+c.query)
		if resp.StatusCode != http.StatusOK || strings.Contains(page, l.ID) != c.lists {
			t.Errorf("register?%s = %d, lists the letter %v, want %v", c.query, resp.StatusCode, strings.Contains(page, l.ID), c.lists)
		}
	}
	resp, page = rec.get(t, "/can-bo/thu?loai=thu_khac")
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(officeFieldError(page, "f-loai-error"), "không tồn tại") {
		t.Errorf("register with an unknown kind = %d, message %q", resp.StatusCode, officeFieldError(page, "f-loai-error"))
	}

	// The workspace counts what remains to be done, for reception and leaders.
	_, home := rec.get(t, "/can-bo")
	if lettersCount(home, "unprinted") != "1" || lettersCount(home, "unsent") != "1" {
		t.Errorf("reception's workspace counts unprinted %q, unsent %q; want 1 and 1", lettersCount(home, "unprinted"), lettersCount(home, "unsent"))
	}
	_, home = s.officeLogin(t, "chutich").get(t, "/can-bo")
	if lettersCount(home, "unprinted") != "1" {
		t.Errorf("the leader's workspace counts unprinted %q, want 1", lettersCount(home, "unprinted"))
	}
	_, home = s.officeLogin(t, "admin").get(t, "/can-bo")
	if !strings.Contains(home, `href="/can-bo/thu"`) || lettersCount(home, "unprinted") != "" {
		t.Error("the administrator's workspace should link the register without counts")
	}
	_, home = s.officeLogin(t, "hotich").get(t, "/can-bo")
	if strings.Contains(home, `href="/can-bo/thu"`) {
		t.Error("the specialist's workspace links the register")
	}

	// Print: recorded, then the PDF.
	resp, _ = rec.act(t, "/can-bo/thu/"+l.ID+"/in", nil)
	pdfPath := "/can-bo/ho-so/" + d.Code + "/giay-to/letter.pdf"
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != pdfPath {
		t.Fatalf("print = %d to %q, want 303 to %s", resp.StatusCode, resp.Header.Get("Location"), pdfPath)
	}
	printed := lettersRead(t, s.DB, l.ID)
	if printed.PrintedAt.IsZero() || !printed.SentAt.IsZero() {
		t.Fatalf("after print: printed %v, sent %v", printed.PrintedAt, printed.SentAt)
	}
	resp, body := rec.get(t, pdfPath)
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(body, "%PDF-") {
		t.Errorf("the letter PDF = %d, starts %q", resp.StatusCode, body[:min(len(body), 5)])
	}
	if resp, _ := rec.act(t, "/can-bo/thu/"+l.ID+"/in", nil); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("printing again = %d", resp.StatusCode)
	}
	if again := lettersRead(t, s.DB, l.ID); !again.PrintedAt.Equal(printed.PrintedAt) {
		t.Errorf("printing again moved the print time %v -> %v", printed.PrintedAt, again.PrintedAt)
	}
	if _, page := rec.get(t, "/can-bo/thu?chua-in=1"); strings.Contains(page, l.ID) {
		t.Error("the printed letter is still listed as not printed")
	}
	if _, page := rec.get(t, "/can-bo/thu"); !strings.Contains(page, "In lại") {
		t.Error("a printed letter is not offered for printing again")
	}
	if _, home := rec.get(t, "/can-bo"); lettersCount(home, "unprinted") != "0" || lettersCount(home, "unsent") != "1" {
		t.Errorf("after printing the workspace counts unprinted %q, unsent %q", lettersCount(home, "unprinted"), lettersCount(home, "unsent"))
	}

	// Mark as sent: recorded, back to the register as it was filtered.
	resp, _ = rec.act(t, "/can-bo/thu/"+l.ID+"/da-gui", url.Values{"return": {"/can-bo/thu?chua-gui=1&loai=congratulation_birth"}})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/can-bo/thu?chua-gui=1&loai=congratulation_birth" {
		t.Fatalf("mark sent = %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	sent := lettersRead(t, s.DB, l.ID)
	if sent.SentAt.IsZero() {
		t.Fatal("the letter is not recorded as sent")
	}
	_, page = rec.get(t, resp.Header.Get("Location"))
	if strings.Contains(page, l.ID) || !strings.Contains(page, "Đã ghi nhận đã gửi thư của hồ sơ "+d.Code) {
		t.Error("after marking it sent, the unsent list still shows the letter or no message says it was recorded")
	}
	if resp, _ := rec.act(t, "/can-bo/thu/"+l.ID+"/da-gui", url.Values{"return": {"https://elsewhere.example/can-bo/thu"}}); resp.Header.Get("Location") != "/can-bo/thu" {
		t.Errorf("a foreign return address redirected to %q", resp.Header.Get("Location"))
	}
	if again := lettersRead(t, s.DB, l.ID); !again.SentAt.Equal(sent.SentAt) {
		t.Errorf("marking again moved the sent time")
	}

	// Who may: a specialist gets 403, an officer of another unit 404.
	spec := s.officeLogin(t, "hotich")
	if resp, _ := spec.get(t, "/can-bo/thu"); resp.StatusCode != http.StatusForbidden {
		t.Errorf("register by a specialist = %d, want 403", resp.StatusCode)
	}
	if resp, _ := spec.act(t, "/can-bo/thu/"+l.ID+"/da-gui", nil); resp.StatusCode != http.StatusForbidden {
		t.Errorf("mark sent by a specialist = %d, want 403", resp.StatusCode)
	}
	other := &unit.Unit{Code: "000.21.38.H56", Name: "UBND xã Bên Cạnh", Kind: unit.Commune}
	if err := s.DB.CreateUnit(ctx, other, "test"); err != nil {
		t.Fatal(err)
	}
	o := &staff.Officer{UnitID: other.ID, Username: "tiepnhan9", FullName: "Lý Thị Khác", Roles: []staff.Role{staff.Reception}, Active: true}
	if err := s.DB.CreateOfficer(ctx, o, demo.Password, "test"); err != nil {
		t.Fatal(err)
	}
	stranger := s.officeLogin(t, "tiepnhan9")
	if _, page := stranger.get(t, "/can-bo/thu"); strings.Contains(page, l.ID) {
		t.Error("another unit's register lists the letter")
	}
	if resp, _ := stranger.act(t, "/can-bo/thu/"+l.ID+"/in", nil); resp.StatusCode != http.StatusNotFound {
		t.Errorf("print by another unit = %d, want 404", resp.StatusCode)
	}
}

// lettersVersions returns how many versions of kind the demo commune saved.
func lettersVersions(t *testing.T, db *store.DB, kind letter.Kind) int {
	t.Helper()
	ctx := context.Background()
	u, err := db.UnitByCode(ctx, demo.UnitCode)
	if err != nil {
		t.Fatal(err)
	}
	vs, err := db.LetterTemplateVersions(ctx, u.ID, kind)
	if err != nil {
		t.Fatal(err)
	}
	return len(vs) - 1 // the default is listed too
}

func TestOfficeLetterTemplates(t *testing.T) {
	s := newTestServer(t, Options{})
	d, _ := lettersResolvedBirth(t, s.DB)
	const path = "/can-bo/thu/mau/congratulation_birth"
	draft := "THƯ CHÚC MỪNG\n\nKính gửi: {{nguoi_nhan}}\n\nMừng cháu {{ten_tre}} chào đời ngày {{ngay_sinh}}; {{don_vi}} chúc cả nhà bình an.\n\nTrân trọng!"

	// Reception reads the template and its placeholders, and cannot save.
	rec := s.officeLogin(t, "tiepnhan1")
	resp, page := rec.get(t, path)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("template page = %d", resp.StatusCode)
	}
	for _, want := range []string{"mẫu mặc định", "{{ten_tre}}", "họ và tên của trẻ", "{{nguoi_ky}}", "họ và tên người ký", `class="letter-text"`} {
		if !strings.Contains(html.UnescapeString(page), want) {
			t.Errorf("the template page lacks %q", want)
		}
	}
	if strings.Contains(page, `name="body"`) || strings.Contains(page, "/luu") {
		t.Error("reception is offered the editor")
	}
	if resp, _ := rec.act(t, path+"/luu", url.Values{"body": {draft}}); resp.StatusCode != http.StatusForbidden {
		t.Errorf("save by reception = %d, want 403", resp.StatusCode)
	}
	if n := lettersVersions(t, s.DB, letter.CongratulationBirth); n != 0 {
		t.Fatalf("reception's refused save stored %d versions", n)
	}
	// A reader previews the template in force with a dossier of the unit.
	resp, page = rec.act(t, path+"/xem-truoc", url.Values{"dossier_code": {d.Code}})
	if resp.StatusCode != http.StatusOK || !strings.Contains(page, lettersBirthChild) || !strings.Contains(page, "Điền bằng dữ liệu hồ sơ "+d.Code) {
		t.Errorf("preview with the dossier by reception = %d; shows the child %v", resp.StatusCode, strings.Contains(page, lettersBirthChild))
	}

	leader := s.officeLogin(t, "chutich")
	if _, page := leader.get(t, path); !strings.Contains(page, `id="f-body"`) || !strings.Contains(page, `formaction="`+path+`/luu"`) {
		t.Error("the leader is not offered the editor")
	}

	t.Run("unknown placeholder", func(t *testing.T) {
		bad := strings.Replace(draft, "{{ten_tre}}", "{{ten_con}}", 1)
		for _, action := range []string{"/luu", "/xem-truoc"} {
			resp, page := leader.act(t, path+action, url.Values{"body": {bad}})
			if resp.StatusCode != http.StatusBadRequest {
				t.Errorf("%s with {{ten_con}} = %d, want 400", action, resp.StatusCode)
			}
			if msg := officeFieldError(page, "f-body-error"); !strings.Contains(msg, "{{ten_con}}") || !strings.Contains(msg, "không tồn tại") {
				t.Errorf("%s: the message beside the text = %q, want it to name {{ten_con}}", action, msg)
			}
			if !strings.Contains(page, html.EscapeString(bad)+"</textarea>") {
				t.Errorf("%s: the text typed was not kept", action)
			}
			if !strings.Contains(page, `aria-describedby="f-body-hint f-body-error"`) {
				t.Errorf("%s: the text area does not point at its message", action)
			}
		}
		if n := lettersVersions(t, s.DB, letter.CongratulationBirth); n != 0 {
			t.Errorf("a template with an unknown placeholder was stored (%d versions)", n)
		}
	})

	t.Run("preview stores nothing", func(t *testing.T) {
		resp, page := leader.act(t, path+"/xem-truoc", url.Values{"body": {draft}})
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("preview = %d", resp.StatusCode)
		}
		for _, want := range []string{`id="letter-preview"`, "Mừng cháu Nguyễn Minh Khang chào đời ngày 20/02/2025", "Điền bằng dữ liệu mẫu",
			html.EscapeString(draft) + "</textarea>"} {
			if !strings.Contains(page, want) {
				t.Errorf("the preview page lacks %q", want)
			}
		}
		resp, page = leader.act(t, path+"/xem-truoc", url.Values{"body": {draft}, "dossier_code": {d.Code}})
		if resp.StatusCode != http.StatusOK || !strings.Contains(page, "Mừng cháu "+lettersBirthChild) {
			t.Errorf("preview with dossier %s = %d, shows the child %v", d.Code, resp.StatusCode, strings.Contains(page, lettersBirthChild))
		}
		resp, page = leader.act(t, path+"/xem-truoc", url.Values{"body": {draft}, "dossier_code": {"000.21.37.H56-000101-9999"}})
		if resp.StatusCode != http.StatusBadRequest || !strings.Contains(officeFieldError(page, "f-dossier_code-error"), "không tìm thấy hồ sơ") {
			t.Errorf("preview with an unknown dossier = %d, message %q", resp.StatusCode, officeFieldError(page, "f-dossier_code-error"))
		}
		if n := lettersVersions(t, s.DB, letter.CongratulationBirth); n != 0 {
			t.Errorf("previews stored %d versions", n)
		}
	})

	t.Run("save", func(t *testing.T) {
		resp, _ := leader.act(t, path+"/luu", url.Values{"body": {draft}})
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != path {
			t.Fatalf("save = %d to %q", resp.StatusCode, resp.Header.Get("Location"))
		}
		u, err := s.DB.UnitByCode(context.Background(), demo.UnitCode)
		if err != nil {
			t.Fatal(err)
		}
		cur, err := s.DB.LetterTemplate(context.Background(), u.ID, letter.CongratulationBirth)
		if err != nil {
			t.Fatal(err)
		}
		if cur.Version != 1 || cur.Body != draft || cur.CreatedBy != officeOfficer(t, s.DB, "chutich").ID {
			t.Errorf("in force after the save: version %d by %q, body %q", cur.Version, cur.CreatedBy, cur.Body)
		}
		_, page := leader.get(t, path)
		for _, want := range []string{"Đã lưu mẫu thư phiên bản 1", "Đang áp dụng phiên bản 1, do Nguyễn Văn Minh lưu lúc", "0 (mặc định)"} {
			if !strings.Contains(page, want) {
				t.Errorf("after the save the page lacks %q", want)
			}
		}
		// The same text again is no new version.
		leader.act(t, path+"/luu", url.Values{"body": {draft + "\n"}})
		if _, page := leader.get(t, path); !strings.Contains(page, "không lưu phiên bản mới") {
			t.Error("saving the text in force again says nothing")
		}
		if n := lettersVersions(t, s.DB, letter.CongratulationBirth); n != 1 {
			t.Errorf("%d versions after saving the same text twice, want 1", n)
		}
	})

	if resp, _ := leader.get(t, "/can-bo/thu/mau/thu_khac"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("unknown kind = %d, want 404", resp.StatusCode)
	}
	spec := s.officeLogin(t, "hotich")
	if resp, _ := spec.get(t, path); resp.StatusCode != http.StatusOK {
		t.Errorf("a specialist reading the template = %d", resp.StatusCode)
	}
	if resp, _ := spec.act(t, path+"/luu", url.Values{"body": {draft}}); resp.StatusCode != http.StatusForbidden {
		t.Errorf("save by a specialist = %d, want 403", resp.StatusCode)
	}
}

func TestOfficeLetterMessagesCoverEveryKindAndPlaceholder(t *testing.T) {
	for _, k := range letter.Kinds() {
		for _, key := range []string{"office.letters.kind." + string(k)} {
			if _, ok := messages[key]; !ok {
				t.Errorf("no message %q", key)
			}
		}
		ps, err := letter.Placeholders(k)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range ps {
			if _, ok := messages["office.letters.ph."+p.Name]; !ok {
				t.Errorf("placeholder {{%s}} of %s has no Vietnamese description (office.letters.ph.%s)", p.Name, k, p.Name)
			}
		}
	}
}

func TestOfficeTrackingBook(t *testing.T) {
	s := newTestServer(t, Options{})
	d := officeIntake(t, s.DB, officeExtractCopy, dossier.Counter)
	day := d.ReceivedAt.In(vnZone).Format("2006-01-02")
	rec := s.officeLogin(t, "tiepnhan1")

	resp, page := rec.get(t, "/can-bo/so-theo-doi")
	if resp.StatusCode != http.StatusOK || !strings.Contains(page, `id="f-tu"`) || !strings.Contains(page, `id="tracking-pdf"`) {
		t.Fatalf("tracking form = %d, with download links %v", resp.StatusCode, strings.Contains(page, `id="tracking-pdf"`))
	}
	q := "?tu=" + day + "&den=" + day
	_, page = rec.get(t, "/can-bo/so-theo-doi"+q)
	pdfLink := "/can-bo/so-theo-doi/so-theo-doi.pdf?den=" + day + "&amp;tu=" + day
	if !strings.Contains(page, `href="`+pdfLink+`"`) {
		t.Errorf("the form does not link %s", pdfLink)
	}

	resp, body := rec.get(t, "/can-bo/so-theo-doi/so-theo-doi.pdf"+q)
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(body, "%PDF-") {
		t.Errorf("tracking PDF = %d %q, starts %q", resp.StatusCode, resp.Header.Get("Content-Type"), body[:min(len(body), 5)])
	}
	if cd := resp.Header.Get("Content-Disposition"); !strings.Contains(cd, `filename="so-theo-doi_`+day+"_"+day+`.pdf"`) {
		t.Errorf("tracking PDF disposition %q", cd)
	}
	resp, body = rec.get(t, "/can-bo/so-theo-doi/so-theo-doi.xlsx"+q)
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(body, "PK\x03\x04") {
		t.Fatalf("tracking XLSX = %d, starts %q", resp.StatusCode, body[:min(len(body), 4)])
	}
	book, err := excelize.OpenReader(bytes.NewReader([]byte(body)))
	if err != nil {
		t.Fatal(err)
	}
	defer book.Close()
	rows, err := book.GetRows(book.GetSheetList()[0])
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, row := range rows {
		found = found || strings.Contains(strings.Join(row, "|"), d.Code)
	}
	if !found {
		t.Errorf("the workbook does not list dossier %s", d.Code)
	}

	for _, c := range []struct{ query, id, want string }{
		{"tu=2025-02-30&den=2025-03-01", "f-tu-error", "không hợp lệ"},
		{"tu=2025-03-01&den=hôm-nay", "f-den-error", "không hợp lệ"},
		{"tu=2025-03-01&den=2025-02-01", "f-den-error", "trước khi bắt đầu"},
		{"tu=2015-01-01&den=2025-02-01", "f-den-error", "quá 5 năm"},
	} {
		for _, path := range []string{"/can-bo/so-theo-doi", "/can-bo/so-theo-doi/so-theo-doi.pdf", "/can-bo/so-theo-doi/so-theo-doi.xlsx"} {
			resp, page := rec.get(t, path+"?"+c.query)
			if resp.StatusCode != http.StatusBadRequest || !strings.Contains(officeFieldError(page, c.id), c.want) {
				t.Errorf("%s?%s = %d, %s = %q, want %q", path, c.query, resp.StatusCode, c.id, officeFieldError(page, c.id), c.want)
			}
			if strings.Contains(page, `id="tracking-pdf"`) || strings.HasPrefix(page, "%PDF-") {
				t.Errorf("%s?%s: a download offered for a bad period", path, c.query)
			}
		}
	}
	if resp, _ := rec.get(t, "/can-bo/so-theo-doi/khac.csv"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("unknown tracking file = %d, want 404", resp.StatusCode)
	}
	// The dashboard links it for its period.
	if _, page := rec.get(t, "/can-bo/thong-ke?from=2026-01-01&to=2026-03-31"); !strings.Contains(page, `href="/can-bo/so-theo-doi?tu=2026-01-01&amp;den=2026-03-31"`) {
		t.Error("the dashboard does not link the tracking book for its period")
	}
}

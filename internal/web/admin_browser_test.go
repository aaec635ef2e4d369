package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"github.com/motcua/motcua/internal/testenv"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/browsertest"
	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/demo"
	"github.com/motcua/motcua/internal/unit"
)

// The administrator's work in Chromium: staff, a procedure's new version,
// the unit's own days, units; axe-core on every page, forms in their error
// state included.

const adminSubmit = `main form.admin-form button[type=submit]`

// adminLogin logs the demo administrator in and opens the overview.
func adminLogin(t *testing.T, b *browsertest.Browser, base string) {
	t.Helper()
	b.Navigate(base + "/dang-nhap?next=/quan-tri")
	b.Fill("#username", "admin")
	b.Fill("#password", demo.Password)
	if got := b.ClickAndWait(`main form button[type=submit]`); got != http.StatusOK {
		t.Fatalf("admin login = %d", got)
	}
	if p := mustParse(t, b.Location()).Path; p != "/quan-tri" {
		t.Fatalf("after login the browser is at %s", p)
	}
}

// setValue sets a form control's value as a script would (for a textarea
// too long to type, or a date input whose typing depends on the locale).
func adminSetValue(b *browsertest.Browser, sel, value string) {
	v, _ := json.Marshal(value)
	s, _ := json.Marshal(sel)
	browsertest.Eval[bool](b, fmt.Sprintf(`(() => { document.querySelector(%s).value = %s; return true })()`, s, v))
}

func TestBrowserAdminCreatesSpecialist(t *testing.T) {
	testenv.Long(t, "a second browser flow of what the quick suite covers; the suite's 3 minutes")
	t.Parallel()
	srv := browsertest.StartServer(t)
	b := browsertest.Start(t)
	adminLogin(t, b, srv.URL)
	if h1 := b.Text("h1"); h1 != "Quản trị" {
		t.Errorf("overview h1 = %q", h1)
	}
	if cur, _ := b.Attr(`header nav a[href="/quan-tri"]`, "aria-current"); cur != "page" {
		t.Errorf("the admin link's aria-current = %q", cur)
	}
	b.ExpectAccessible("the admin overview")
	b.Screenshot("overview")

	b.ClickAndWait(`main a[href="/quan-tri/can-bo"]`)
	b.ExpectAccessible("the staff list")
	b.ClickAndWait(`main a[href="/quan-tri/can-bo/moi"]`)
	b.ExpectAccessible("the new officer form")

	// A taken username and a short password: both said beside the field.
	b.Fill("#f-username", "hotich")
	b.Fill("#f-full_name", "Trần Thị Hồng")
	b.Fill("#f-title", "Công chức Tư pháp - Hộ tịch")
	b.Click(`input[name=roles][value=specialist]`)
	b.Click(`input[name=fields][value=HT]`)
	b.Fill("#f-password", "ngan")
	if got := b.ClickAndWait(adminSubmit); got != http.StatusBadRequest {
		t.Errorf("short password = %d, want 400", got)
	}
	if msg := b.Text("#f-password-error"); !strings.Contains(msg, "ít nhất 8 ký tự") {
		t.Errorf("password error = %q", msg)
	}
	if d, _ := b.Attr("#f-password", "aria-describedby"); !strings.Contains(d, "f-password-error") {
		t.Errorf("password aria-describedby = %q", d)
	}
	if got := b.Value("#f-full_name"); got != "Trần Thị Hồng" {
		t.Errorf("full name after the error = %q", got)
	}
	b.ExpectAccessible("the officer form with a field error")
	b.Screenshot("officer-form-error")

	b.Fill("#f-password", "mat-khau-tot-1")
	if got := b.ClickAndWait(adminSubmit); got != http.StatusConflict {
		t.Errorf("taken username = %d, want 409", got)
	}
	if msg := b.Text("#f-username-error"); !strings.Contains(msg, "đã được dùng") {
		t.Errorf("username error = %q", msg)
	}
	b.ExpectAccessible("the officer form with a taken username")

	// The boxes ticked are still ticked; a new username and it is done.
	b.Fill("#f-username", "hotich2")
	b.Fill("#f-password", "mat-khau-tot-1")
	if got := b.ClickAndWait(adminSubmit); got != http.StatusOK {
		t.Fatalf("create = %d", got)
	}
	if p := mustParse(t, b.Location()).Path; p != "/quan-tri/can-bo" {
		t.Errorf("after creating, the browser is at %s", p)
	}
	if flash := b.Text(".flash"); !strings.Contains(flash, "hotich2") {
		t.Errorf("flash = %q", flash)
	}
	o, err := srv.DB.OfficerByUsername(context.Background(), "hotich2")
	if err != nil {
		t.Fatal(err)
	}
	if !o.Owns("HT") || o.FullName != "Trần Thị Hồng" || o.UnitID != srv.Town.Unit.ID {
		t.Errorf("stored officer %+v", o)
	}
	row := b.Text(fmt.Sprintf(`tr:has(a[href="/quan-tri/can-bo/%s"])`, o.ID))
	for _, want := range []string{"hotich2", "Trần Thị Hồng", "Chuyên viên", "HT"} {
		if !strings.Contains(row, want) {
			t.Errorf("the new officer's row %q lacks %q", row, want)
		}
	}
	b.ExpectAccessible("the staff list with the new officer")

	// Their page: edit, reset password, issue a token shown once.
	b.ClickAndWait(fmt.Sprintf(`a[href="/quan-tri/can-bo/%s"]`, o.ID))
	b.ExpectAccessible("an officer's page")
	b.Fill("#f-token_name", "Phần mềm thống kê")
	if got := b.ClickAndWait(`form[action$="/ma-api"] button`); got != http.StatusOK {
		t.Fatalf("issue token = %d", got)
	}
	if tok := b.Value("#token"); !strings.HasPrefix(tok, "mct_") {
		t.Errorf("token shown = %q", tok)
	}
	if w := b.Text(".token-box .warning"); !strings.Contains(w, "chỉ hiển thị một lần") {
		t.Errorf("token warning = %q", w)
	}
	b.ExpectAccessible("the page with a token just issued")
	b.Screenshot("token-issued")
}

func TestBrowserAdminCreatesProcedureVersion(t *testing.T) {
	testenv.Long(t, "a second browser flow of what the quick suite covers; the suite's 3 minutes")
	t.Parallel()
	srv := browsertest.StartServer(t)
	b := browsertest.Start(t)
	adminLogin(t, b, srv.URL)
	b.ClickAndWait(`main a[href="/quan-tri/thu-tuc"]`)
	b.ExpectAccessible("the admin procedure list")
	b.ClickAndWait(`a[href="/quan-tri/thu-tuc/` + birthRegistration + `"]`)
	b.ExpectAccessible("a procedure's versions (one)")
	b.ClickAndWait(`main a[href="/quan-tri/thu-tuc/` + birthRegistration + `/sua"]`)
	b.ExpectAccessible("the procedure edit form")
	if note := b.Text("main p.note"); !strings.Contains(note, "hồ sơ đã tiếp nhận giữ nguyên phiên bản") {
		t.Errorf("the form does not say dossiers keep their version: %q", note)
	}

	original := b.Value("#f-yaml")
	const oldPlace, newPlace = "Bộ phận Một cửa UBND cấp xã nơi cư trú", "Bộ phận Một cửa UBND xã Đạ Tẻh, nơi cư trú"
	if !strings.Contains(original, oldPlace) {
		t.Fatalf("the YAML lacks the place %q:\n%s", oldPlace, original)
	}
	lines := strings.SplitN(original, "\n", 3)
	adminSetValue(b, "#f-yaml", lines[0]+"\n"+lines[1]+"\nthoi_han: 3\n"+lines[2])
	if got := b.ClickAndWait(adminSubmit); got != http.StatusBadRequest {
		t.Errorf("unknown key = %d, want 400", got)
	}
	if msg := b.Text("#f-yaml-error"); !strings.Contains(msg, "Dòng 3: thoi_han") {
		t.Errorf("YAML error = %q, want the line and the key", msg)
	}
	if inv, _ := b.Attr("#f-yaml", "aria-invalid"); inv != "true" {
		t.Error("the YAML field is not marked invalid")
	}
	b.ExpectAccessible("the procedure edit form with an error")
	b.Screenshot("procedure-yaml-error")

	adminSetValue(b, "#f-yaml", strings.Replace(original, oldPlace, newPlace, 1))
	if got := b.ClickAndWait(adminSubmit); got != http.StatusOK {
		t.Fatalf("save = %d", got)
	}
	if p := mustParse(t, b.Location()).Path; p != "/quan-tri/thu-tuc/"+birthRegistration {
		t.Errorf("after saving, the browser is at %s", p)
	}
	if flash := b.Text(".flash"); !strings.Contains(flash, "Đã lưu phiên bản 2") {
		t.Errorf("flash = %q", flash)
	}
	versions := b.Texts("table.versions tbody tr td:first-child")
	if len(versions) != 2 || !strings.HasPrefix(versions[0], "2") || !strings.Contains(versions[0], "hiện hành") || versions[1] != "1" {
		t.Errorf("versions column = %q, want 2 (current) then 1", versions)
	}
	adm, err := srv.DB.OfficerByUsername(context.Background(), "admin")
	if err != nil {
		t.Fatal(err)
	}
	if by := b.Texts("table.versions tbody tr td:nth-child(3)"); len(by) != 2 || by[0] != adm.FullName {
		t.Errorf("who made the versions: %q, want %s first", by, adm.FullName)
	}
	if diff := b.Text(".diff"); diff != "Nơi nộp và nhận (place)" {
		t.Errorf("diff between 1 and 2 = %q, want only the place", diff)
	}
	b.ExpectAccessible("a procedure's versions (two)")
	b.Screenshot("procedure-versions")

	// The old version is still readable, as it was.
	b.ClickAndWait(`a[href="?phien-ban=1#content-title"]`)
	if old := b.Text("pre.yaml"); !strings.Contains(old, oldPlace) || strings.Contains(old, newPlace) {
		t.Errorf("version 1 reads:\n%s", old)
	}
	v, err := srv.DB.ProcedureByCode(context.Background(), birthRegistration)
	if err != nil {
		t.Fatal(err)
	}
	if v.Version != 2 || !strings.HasPrefix(v.Procedure.Place, newPlace) {
		t.Errorf("current version %d, place %q", v.Version, v.Procedure.Place)
	}
	if old, err := srv.DB.ProcedureVersionOf(context.Background(), v.ProcedureID, 1); err != nil || !strings.HasPrefix(old.Procedure.Place, oldPlace) {
		t.Errorf("version 1 in the store: %v", err)
	}
	// The public page shows the new version.
	b.Navigate(srv.URL + "/thu-tuc/" + birthRegistration)
	if place := facts(b)["Nơi nộp và nhận kết quả"]; !strings.HasPrefix(place, newPlace) {
		t.Errorf("public place = %q", place)
	}

	// The same procedure edited with the form (issue 19, point 10).
	b.Navigate(srv.URL + "/quan-tri/thu-tuc/" + birthRegistration)
	b.ClickAndWait(`main a[href="/quan-tri/thu-tuc/` + birthRegistration + `/bieu-mau"]`)
	b.ExpectAccessible("the procedure form")
	b.Screenshot("procedure-form")
	if got := b.Value("#f-limit-kind"); got != "same_day" {
		t.Errorf("time limit kind = %q, want the current same_day", got)
	}
	b.Select("#f-limit-kind", "days")
	b.Fill("#f-limit-n", "hai")
	if got := b.ClickAndWait("#procform-save"); got != http.StatusBadRequest {
		t.Errorf("a time limit in words = %d, want 400", got)
	}
	if msg := b.Text("#f-limit-n-error"); !strings.Contains(msg, "phải là số nguyên từ 1 đến 365") {
		t.Errorf("time limit error = %q", msg)
	}
	if title := browsertest.Eval[string](b, "document.title"); !strings.HasPrefix(title, "Lỗi:") {
		t.Errorf("title %q does not start with Lỗi:", title)
	}
	b.ExpectAccessible("the procedure form with an error")
	b.Screenshot("procedure-form-error")

	rows := b.Count("fieldset.component")
	if got := b.ClickAndWait(`button[value="add-components"]`); got != http.StatusOK {
		t.Errorf("add a component = %d", got)
	}
	if b.Count("fieldset.component") != rows+1 {
		t.Fatalf("components after adding a row: %d, want %d", b.Count("fieldset.component"), rows+1)
	}
	last := fmt.Sprintf("#f-component-%d-", rows)
	b.Fill(last+"name", "Giấy xác nhận nơi cư trú")
	b.Select(last+"kind", "copy")
	b.Fill(last+"count", "1")
	b.Fill("#f-limit-n", "2")
	if got := b.ClickAndWait("#procform-save"); got != http.StatusOK {
		t.Fatalf("save the form = %d", got)
	}
	if flash := b.Text(".flash"); !strings.Contains(flash, "Đã lưu phiên bản 3") {
		t.Errorf("flash after the form = %q", flash)
	}
	if diff := b.Text(".diff"); !strings.Contains(diff, "Thời hạn giải quyết") || !strings.Contains(diff, "Thành phần hồ sơ") {
		t.Errorf("diff between 2 and 3 = %q, want the time limit and the components", diff)
	}
	b.Screenshot("procedure-versions-form")
	v3, err := srv.DB.ProcedureByCode(context.Background(), birthRegistration)
	if err != nil {
		t.Fatal(err)
	}
	if v3.Version != 3 || v3.Procedure.TimeLimit.Kind != "days" || v3.Procedure.TimeLimit.N != 2 {
		t.Errorf("version %d, time limit %+v", v3.Version, v3.Procedure.TimeLimit)
	}
	if c := v3.Procedure.Components; len(c) == 0 || c[len(c)-1].Name != "Giấy xác nhận nơi cư trú" || c[len(c)-1].Kind != "copy" || c[len(c)-1].Required {
		t.Errorf("components of version 3: %+v", c)
	}
	if !strings.HasPrefix(v3.Procedure.Place, newPlace) {
		t.Errorf("the form changed the place: %q", v3.Procedure.Place)
	}
	// On a phone: the same form, one column.
	b.SetViewport(390, 844)
	b.ClickAndWait(`main a[href="/quan-tri/thu-tuc/` + birthRegistration + `/bieu-mau"]`)
	if got := b.Value("#f-limit-n"); got != "2" {
		t.Errorf("the form on version 3 shows a limit of %q days", got)
	}
	b.ExpectAccessible("the procedure form on a phone")
	b.Screenshot("procedure-form-phone")
}

func TestBrowserAdminAddsDayOff(t *testing.T) {
	testenv.Long(t, "a second browser flow of what the quick suite covers; the suite's 3 minutes")
	t.Parallel()
	srv := browsertest.StartServer(t)
	b := browsertest.Start(t)
	ctx := context.Background()
	adminLogin(t, b, srv.URL)
	b.ClickAndWait(`main a[href="/quan-tri/ngay-nghi"]`)
	year := calendar.DateOf(srv.DB.Now()).Year
	if got := b.Value("#f-nam"); got != fmt.Sprint(year) {
		t.Errorf("year selected = %q, want this year", got)
	}
	if origins := b.Texts("table.days-off tbody td:nth-child(4)"); len(origins) == 0 {
		t.Error("no days off listed for this year")
	}
	b.ExpectAccessible("the holidays page")
	b.Screenshot("holidays")

	// A date far outside the range: refused beside the field, name kept.
	adminSetValue(b, "#f-date", "2150-01-01")
	b.Fill("#f-name", "Lễ hội xã")
	if got := b.ClickAndWait(adminSubmit); got != http.StatusBadRequest {
		t.Errorf("far date = %d, want 400", got)
	}
	if msg := b.Text("#f-date-error"); !strings.Contains(msg, "nằm ngoài khoảng cho phép") {
		t.Errorf("date error = %q", msg)
	}
	if got := b.Value("#f-name"); got != "Lễ hội xã" {
		t.Errorf("name after the error = %q", got)
	}
	b.ExpectAccessible("the holidays page with a field error")
	b.Screenshot("holidays-error")
	if days, _ := srv.DB.UnitDays(ctx, srv.Town.Unit.ID); len(days) != 0 {
		t.Fatalf("a refused day was stored: %v", days)
	}

	// A working Wednesday next year becomes the commune's own day off.
	cal, err := srv.DB.Calendar(ctx, srv.Town.Unit.ID)
	if err != nil {
		t.Fatal(err)
	}
	day, _ := calendar.MakeDate(year+1, time.June, 1)
	for {
		ok, err := cal.IsWorkingDay(day)
		if err != nil {
			t.Fatal(err)
		}
		if ok && day.Weekday() == time.Wednesday {
			break
		}
		day = day.AddDays(1)
	}
	before, err := cal.Due(day.AddDays(-1).At(8*60), calendar.Days(3))
	if err != nil {
		t.Fatal(err)
	}
	adminSetValue(b, "#f-date", day.String())
	if got := b.ClickAndWait(adminSubmit); got != http.StatusOK {
		t.Fatalf("add the day = %d", got)
	}
	shown := fmt.Sprintf("%02d/%02d/%d", day.Day, int(day.Month), day.Year)
	if flash := b.Text(".flash"); !strings.Contains(flash, shown) {
		t.Errorf("flash = %q", flash)
	}
	if got := b.Value("#f-nam"); got != fmt.Sprint(year+1) {
		t.Errorf("the page shows the year %s, want the day's", got)
	}
	own := b.Texts("table.own-days tbody tr")
	if len(own) != 1 || !strings.Contains(own[0], shown) || !strings.Contains(own[0], "Lễ hội xã") || !strings.Contains(own[0], "Ngày nghỉ thêm") {
		t.Errorf("own days = %q", own)
	}
	var listed string
	for _, r := range b.Texts("table.days-off tbody tr") {
		if strings.Contains(r, shown) {
			listed = r
		}
	}
	if !strings.Contains(listed, "Lễ hội xã") || !strings.Contains(listed, "Riêng của đơn vị") {
		t.Errorf("days off row for %s = %q, want the name and the unit's origin", shown, listed)
	}
	// The effect: the same dossier is now due a working day later.
	cal, err = srv.DB.Calendar(ctx, srv.Town.Unit.ID)
	if err != nil {
		t.Fatal(err)
	}
	after, err := cal.Due(day.AddDays(-1).At(8*60), calendar.Days(3))
	if err != nil {
		t.Fatal(err)
	}
	if !after.After(before) {
		t.Fatalf("the day off did not move the appointment: %v then %v", before, after)
	}
	if line := b.Text(".effect-line"); !strings.Contains(line, after.Format("15:04 02/01/2006")) {
		t.Errorf("effect %q, want the appointment %s", line, after.Format("15:04 02/01/2006"))
	}
	b.ExpectAccessible("the holidays page with the unit's own day")
	b.Screenshot("holidays-own-day")

	// Removing it takes it away again.
	b.ClickAndWait(`table.own-days button`)
	if b.Count("table.own-days") != 0 {
		t.Error("the own day is still listed after removal")
	}
	if days, _ := srv.DB.UnitDays(ctx, srv.Town.Unit.ID); len(days) != 0 {
		t.Errorf("unit days after removal: %v", days)
	}
}

func TestBrowserAdminUnits(t *testing.T) {
	testenv.Long(t, "a second browser flow of what the quick suite covers; the suite's 3 minutes")
	t.Parallel()
	srv := browsertest.StartServer(t)
	b := browsertest.Start(t)
	adminLogin(t, b, srv.URL)
	b.ClickAndWait(`main a[href="/quan-tri/don-vi"]`)
	b.ExpectAccessible("the unit list")
	b.ClickAndWait(`main a[href="/quan-tri/don-vi/moi"]`)
	b.ExpectAccessible("the new unit form")
	if got := b.Value("#f-hours"); got != "07:00–11:30, 13:30–17:00" {
		t.Errorf("default hours = %q", got)
	}
	b.Fill("#f-code", "000.0.08.H56")
	b.Fill("#f-name", "Thôn Mới")
	if got := b.ClickAndWait(adminSubmit); got != http.StatusBadRequest {
		t.Errorf("bad identifier = %d", got)
	}
	if msg := b.Text("#f-code-error"); !strings.Contains(msg, "NNN.NN.NN.XNN") {
		t.Errorf("code error = %q", msg)
	}
	b.ExpectAccessible("the unit form with a field error")
	b.Screenshot("unit-form-error")
	b.Fill("#f-code", "000.00.08.H56")
	b.Fill("#f-lh_signer_name", "Nguyễn Văn Nam")
	if got := b.ClickAndWait(adminSubmit); got != http.StatusOK {
		t.Fatalf("create = %d", got)
	}
	u, err := srv.DB.UnitByCode(context.Background(), "000.00.08.H56")
	if err != nil {
		t.Fatal(err)
	}
	if u.ParentID != srv.Town.Unit.ID || u.Letterhead.SignerName != "Nguyễn Văn Nam" || len(u.Working.Weekdays) != 5 {
		t.Errorf("stored unit %+v", u)
	}
	successor := &unit.Unit{Code: "000.00.09.H56", Name: "Xã Kế Thừa", Kind: unit.Commune, ParentID: srv.Town.Unit.ID}
	if err := srv.DB.CreateUnit(context.Background(), successor, "test"); err != nil {
		t.Fatal(err)
	}

	b.ClickAndWait(`a[href="/quan-tri/don-vi/000.00.08.H56"]`)
	b.ExpectAccessible("the unit edit form")
	b.Click(`input[name=weekdays][value="6"]`)
	b.ClickAndWait(adminSubmit)
	if u, _ := srv.DB.UnitByCode(context.Background(), "000.00.08.H56"); !slices.Contains(u.Working.Weekdays, time.Saturday) {
		t.Errorf("Saturday not stored: %v", u.Working.Weekdays)
	}

	b.ClickAndWait(`a[href="/quan-tri/don-vi/000.00.08.H56/sap-nhap"]`)
	b.ExpectAccessible("the merge form")
	b.Select("#f-successor", "000.00.09.H56")
	b.ClickAndWait(adminSubmit)
	if h := b.Text(".warning h2"); h != "Xác nhận sáp nhập" {
		t.Fatalf("no confirmation step: %q", h)
	}
	b.ExpectAccessible("the merge confirmation")
	b.Screenshot("merge-confirm")
	b.ClickAndWait(`main form button.danger`)
	row := b.Text(`tr.merged`)
	if !strings.Contains(row, "Đã sáp nhập") || !strings.Contains(row, "Xã Kế Thừa") {
		t.Errorf("merged row = %q", row)
	}
	b.ExpectAccessible("the unit list with a merged unit")
	b.Screenshot("units-merged")

	// In English, the Vietnamese content of each admin page says so.
	for _, page := range []string{"/quan-tri", "/quan-tri/don-vi", "/quan-tri/don-vi/moi", "/quan-tri/can-bo", "/quan-tri/can-bo/moi",
		"/quan-tri/thu-tuc", "/quan-tri/thu-tuc/" + birthRegistration, "/quan-tri/thu-tuc/" + birthRegistration + "/sua", "/quan-tri/ngay-nghi"} {
		b.Navigate(srv.URL + page + "?lang=en")
		if texts := browsertest.Eval[[]string](b, fmt.Sprintf(untaggedVietnamese, `[]`)); len(texts) > 0 {
			t.Errorf("%s in English: Vietnamese text without lang=\"vi\":\n  %s", page, strings.Join(texts, "\n  "))
		}
		b.ExpectAccessible(page + " in English")
	}
}

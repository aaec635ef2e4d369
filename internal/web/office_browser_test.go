package web_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"github.com/motcua/motcua/internal/testenv"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/motcua/motcua/internal/browsertest"
	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/demo"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/filestore/filestoretest"
	"github.com/motcua/motcua/internal/report"
	"github.com/motcua/motcua/internal/store"
)

// Browser tests of the officer workspace: a dossier's whole life by
// clicking, a counter intake by keyboard, the dashboard's figures; axe-core
// on every page met, screenshots kept as artifacts.

// officeLogin logs username in through the login form.
func officeLogin(t *testing.T, b *browsertest.Browser, srv *browsertest.Server, username string) {
	t.Helper()
	b.Navigate(srv.URL + "/dang-nhap")
	b.Fill("#username", username)
	b.Fill("#password", demo.Password)
	if got := b.ClickAndWait(`main form button[type=submit]`); got != http.StatusOK {
		t.Fatalf("login %s = %d", username, got)
	}
}

func officeLogout(t *testing.T, b *browsertest.Browser) {
	t.Helper()
	if got := b.ClickAndWait(`form[action="/dang-xuat"] button`); got != http.StatusOK {
		t.Fatalf("logout = %d", got)
	}
}

// officeIntake creates a dossier of procedure code with its required
// components: online, or at the counter by tiepnhan1.
func officeIntake(t *testing.T, srv *browsertest.Server, code string, ch dossier.Channel) *dossier.Dossier {
	t.Helper()
	ctx := context.Background()
	pv, err := srv.DB.ProcedureByCode(ctx, code)
	if err != nil {
		t.Fatal(err)
	}
	in := dossier.Intake{Channel: ch, Applicant: dossier.Applicant{FullName: "Hoàng Thị Lan", IDNumber: "068190004321", Phone: "0987654321"}}
	for _, c := range pv.Procedure.Components {
		if c.Required {
			in.Components = append(in.Components, dossier.Component{Name: c.Name})
		}
	}
	if len(dossier.DeclarationFor(pv.Procedure.Letter)) > 0 {
		in.Declaration = map[string]string{"child_name": "Lê Minh Khang", "child_birth_date": "2025-01-05"}
	}
	req := store.IntakeRequest{UnitID: srv.Town.Unit.ID, ProcedureCode: code, Intake: in}
	if ch != dossier.Online {
		if req.Actor, err = srv.DB.OfficerByUsername(ctx, "tiepnhan1"); err != nil {
			t.Fatal(err)
		}
	}
	d, err := srv.DB.Intake(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func dossierStatus(t *testing.T, srv *browsertest.Server, code string) dossier.Status {
	t.Helper()
	d, err := srv.DB.Dossier(context.Background(), code)
	if err != nil {
		t.Fatal(err)
	}
	return d.Status
}

// clickAction submits the action form kind of the dossier page and checks
// the page that follows says it was done.
func clickAction(t *testing.T, b *browsertest.Browser, kind, label string) {
	t.Helper()
	if got := b.ClickAndWait(`form[action$="/` + kind + `"] button[type=submit]`); got != http.StatusOK {
		t.Fatalf("%s = %d", kind, got)
	}
	if flash := b.Text(".flash"); !strings.HasPrefix(flash, "Đã thực hiện: "+label) {
		t.Errorf("after %s the page says %q", kind, flash)
	}
}

func TestBrowserOfficeOnlineDossierFromReceptionToReturn(t *testing.T) {
	t.Parallel()
	srv := browsertest.StartServer(t)
	b := browsertest.Start(t)
	d := officeIntake(t, srv, "1.001193", dossier.Online)
	link := `a[href="/can-bo/ho-so/` + d.Code + `"]`

	// Reception: the online queue, then the dossier, then receive.
	officeLogin(t, b, srv, "tiepnhan1")
	if b.Count(`#online `+link) != 1 {
		t.Fatalf("the online queue lacks %s", d.Code)
	}
	b.ExpectAccessible("reception's queue")
	b.Screenshot("queue-reception")
	// Filtered and sorted with the form and the column links (issue 19).
	b.Select("#f-linh-vuc", "CT")
	b.ClickAndWait(`#queue-filter button[type=submit]`)
	if b.Count(`#online `+link) != 0 {
		t.Error("the field Chứng thực still lists a birth registration")
	}
	b.Select("#f-linh-vuc", "HT")
	b.ClickAndWait(`#queue-filter button[type=submit]`)
	b.ClickAndWait(`#online a.sort-ma`)
	if got, _ := b.Attr(`#online th:first-child`, "aria-sort"); got != "ascending" {
		t.Errorf("after sorting by code, its column says aria-sort=%q", got)
	}
	if b.Count(`#online `+link) != 1 || b.Value("#f-linh-vuc") != "HT" {
		t.Errorf("sorting by code lost the dossier or the field filter (%q)", b.Value("#f-linh-vuc"))
	}
	b.ExpectAccessible("reception's queue, filtered and sorted")
	b.SetViewport(390, 844)
	b.Screenshot("queue-reception-filtered-phone")
	b.SetViewport(1280, 900)
	b.Navigate(srv.URL + "/can-bo")
	b.ClickAndWait(`#online ` + link)
	if h1 := b.Text("h1"); h1 != "Hồ sơ "+d.Code {
		t.Errorf("dossier page h1 = %q", h1)
	}
	b.ExpectAccessible("an online dossier before reception")
	b.Screenshot("dossier-online-new")
	clickAction(t, b, "receive", "Tiếp nhận")
	if got := dossierStatus(t, srv, d.Code); got != dossier.Processing {
		t.Fatalf("after receiving: status %d, want 4 (routed to the specialist)", got)
	}
	if b.Count(`a[data-kind="receipt"]`) != 1 {
		t.Error("no receipt link after reception")
	}
	officeLogout(t, b)

	// The specialist of the field proposes the result.
	officeLogin(t, b, srv, "hotich")
	b.ClickAndWait(`#mine ` + link)
	if b.Count(`form[action$="/approve"]`) != 0 {
		t.Error("the specialist is offered the approval")
	}
	// The specialist attaches the result paper: an image is refused on its
	// field, the PDF is kept and can be seen.
	dir := t.TempDir()
	png := filepath.Join(dir, "ket-qua.png")
	os.WriteFile(png, []byte("\x89PNG\r\n\x1a\n0000"), 0o600)
	result := filepath.Join(dir, "giay-khai-sinh.pdf")
	os.WriteFile(result, filestoretest.PDF(t, 1, "GIAY KHAI SINH SO 0077 LE MINH KHANG"), 0o600)
	portalUpload(t, b, "#result-file", png)
	if got := b.ClickAndWait("#result-upload-button"); got != http.StatusBadRequest {
		t.Fatalf("an image as the result = %d, want 400", got)
	}
	if msg := b.Text("#result-file-error"); !strings.Contains(msg, "phải là tệp PDF") {
		t.Errorf("the result's error says %q", msg)
	}
	b.ExpectAccessible("a refused result paper")
	portalUpload(t, b, "#result-file", result)
	if got := b.ClickAndWait("#result-upload-button"); got != http.StatusOK || b.Count("#result-link") != 1 {
		t.Fatalf("upload the result = %d, link %d", got, b.Count("#result-link"))
	}
	b.Screenshot("dossier-result-attached")
	b.Fill("#act-propose-note", "Hồ sơ hợp lệ, đề nghị ký giấy khai sinh")
	clickAction(t, b, "propose", "Trình kết quả")
	b.ExpectAccessible("a dossier being processed")
	b.Screenshot("dossier-proposed")
	officeLogout(t, b)

	// A leader approves from the approval queue.
	officeLogin(t, b, srv, "phochutich")
	if b.Count(`#approval `+link) != 1 {
		t.Fatal("the approval queue lacks the dossier")
	}
	b.Screenshot("queue-leader")
	b.ClickAndWait(`#approval ` + link)
	// The leader sees the result paper before approving.
	if href, _ := b.Attr("#approve-result-link", "href"); href != "/can-bo/ho-so/"+d.Code+"/ket-qua" {
		t.Fatalf("the approval form links the result at %q", href)
	}
	if text := pdfText(t, browserFetch(t, b, `fetch('/can-bo/ho-so/`+d.Code+`/ket-qua')`)); !strings.Contains(text, "GIAY KHAI SINH SO 0077") {
		t.Errorf("the leader's view of the result reads %q", text)
	}
	b.Click("#act-approve-electronic_result")
	clickAction(t, b, "approve", "Phê duyệt")
	if got := dossierStatus(t, srv, d.Code); got != dossier.Resolved {
		t.Fatalf("after approval: status %d", got)
	}
	officeLogout(t, b)

	// The citizen's status page offers the electronic result, and (the
	// procedure being fully online) sends nobody to the counter.
	b.Navigate(srv.URL + "/tra-cuu?ma=" + d.Code)
	b.Fill("#so", "4321")
	if got := b.ClickAndWait(`button.portal-submit`); got != http.StatusOK || b.Count("#result-download-button") != 1 {
		t.Fatalf("the status page = %d with %d download buttons", got, b.Count("#result-download-button"))
	}
	if page := b.Text("main"); strings.Contains(page, "Mời bạn đến") || strings.Contains(page, "Khi đến nhận kết quả") || b.Count("#return") != 0 {
		t.Errorf("the fully online dossier's status page sends the citizen to the counter:\n%s", page)
	}
	b.ExpectAccessible("the status page with an electronic result")
	b.Screenshot("status-result-download")
	b.SetViewport(390, 844) // on a phone: the button fits, nothing scrolls sideways
	if portalScrollsSideways(b, 390) {
		t.Error("the status page with its download scrolls sideways at 390 px")
	}
	b.Screenshot("status-result-download-phone")
	b.SetViewport(1280, 900)
	form := `new URLSearchParams(new FormData(document.querySelector('#result-download form')))`
	if text := pdfText(t, browserFetch(t, b, `fetch('/tra-cuu/ket-qua', {method: 'POST', body: `+form+`})`)); !strings.Contains(text, "GIAY KHAI SINH SO 0077 LE MINH KHANG") {
		t.Errorf("the citizen's download reads %q", text)
	}

	// Reception hands the result over.
	officeLogin(t, b, srv, "tiepnhan2")
	if b.Count(`#handover `+link) != 1 {
		t.Fatal("the handover queue lacks the dossier")
	}
	b.ClickAndWait(`#handover ` + link)
	b.Fill("#act-return-collector_paper", "Căn cước số 068190001234")
	b.Click("#act-return-confirm")
	clickAction(t, b, "return", "Trả kết quả")
	if got := dossierStatus(t, srv, d.Code); got != dossier.Returned {
		t.Fatalf("after the return: status %d", got)
	}
	if status := b.Text(".status-line .status"); status != "Đã trả kết quả" {
		t.Errorf("status shown %q", status)
	}
	// The timeline names who did what.
	timeline := strings.Join(b.Texts("ol.timeline li"), "\n")
	for _, want := range []string{"Đặng Thị Mỹ Duyên", "Lê Thị Hoà", "Trần Thị Thu Hà", "Phan Văn Lộc", "Trình kết quả", "Phê duyệt"} {
		if !strings.Contains(timeline, want) {
			t.Errorf("the timeline lacks %q:\n%s", want, timeline)
		}
	}
	if b.Count(`a[data-kind="handover"]`) != 1 {
		t.Error("no handover record link after the return")
	}
	b.ExpectAccessible("a returned dossier")
	b.Screenshot("dossier-returned")
}

// browserFetch runs a fetch in the page (its cookies) and returns the
// response's bytes.
func browserFetch(t *testing.T, b *browsertest.Browser, fetch string) string {
	t.Helper()
	b64, err := chromedp.Run(b.Context(), chromedp.Evaluate[string](fetch+`.then(r => r.arrayBuffer()).then(a => { let s = ""; new Uint8Array(a).forEach(c => s += String.fromCharCode(c)); return btoa(s); })`,
		chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("%s: %v", fetch, err)
	}
	data, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// pdfText is the text of a PDF as pdftotext reads it, spaces collapsed.
func pdfText(t *testing.T, pdf string) string {
	t.Helper()
	cmd := exec.Command(testenv.Tool(t, "pdftotext", "poppler-utils"), "-layout", "-enc", "UTF-8", "-", "-")
	cmd.Stdin = strings.NewReader(pdf)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return strings.Join(strings.Fields(string(out)), " ")
}

// focusedID is the id of the element with the focus, once something has
// it: autofocus applies after the load event, when the browser next renders.
// It returns "" when nothing took the focus (the wait is a safety net, not
// what the tests assert).
func focusedID(b *browsertest.Browser) string {
	ctx, cancel := context.WithTimeout(b.Context(), 10*time.Second)
	defer cancel()
	id, err := chromedp.Run(ctx, chromedp.Poll[string](
		`(document.activeElement && document.activeElement !== document.body) ? document.activeElement.id : null`))
	if err != nil {
		return ""
	}
	return id
}

func TestBrowserOfficeCounterIntakeByKeyboard(t *testing.T) {
	testenv.Long(t, "a second browser flow of what the quick suite covers; the suite's 3 minutes")
	t.Parallel()
	srv := browsertest.StartServer(t)
	b := browsertest.Start(t)
	officeLogin(t, b, srv, "tiepnhan1")

	// The shortcut link, by keyboard, to the procedure search.
	if got := b.PressEnterAndWait(`a[accesskey="n"]`); got != http.StatusOK {
		t.Fatalf("counter intake = %d", got)
	}
	if id := focusedID(b); id != "q" {
		t.Errorf("the search box does not have the focus (%q)", id)
	}
	b.Fill("#q", "chung thuc ban sao tu ban chinh")
	b.PressEnterAndWait("#q")
	const cert = "2.000815"
	if got := b.PressEnterAndWait(`ol.pick a[href$="thu-tuc=` + cert + `"]`); got != http.StatusOK {
		t.Fatalf("pick the procedure = %d", got)
	}
	if id := focusedID(b); id != "f-applicant-full_name" {
		t.Errorf("the form opens with the focus on %q, want the applicant's name", id)
	}
	b.Press("\t")
	if id := focusedID(b); id != "f-applicant-id_number" {
		t.Errorf("Tab from the name goes to %q, want the ID number", id)
	}
	b.ExpectAccessible("the counter intake form")
	b.Screenshot("intake-form")

	// Enter with the ID number only: every problem beside its field, what
	// was typed kept, the focus on the first field to fix.
	b.Fill("#f-applicant-id_number", "0792")
	if got := b.PressEnterAndWait("#f-applicant-id_number"); got != http.StatusBadRequest {
		t.Fatalf("incomplete intake = %d, want 400", got)
	}
	if msg := b.Text("#f-applicant-full_name-error"); msg != "vui lòng nhập họ và tên" {
		t.Errorf("name error %q", msg)
	}
	if msg := b.Text("#f-applicant-id_number-error"); !strings.Contains(msg, "12 chữ số") {
		t.Errorf("ID error %q", msg)
	}
	if v := b.Value("#f-applicant-id_number"); v != "0792" {
		t.Errorf("the ID typed became %q", v)
	}
	if id := focusedID(b); id != "f-applicant-full_name" {
		t.Errorf("after errors the focus is on %q", id)
	}
	b.ExpectAccessible("the counter intake form with errors")
	b.Screenshot("intake-errors")

	b.Fill("#f-applicant-full_name", "Võ Thị Hạnh")
	b.Fill("#f-applicant-id_number", "079203009876")
	b.Fill("#f-pages", "3")
	// Nothing is ticked in advance: the officer ticks each paper handed in.
	for _, id := range browsertest.Eval[[]string](b, `Array.from(document.querySelectorAll('table.checklist tr'), r => r.querySelector('.req') ? r.querySelector('input[type=checkbox]').id : '').filter(Boolean)`) {
		b.Click("#" + id)
		b.Press(" ") // the focus is on the box: Space unticks it, Space ticks it again
		b.Press(" ")
	}
	if got := b.PressEnterAndWait("#f-pages"); got != http.StatusOK {
		t.Fatalf("intake = %d", got)
	}
	code := b.Text("#dossier-code")
	d, err := srv.DB.Dossier(context.Background(), code)
	if err != nil {
		t.Fatal(err)
	}
	if d.Applicant.FullName != "Võ Thị Hạnh" || d.Channel != dossier.Counter || d.Payment.Due != 5000 {
		t.Errorf("dossier %s: %q channel %d fee %d (3 pages: 2.000+2.000+1.000)", code, d.Applicant.FullName, d.Channel, d.Payment.Due)
	}
	if id := focusedID(b); id != "print-receipt" {
		t.Errorf("after the intake the focus is on %q, want the receipt link", id)
	}
	if b.Count(`a#next-intake[href="/can-bo/tiep-nhan"]`) != 1 {
		t.Error("no next-intake button")
	}
	b.ExpectAccessible("the intake result")
	b.Screenshot("intake-done")

	// The receipt link is a PDF.
	type fetched struct {
		Status int
		Type   string
		Head   string
	}
	ctx, cancel := context.WithTimeout(b.Context(), 30*time.Second)
	defer cancel()
	got, err := chromedp.Run(ctx, chromedp.Evaluate[fetched](`fetch(document.activeElement.href).then(async r => ({
		Status: r.status, Type: r.headers.get('content-type'),
		Head: new TextDecoder().decode((await r.arrayBuffer()).slice(0, 5))}))`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != http.StatusOK || got.Type != "application/pdf" || got.Head != "%PDF-" {
		t.Errorf("receipt link gave %+v, want a PDF", got)
	}
}

func TestBrowserOfficeDashboardMatchesTheReport(t *testing.T) {
	t.Parallel()
	srv := browsertest.StartServer(t)
	b := browsertest.Start(t)
	ctx := context.Background()
	spec, err := srv.DB.OfficerByUsername(ctx, "hotich")
	if err != nil {
		t.Fatal(err)
	}
	leader, err := srv.DB.OfficerByUsername(ctx, "chutich")
	if err != nil {
		t.Fatal(err)
	}
	var resolvedApp time.Time
	for i := range 3 {
		d := officeIntake(t, srv, "2.000635", dossier.Counter)
		if i < 2 {
			resolvedApp = d.AppointmentAt
			if _, err := srv.DB.AttachResult(ctx, d.Code, nil, srv.DB.Blobs(), spec); err != nil {
				t.Fatal(err)
			}
			if _, err := srv.DB.Act(ctx, d.Code, dossier.Action{Kind: dossier.ActPropose}, spec); err != nil {
				t.Fatal(err)
			}
			if _, err := srv.DB.Act(ctx, d.Code, dossier.Action{Kind: dossier.ActApprove, ElectronicResult: true}, leader); err != nil {
				t.Fatal(err)
			}
		}
	}
	officeIntake(t, srv, "1.001193", dossier.Online)

	officeLogin(t, b, srv, "chutich")
	if got := b.ClickAndWait(`a[href="/can-bo/thong-ke"]`); got != http.StatusOK {
		t.Fatalf("dashboard = %d", got)
	}
	today := calendar.DateOf(time.Now())
	period, err := report.ParsePeriod(fmt.Sprintf("%04d-01-01", today.Year), today.String())
	if err != nil {
		t.Fatal(err)
	}
	rep, err := srv.DB.Report(ctx, store.ReportRequest{Period: period, UnitCode: demo.UnitCode, Config: report.DefaultConfig()})
	if err != nil {
		t.Fatal(err)
	}
	// The figures, worked out by hand from the four dossiers above (the
	// seeded commune has none of its own): 3 received at the counter (the
	// online one is only submitted), 2 of them resolved at once, none with
	// a digitised component, none paid online though each bears the 8.000 đ
	// fee, no apology letter, no complaint, 1 still in progress and in time.
	// Both were resolved the day they were received: before the deadline
	// when their appointment falls on a later day (received after the 15:00
	// cut-off of this same-day procedure), on time otherwise.
	before, onTime := "0.0", "100.0"
	if calendar.DateOf(resolvedApp).Compare(today) > 0 {
		before, onTime = "100.0", "0.0"
	}
	want := map[string]string{
		"received": "3", "resolved": "2",
		"before_deadline_pct": before, "on_time_pct": onTime, "overdue_pct": "0.0",
		"digitised_pct": "0.0", "online_pct": "0.0", "online_payment_pct": "0.00",
		"satisfaction_pct": "100.0", "letters": "0", "pending_in_time": "1", "pending_overdue": "0",
	}
	tiles := browsertest.Eval[map[string]string](b, `Object.fromEntries(Array.from(document.querySelectorAll('.tiles .tile'), e => [e.dataset.key, e.dataset.value]))`)
	for k, v := range want {
		if tiles[k] != v {
			t.Errorf("tile %s = %q, want %q", k, tiles[k], v)
		}
	}
	// The same numbers as the JSON API answers the same officer.
	chief, err := srv.DB.OfficerByUsername(ctx, "chutich")
	if err != nil {
		t.Fatal(err)
	}
	token, err := srv.DB.CreateToken(ctx, chief.ID, "dashboard-test", "test")
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest("GET", srv.URL+"/api/v1/report?from="+period.From.String()+"&to="+period.To.String(), nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var api map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&api); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("API report: %d %v", resp.StatusCode, err)
	}
	resp.Body.Close()
	for _, k := range []string{"received", "resolved", "before_deadline_pct", "on_time_pct", "overdue_pct", "digitised_pct",
		"online_pct", "online_payment_pct", "satisfaction_pct", "letters", "pending_in_time", "pending_overdue"} {
		tile, err := strconv.ParseFloat(tiles[k], 64)
		if tiles[k] == "" {
			tile, err = 0, nil // a percentage with no data: the API says 0 and lists it as undefined
		}
		if v, ok := api[k].(float64); err != nil || !ok || v != tile {
			t.Errorf("tile %s = %q, the API says %v", k, tiles[k], api[k])
		}
	}
	shown := b.Text(`.tile[data-key="resolved"] .tile-value`)
	if shown != "2" {
		t.Errorf("resolved tile shows %q", shown)
	}
	if score := tiles["score_total"]; score != strings.Replace(fmt.Sprintf("%.2f", rep.Score.Total), ".", ",", 1) {
		t.Errorf("score tile %q, report %.2f", score, rep.Score.Total)
	}
	if n := b.Count("svg.chart rect.bar"); n == 0 {
		t.Error("the monthly chart has no bars")
	}
	if b.Count("svg.chart path.line") != 1 || b.Count("svg.chart title") < 2 {
		t.Error("the online-share line or the charts' titles are missing")
	}
	if b.Count("figure.chart table.visually-hidden") != 2 {
		t.Error("the charts lack their data tables")
	}
	if rows := b.Texts("#by-field tbody th"); len(rows) != 1 || rows[0] != "Hộ tịch" {
		t.Errorf("breakdown by field: %q", rows)
	}
	b.ExpectAccessible("the dashboard")
	b.Screenshot("dashboard")

	// The filters are in the URL: a field filter is shareable.
	b.Select("#f-field", "CT")
	b.ClickAndWait("form.filters button[type=submit]")
	if loc := b.Location(); !strings.Contains(loc, "field=CT") {
		t.Errorf("the filtered dashboard is at %s", loc)
	}
	if v := b.Text(`.tile[data-key="received"] .tile-value`); v != "0" {
		t.Errorf("received in CT = %q", v)
	}
	// Bad input: the message beside the field, no figures.
	b.Navigate(srv.URL + "/can-bo/thong-ke?from=2025-05-01&to=2025-04-01")
	if msg := b.Text("#f-to-error"); !strings.Contains(msg, "trước khi bắt đầu") {
		t.Errorf("period error %q", msg)
	}
	b.ExpectAccessible("the dashboard with a bad period")
}

package web_test

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/browsertest"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/filestore/filestoretest"
	"github.com/motcua/motcua/internal/staff"
	"github.com/motcua/motcua/internal/testenv"
)

// uxVisible says whether the element matched by sel is rendered.
func uxVisible(b *browsertest.Browser, sel string) bool {
	return browsertest.Eval[bool](b, `(() => { const e = document.querySelector(`+jsQuote(sel)+`); return !!e && e.getClientRects().length > 0; })()`)
}

// TestBrowserDossierPageLeadsWithTheNextStep: on a desktop and a phone, the
// reception officer's page for a new online dossier names the next step
// (receive) and shows its form first; refusing is behind "other actions"
// and, without the confirmation box, comes back with an error and changes
// nothing. The hand-over asks who collected the result and with which
// paper, and the timeline keeps it.
func TestBrowserDossierPageLeadsWithTheNextStep(t *testing.T) {
	testenv.Long(t, "a browser flow whose pages the quick suite tests over HTTP; the suite's 3 minutes")
	t.Parallel()
	srv := browsertest.StartServer(t)
	ctx := context.Background()
	for _, size := range []struct {
		name string
		w, h int
	}{{"desktop", 1280, 900}, {"phone", 390, 844}} {
		t.Run(size.name, func(t *testing.T) {
			b := browsertest.Start(t)
			b.SetViewport(size.w, size.h)
			d := officeIntake(t, srv, "1.001193", dossier.Online)
			officeLogin(t, b, srv, "tiepnhan1")
			b.Navigate(srv.URL + "/can-bo/ho-so/" + d.Code)
			if got := b.Text("#next-step"); got != "Việc cần làm tiếp: Tiếp nhận" {
				t.Errorf("next step %q", got)
			}
			if !uxVisible(b, "#act-receive-h") {
				t.Error("the primary action is not shown")
			}
			if uxVisible(b, "#act-refuse-h") {
				t.Error("refusing shows before the officer asks for other actions")
			}
			// The primary action comes first on the page.
			top := func(sel string) float64 {
				return browsertest.Eval[float64](b, `document.querySelector(`+jsQuote(sel)+`).getBoundingClientRect().top`)
			}
			b.Click(".more-label")
			if !uxVisible(b, "#act-refuse-h") {
				t.Fatal("the other actions do not show")
			}
			if top("#act-receive-h") > top("#act-refuse-h") {
				t.Error("the primary action is below another")
			}
			if portalScrollsSideways(b, size.w) {
				t.Errorf("the dossier page scrolls sideways at %d px", size.w)
			}
			b.ExpectAccessible("the dossier page with its next step, " + size.name)
			b.Screenshot("next-step-" + size.name)

			// Refusing without ticking the box (a browser that ignores
			// "required", as an old one would).
			b.Fill("#act-refuse-reason", "Giấy chứng sinh không rõ nét")
			browsertest.Eval[bool](b, `(() => { document.getElementById('act-refuse-confirm').required = false; return true; })()`)
			if got := b.ClickAndWait(`form[action$="/refuse"] button[type=submit]`); got != http.StatusBadRequest {
				t.Fatalf("refuse without confirming = %d, want 400", got)
			}
			if msg := b.Text("#act-refuse-confirm-error"); !strings.HasPrefix(msg, "vui lòng đánh dấu ô xác nhận") {
				t.Errorf("confirmation error %q", msg)
			}
			if !uxVisible(b, "#act-refuse-h") {
				t.Error("the refused form is hidden behind other actions after its error")
			}
			if got := dossierStatus(t, srv, d.Code); got != dossier.New {
				t.Fatalf("status %d after an unconfirmed refusal", got)
			}
			b.ExpectAccessible("an unconfirmed refusal, " + size.name)
			b.Click("#act-refuse-confirm")
			clickAction(t, b, "refuse", "Từ chối tiếp nhận")
			if got := dossierStatus(t, srv, d.Code); got != dossier.Refused {
				t.Fatalf("status %d after a confirmed refusal", got)
			}
		})
	}

	// The hand-over: who collected, with which paper.
	b := browsertest.Start(t)
	d := officeIntake(t, srv, "1.001193", dossier.Online)
	for _, step := range []struct {
		kind dossier.ActionKind
		by   string
	}{{dossier.ActReceive, "tiepnhan1"}, {dossier.ActPropose, "hotich"}, {dossier.ActApprove, "chutich"}} {
		o, err := srv.DB.OfficerByUsername(ctx, step.by)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := srv.DB.Act(ctx, d.Code, dossier.Action{Kind: step.kind}, o); err != nil {
			t.Fatalf("%s: %v", step.kind, err)
		}
	}
	officeLogin(t, b, srv, "tiepnhan2")
	b.Navigate(srv.URL + "/can-bo/ho-so/" + d.Code)
	if got := b.Text("#next-step"); got != "Việc cần làm tiếp: Trả kết quả" {
		t.Errorf("next step %q", got)
	}
	if got := b.Value("#act-return-collector"); got != "Hoàng Thị Lan" {
		t.Errorf("the collector starts as %q, want the applicant", got)
	}
	b.Fill("#act-return-collector", "Nguyễn Văn Bình")
	b.Click("#act-return-confirm")
	if got := b.ClickAndWait(`form[action$="/return"] button[type=submit]`); got != http.StatusBadRequest {
		t.Fatalf("a hand-over without the paper = %d, want 400", got)
	}
	if msg := b.Text("#act-return-collector_paper-error"); !strings.HasPrefix(msg, "vui lòng ghi giấy tờ") {
		t.Errorf("paper error %q", msg)
	}
	if got := b.Value("#act-return-collector"); got != "Nguyễn Văn Bình" {
		t.Errorf("the collector typed became %q", got)
	}
	if got := dossierStatus(t, srv, d.Code); got != dossier.Resolved {
		t.Fatalf("status %d after a refused hand-over", got)
	}
	b.Fill("#act-return-collector_paper", "Căn cước số 068190009999, giấy ủy quyền ngày 01/3/2025")
	b.Click("#act-return-confirm")
	clickAction(t, b, "return", "Trả kết quả")
	timeline := strings.Join(b.Texts("ol.timeline li"), "\n")
	if !strings.Contains(timeline, "Người nhận kết quả: Nguyễn Văn Bình; giấy tờ xuất trình: Căn cước số 068190009999, giấy ủy quyền ngày 01/3/2025.") {
		t.Errorf("the timeline lacks who collected:\n%s", timeline)
	}
	b.ExpectAccessible("a returned dossier")
}

// TestBrowserCounterIntakeFromTheIDCardQR: the reception officer scans the
// citizen's chip ID card into the form (a wedge scanner types the QR text
// and Enter): the applicant is filled, nothing is taken in yet, no paper is
// ticked in advance; a bad scan is an error beside the field; after ticking
// the papers handed in, the dossier is received with the card's details.
func TestBrowserCounterIntakeFromTheIDCardQR(t *testing.T) {
	t.Parallel()
	srv := browsertest.StartServer(t)
	b := browsertest.Start(t)
	ctx := context.Background()
	officeLogin(t, b, srv, "tiepnhan1")
	b.Navigate(srv.URL + "/can-bo/tiep-nhan?thu-tuc=" + birthRegistration)
	if n := b.Count(`table.checklist input[type=checkbox]:checked`); n != 0 {
		t.Errorf("%d papers ticked before the officer looked", n)
	}
	before, err := srv.DB.CountDossiers(ctx)
	if err != nil {
		t.Fatal(err)
	}

	// A QR code that is not an ID card's.
	b.Click("#f-cccd_qr")
	b.Press("https://zalo.me/abc\r")
	b.WaitVisible("#f-cccd_qr-error")
	if msg := b.Text("#f-cccd_qr-error"); !strings.Contains(msg, "không phải của căn cước") {
		t.Errorf("bad scan: %q", msg)
	}
	b.ExpectAccessible("a bad ID card scan")

	b.Click("#f-cccd_qr")
	b.Press("079203009876|025123456|Võ Thị Hạnh|15081990|Nữ|Thôn 2, xã Đạ Tẻh, tỉnh Lâm Đồng|20042021\r")
	b.WaitVisible(".flash")
	for sel, want := range map[string]string{"#f-applicant-full_name": "Võ Thị Hạnh", "#f-applicant-id_number": "079203009876",
		"#f-applicant-birth_date": "1990-08-15", "#f-applicant-address": "Thôn 2, xã Đạ Tẻh, tỉnh Lâm Đồng", "#f-cccd_qr": ""} {
		if got := b.Value(sel); got != want {
			t.Errorf("%s = %q, want %q", sel, got, want)
		}
	}
	if id := focusedID(b); id != "f-applicant-phone" {
		t.Errorf("after the scan the focus is on %q, want the phone", id)
	}
	if n, _ := srv.DB.CountDossiers(ctx); n != before {
		t.Fatalf("a scan took a dossier in (%d → %d)", before, n)
	}
	b.ExpectAccessible("the intake form filled from the ID card")
	b.Screenshot("intake-scanned")

	b.Fill("#f-applicant-phone", "0912345678")
	b.Fill("#declaration-child_name", "Nguyễn Văn An")
	portalSetValue(t, b, "#declaration-child_birth_date", "2025-02-20")
	for _, id := range browsertest.Eval[[]string](b, `Array.from(document.querySelectorAll('table.checklist tr'), r => r.querySelector('.req') ? r.querySelector('input[type=checkbox]').id : '').filter(Boolean)`) {
		b.Click("#" + id)
	}
	// The officer helps her submit online (assisted online): the third
	// channel, offered because birth registration is available online.
	b.Click(`input[name=channel][value="2"]`)
	b.Screenshot("intake-assisted-online")
	if got := b.ClickAndWait(`form.intake button[type=submit]`); got != http.StatusOK {
		t.Fatalf("intake = %d: %v", got, b.Texts(".field-error"))
	}
	if page := b.Text("main"); !strings.Contains(page, "Hướng dẫn nộp trực tuyến") {
		t.Errorf("the page after the intake does not say it was submitted online with help: %q", page)
	}
	d, err := srv.DB.Dossier(ctx, b.Text("#dossier-code"))
	if err != nil {
		t.Fatal(err)
	}
	if d.Applicant.FullName != "Võ Thị Hạnh" || d.Applicant.IDNumber != "079203009876" || d.Applicant.BirthDate != "1990-08-15" {
		t.Errorf("dossier applicant %+v", d.Applicant)
	}
	if o, err := srv.DB.OfficerByUsername(ctx, "tiepnhan1"); err != nil || d.Channel != dossier.Online || d.AssistedBy != o.ID {
		t.Errorf("dossier channel %d assisted by %q, want online and tiepnhan1 (%v)", d.Channel, d.AssistedBy, err)
	}

	// Each paper reception digitises is scanned from this page, on a phone
	// too, while the citizen is still at the counter.
	b.SetViewport(390, 844)
	sel := `form.scan-form input[type=file]`
	before = b.Count(sel)
	if before == 0 {
		t.Fatal("the page after the intake offers no scan of the papers to digitise")
	}
	b.ExpectAccessible("the scans after the intake")
	b.Screenshot("intake-scans-phone")
	scan := filepath.Join(t.TempDir(), "giay-chung-sinh.pdf")
	os.WriteFile(scan, filestoretest.PDF(t, 1, "GIAY CHUNG SINH"), 0o600)
	portalUpload(t, b, sel, scan)
	if got := b.ClickAndWait(`form.scan-form button[type=submit]`); got != http.StatusOK {
		t.Fatalf("save the scan = %d", got)
	}
	if n := b.Count(sel); n != before-1 {
		t.Errorf("after one scan the page offers %d scans, want %d", n, before-1)
	}
	if d, err = srv.DB.Dossier(ctx, d.Code); err != nil {
		t.Fatal(err)
	}
	papers := 0
	for _, c := range d.Components {
		if c.PaperID != "" {
			papers++
		}
	}
	if papers != 1 {
		t.Errorf("%d papers digitised, want 1", papers)
	}
	b.Screenshot("intake-scanned-one-phone")
}

// TestBrowserOfficerPagesNameFieldsNotCodes: the civil-status officer's
// home and a dossier's specialist list say "Hộ tịch", not "HT".
func TestBrowserOfficerPagesNameFieldsNotCodes(t *testing.T) {
	t.Parallel()
	srv := browsertest.StartServer(t)
	b := browsertest.Start(t)
	officeLogin(t, b, srv, "hotich")
	b.Navigate(srv.URL + "/can-bo")
	facts := strings.Join(b.Texts("dl.facts dd"), "\n")
	if !strings.Contains(facts, "Hộ tịch") || strings.Contains(facts, "HT") {
		t.Errorf("the officer's fields read %q", facts)
	}
	officeLogout(t, b)
	d := officeIntake(t, srv, "1.001193", dossier.Online)
	if _, err := srv.DB.Act(context.Background(), d.Code, dossier.Action{Kind: dossier.ActReceive}, mustOfficer(t, srv, "tiepnhan1")); err != nil {
		t.Fatal(err)
	}
	officeLogin(t, b, srv, "chutich")
	b.Navigate(srv.URL + "/can-bo/ho-so/" + d.Code)
	b.Click(".more-label")
	opts := strings.Join(b.Texts(`#act-assign-officer_id option`), "\n")
	if !strings.Contains(opts, "(Hộ tịch") || strings.Contains(opts, "(HT") {
		t.Errorf("specialists read:\n%s", opts)
	}
	b.ExpectAccessible("a dossier's specialists by field name")
}

func mustOfficer(t *testing.T, srv *browsertest.Server, username string) *staff.Officer {
	t.Helper()
	o, err := srv.DB.OfficerByUsername(context.Background(), username)
	if err != nil {
		t.Fatal(err)
	}
	return o
}

// tickRequiredComponents ticks, as the officer would, every required paper
// of the counter intake's checklist.
func tickRequiredComponents(b *browsertest.Browser) {
	for _, id := range browsertest.Eval[[]string](b, `Array.from(document.querySelectorAll('table.checklist tr'), r => r.querySelector('.req') ? r.querySelector('input[type=checkbox]').id : '').filter(Boolean)`) {
		b.Click("#" + id)
	}
}

// fillHandover fills the hand-over's facts as the officer would: the paper
// the collector showed, and the confirmation.
func fillHandover(b *browsertest.Browser) {
	b.Fill("#act-return-collector_paper", "Căn cước số 079203009876")
	b.Click("#act-return-confirm")
}

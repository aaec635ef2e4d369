package web_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/browsertest"
)

// TestBrowserCounterIntakeWithTheTypedForm: the reception officer takes in
// a death registration at the counter, typing the declaration's answers in
// the form's groups and typed inputs as a citizen would online. The
// organisation's field shows only for an organisation; the ID card scan
// fills the applicant and keeps the answers typed; bad answers come back
// beside their fields in Vietnamese, the focus on the first, nothing saved;
// the paper declaration left unticked, the dossier's declaration is
// generated. Desktop and 390 × 844, axe on each page, screenshots.
func TestBrowserCounterIntakeWithTheTypedForm(t *testing.T) {
	t.Parallel()
	srv := browsertest.StartServer(t)
	b := browsertest.Start(t)
	ctx := context.Background()
	officeLogin(t, b, srv, "tiepnhan1")
	b.Navigate(srv.URL + "/can-bo/tiep-nhan?thu-tuc=1.000656")

	legends := strings.Join(b.Texts("form.intake legend"), "\n")
	for _, want := range []string{"Người yêu cầu", "Người đã chết"} {
		if !strings.Contains(legends, want) {
			t.Errorf("the intake lacks the form's group %q:\n%s", want, legends)
		}
	}
	if tag := browsertest.Eval[string](b, `document.getElementById('declaration-deceased_sex').tagName`); tag != "SELECT" {
		t.Errorf("the sex is a %s, want a select", tag)
	}
	if typ, _ := b.Attr("#declaration-death_date", "type"); typ != "date" {
		t.Errorf("the date of death is a %q input, want a date", typ)
	}
	if uxVisible(b, "#declaration-org_role") || !uxVisible(b, "#declaration-relation") {
		t.Error("a person is shown the organisation's field, or not their own")
	}
	b.Click(`input[name="applicant.kind"][value="organisation"]`)
	if !uxVisible(b, "#declaration-org_role") || uxVisible(b, "#declaration-relation") {
		t.Error("an organisation is not shown its field, or is shown the person's")
	}
	b.Click(`input[name="applicant.kind"][value="person"]`)

	// Answers typed, then the ID card scanned: the applicant filled, the answers kept.
	b.Fill("#declaration-deceased_name", "Lê Văn Tư")
	b.Select("#declaration-deceased_sex", "Nam")
	portalSetValue(t, b, "#declaration-death_date", "2999-01-02")
	b.Click("#f-cccd_qr")
	b.Press("079203009876|025123456|Lê Thị Hoa|15081970|Nữ|Thôn 4, xã Đạ Tẻh, tỉnh Lâm Đồng|20042021\r")
	b.WaitVisible(".flash")
	if b.Value("#f-applicant-full_name") != "Lê Thị Hoa" || b.Value("#declaration-deceased_name") != "Lê Văn Tư" || b.Value("#declaration-deceased_sex") != "Nam" {
		t.Error("the scan did not fill the applicant, or lost the answers typed")
	}

	// Sent with a date of death in the future and required answers missing.
	before, err := srv.DB.CountDossiers(ctx)
	if err != nil {
		t.Fatal(err)
	}
	tickRequiredComponents(b)
	b.Click("#f-components-0") // the declaration is not handed in on paper: untick it
	if got := b.ClickAndWait(`form.intake button[type=submit]`); got != http.StatusBadRequest {
		t.Fatalf("bad answers = %d, want 400", got)
	}
	if msg := b.Text("#declaration-death_date-error"); !strings.Contains(msg, "không thể ở tương lai") {
		t.Errorf("the date of death's error %q", msg)
	}
	if msg := b.Text("#declaration-relation-error"); !strings.Contains(msg, "vui lòng nhập “Quan hệ với người đã chết (Người yêu cầu)”") {
		t.Errorf("the relationship's error %q", msg)
	}
	if id := focusedID(b); id != "declaration-relation" {
		t.Errorf("the focus is on %q, want the first field with an error", id)
	}
	if n, _ := srv.DB.CountDossiers(ctx); n != before {
		t.Fatal("bad answers took a dossier in")
	}
	b.ExpectAccessible("the counter intake's typed form with errors")
	b.Screenshot("intake-typed-errors")

	b.Fill("#declaration-relation", "Con gái")
	portalSetValue(t, b, "#declaration-death_date", "2025-01-02")
	portalSetValue(t, b, "#declaration-deceased_birth_date", "1941-05-06")
	b.Fill("#declaration-deceased_ethnicity", "Kinh")
	b.Fill("#declaration-deceased_nationality", "Việt Nam")
	b.Fill("#declaration-deceased_residence", "Thôn 4, xã Đạ Tẻh")
	b.Fill("#declaration-death_place", "Tại nhà")
	b.Fill("#declaration-death_notice", "Giấy báo tử số 12, ngày 02/01/2025")
	b.Screenshot("intake-typed-filled")
	if got := b.ClickAndWait(`form.intake button[type=submit]`); got != http.StatusOK {
		t.Fatalf("intake = %d: %v", got, b.Texts(".field-error"))
	}
	d, err := srv.DB.Dossier(ctx, b.Text("#dossier-code"))
	if err != nil {
		t.Fatal(err)
	}
	if d.Declaration["relation"] != "Con gái" || d.Declaration["death_date"] != "2025-01-02" || !d.Components[0].Generated {
		t.Errorf("dossier declaration %v, components %+v", d.Declaration, d.Components)
	}
	if href, _ := b.Attr("#declaration", "href"); href != "/can-bo/ho-so/"+d.Code+"/giay-to/declaration.pdf" {
		t.Errorf("the generated declaration's link is %q", href)
	}
	b.ExpectAccessible("the intake done with a generated declaration")

	// On a phone: the same form, one column, nothing sideways.
	b.SetViewport(390, 844)
	b.Navigate(srv.URL + "/can-bo/tiep-nhan?thu-tuc=1.000656")
	if portalScrollsSideways(b, 390) {
		t.Errorf("the counter intake scrolls sideways at 390 px: %v", browsertest.Eval[[]string](b, `[document.documentElement.scrollWidth + ''].concat([...document.querySelectorAll('body *')].filter(e => !e.closest('.table-wrap') && e.getBoundingClientRect().right > 391).slice(0, 8).map(e => e.tagName + '#' + e.id + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right)))`))
	}
	if right := browsertest.Eval[float64](b, `document.getElementById('declaration-death_notice').getBoundingClientRect().right`); right > 390 {
		t.Errorf("a typed field ends at %.0f px, past the 390 px screen", right)
	}
	b.ExpectAccessible("the counter intake's typed form at 390 px")
	b.Screenshot("intake-typed-390")
}

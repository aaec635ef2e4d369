package web_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/browsertest"
	"github.com/motcua/motcua/internal/demo"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/identity"
	"github.com/motcua/motcua/internal/identity/idpfake"
	"github.com/motcua/motcua/internal/identity/vneid"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/web"
)

// TestBrowserCitizenSignsInWithEID: a citizen opens "Hồ sơ của tôi", signs in
// through the fake national e-ID provider's page, finds the dossier filed
// for her at the counter, submits a new one on the prefilled form, finds it
// in her list, and signs out in one click (ours and the provider's session).
// Every new page passes axe-core; the list works on a phone's width.
func TestBrowserCitizenSignsInWithEID(t *testing.T) {
	t.Parallel()
	f := idpfake.New(idpfake.Client{ID: "motcua", Secret: "s3cret", RedirectURIs: []string{"http://127.0.0.1/dang-nhap/vneid/ve"},
		LogoutURIs: []string{"http://127.0.0.1/"}, AnyLoopbackPort: true})
	idp := httptest.NewServer(f)
	t.Cleanup(idp.Close)
	f.SetIssuer(idp.URL)
	srv := browsertest.StartServerWith(t, func(base string, o *web.Options) {
		o.EID = &web.EID{Client: vneid.New(vneid.Config{Issuer: idp.URL, ClientID: "motcua", ClientSecret: "s3cret",
			RedirectURL:   func() string { return base + "/dang-nhap/vneid/ve" },
			PostLogoutURL: func() string { return base + "/" }, Claims: identity.DefaultClaimNames()})}
	})
	ctx := context.Background()
	earlier := fileAtCounter(t, srv.DB, "Nguyễn Thị Lan", "068190001234")
	other := fileAtCounter(t, srv.DB, "Trần Văn Bình", "068085004321")
	dir := t.TempDir()
	pdf := filepath.Join(dir, "to-khai.pdf")
	if err := os.WriteFile(pdf, []byte(portalMinimalPDF), 0o600); err != nil {
		t.Fatal(err)
	}
	b := browsertest.Start(t)

	// Not signed in: "Hồ sơ của tôi" leads to the provider's page.
	b.Navigate(srv.URL + "/ca-nhan/ho-so")
	if !strings.HasPrefix(b.Location(), idp.URL+"/authorize?") {
		t.Fatalf("my dossiers, signed out, went to %s", b.Location())
	}
	b.Click("#level-2")
	if got := b.ClickAndWait(`button[value="allow"]`); got != http.StatusOK {
		t.Fatalf("back from the provider: %d", got)
	}
	if p := mustParse(t, b.Location()).Path; p != "/ca-nhan/ho-so" {
		t.Fatalf("after sign-in the browser is at %s", p)
	}
	codes := b.Texts("#mine-list .dossier-code")
	if len(codes) != 1 || codes[0] != earlier.Code {
		t.Errorf("my dossiers = %v, want only %s (not Bình's %s)", codes, earlier.Code, other.Code)
	}
	if who := b.Text("#mine-who"); !strings.Contains(who, "Nguyễn Thị Lan") || !strings.Contains(who, "mức 2") {
		t.Errorf("signed in as %q", who)
	}
	b.ExpectAccessible("my dossiers")
	b.Screenshot("citizen-list")
	b.SetViewport(375, 800)
	b.Reload()
	if portalScrollsSideways(b, 375) {
		t.Error("my dossiers scroll sideways on a phone")
	}
	b.ExpectAccessible("my dossiers on a phone")
	b.Screenshot("citizen-list-phone")
	b.SetViewport(1280, 900)

	b.ClickAndWait(`a[href="/ca-nhan/ho-so/` + earlier.Code + `"]`)
	if st := b.Text("#status-label"); st != "Đang xử lý" {
		t.Errorf("status = %q", st)
	}
	if b.Count(`#mine-docs a[href$="/giay-to/receipt.pdf"]`) != 1 {
		t.Error("the receipt is not offered for download")
	}
	b.ExpectAccessible("a dossier of mine")
	b.Screenshot("citizen-dossier")

	// A new dossier on the prefilled form.
	b.Navigate(srv.URL + "/nop-ho-so/" + birthRegistration)
	if got := b.Value("#full_name"); got != "Nguyễn Thị Lan" {
		t.Errorf("name prefilled = %q", got)
	}
	if got := b.Value("#id_number"); got != "068190001234" {
		t.Errorf("number prefilled = %q", got)
	}
	if _, ro := b.Attr("#id_number", "readonly"); !ro {
		t.Error("the number of the signed-in account can be edited")
	}
	b.ExpectAccessible("the prefilled submission form")
	b.Screenshot("citizen-submit")
	b.Fill("#declaration-child_name", "Nguyễn Văn An")
	portalSetValue(t, b, "#declaration-child_birth_date", "2025-02-20")
	portalFillBirthDeclaration(b)
	portalUpload(t, b, "#component-1", pdf)
	portalUpload(t, b, "#component-2", pdf)
	b.Click("#agree")
	if got := b.ClickAndWait(`button.portal-submit`); got != http.StatusOK {
		t.Fatalf("submission = %d", got)
	}
	if got := portalSend(t, b); got != http.StatusOK {
		t.Fatalf("Gửi hồ sơ = %d", got)
	}
	code := b.Text("#dossier-code")
	d, err := srv.DB.Dossier(ctx, code)
	if err != nil || d.EIDLevel != 2 || d.Applicant.IDNumber != "068190001234" {
		t.Fatalf("the new dossier %q: %v, level %d", code, err, d.EIDLevel)
	}
	b.Navigate(srv.URL + "/ca-nhan/ho-so")
	if codes := b.Texts("#mine-list .dossier-code"); len(codes) != 2 || codes[0] != code {
		t.Errorf("my dossiers after submitting = %v, want %s first", codes, code)
	}
	b.Navigate(srv.URL + "/ca-nhan/dong-y")
	b.ExpectAccessible("the consent page")
	b.Click("#consent-sms")
	b.ClickAndWait(`button.portal-submit`)
	if c, _ := srv.DB.ConsentFor(ctx, "068190001234", store.ConsentSMS); !c.Granted {
		t.Error("the SMS consent was not recorded")
	}

	// One click signs out of both: the provider's sign-out comes back home.
	b.Navigate(srv.URL + "/ca-nhan/ho-so")
	b.ClickAndWait("#citizen-signout")
	if loc := b.Location(); loc != srv.URL+"/" {
		t.Errorf("after sign-out the browser is at %s, want the home page", loc)
	}
	if f.SignOuts() != 1 {
		t.Errorf("the provider's sign-out was reached %d times, want 1", f.SignOuts())
	}
	if msg := b.Text(".flash"); msg != "Bạn đã đăng xuất." {
		t.Errorf("after sign-out the page says %q", msg)
	}
	b.Navigate(srv.URL + "/ca-nhan/ho-so")
	if !strings.HasPrefix(b.Location(), idp.URL+"/authorize?") {
		t.Errorf("after sign-out my dossiers went to %s, want the provider's page", b.Location())
	}
	b.Navigate(srv.URL + "/dang-nhap/vneid/ve?state=forged&code=x")
	b.ExpectAccessible("a refused sign-in")
}

// fileAtCounter files a birth registration at the demo commune's counter
// for the person with this number.
func fileAtCounter(t *testing.T, db *store.DB, name, number string) *dossier.Dossier {
	t.Helper()
	ctx := context.Background()
	u, err := db.UnitByCode(ctx, demo.UnitCode)
	if err != nil {
		t.Fatal(err)
	}
	o, err := db.OfficerByUsername(ctx, "tiepnhan1")
	if err != nil {
		t.Fatal(err)
	}
	pv, err := db.ProcedureByCode(ctx, birthRegistration)
	if err != nil {
		t.Fatal(err)
	}
	in := dossier.Intake{Channel: dossier.Counter, Applicant: dossier.Applicant{FullName: name, IDNumber: number, Phone: "0912000111", Address: "Thôn 1"},
		Declaration: map[string]string{"child_name": "Bé " + name, "child_birth_date": "2025-02-20"}}
	for _, c := range pv.Procedure.Components {
		if c.Required {
			in.Components = append(in.Components, dossier.Component{Name: c.Name})
		}
	}
	d, err := db.Intake(ctx, store.IntakeRequest{UnitID: u.ID, ProcedureCode: birthRegistration, Intake: in, Actor: o})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

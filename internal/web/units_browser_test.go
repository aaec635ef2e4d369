package web_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"net/http"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/motcua/motcua/internal/browsertest"
	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/demo"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/staff"
	"github.com/motcua/motcua/internal/testenv"
	"github.com/motcua/motcua/internal/unit"
)

// provinceOfTwo puts the demo town under a province beside a second commune,
// Xã An Nhơn, with its own reception, certification specialist and leader.
func provinceOfTwo(t *testing.T, srv *browsertest.Server) *unit.Unit {
	t.Helper()
	ctx := context.Background()
	prov := &unit.Unit{Code: "000.00.00.H56", Name: "UBND tỉnh Lâm Đồng", Kind: unit.Province}
	if err := srv.DB.CreateUnit(ctx, prov, "test"); err != nil {
		t.Fatal(err)
	}
	town := *srv.Town.Unit
	town.ParentID = prov.ID
	if err := srv.DB.UpdateUnit(ctx, &town, "test"); err != nil {
		t.Fatal(err)
	}
	an := &unit.Unit{Code: "000.21.38.H56", Name: "UBND xã An Nhơn", Kind: unit.Commune, ParentID: prov.ID,
		Letterhead: unit.Letterhead{ParentBody: "ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG", IssuingBody: "ỦY BAN NHÂN DÂN XÃ AN NHƠN",
			Place: "An Nhơn", SignerTitle: "CHỦ TỊCH", SignerName: "Điểu Văn Lây"}}
	if err := srv.DB.CreateUnit(ctx, an, "test"); err != nil {
		t.Fatal(err)
	}
	for _, o := range []*staff.Officer{
		{Username: "an_tiepnhan", FullName: "Lò Thị Nhơn", Roles: []staff.Role{staff.Reception}},
		{Username: "an_chungthuc", FullName: "K'Brơi An", Roles: []staff.Role{staff.Specialist}, Fields: []string{"CT"}},
		{Username: "an_chutich", FullName: "Điểu Văn Lây", Roles: []staff.Role{staff.Leader}},
	} {
		o.UnitID, o.Active = an.ID, true
		if err := srv.DB.CreateOfficer(ctx, o, demo.Password, "test"); err != nil {
			t.Fatal(err)
		}
	}
	return an
}

// fetchText fetches url in the browser (with its session) and returns the
// status, and the text of the PDF it answers, extracted by pdftotext.
func fetchPDFText(t *testing.T, b *browsertest.Browser, url string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(b.Context(), 30*time.Second)
	defer cancel()
	type fetched struct {
		Status int
		Body   string
	}
	got, err := chromedp.Run(ctx, chromedp.Evaluate[fetched](`fetch(`+"`"+url+"`"+`).then(async r => {
		const bytes = new Uint8Array(await r.arrayBuffer()); let s = '';
		for (const c of bytes) s += String.fromCharCode(c);
		return {Status: r.status, Body: btoa(s)};
	})`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != http.StatusOK {
		t.Fatalf("%s = %d", url, got.Status)
	}
	data, err := base64.StdEncoding.DecodeString(got.Body)
	if err != nil {
		t.Fatal(err)
	}
	tool := testenv.Tool(t, "pdftotext", "poppler-utils")
	cmd := exec.Command(tool, "-layout", "-enc", "UTF-8", "-", "-")
	cmd.Stdin = bytes.NewReader(data)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return strings.Join(strings.Fields(string(out)), " ")
}

// Reception regardless of administrative boundary: the town's reception
// receives a dossier of a procedure An Nhơn resolves; An Nhơn's specialist
// and leader process it; the town returns the result; both tracking books
// list it, and the timeline shows the hand-over and the hand-back.
func TestBrowserReceptionForAnotherCommune(t *testing.T) {
	testenv.Long(t, "a second browser flow of what the quick suite covers; the suite's 3 minutes")
	t.Parallel()
	srv := browsertest.StartServer(t)
	an := provinceOfTwo(t, srv)
	b := browsertest.Start(t)
	ctx := context.Background()

	officeLogin(t, b, srv, "tiepnhan1")
	const cert = "2.000815"
	if got := b.Navigate(srv.URL + "/can-bo/tiep-nhan?thu-tuc=" + cert); got != http.StatusOK {
		t.Fatalf("intake form = %d", got)
	}
	if n := b.Count(`#f-competent_unit option`); n != 3 {
		t.Fatalf("the competent unit offers %d units, want the town, An Nhơn and the province", n)
	}
	b.ExpectAccessible("the intake form with a competent unit")
	b.Fill("#f-applicant-full_name", "Võ Thị Hạnh")
	b.Fill("#f-applicant-id_number", "079203009876")
	b.Fill("#f-pages", "2")
	b.Select("#f-competent_unit", an.Code)
	tickRequiredComponents(b) // nothing is ticked in advance (ux_next_browser_test.go)
	if got := b.ClickAndWait(`main form button[type=submit]`); got != http.StatusOK {
		t.Fatalf("intake = %d", got)
	}
	code := b.Text("#dossier-code")
	d, err := srv.DB.Dossier(ctx, code)
	if err != nil {
		t.Fatal(err)
	}
	if d.ReceivingUnitID != srv.Town.Unit.ID || d.ResolvingUnitID != an.ID || !strings.HasPrefix(code, srv.Town.Unit.Code+"-") {
		t.Fatalf("dossier %s: receiving %s, resolving %s; want the town receiving (and coding), An Nhơn resolving", code,
			d.ReceivingUnitID, d.ResolvingUnitID)
	}
	officeLogout(t, b)

	// An Nhơn's specialist finds it in their queue and proposes; the leader approves.
	link := `a[href="/can-bo/ho-so/` + code + `"]`
	officeLogin(t, b, srv, "an_chungthuc")
	if b.Count(`#mine `+link) != 1 {
		t.Fatalf("An Nhơn's specialist's queue lacks %s", code)
	}
	b.ClickAndWait(`#mine ` + link)
	clickAction(t, b, "propose", "Trình kết quả")
	officeLogout(t, b)
	officeLogin(t, b, srv, "an_chutich")
	b.ClickAndWait(`#approval ` + link)
	clickAction(t, b, "approve", "Phê duyệt")
	officeLogout(t, b)

	// The town's reception returns the result.
	officeLogin(t, b, srv, "tiepnhan1")
	if b.Count(`#handover `+link) != 1 {
		t.Fatal("the town's handover queue lacks the dossier")
	}
	b.ClickAndWait(`#handover ` + link)
	clickAction(t, b, "record_payment", "Ghi nhận")
	fillHandover(b) // who collected, with which paper, confirmed (ux_next_browser_test.go)
	clickAction(t, b, "return", "Trả kết quả")
	timeline := strings.Join(b.Texts("ol.timeline li"), "\n")
	for _, want := range []string{"Chuyển hồ sơ đến đơn vị có thẩm quyền", "Chuyển kết quả về đơn vị tiếp nhận", "K'Brơi An", "Điểu Văn Lây"} {
		if !strings.Contains(timeline, want) {
			t.Errorf("the timeline lacks %q:\n%s", want, timeline)
		}
	}
	b.ExpectAccessible("a dossier resolved by another commune")
	if got := dossierStatus(t, srv, code); got != dossier.Returned {
		t.Fatalf("status %d after the return", got)
	}
	day := srv.DB.Now().In(calendar.Location()).Format("2006-01-02") // the unit's day, not UTC's
	book := "/can-bo/so-theo-doi/so-theo-doi.pdf?tu=" + day + "&den=" + day
	// The code wraps in its narrow column: "000.21.37.H56-" then "261203-0001".
	hasCode := func(text string) bool {
		i := strings.Index(code, "-") + 1
		return strings.Contains(text, code[:i]) && strings.Contains(text, code[i:])
	}
	if text := fetchPDFText(t, b, book); !hasCode(text) {
		t.Errorf("the town's tracking book lacks %s:\n%s", code, text)
	}
	officeLogout(t, b)
	officeLogin(t, b, srv, "an_chutich")
	if text := fetchPDFText(t, b, book); !hasCode(text) || !strings.Contains(text, "XÃ AN NHƠN") {
		t.Errorf("An Nhơn's tracking book lacks %s:\n%s", code, text)
	}
}

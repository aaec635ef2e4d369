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
	"github.com/motcua/motcua/internal/staff"
	"github.com/motcua/motcua/internal/testenv"
)

// TestBrowserOnlineSupplement: the officer asks for a supplement of an
// online dossier; the citizen, on a 390 × 844 phone, sees what was asked
// on the status page, sends a wrong file (named beside its item, the good
// one kept), then the right one; the officer sees the papers and goes on.
func TestBrowserOnlineSupplement(t *testing.T) {
	testenv.Long(t, "a browser flow whose pages the quick suite tests over HTTP; the suite's 3 minutes")
	t.Parallel()
	browserOnlineSupplement(t, 390, 844, "390")
}

// TestBrowserOnlineSupplementDesktop is the same with the citizen on a
// desktop.
func TestBrowserOnlineSupplementDesktop(t *testing.T) {
	testenv.Long(t, "a second browser flow of what the quick suite covers; the suite's 3 minutes")
	t.Parallel()
	browserOnlineSupplement(t, 1280, 900, "desktop")
}

func browserOnlineSupplement(t *testing.T, width, height int, size string) {
	srv := browsertest.StartServer(t)
	ctx := context.Background()
	d := officeIntake(t, srv, "1.001193", dossier.Online)
	d, err := srv.DB.Act(ctx, d.Code, dossier.Action{Kind: dossier.ActReceive}, officeOfficerOf(t, srv, "tiepnhan1"))
	if err != nil {
		t.Fatal(err)
	}
	lead, err := srv.DB.Officer(ctx, d.LeadID)
	if err != nil {
		t.Fatalf("the dossier has no lead: %v", err)
	}

	// The lead specialist asks for two papers.
	ob := browsertest.Start(t)
	officeLogin(t, ob, srv, lead.Username)
	ob.Navigate(srv.URL + "/can-bo/ho-so/" + d.Code)
	if ob.Count(".more-label") == 1 {
		ob.Click(".more-label")
	}
	ob.Fill("#act-request_supplement-items", "Giấy chứng sinh (bản rõ nét)\nẢnh căn cước hai mặt")
	ob.Fill("#act-request_supplement-reason", "Giấy chứng sinh đã gửi bị mờ, không đọc được")
	clickAction(t, ob, "request_supplement", "Yêu cầu bổ sung")
	if got := dossierStatus(t, srv, d.Code); got != dossier.Supplement {
		t.Fatalf("after the request: %v", got)
	}

	// The citizen, from the status page's bookmarkable address.
	b := browsertest.Start(t)
	b.SetViewport(width, height)
	b.Navigate(srv.URL + "/tra-cuu?ma=" + d.Code)
	b.Fill("#so", "4321")
	if got := b.ClickAndWait(`button.portal-submit`); got != http.StatusOK {
		t.Fatalf("lookup = %d", got)
	}
	if got := b.Text("#status-meaning"); !strings.Contains(got, "gửi giấy tờ ngay trên trang này") {
		t.Errorf("the status says %q", got)
	}
	if got := b.Text("#supplement-reason"); !strings.Contains(got, "bị mờ") {
		t.Errorf("the reason reads %q", got)
	}
	if labels := strings.Join(b.Texts("#supplement label"), "|"); !strings.Contains(labels, "Giấy chứng sinh (bản rõ nét)") || !strings.Contains(labels, "Ảnh căn cước hai mặt") {
		t.Errorf("the items asked: %q", labels)
	}
	if portalScrollsSideways(b, width) {
		t.Errorf("the status page scrolls sideways at %d px", width)
	}
	b.ExpectAccessible("the supplement asked, " + size)
	b.Screenshot("supplement-asked-" + size)

	dir := t.TempDir()
	good := filepath.Join(dir, "giay-chung-sinh.pdf")
	bad := filepath.Join(dir, "can-cuoc.pdf")
	photo := filepath.Join(dir, "can-cuoc.png")
	os.WriteFile(good, []byte(portalMinimalPDF), 0o600)
	os.WriteFile(bad, []byte("MZ\x90\x00 not a document"), 0o600)
	os.WriteFile(photo, portalPNG, 0o600)
	portalUpload(t, b, "#sup-item-0", good)
	portalUpload(t, b, "#sup-item-1", bad)
	if got := b.ClickAndWait("#supplement-send"); got != http.StatusBadRequest {
		t.Fatalf("a wrong file = %d, want 400", got)
	}
	if title := browsertest.Eval[string](b, `document.title`); !strings.HasPrefix(title, "Lỗi: ") {
		t.Errorf("title %q", title)
	}
	if focus := focusedID(b); focus != "supplement-error" {
		t.Errorf("the focus is on %q, want the form's error", focus)
	}
	if msg := b.Text("#sup-item-1-error"); !strings.Contains(msg, "can-cuoc.pdf") {
		t.Errorf("the wrong file's error: %q", msg)
	}
	if hint := b.Text("#sup-item-0-hint"); !strings.Contains(hint, "Đã giữ tệp") {
		t.Errorf("the good file is not said kept: %q", hint)
	}
	if got := dossierStatus(t, srv, d.Code); got != dossier.Supplement {
		t.Fatalf("a refused supplement moved the dossier to %v", got)
	}
	b.ExpectAccessible("the supplement with a wrong file, " + size)
	b.Screenshot("supplement-error-" + size)

	portalUpload(t, b, "#sup-item-1", photo)
	b.Fill("#sup-note", "Đã chụp lại giấy chứng sinh rõ hơn")
	if got := b.ClickAndWait("#supplement-send"); got != http.StatusOK {
		t.Fatalf("send = %d", got)
	}
	if b.Count("#supplement-sent") != 1 || b.Count("#supplement form") != 0 {
		t.Error("the page does not say the supplement was sent, or still offers the form")
	}
	if got := dossierStatus(t, srv, d.Code); got != dossier.Processing {
		t.Fatalf("after the supplement the dossier is %v", got)
	}
	b.ExpectAccessible("the supplement sent, " + size)
	b.Screenshot("supplement-sent-" + size)

	// The officer sees the papers and goes on.
	ob.Navigate(srv.URL + "/can-bo/ho-so/" + d.Code)
	sec := ob.Text("#supplements")
	for _, want := range []string{"Giấy chứng sinh (bản rõ nét)", "giay-chung-sinh.pdf", "can-cuoc.png", "Đã chụp lại giấy chứng sinh rõ hơn"} {
		if !strings.Contains(sec, want) {
			t.Errorf("the officer's supplement section lacks %q:\n%s", want, sec)
		}
	}
	ob.ExpectAccessible("the dossier page with an online supplement")
	ob.Screenshot("supplement-officer-" + size)
	ob.Fill("#act-propose-note", "Đã đủ giấy tờ, đề nghị ký")
	clickAction(t, ob, "propose", "Trình kết quả")
}

// officeOfficerOf is the demo officer with username.
func officeOfficerOf(t *testing.T, srv *browsertest.Server, username string) *staff.Officer {
	t.Helper()
	o, err := srv.DB.OfficerByUsername(context.Background(), username)
	if err != nil {
		t.Fatal(err)
	}
	return o
}

package web_test

import (
	"context"
	"crypto/x509"
	"encoding/base64"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/motcua/motcua/internal/browsertest"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/filestore"
	"github.com/motcua/motcua/internal/filestore/filestoretest"
	"github.com/motcua/motcua/internal/jobs"
	"github.com/motcua/motcua/internal/signing"
	"github.com/motcua/motcua/internal/signing/signerfake"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/testenv"
	"github.com/motcua/motcua/internal/web"
)

// TestBrowserDigitiseSignVerify: reception digitises the component of a
// counter dossier that must be digitised (an executable named .pdf is
// refused on its field and nothing is kept), its QR label decodes to the
// dossier's codes; the dossier is resolved, the leader asks for the result
// to be signed, the signing job signs it over the fake CSC service; the
// citizen checks the signed PDF on the public page (valid) and a copy with
// one byte changed (refused).
func TestBrowserDigitiseSignVerify(t *testing.T) {
	testenv.Long(t, "a browser flow whose pages the quick suite tests over HTTP; the suite's 3 minutes")
	t.Parallel()
	zbar := testenv.Tool(t, "zbarimg", "zbar-tools")
	ctx := context.Background()
	fake, err := signerfake.New("Nguyễn Văn Minh", "Chủ tịch UBND xã", "tok", nil)
	if err != nil {
		t.Fatal(err)
	}
	signer := httptest.NewServer(fake)
	defer signer.Close()
	disk, err := filestore.NewDisk(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	roots := fake.CA.Pool()
	crls := signing.NewCRLs([]*x509.Certificate{fake.CA.Cert})
	putCRL := func() {
		t.Helper()
		der, err := fake.CA.CRL(time.Now())
		if err != nil {
			t.Fatal(err)
		}
		if _, err := crls.Put(der); err != nil {
			t.Fatal(err)
		}
	}
	putCRL()
	srv := browsertest.StartServerWith(t, func(base string, o *web.Options) {
		o.Files, o.Signing = disk, true
		o.Verify = func(pdf []byte) (*signing.Verified, error) { return signing.Verify(pdf, roots, crls) }
	})
	b := browsertest.Start(t)
	dir := t.TempDir()

	clerk, _ := srv.DB.OfficerByUsername(ctx, "tiepnhan1")
	leader, _ := srv.DB.OfficerByUsername(ctx, "chutich")
	d, err := srv.DB.Intake(ctx, store.IntakeRequest{UnitID: srv.Town.Unit.ID, ProcedureCode: "1.004873", Actor: clerk,
		Intake: dossier.Intake{Channel: dossier.Counter, Applicant: dossier.Applicant{FullName: "Võ Thị Hạnh", IDNumber: "079203009876"},
			Components: []dossier.Component{{Name: "Tờ khai cấp Giấy xác nhận tình trạng hôn nhân"},
				{Name: "Giấy tờ chứng minh việc ly hôn hoặc vợ/chồng đã chết (nếu đã từng kết hôn)"},
				{Name: "Giấy tờ tùy thân của người yêu cầu (xuất trình)"}}}})
	if err != nil {
		t.Fatal(err)
	}
	must := -1
	for i, c := range d.Components {
		if c.MustDigitise {
			must = i
		}
	}
	if must < 0 {
		t.Fatal("no component to digitise")
	}

	officeLogin(t, b, srv, "tiepnhan1")
	page := srv.URL + "/can-bo/ho-so/" + d.Code
	b.Navigate(page)
	exe := filepath.Join(dir, "giay-ly-hon.pdf")
	os.WriteFile(exe, []byte("MZ\x90\x00\x03\x00\x00\x00not a pdf"), 0o600)
	scan := filepath.Join(dir, "giay-ly-hon-scan.pdf")
	os.WriteFile(scan, filestoretest.PDF(t, 2, "Giay ly hon"), 0o600)
	digitise := func(path string) int {
		b.Select("#act-digitise-component", string(rune('0'+must)))
		b.Select("#act-digitise-digitisation", "digitised")
		portalUpload(t, b, "#act-digitise-file", path)
		return b.ClickAndWait(`form[action$="/digitise"] button[type=submit]`)
	}
	if got := digitise(exe); got != http.StatusBadRequest {
		t.Fatalf("an executable named .pdf = %d, want 400", got)
	}
	if msg := b.Text("#act-digitise-file-error"); !strings.Contains(msg, "không phải PDF") {
		t.Errorf("file error %q", msg)
	}
	if n, _ := srv.DB.CountPapers(ctx); n != 0 {
		t.Fatalf("%d papers after a refused upload", n)
	}
	b.ExpectAccessible("the dossier page with a refused scan")
	if got := digitise(scan); got != http.StatusOK {
		t.Fatalf("digitise = %d", got)
	}
	if n := b.Count("#papers-table tbody tr"); n != 1 {
		t.Fatalf("%d papers listed, want 1", n)
	}
	// The QR label, fetched by the page, decoded by zbarimg.
	qrURL, _ := b.Attr("#papers-table a.paper-qr", "href")
	png64, err := chromedp.Run(b.Context(), chromedp.Evaluate[string](`fetch(`+jsQuote(qrURL)+`).then(r => r.arrayBuffer()).then(a => { let s = ""; new Uint8Array(a).forEach(c => s += String.fromCharCode(c)); return btoa(s); })`,
		chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("fetch the QR label: %v", err)
	}
	png, _ := base64.StdEncoding.DecodeString(png64)
	qrPath := filepath.Join(dir, "qr.png")
	os.WriteFile(qrPath, png, 0o600)
	out, err := exec.Command(zbar, "--raw", "-q", qrPath).Output()
	if err != nil {
		t.Fatalf("zbarimg: %v", err)
	}
	want := "MaHoSo:" + d.Code + "\nMaTTHC:1.004873\nMaDinhDanh:079203009876\nTenGiayTo:" + d.Components[must].Name
	if got := strings.TrimSpace(string(out)); got != want {
		t.Fatalf("QR decodes to %q, want %q", got, want)
	}
	officeLogout(t, b)

	// Resolved by the specialist and the leader; the leader asks for the signature.
	d, _ = srv.DB.Dossier(ctx, d.Code)
	lead, _ := srv.DB.Officer(ctx, d.LeadID)
	if _, err := srv.DB.AttachResult(ctx, d.Code, nil, disk, lead); err != nil {
		t.Fatal(err)
	}
	if _, err := srv.DB.Act(ctx, d.Code, dossier.Action{Kind: dossier.ActPropose}, lead); err != nil {
		t.Fatal(err)
	}
	if _, err := srv.DB.Act(ctx, d.Code, dossier.Action{Kind: dossier.ActApprove, ElectronicResult: true}, leader); err != nil {
		t.Fatal(err)
	}
	officeLogin(t, b, srv, "chutich")
	b.Navigate(page)
	if got := b.ClickAndWait("#sign-result"); got != http.StatusOK {
		t.Fatalf("sign = %d", got)
	}
	if st, _ := b.Attr(`#signed-list li[data-kind="result"]`, "data-state"); st != "pending" {
		t.Fatalf("state after the request %q, want pending", st)
	}
	s := &jobs.Signer{DB: srv.DB, Files: disk, Signer: signing.NewCSC(signer.URL+"/csc/v1", "tok", 5*time.Second, nil),
		TSA: &signing.TSAClient{URL: signer.URL + "/tsa"}, Title: "Chủ tịch UBND xã", BaseURL: func() string { return srv.URL }, Now: time.Now}
	runner := jobs.New(srv.DB, slog.New(slog.NewTextHandler(io.Discard, nil)), jobs.Handlers{jobs.KindSign: jobs.SignHandler(s)})
	if _, err := runner.RunDue(ctx); err != nil {
		t.Fatal(err)
	}
	b.Reload()
	if st, _ := b.Attr(`#signed-list li[data-kind="result"]`, "data-state"); st != "signed" {
		t.Fatalf("state after the job %q, want signed", st)
	}
	docs, _ := srv.DB.SignedDocs(ctx, d.ID)
	_, signed, err := disk.Get(ctx, docs[0].SHA256)
	if err != nil {
		t.Fatal(err)
	}
	officeLogout(t, b)

	// The citizen checks it, then a copy with one byte changed.
	good := filepath.Join(dir, "ket-qua.pdf")
	os.WriteFile(good, signed, 0o600)
	bad := filepath.Join(dir, "ket-qua-sua.pdf")
	changed := append([]byte{}, signed...)
	i := strings.Index(string(changed), "/MediaBox")
	changed[i+1] = 'm'
	os.WriteFile(bad, changed, 0o600)
	for _, c := range []struct {
		path, ok, says string
	}{{good, "true", "hợp lệ"}, {bad, "false", "thay đổi"}} {
		b.Navigate(srv.URL + "/xac-thuc")
		portalUpload(t, b, "#file", c.path)
		if got := b.ClickAndWait("#verify-submit"); got != http.StatusOK {
			t.Fatalf("verify %s = %d", c.path, got)
		}
		if ok, _ := b.Attr("#verify-result", "data-ok"); ok != c.ok || !strings.Contains(b.Text("#verify-result"), c.says) {
			t.Fatalf("verify %s: ok=%s %q", filepath.Base(c.path), ok, b.Text("#verify-result"))
		}
		if c.ok == "true" {
			if rev, _ := b.Attr("#verify-revocation", "data-revocation"); rev != "good" || !strings.Contains(b.Text("#verify-revocation"), "Chưa bị thu hồi") {
				t.Fatalf("revocation of the good copy: %s %q, want good", rev, b.Text("#verify-revocation"))
			}
		}
	}
	b.ExpectAccessible("the verification page")
	// The CA revokes the certificate, dating the revocation before the
	// signature: the same file is no longer authentic.
	fake.CA.Revoke(fake.Cert().SerialNumber, docs[0].SignedAt.Add(-time.Minute))
	putCRL()
	b.Navigate(srv.URL + "/xac-thuc")
	portalUpload(t, b, "#file", good)
	b.ClickAndWait("#verify-submit")
	if ok, _ := b.Attr("#verify-result", "data-ok"); ok != "false" || !strings.Contains(b.Text("#verify-result"), "thu hồi") {
		t.Fatalf("verify after the revocation: ok=%s %q", ok, b.Text("#verify-result"))
	}
	// The QR of the signed result opens its record.
	if got := b.Navigate(srv.URL + "/xac-thuc/" + docs[0].ID); got != http.StatusOK || !strings.Contains(b.Text("#verify-result"), d.Code) {
		t.Fatalf("the QR's page = %d: %q", got, b.Text("#verify-result"))
	}
}

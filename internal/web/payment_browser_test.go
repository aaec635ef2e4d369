package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/api"
	"github.com/motcua/motcua/internal/browsertest"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/metrics"
	"github.com/motcua/motcua/internal/payment"
	"github.com/motcua/motcua/internal/payment/vnpayfake"
	"github.com/motcua/motcua/internal/server"
	"github.com/motcua/motcua/internal/service"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/testenv"
	"github.com/motcua/motcua/internal/web"
)

// TestBrowserCitizenPaysOnline: a citizen submits a request for an
// extract online, pays on the fake VNPay page, comes back to a page saying
// paid, and downloads the receipt, whose text pdftotext reads. The commune
// then refuses the dossier: the procedure's rule asks for the refund, the
// payment job has the gateway make it, and the citizen's status page says
// the fee was given back.
func TestBrowserCitizenPaysOnline(t *testing.T) {
	t.Parallel()
	testenv.Tool(t, "pdftotext", "poppler-utils")
	log := slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelWarn}))
	db, _ := browsertest.SeededDB(t, store.Options{Logger: log}) // the demo commune takes fees through VNPay
	ours := httptest.NewUnstartedServer(nil)
	base := "http://" + ours.Listener.Addr().String()
	gw := httptest.NewServer(nil)
	t.Cleanup(gw.Close)
	const tmn, secret = "MOTCUA01", "browser-test-secret"
	fake := vnpayfake.New(tmn, secret, base+"/api/v1/payments/vnpay/ipn")
	gw.Config.Handler = fake
	pay := &service.Payments{DB: db, Log: log, BaseURL: func() string { return base },
		VNPay: &payment.VNPayClient{IP: "127.0.0.1", Config: payment.VNPayConfig{TmnCode: tmn, Secret: secret,
			PayURL: gw.URL + "/paymentv2/vpcpay.html", APIURL: gw.URL + "/merchant_webapi/api/transaction"}}}
	pages, err := web.New(db, log, web.Options{BaseURL: func() string { return base }, Payments: pay})
	if err != nil {
		t.Fatal(err)
	}
	ours.Config.Handler = server.New(db, log, metrics.New(), pages, api.New(db, log, api.Options{Payments: pay})).Handler()
	ours.Start()
	t.Cleanup(ours.Close)
	t.Cleanup(fake.Wait)

	dir := t.TempDir()
	scan := filepath.Join(dir, "to-khai.pdf")
	if err := os.WriteFile(scan, []byte(portalMinimalPDF), 0o600); err != nil {
		t.Fatal(err)
	}
	b := browsertest.Start(t)
	b.Navigate(base + "/nop-ho-so/2.000635")
	b.Fill("#full_name", "Trần Thị Mai")
	b.Fill("#id_number", "068190004321")
	b.Fill("#phone", "0987654321")
	b.Fill("#address", "Thôn 5, xã Đạ Tẻh")
	// The declaration is generated from the form's answers (docs/forms.md).
	b.Select("#declaration-record_kind", "Khai sinh")
	b.Fill("#declaration-subject_name", "Trần Thị Mai")
	portalSetValue(t, b, "#declaration-subject_birth_date", "1990-04-05")
	b.Fill("#declaration-record_place", "UBND xã Đạ Tẻh")
	portalUpload(t, b, "#component-1", scan)
	b.Click("#agree")
	if got := b.ClickAndWait(`button.portal-submit`); got != http.StatusOK {
		t.Fatalf("submission = %d; errors: %v", got, b.Texts(".error"))
	}
	if got := portalSend(t, b); got != http.StatusOK {
		t.Fatalf("Gửi hồ sơ = %d", got)
	}
	code := b.Text("#dossier-code")
	if got := b.Text("#pay-amount"); got != "8.000 đ" {
		t.Errorf("amount to pay %q, want 8.000 đ", got)
	}
	b.ExpectAccessible("the confirmation with its pay button")

	// To the gateway (the page moves on by itself), and pay there.
	b.ClickAndWait("#pay-online")
	b.WaitVisible("#pay")
	if !strings.HasPrefix(b.Location(), gw.URL) {
		t.Fatalf("after the pay button the browser is at %s", b.Location())
	}
	if got := b.Text("#amount"); got != "8000 VND" {
		t.Errorf("the gateway asks %q", got)
	}
	if got := b.ClickAndWait("#pay"); got != http.StatusOK {
		t.Fatalf("back from the gateway: HTTP %d", got)
	}
	if !strings.HasPrefix(b.Location(), base+service.ReturnPath) {
		t.Fatalf("after paying the browser is at %s", b.Location())
	}
	if st, _ := b.Attr("#payment-result", "data-state"); st != "paid" {
		t.Errorf("the return page says %q, want paid: %s", st, b.Text("#payment-result"))
	}
	b.ExpectAccessible("the payment result")
	b.Screenshot("payment-paid")
	d, err := db.Dossier(context.Background(), code)
	if err != nil {
		t.Fatal(err)
	}
	if d.Payment.State != dossier.Paid || d.Payment.Method != dossier.OnlinePay {
		t.Errorf("the dossier's payment: %+v", d.Payment)
	}
	txn := b.Text("#payment-txn")

	href, ok := b.Attr("#receipt-pdf", "href")
	if !ok {
		t.Fatal("no receipt link on the result page")
	}
	resp, err := http.Get(base + href)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("receipt: HTTP %d", resp.StatusCode)
	}
	cmd := exec.Command("pdftotext", "-layout", "-", "-")
	cmd.Stdin = strings.NewReader(string(body))
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(string(out)), " ")
	for _, want := range []string{"BIÊN LAI THU PHÍ, LỆ PHÍ", "Trần Thị Mai", code, "Lệ phí", "8.000 đồng", "Bằng chữ: Tám nghìn đồng", txn} {
		if !strings.Contains(text, want) {
			t.Errorf("receipt lacks %q:\n%s", want, text)
		}
	}

	ctx := context.Background()
	reception, err := db.OfficerByUsername(ctx, "tiepnhan1")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Act(ctx, code, dossier.Action{Kind: dossier.ActRefuse, Reason: "Không thuộc thẩm quyền của xã"}, reception); err != nil {
		t.Fatal(err)
	}
	if n, err := pay.Refunds(ctx); n != 1 || err != nil {
		t.Fatalf("the refund job: %d %v", n, err)
	}
	b.Navigate(base + "/tra-cuu")
	b.Fill("#ma", code)
	b.Fill("#so", "4321")
	if got := b.ClickAndWait("button.portal-submit"); got != http.StatusOK {
		t.Fatalf("lookup: HTTP %d", got)
	}
	page := strings.Join(b.Texts(".portal-timeline li"), "\n")
	for _, want := range []string{"Yêu cầu hoàn trả phí, lệ phí", "Đã hoàn trả phí, lệ phí", "Đã hoàn trả 8.000 đồng"} {
		if !strings.Contains(page, want) {
			t.Errorf("the status page's history lacks %q:\n%s", want, page)
		}
	}
}

package web

import (
	"context"
	"net/http"
	"net/url"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/demo"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/payment"
	"github.com/motcua/motcua/internal/staff"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/testenv"
)

// TestOfficePaymentsLists: the reception officer sees the day's payments
// of the unit with their states and the total collected; a specialist may
// not open the page.
func TestOfficePaymentsLists(t *testing.T) {
	s := newTestServer(t, Options{})
	ctx := context.Background()
	var refs []string
	for i := 0; i < 2; i++ {
		d := extractOf(t, s, nil)
		p, err := s.DB.StartPayment(ctx, d.Code, 15*time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		refs = append(refs, p.TxnRef)
	}
	if out, _, err := s.DB.ConfirmPayment(ctx, payment.Confirmation{TxnRef: refs[0], Amount: 8000, Success: true, GatewayTxn: "14009999", Via: "ipn"}); err != nil || out != payment.Confirmed {
		t.Fatalf("confirm: %v %v", out, err)
	}
	if resp, _ := s.login(t, "tiepnhan1", demo.Password); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("login: %d", resp.StatusCode)
	}
	resp, page := s.get(t, "/can-bo/thanh-toan?ngay="+time.Now().In(vnZone).Format("2006-01-02"))
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("payments page: %d", resp.StatusCode)
	}
	for _, want := range []string{refs[0], refs[1], "14009999", "Đã thanh toán", "Đang chờ xác nhận", "2 giao dịch; đã thu 8.000 đ",
		"/thanh-toan/" + refs[0] + "/bien-lai.pdf"} {
		if !strings.Contains(page, want) {
			t.Errorf("the payments page lacks %q", want)
		}
	}
	if strings.Contains(page, "/thanh-toan/"+refs[1]+"/bien-lai.pdf") {
		t.Error("the unpaid order has a receipt link")
	}
	if resp, _ := s.get(t, "/can-bo/thanh-toan?ngay=hom-qua"); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("a malformed day: %d, want 400", resp.StatusCode)
	}
}

// TestCashAtTheCounterGetsAReceipt: fees paid in cash at the counter get the
// fee receipt an online payment gets (the collecting unit, the lines, the
// amount in words, the counter's receipt number), listed on the payments
// page; while the citizen's online payment is open at the gateway, cash is
// refused and nothing is recorded.
func TestCashAtTheCounterGetsAReceipt(t *testing.T) {
	s := newTestServer(t, Options{})
	ctx := context.Background()
	reception, err := s.DB.OfficerByUsername(ctx, "tiepnhan1")
	if err != nil {
		t.Fatal(err)
	}
	intake := func() *dossier.Dossier { return extractOf(t, s, reception) }
	cash := dossier.Action{Kind: dossier.ActRecordPayment, Method: dossier.Cash, Receipt: "BL000123"}

	// The citizen is paying online: cash waits.
	paying := intake()
	open, err := s.DB.StartPayment(ctx, paying.Code, 15*time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.DB.Act(ctx, paying.Code, cash, reception); apperr.KindOf(err) != apperr.Conflict || !strings.Contains(err.Error(), open.TxnRef) {
		t.Errorf("cash while paying online: %v, want a Conflict naming %s", err, open.TxnRef)
	}
	if ps, _ := s.DB.PaymentsOf(ctx, paying.ID); len(ps) != 1 {
		t.Errorf("%d payments after a refused cash payment, want the online one", len(ps))
	}
	if d, _ := s.DB.Dossier(ctx, paying.Code); d.Payment.State == dossier.Paid {
		t.Error("the refused cash payment marked the dossier paid")
	}

	d := intake()
	d, err = s.DB.Act(ctx, d.Code, cash, reception)
	if err != nil {
		t.Fatal(err)
	}
	ps, err := s.DB.PaymentsOf(ctx, d.ID)
	if err != nil || len(ps) != 1 {
		t.Fatalf("payments of a cash dossier: %v, %v", ps, err)
	}
	p := ps[0]
	if p.Provider != payment.Cash || p.State != payment.Paid || p.Amount != d.Payment.Due || p.Amount == 0 || p.GatewayTxn != "BL000123" || p.ConfirmedBy != reception.ID {
		t.Fatalf("the cash payment: %+v (due %d)", p, d.Payment.Due)
	}

	if resp, _ := s.login(t, "tiepnhan1", demo.Password); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("login: %d", resp.StatusCode)
	}
	_, page := s.get(t, "/can-bo/thanh-toan?ngay="+time.Now().In(vnZone).Format("2006-01-02"))
	if !strings.Contains(page, "/thanh-toan/"+p.TxnRef+"/bien-lai.pdf") || !strings.Contains(page, "BL000123") {
		t.Error("the payments page lacks the cash payment and its receipt")
	}
	if _, page := s.get(t, "/can-bo/ho-so/"+d.Code); !strings.Contains(page, `href="/thanh-toan/`+p.TxnRef+`/bien-lai.pdf" id="fee-receipt"`) {
		t.Error("the dossier page has no link to the fee receipt")
	}
	if _, page := s.get(t, "/can-bo/ho-so/"+paying.Code); strings.Contains(page, `id="fee-receipt"`) {
		t.Error("an unpaid dossier's page links to a fee receipt")
	}
	resp, body := s.get(t, "/thanh-toan/"+p.TxnRef+"/bien-lai.pdf")
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "application/pdf" {
		t.Fatalf("receipt: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	cmd := exec.Command(testenv.Tool(t, "pdftotext", "poppler-utils"), "-layout", "-enc", "UTF-8", "-", "-")
	cmd.Stdin = strings.NewReader(body)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	text := strings.Join(strings.Fields(string(out)), " ")
	for _, want := range []string{"Tiền mặt", "BL000123", d.Code, payment.FormatVND(p.Amount), payment.InWords(p.Amount), "Lê Văn Hùng"} {
		if !strings.Contains(text, want) {
			t.Errorf("the receipt lacks %q:\n%s", want, text)
		}
	}
}

// TestRefundOfCashAtTheCounter: a reception officer asks for the refund of
// cash taken at the counter, with a reason; the payments page lists it to
// finish with a "returned" button, the refusal of a reasonless request
// names the field and changes nothing; confirming finishes it, and the
// citizen's status page shows the refund in plain words.
func TestRefundOfCashAtTheCounter(t *testing.T) {
	s := newTestServer(t, Options{})
	ctx := context.Background()
	reception, err := s.DB.OfficerByUsername(ctx, "tiepnhan1")
	if err != nil {
		t.Fatal(err)
	}
	d := extractOf(t, s, reception)
	if d, err = s.DB.Act(ctx, d.Code, dossier.Action{Kind: dossier.ActRecordPayment, Method: dossier.Cash, Receipt: "BL000900"}, reception); err != nil {
		t.Fatal(err)
	}
	ps, err := s.DB.PaymentsOf(ctx, d.ID)
	if err != nil || len(ps) != 1 {
		t.Fatalf("payments: %v %v", ps, err)
	}
	ref := ps[0].TxnRef

	if resp, _ := s.login(t, "tiepnhan1", demo.Password); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("login: %d", resp.StatusCode)
	}
	today := "/can-bo/thanh-toan?ngay=" + time.Now().In(vnZone).Format("2006-01-02")
	_, page := s.get(t, today)
	token := csrfFrom(t, page)
	resp, body := s.post(t, "/can-bo/thanh-toan/"+ref+"/hoan-tien", url.Values{"csrf": {token}, "reason": {"  "}})
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, "lý do hoàn tiền") {
		t.Errorf("a refund without a reason: HTTP %d, want 400 naming the reason", resp.StatusCode)
	}
	if p, _ := s.DB.Payment(ctx, ref); p.State != payment.Paid {
		t.Errorf("after a refused request: %s, want paid", p.State)
	}
	resp, _ = s.post(t, "/can-bo/thanh-toan/"+ref+"/hoan-tien", url.Values{"csrf": {token}, "reason": {"Thu nhầm phí"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("refund request: HTTP %d", resp.StatusCode)
	}
	_, page = s.get(t, today)
	for _, want := range []string{`id="refunding"`, "Thu nhầm phí", "/can-bo/thanh-toan/" + ref + "/da-hoan-tra", "Đang hoàn tiền"} {
		if !strings.Contains(page, want) {
			t.Errorf("the payments page lacks %q", want)
		}
	}
	resp, _ = s.post(t, "/can-bo/thanh-toan/"+ref+"/da-hoan-tra", url.Values{"csrf": {csrfFrom(t, page)}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("confirm: HTTP %d", resp.StatusCode)
	}
	if p, _ := s.DB.Payment(ctx, ref); p.State != payment.Refunded {
		t.Errorf("after the confirmation: %s", p.State)
	}
	if _, page = s.get(t, today); strings.Contains(page, `id="refunding"`) {
		t.Error("a finished refund is still listed to finish")
	}

	_, page = s.get(t, "/tra-cuu")
	_, page = s.post(t, "/tra-cuu", url.Values{"csrf": {csrfFrom(t, page)}, "ma": {d.Code}, "so": {"7777"}})
	for _, want := range []string{"Yêu cầu hoàn trả phí, lệ phí", "Đã hoàn trả phí, lệ phí", "Đã hoàn trả 8.000 đồng"} {
		if !strings.Contains(page, want) {
			t.Errorf("the citizen's status page lacks %q", want)
		}
	}
}

// extractOf files a request for an extract (2.000635, 8,000 VND) of the
// demo commune: at the counter by reception, or online when reception is nil.
func extractOf(t *testing.T, s *testServer, reception *staff.Officer) *dossier.Dossier {
	t.Helper()
	ctx := context.Background()
	u, err := s.DB.UnitByCode(ctx, demo.UnitCode)
	if err != nil {
		t.Fatal(err)
	}
	pv, err := s.DB.ProcedureByCode(ctx, "2.000635")
	if err != nil {
		t.Fatal(err)
	}
	in := dossier.Intake{Channel: dossier.Online, Applicant: dossier.Applicant{FullName: "Lê Văn Hùng", IDNumber: "068190007777",
		Phone: "0911222333", Address: "Thôn 1"}}
	if reception != nil {
		in.Channel = dossier.Counter
	}
	for _, c := range pv.Procedure.Components {
		if c.Required {
			in.Components = append(in.Components, dossier.Component{Name: c.Name})
		}
	}
	d, err := s.DB.Intake(ctx, store.IntakeRequest{UnitID: u.ID, ProcedureCode: "2.000635", Intake: in, Actor: reception})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

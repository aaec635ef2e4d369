package service_test

import (
	"context"

	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/api"
	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/metrics"
	"github.com/motcua/motcua/internal/payment"
	"github.com/motcua/motcua/internal/payment/vnpayfake"
	"github.com/motcua/motcua/internal/server"
	"github.com/motcua/motcua/internal/service"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/store/storetest"
	"github.com/motcua/motcua/internal/testenv"
	"github.com/motcua/motcua/internal/web"
)

const (
	tmnCode = "MOTCUA01"
	secret  = "SANDBOXSECRET0123456789ABCDEFGHIJ"
)

var account = payment.Beneficiary{AccountNo: "3511.0.1234567", AccountName: "UBND xã Đạ Tẻh", Bank: "Kho bạc Nhà nước Đạ Tẻh"}

// payWorld is motcua's real HTTP server (pages and API) and a fake VNPay
// on loopback, over a town whose unit takes fees through VNPay.
type payWorld struct {
	tw   *storetest.Town
	svc  *service.Payments
	fake *vnpayfake.Fake
	url  string // motcua
	gw   string // the fake gateway
	// failIPN, when set, makes the IPN endpoint run with a cancelled
	// context: our commit never happens, as in a crash.
	mu      sync.Mutex
	failIPN bool
}

func startPayWorld(t testing.TB, e storetest.Engine) *payWorld {
	t.Helper()
	tw := storetest.NewTown(t, e)
	tw.Clock.Set(t, "2025-03-03 09:00")
	if err := tw.DB.SetPaymentAccount(context.Background(), tw.Unit.ID, "", payment.VNPay, account); err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	w := &payWorld{tw: tw}
	ours := httptest.NewUnstartedServer(nil)
	w.url = "http://" + ours.Listener.Addr().String()
	gw := httptest.NewServer(nil)
	t.Cleanup(gw.Close)
	w.gw = gw.URL
	w.fake = vnpayfake.New(tmnCode, secret, w.url+"/api/v1/payments/vnpay/ipn")
	w.fake.Now = tw.Clock.Now
	gw.Config.Handler = w.fake
	w.svc = &service.Payments{DB: tw.DB, Log: log, BaseURL: func() string { return w.url }, Now: tw.Clock.Now,
		VNPay: &payment.VNPayClient{IP: "127.0.0.1", Config: payment.VNPayConfig{TmnCode: tmnCode, Secret: secret,
			PayURL: gw.URL + "/paymentv2/vpcpay.html", APIURL: gw.URL + "/merchant_webapi/api/transaction"}}}
	pages, err := web.New(tw.DB, log, web.Options{BaseURL: func() string { return w.url }, Payments: w.svc})
	if err != nil {
		t.Fatal(err)
	}
	h := server.New(tw.DB, log, metrics.New(), pages, api.New(tw.DB, log, api.Options{Payments: w.svc})).Handler()
	ours.Config.Handler = http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		w.mu.Lock()
		crash := w.failIPN && strings.HasSuffix(r.URL.Path, "/vnpay/ipn")
		w.mu.Unlock()
		if crash {
			ctx, cancel := context.WithCancel(r.Context())
			cancel()
			r = r.WithContext(ctx)
		}
		h.ServeHTTP(rw, r)
	})
	ours.Start()
	t.Cleanup(ours.Close)
	t.Cleanup(w.fake.Wait)
	return w
}

// submit files an online request for an extract (8,000 VND).
func (w *payWorld) submit(t testing.TB) *dossier.Dossier {
	t.Helper()
	in := dossier.Intake{Channel: dossier.Online, Applicant: dossier.Applicant{FullName: "Nguyễn Thị Lan", IDNumber: "068190001234",
		Phone: "0912345678", Address: "Thôn 3, xã Đạ Tẻh"}}
	pv, err := w.tw.DB.ProcedureByCode(context.Background(), "2.000635")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range pv.Procedure.Components {
		if c.Required {
			in.Components = append(in.Components, dossier.Component{Name: c.Name})
		}
	}
	d, err := w.tw.DB.Intake(context.Background(), store.IntakeRequest{UnitID: w.tw.Unit.ID, ProcedureCode: "2.000635", Intake: in})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// pay starts the payment of d, opens the gateway's page and clicks choice
// there; it returns the order and where the gateway sends the browser back.
func (w *payWorld) pay(t *testing.T, d *dossier.Dossier, choice string) (*payment.Payment, string) {
	t.Helper()
	ctx := context.Background()
	to, p, err := w.svc.Start(ctx, d.Code, "127.0.0.1", "vi")
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.Get(to)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), "8000 VND") {
		t.Fatalf("gateway page: HTTP %d %s", resp.StatusCode, body)
	}
	back, err := w.fake.Pay(ctx, w.gw, p.TxnRef, choice)
	if err != nil {
		t.Fatal(err)
	}
	return p, back
}

func (w *payWorld) payment(t *testing.T, ref string) *payment.Payment {
	t.Helper()
	p, err := w.tw.DB.Payment(context.Background(), ref)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// recordPayments counts the dossier's record_payment events.
func (w *payWorld) recordPayments(t *testing.T, d *dossier.Dossier) int {
	t.Helper()
	evs, err := w.tw.DB.Events(context.Background(), d.ID)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range evs {
		if e.Kind == dossier.ActRecordPayment {
			n++
		}
	}
	return n
}

func getPage(t *testing.T, u string) (int, string) {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// TestIPNBeforeReturn: the gateway calls the IPN, then sends the browser
// back; the page says paid, and a repeated IPN is answered 02.
func TestIPNBeforeReturn(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		w := startPayWorld(t, e)
		d := w.submit(t)
		p, back := w.pay(t, d, "pay")
		if got := w.fake.Txn(p.TxnRef).IPNAnswers; len(got) != 1 || got[0] != "00" {
			t.Fatalf("IPN answers %v, want [00]", got)
		}
		if !strings.HasPrefix(back, w.url+service.ReturnPath+"?") {
			t.Fatalf("return URL %s", back)
		}
		code, page := getPage(t, back)
		if code != 200 || !strings.Contains(page, `data-state="paid"`) || !strings.Contains(page, "bien-lai.pdf") {
			t.Errorf("return page: HTTP %d\n%s", code, page)
		}
		if got := w.payment(t, p.TxnRef); got.State != payment.Paid || got.ConfirmedBy != "ipn" || got.GatewayTxn == "" {
			t.Errorf("payment %+v", got)
		}
		if a := w.fake.SendIPN(context.Background(), p.TxnRef); a != "02" {
			t.Errorf("repeated IPN answered %s, want 02", a)
		}
		if n := w.recordPayments(t, d); n != 1 {
			t.Errorf("%d record_payment events, want 1", n)
		}
		// Opening the return page again changes nothing either.
		getPage(t, back)
		if n := w.recordPayments(t, d); n != 1 {
			t.Errorf("after the return page again: %d record_payment events", n)
		}
	})
}

// TestIPNDuplicatesConcurrent: 50 copies of the IPN at once make one paid
// payment: one 00, the rest 02.
func TestIPNDuplicatesConcurrent(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		w := startPayWorld(t, e)
		d := w.submit(t)
		w.fake.SetFaults(vnpayfake.Faults{LostIPN: true})
		p, _ := w.pay(t, d, "pay")
		answers := make([]string, 50)
		var wg sync.WaitGroup
		for i := range answers {
			wg.Add(1)
			go func() { defer wg.Done(); answers[i] = w.fake.SendIPN(context.Background(), p.TxnRef) }()
		}
		wg.Wait()
		count := map[string]int{}
		for _, a := range answers {
			count[a]++
		}
		if count["00"] != 1 || count["02"] != 49 {
			t.Errorf("answers %v, want one 00 and 49 02", count)
		}
		if n := w.recordPayments(t, d); n != 1 {
			t.Errorf("%d record_payment events, want 1", n)
		}
		got, _ := w.tw.DB.Dossier(context.Background(), d.Code)
		if got.Payment.State != dossier.Paid || got.Payment.Method != dossier.OnlinePay {
			t.Errorf("dossier payment %+v", got.Payment)
		}
	})
}

// TestIPNRefused: a tampered IPN gets 97, a wrong amount 04, an unknown
// order 01, and none changes anything.
func TestIPNRefused(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		w := startPayWorld(t, e)
		for _, c := range []struct {
			fault vnpayfake.Faults
			want  string
		}{
			{vnpayfake.Faults{TamperIPN: true}, "97"},
			{vnpayfake.Faults{WrongAmount: true}, "04"},
		} {
			d := w.submit(t)
			w.fake.SetFaults(c.fault)
			p, back := w.pay(t, d, "pay")
			if got := w.fake.Txn(p.TxnRef).IPNAnswers; len(got) != 1 || got[0] != c.want {
				t.Errorf("%+v: IPN answers %v, want [%s]", c.fault, got, c.want)
			}
			if got := w.payment(t, p.TxnRef); got.State != payment.Pending {
				t.Errorf("%+v: payment %s after a refused IPN", c.fault, got.State)
			}
			if n := w.recordPayments(t, d); n != 0 {
				t.Errorf("%+v: %d record_payment events", c.fault, n)
			}
			if _, page := getPage(t, back); !strings.Contains(page, `data-state="pending"`) {
				t.Errorf("%+v: the return page does not say pending:\n%s", c.fault, page)
			}
		}
		v := url.Values{"vnp_TmnCode": {tmnCode}, "vnp_Amount": {"800000"}, "vnp_TxnRef": {"NOSUCHORDER0000"},
			"vnp_ResponseCode": {"00"}, "vnp_TransactionStatus": {"00"}, "vnp_TransactionNo": {"1"}}
		v.Set("vnp_SecureHash", payment.VNPaySign(secret, v))
		code, body := getPage(t, w.url+"/api/v1/payments/vnpay/ipn?"+v.Encode())
		if code != 200 || !strings.Contains(strings.Join(strings.Fields(body), ""), `"RspCode":"01"`) {
			t.Errorf("unknown order: HTTP %d %s", code, body)
		}
	})
}

// TestQueryRecoversLostIPN: the IPN never comes (lost), or comes while our
// side cannot commit (a crash between the gateway's success and our
// commit); the querydr job finds the payment and marks it paid.
func TestQueryRecoversLostIPN(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		w := startPayWorld(t, e)
		lost := w.submit(t)
		w.fake.SetFaults(vnpayfake.Faults{LostIPN: true})
		pLost, _ := w.pay(t, lost, "pay")

		crashed := w.submit(t)
		w.fake.SetFaults(vnpayfake.Faults{})
		w.mu.Lock()
		w.failIPN = true
		w.mu.Unlock()
		pCrash, _ := w.pay(t, crashed, "pay")
		w.mu.Lock()
		w.failIPN = false
		w.mu.Unlock()
		if got := w.fake.Txn(pCrash.TxnRef).IPNAnswers; len(got) != 1 || got[0] == "00" {
			t.Fatalf("the crashed IPN was answered %v", got)
		}

		// Not yet: the job leaves payments younger than QueryAfter alone.
		if n, err := w.svc.Settle(context.Background()); err != nil || n != 0 {
			t.Fatalf("early settle: %d, %v", n, err)
		}
		w.tw.Clock.Set(t, "2025-03-03 09:06")
		n, err := w.svc.Settle(context.Background())
		if err != nil || n != 2 {
			t.Fatalf("settle: %d, %v; want 2", n, err)
		}
		for _, c := range []struct {
			p *payment.Payment
			d *dossier.Dossier
		}{{pLost, lost}, {pCrash, crashed}} {
			if got := w.payment(t, c.p.TxnRef); got.State != payment.Paid || got.ConfirmedBy != "query" {
				t.Errorf("%s: %s by %q", c.p.TxnRef, got.State, got.ConfirmedBy)
			}
			if n := w.recordPayments(t, c.d); n != 1 {
				t.Errorf("%s: %d record_payment events", c.d.Code, n)
			}
		}
		// The IPN retried later is answered 02.
		if a := w.fake.SendIPN(context.Background(), pLost.TxnRef); a != "02" {
			t.Errorf("late IPN after the query: %s", a)
		}
	})
}

// TestLateIPNAndCancel: with the IPN late the return page says "being
// confirmed", then paid; a cancelled payment fails, and the unpaid one the
// gateway never saw expires.
func TestLateIPNAndCancel(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		w := startPayWorld(t, e)
		d := w.submit(t)
		w.fake.SetFaults(vnpayfake.Faults{LateIPN: 300 * time.Millisecond})
		p, back := w.pay(t, d, "pay")
		if _, page := getPage(t, back); !strings.Contains(page, `data-state="pending"`) {
			t.Errorf("before the late IPN the page does not say pending")
		}
		w.fake.Wait()
		if _, page := getPage(t, back); !strings.Contains(page, `data-state="paid"`) {
			t.Errorf("after the late IPN the page does not say paid")
		}
		if got := w.payment(t, p.TxnRef); got.State != payment.Paid {
			t.Errorf("late IPN: %s", got.State)
		}

		w.fake.SetFaults(vnpayfake.Faults{})
		c := w.submit(t)
		pc, back := w.pay(t, c, "cancel")
		if got := w.payment(t, pc.TxnRef); got.State != payment.Failed {
			t.Errorf("cancelled: %s", got.State)
		}
		if _, page := getPage(t, back); !strings.Contains(page, `data-state="failed"`) {
			t.Errorf("the page after a cancel does not say failed")
		}
		// Started but never shown to the gateway: expires.
		if _, p2, err := w.svc.Start(context.Background(), c.Code, "127.0.0.1", "vi"); err != nil {
			t.Fatal(err)
		} else {
			w.tw.Clock.Set(t, "2025-03-03 09:30")
			if _, err := w.svc.Settle(context.Background()); err != nil {
				t.Fatal(err)
			}
			if got := w.payment(t, p2.TxnRef); got.State != payment.Expired {
				t.Errorf("never paid: %s, want expired", got.State)
			}
		}
	})
}

// TestReceiptPDF: the receipt of a paid payment, read back by pdftotext,
// carries the amount in words, the line, the transaction number and the
// beneficiary; an unpaid order has none.
func TestReceiptPDF(t *testing.T) {
	t.Parallel()
	testenv.Tool(t, "pdftotext", "poppler-utils")
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		w := startPayWorld(t, e)
		d := w.submit(t)
		p, _ := w.pay(t, d, "pay")
		got := w.payment(t, p.TxnRef)
		resp, err := http.Get(w.url + "/thanh-toan/" + p.TxnRef + "/bien-lai.pdf")
		if err != nil {
			t.Fatal(err)
		}
		pdfBytes, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/pdf" {
			t.Fatalf("receipt: HTTP %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
		}
		cmd := exec.Command("pdftotext", "-layout", "-", "-")
		cmd.Stdin = strings.NewReader(string(pdfBytes))
		out, err := cmd.Output()
		if err != nil {
			t.Fatal(err)
		}
		text := strings.Join(strings.Fields(string(out)), " ")
		for _, want := range []string{"BIÊN LAI THU PHÍ, LỆ PHÍ", "UBND xã Đạ Tẻh", "Nguyễn Thị Lan", d.Code,
			"Lệ phí", "LP-2.000635", "8.000 đồng", "Bằng chữ: Tám nghìn đồng", got.GatewayTxn, "3511.0.1234567", "Kho bạc Nhà nước Đạ Tẻh"} {
			if !strings.Contains(text, want) {
				t.Errorf("receipt text lacks %q:\n%s", want, text)
			}
		}
		unpaid := w.submit(t)
		_, p2, err := w.svc.Start(context.Background(), unpaid.Code, "127.0.0.1", "vi")
		if err != nil {
			t.Fatal(err)
		}
		if code, _ := getPage(t, w.url+"/thanh-toan/"+p2.TxnRef+"/bien-lai.pdf"); code != http.StatusNotFound {
			t.Errorf("receipt of an unpaid order: HTTP %d, want 404", code)
		}
	})
}

// TestRefundAndReconcile: a paid payment is refunded through the gateway
// (asked for only by reception or a leader of the collecting unit, sent by
// the payment job); the day's
// reconciliation against the fake's settlement file lists the payment whose
// IPN was lost and not yet queried.
func TestRefundAndReconcile(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		w := startPayWorld(t, e)
		ctx := context.Background()
		ok1, _ := w.pay(t, w.submit(t), "pay")
		refunded, _ := w.pay(t, w.submit(t), "pay")
		w.fake.SetFaults(vnpayfake.Faults{LostIPN: true})
		lost, _ := w.pay(t, w.submit(t), "pay")

		specialist, err := w.tw.DB.OfficerByUsername(ctx, "hotich1")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.Refund(ctx, refunded.TxnRef, "Từ chối trước khi xử lý", specialist); apperr.KindOf(err) != apperr.Forbidden {
			t.Errorf("refund by a specialist: %v, want forbidden", err)
		}
		if _, err := w.svc.Refund(ctx, lost.TxnRef, "x", w.tw.Reception); apperr.KindOf(err) != apperr.Conflict {
			t.Errorf("refund of an unconfirmed payment: %v, want a conflict", err)
		}
		p, err := w.svc.Refund(ctx, refunded.TxnRef, "Người nộp rút hồ sơ", w.tw.Reception)
		if err != nil {
			t.Fatal(err)
		}
		if p.State != payment.RefundRequested || w.fake.Txn(refunded.TxnRef).RefundCalls != 0 {
			t.Errorf("asked: ours %s, the gateway called %d times; want refund_requested and no call yet",
				p.State, w.fake.Txn(refunded.TxnRef).RefundCalls)
		}
		if _, err := w.svc.Refund(ctx, refunded.TxnRef, "again", w.tw.Reception); apperr.KindOf(err) != apperr.Conflict {
			t.Errorf("second refund: %v, want a conflict", err)
		}
		if n, err := w.svc.Refunds(ctx); n != 1 || err != nil {
			t.Fatalf("refund job: %d %v", n, err)
		}
		if p := w.payment(t, refunded.TxnRef); p.State != payment.Refunded || !w.fake.Txn(refunded.TxnRef).Refunded {
			t.Errorf("after the job: ours %s, the gateway's refunded %v", p.State, w.fake.Txn(refunded.TxnRef).Refunded)
		}

		resp, err := http.Get(w.gw + "/_fake/settlement?date=20250303")
		if err != nil {
			t.Fatal(err)
		}
		theirs, err := payment.ParseSettlement(resp.Body)
		resp.Body.Close()
		if err != nil {
			t.Fatal(err)
		}
		from := time.Date(2025, 3, 3, 0, 0, 0, 0, time.FixedZone("ICT", 7*3600))
		ours, err := w.tw.DB.SettledPayments(ctx, w.tw.Unit.ID, payment.VNPay, from, from.AddDate(0, 0, 1))
		if err != nil {
			t.Fatal(err)
		}
		refs := []string{}
		for _, s := range theirs {
			refs = append(refs, s.TxnRef)
		}
		others, err := w.tw.DB.PaymentsByRef(ctx, refs)
		if err != nil {
			t.Fatal(err)
		}
		r := payment.Reconcile(ours, theirs, others)
		if r.Matched != 2 || r.MatchedAmount != 8000 {
			t.Errorf("matched %d (%d VND), want 2 (8000: one paid, one refunded on both sides)", r.Matched, r.MatchedAmount)
		}
		if len(r.Differences) != 1 || r.Differences[0].TxnRef != lost.TxnRef || r.Differences[0].Kind != payment.NotRecorded ||
			r.Differences[0].Ours == nil || r.Differences[0].Ours.State != payment.Pending {
			t.Errorf("differences %+v, want the lost IPN's order, pending here", r.Differences)
		}
		_ = ok1
	})
}

// TestRefundJob: the payment job sends refunds to the gateway over HTTP.
// A refund whose answer is lost is asked about on the next try and never
// taken twice; two jobs at once send it once; a refusal puts the payment
// back to paid with the gateway's reason; a dossier refused under the
// procedure's rule is refunded with no officer's action.
func TestRefundJob(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		w := startPayWorld(t, e)
		ctx := context.Background()
		later := func(d time.Duration) { w.tw.Clock.Set(t, w.tw.Clock.Now().Add(d).Format("2006-01-02 15:04")) }

		// The answer is lost: the next try asks first, and does not refund again.
		lost, _ := w.pay(t, w.submit(t), "pay")
		w.fake.SetFaults(vnpayfake.Faults{LostRefundAnswer: true})
		if _, err := w.svc.Refund(ctx, lost.TxnRef, "Thu nhầm", w.tw.Reception); err != nil {
			t.Fatal(err)
		}
		if n, err := w.svc.Refunds(ctx); n != 0 || err == nil {
			t.Fatalf("with the answer lost: %d finished, err %v; want 0 and an error", n, err)
		}
		p := w.payment(t, lost.TxnRef)
		if p.State != payment.RefundRequested || p.Refund.LastError == "" || !w.fake.Txn(lost.TxnRef).Refunded {
			t.Fatalf("after the lost answer: ours %s (%q), gateway refunded %v", p.State, p.Refund.LastError, w.fake.Txn(lost.TxnRef).Refunded)
		}
		w.fake.SetFaults(vnpayfake.Faults{})
		if n, _ := w.svc.Refunds(ctx); n != 0 {
			t.Errorf("tried again before its time: %d", n)
		}
		later(3 * time.Minute)
		if n, err := w.svc.Refunds(ctx); n != 1 || err != nil {
			t.Fatalf("second try: %d %v", n, err)
		}
		if p := w.payment(t, lost.TxnRef); p.State != payment.Refunded || w.fake.Txn(lost.TxnRef).RefundCalls != 1 {
			t.Errorf("after the second try: ours %s, gateway asked %d times; want refunded, once", p.State, w.fake.Txn(lost.TxnRef).RefundCalls)
		}

		// Two jobs at once (two servers): one refund call.
		twice, _ := w.pay(t, w.submit(t), "pay")
		if _, err := w.svc.Refund(ctx, twice.TxnRef, "Thu nhầm", w.tw.Reception); err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		done := make([]int, 2)
		for i := range done {
			wg.Add(1)
			go func() { defer wg.Done(); done[i], _ = w.svc.Refunds(ctx) }()
		}
		wg.Wait()
		if done[0]+done[1] != 1 || w.fake.Txn(twice.TxnRef).RefundCalls != 1 || w.payment(t, twice.TxnRef).State != payment.Refunded {
			t.Errorf("two jobs: finished %v, gateway asked %d times, ours %s", done, w.fake.Txn(twice.TxnRef).RefundCalls, w.payment(t, twice.TxnRef).State)
		}

		// Refused by the gateway: paid again, with its reason on the dossier.
		no, _ := w.pay(t, w.submit(t), "pay")
		w.fake.SetFaults(vnpayfake.Faults{RefuseRefund: true})
		if _, err := w.svc.Refund(ctx, no.TxnRef, "Thu nhầm", w.tw.Reception); err != nil {
			t.Fatal(err)
		}
		if n, err := w.svc.Refunds(ctx); n != 1 || err != nil {
			t.Fatalf("refused: %d %v", n, err)
		}
		if p := w.payment(t, no.TxnRef); p.State != payment.Paid || !strings.Contains(p.Refund.LastError, "95") {
			t.Errorf("after a refusal: %s %q, want paid with code 95", p.State, p.Refund.LastError)
		}
		w.fake.SetFaults(vnpayfake.Faults{})

		// The procedure's rule: refused at reception, refunded by the job.
		d := w.submit(t)
		auto, _ := w.pay(t, d, "pay")
		if _, err := w.tw.DB.Act(ctx, d.Code, dossier.Action{Kind: dossier.ActRefuse, Reason: "Không thuộc thẩm quyền"}, w.tw.Reception); err != nil {
			t.Fatal(err)
		}
		if n, err := w.svc.Refunds(ctx); n != 1 || err != nil {
			t.Fatalf("rule's refund: %d %v", n, err)
		}
		got, err := w.tw.DB.Dossier(ctx, d.Code)
		if err != nil {
			t.Fatal(err)
		}
		if p := w.payment(t, auto.TxnRef); p.State != payment.Refunded || !w.fake.Txn(auto.TxnRef).Refunded || got.Payment.State != dossier.Refunded {
			t.Errorf("rule's refund: ours %s, gateway %v, dossier %s", p.State, w.fake.Txn(auto.TxnRef).Refunded, got.Payment.State)
		}
	})
}

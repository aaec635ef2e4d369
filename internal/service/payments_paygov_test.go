package service_test

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/payment"
	"github.com/motcua/motcua/internal/payment/paygovfake"
	"github.com/motcua/motcua/internal/store/storetest"
)

// TestPayGov: a unit configured for the national payment platform sends
// the init message with its receipt block; the platform's signed callback
// marks the payment paid, a tampered one is refused (99) and changes
// nothing, and a lost one is recovered by the query.
func TestPayGov(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		w := startPayWorld(t, e)
		ctx := context.Background()
		if err := w.tw.DB.SetPaymentAccount(ctx, w.tw.Unit.ID, "", payment.PayGov, account); err != nil {
			t.Fatal(err)
		}
		srv := httptest.NewServer(nil)
		t.Cleanup(srv.Close)
		fake := paygovfake.New("MOTCUA", "paygov-shared-key", w.url+"/api/v1/payments/paygov/callback")
		fake.BaseURL, fake.Now = srv.URL, w.tw.Clock.Now
		srv.Config.Handler = fake
		w.svc.PayGov = &payment.PayGovClient{Config: payment.PayGovConfig{PartnerCode: "MOTCUA", Key: "paygov-shared-key", URL: srv.URL + "/api"}}

		start := func(fl paygovfake.Faults) *payment.Payment {
			t.Helper()
			d := w.submit(t)
			fake.SetFaults(fl)
			to, p, err := w.svc.Start(ctx, d.Code, "127.0.0.1", "vi")
			if err != nil {
				t.Fatal(err)
			}
			code, page := getPage(t, to)
			if code != 200 || !strings.Contains(page, d.Code) || !strings.Contains(page, "Lệ phí LP-2.000635: 8000") ||
				!strings.Contains(page, account.AccountNo) {
				t.Fatalf("platform page: HTTP %d\n%s", code, page)
			}
			return p
		}

		ok := start(paygovfake.Faults{})
		back, err := fake.Pay(ctx, ok.TxnRef, "pay")
		if err != nil {
			t.Fatal(err)
		}
		if got := fake.Order(ok.TxnRef).Callbacks; len(got) != 1 || got[0] != "00" {
			t.Errorf("callback answers %v, want [00]", got)
		}
		if got := w.payment(t, ok.TxnRef); got.State != payment.Paid || !strings.HasPrefix(got.GatewayTxn, "PG") {
			t.Errorf("payment %+v", got)
		}
		if _, page := getPage(t, back); !strings.Contains(page, `data-state="paid"`) {
			t.Errorf("the return page does not say paid")
		}

		tampered := start(paygovfake.Faults{TamperCallback: true})
		if _, err := fake.Pay(ctx, tampered.TxnRef, "pay"); err != nil {
			t.Fatal(err)
		}
		if got := fake.Order(tampered.TxnRef).Callbacks; len(got) != 1 || got[0] != "99" {
			t.Errorf("tampered callback answered %v, want [99]", got)
		}
		if got := w.payment(t, tampered.TxnRef); got.State != payment.Pending {
			t.Errorf("after a tampered callback the payment is %s", got.State)
		}

		lost := start(paygovfake.Faults{LostCallback: true})
		if _, err := fake.Pay(ctx, lost.TxnRef, "pay"); err != nil {
			t.Fatal(err)
		}
		w.tw.Clock.Set(t, "2025-03-03 09:10")
		if _, err := w.svc.Settle(ctx); err != nil {
			t.Fatal(err)
		}
		for _, ref := range []string{lost.TxnRef, tampered.TxnRef} {
			if got := w.payment(t, ref); got.State != payment.Paid || got.ConfirmedBy != "query" {
				t.Errorf("%s after the query: %s by %q", ref, got.State, got.ConfirmedBy)
			}
		}
	})
}

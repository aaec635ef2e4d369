package store_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/payment"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/store/storetest"
)

var testAccount = payment.Beneficiary{AccountNo: "3511.0.1234567", AccountName: "UBND xã Đạ Tẻh", Bank: "Kho bạc Nhà nước Đạ Tẻh"}

// payTown is a town whose unit takes fees through VNPay, with one online
// dossier owing the 8,000 VND extract fee.
func payTown(t *testing.T, e storetest.Engine) (*town, *dossier.Dossier) {
	t.Helper()
	tw := newTown(t, e)
	if err := tw.db.SetPaymentAccount(context.Background(), tw.unit.ID, "", payment.VNPay, testAccount); err != nil {
		t.Fatal(err)
	}
	return tw, tw.intake(t, "2.000635", dossier.Online, nil)
}

func TestPaymentPaidOnceUnderDuplicateConfirmations(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		tw, d := payTown(t, e)
		ctx := context.Background()
		p, err := tw.db.StartPayment(ctx, d.Code, 15*time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		if p.Amount != 8000 || p.State != payment.Pending || len(p.Lines) != 1 || p.Lines[0].Kind != payment.LePhi ||
			p.Beneficiary != testAccount || p.Provider != payment.VNPay {
			t.Fatalf("started %+v", p)
		}
		again, err := tw.db.StartPayment(ctx, d.Code, 15*time.Minute)
		if err != nil || again.TxnRef != p.TxnRef {
			t.Fatalf("second start: %v, %v: want the same order", again, err)
		}
		conf := payment.Confirmation{Provider: payment.VNPay, TxnRef: p.TxnRef, Amount: 8000, Success: true, GatewayTxn: "14000001", Via: "ipn"}
		var wg sync.WaitGroup
		outcomes := make([]payment.Outcome, 20)
		errs := make([]error, 20)
		for i := range outcomes {
			wg.Add(1)
			go func() {
				defer wg.Done()
				outcomes[i], _, errs[i] = tw.db.ConfirmPayment(ctx, conf)
			}()
		}
		wg.Wait()
		confirmed := 0
		for i, o := range outcomes {
			if errs[i] != nil {
				t.Fatalf("confirmation %d: %v", i, errs[i])
			}
			switch o {
			case payment.Confirmed:
				confirmed++
			case payment.AlreadyConfirmed:
			default:
				t.Errorf("confirmation %d: outcome %v", i, o)
			}
		}
		if confirmed != 1 {
			t.Errorf("%d confirmations recorded, want 1", confirmed)
		}
		got, err := tw.db.Dossier(ctx, d.Code)
		if err != nil {
			t.Fatal(err)
		}
		if got.Payment.State != dossier.Paid || got.Payment.Method != dossier.OnlinePay || got.Payment.Receipt != "14000001" {
			t.Errorf("dossier payment %+v", got.Payment)
		}
		var kinds []dossier.ActionKind
		for _, e := range tw.history(t, d) {
			kinds = append(kinds, e.Kind)
		}
		want := []dossier.ActionKind{dossier.ActSubmit, store.EventPaymentStarted, dossier.ActRecordPayment}
		if len(kinds) != len(want) || kinds[1] != want[1] || kinds[2] != want[2] {
			t.Errorf("events %v, want %v", kinds, want)
		}
		if _, err := tw.db.StartPayment(ctx, d.Code, 15*time.Minute); apperr.KindOf(err) != apperr.Conflict {
			t.Errorf("starting a payment of a paid dossier: %v, want a conflict", err)
		}
	})
}

func TestPaymentConfirmationsThatChangeNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		tw, d := payTown(t, e)
		ctx := context.Background()
		p, err := tw.db.StartPayment(ctx, d.Code, 15*time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		for name, c := range map[string]struct {
			conf payment.Confirmation
			want payment.Outcome
		}{
			"wrong amount":  {payment.Confirmation{TxnRef: p.TxnRef, Amount: 80, Success: true}, payment.AmountMismatch},
			"unknown order": {payment.Confirmation{TxnRef: "NOPE", Amount: 8000, Success: true}, payment.OrderNotFound},
		} {
			out, _, err := tw.db.ConfirmPayment(ctx, c.conf)
			if err != nil || out != c.want {
				t.Errorf("%s: %v, %v; want %v", name, out, err, c.want)
			}
		}
		got, _ := tw.db.Payment(ctx, p.TxnRef)
		if got.State != payment.Pending {
			t.Errorf("after bad confirmations the payment is %s", got.State)
		}
		if n := len(tw.history(t, d)); n != 2 {
			t.Errorf("%d events, want 2 (submitted, payment started)", n)
		}
		// A failure closes the order; a new one may start.
		if out, _, err := tw.db.ConfirmPayment(ctx, payment.Confirmation{TxnRef: p.TxnRef, Amount: 8000, Reason: "24"}); err != nil || out != payment.Confirmed {
			t.Fatalf("failure: %v %v", out, err)
		}
		p2, err := tw.db.StartPayment(ctx, d.Code, 15*time.Minute)
		if err != nil || p2.TxnRef == p.TxnRef {
			t.Fatalf("new payment after a failure: %v %v", p2, err)
		}
		// Expired, then a late success: paid all the same.
		if err := tw.db.ExpirePayment(ctx, p2.TxnRef); err != nil {
			t.Fatal(err)
		}
		if out, _, err := tw.db.ConfirmPayment(ctx, payment.Confirmation{TxnRef: p2.TxnRef, Amount: 8000, Success: true, Via: "ipn"}); err != nil || out != payment.Confirmed {
			t.Fatalf("late success: %v %v", out, err)
		}
		if got, _ := tw.db.Dossier(ctx, d.Code); got.Payment.State != dossier.Paid {
			t.Errorf("after a late success the dossier's payment is %s", got.Payment.State)
		}
	})
}

func TestStartPaymentNeedsAnAccount(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		tw := newTown(t, e)
		d := tw.intake(t, "2.000635", dossier.Online, nil)
		if _, err := tw.db.StartPayment(context.Background(), d.Code, time.Minute); apperr.KindOf(err) != apperr.Conflict {
			t.Errorf("without an account: %v, want a conflict", err)
		}
		free := tw.intake(t, "1.003197", dossier.Online, nil)
		if _, err := tw.db.StartPayment(context.Background(), free.Code, time.Minute); apperr.KindOf(err) != apperr.Conflict {
			t.Errorf("a free procedure: %v, want a conflict", err)
		}
	})
}

// TestCashPaymentKeepsAPaidPayment: cash recorded at the counter keeps a
// paid payment of the cash provider with the dossier's due amount, the
// counter's receipt number and the collecting officer, to the account of
// the unit; a second record is refused and keeps nothing more. A transfer
// recorded at the counter keeps one of the transfer provider.
func TestCashPaymentKeepsAPaidPayment(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		ctx := context.Background()
		tw, d := payTown(t, e)
		d = tw.act(t, d.Code, dossier.Action{Kind: dossier.ActRecordPayment, Method: dossier.Cash, Receipt: "BL-0042"}, tw.reception)
		ps, err := tw.db.PaymentsOf(ctx, d.ID)
		if err != nil || len(ps) != 1 {
			t.Fatalf("payments: %v, %v", ps, err)
		}
		p := ps[0]
		if p.Provider != payment.Cash || p.State != payment.Paid || p.Amount != 8000 || d.Payment.Due != 8000 ||
			p.GatewayTxn != "BL-0042" || p.ConfirmedBy != tw.reception.ID || p.Beneficiary != testAccount || len(p.Lines) == 0 {
			t.Errorf("the cash payment: %+v", p)
		}
		if _, err := tw.db.Act(ctx, d.Code, dossier.Action{Kind: dossier.ActRecordPayment, Method: dossier.Cash, Receipt: "BL-0043"}, tw.reception); apperr.KindOf(err) != apperr.Conflict {
			t.Errorf("a second cash record: %v, want a conflict", err)
		}
		if ps, _ := tw.db.PaymentsOf(ctx, d.ID); len(ps) != 1 {
			t.Errorf("%d payments after a refused second record", len(ps))
		}
		transfer := tw.intake(t, "2.000635", dossier.Online, nil)
		tw.act(t, transfer.Code, dossier.Action{Kind: dossier.ActRecordPayment, Method: dossier.Transfer, Receipt: "CK-0001"}, tw.reception)
		if ps, _ := tw.db.PaymentsOf(ctx, transfer.ID); len(ps) != 1 || ps[0].Provider != payment.Transfer || ps[0].State != payment.Paid ||
			ps[0].GatewayTxn != "CK-0001" || ps[0].Amount != 8000 {
			t.Errorf("a transfer kept %+v, want one paid transfer payment of 8000 with its number", ps)
		}
	})
}

// TestLateSuccessAfterTheCounterPaid: an order expires, the citizen pays in
// cash at the counter, then the gateway's success for the expired order
// arrives. The money was taken twice: the late success is recorded (never
// refused, or the gateway would retry it for ever), the dossier keeps its
// cash payment, and the online one is asked back as surplus.
func TestLateSuccessAfterTheCounterPaid(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		ctx := context.Background()
		tw, d := payTown(t, e)
		p, err := tw.db.StartPayment(ctx, d.Code, 15*time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		if err := tw.db.ExpirePayment(ctx, p.TxnRef); err != nil {
			t.Fatal(err)
		}
		tw.act(t, d.Code, dossier.Action{Kind: dossier.ActRecordPayment, Method: dossier.Cash, Receipt: "BL-0042"}, tw.reception)
		conf := payment.Confirmation{Provider: payment.VNPay, TxnRef: p.TxnRef, Amount: 8000, Success: true, GatewayTxn: "14000009", Via: "ipn"}
		out, _, err := tw.db.ConfirmPayment(ctx, conf)
		if err != nil || out != payment.Confirmed {
			t.Fatalf("late success after the counter paid: %v, %v; want it recorded", out, err)
		}
		if out, _, err := tw.db.ConfirmPayment(ctx, conf); err != nil || out != payment.AlreadyConfirmed {
			t.Errorf("the same success again: %v, %v; want already confirmed", out, err)
		}
		got, err := tw.db.Payment(ctx, p.TxnRef)
		if err != nil {
			t.Fatal(err)
		}
		if got.State != payment.RefundRequested {
			t.Errorf("the late online payment is %s, want refund_requested", got.State)
		}
		dd, err := tw.db.Dossier(ctx, d.Code)
		if err != nil {
			t.Fatal(err)
		}
		if dd.Payment.State != dossier.Paid || dd.Payment.Method != dossier.Cash || dd.Payment.Receipt != "BL-0042" {
			t.Errorf("the dossier's payment %+v, want the cash one kept", dd.Payment)
		}
		if !tw.hasEvent(t, d, store.EventPaymentSurplus, p.TxnRef) {
			t.Errorf("no surplus event naming %s", p.TxnRef)
		}
		ps, err := tw.db.PaymentsOf(ctx, d.ID)
		if err != nil || len(ps) != 2 {
			t.Fatalf("payments %v, %v; want the cash one and the online one", ps, err)
		}
	})
}

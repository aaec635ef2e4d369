package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/payment"
	"github.com/motcua/motcua/internal/report"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/store/storetest"
)

// paidOnline starts and confirms the online payment of d.
func (tw *town) paidOnline(t *testing.T, d *dossier.Dossier, gatewayTxn string) *payment.Payment {
	t.Helper()
	ctx := context.Background()
	p, err := tw.db.StartPayment(ctx, d.Code, 15*time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	out, paid, err := tw.db.ConfirmPayment(ctx, payment.Confirmation{Provider: payment.VNPay, TxnRef: p.TxnRef, Amount: p.Amount,
		Success: true, GatewayTxn: gatewayTxn, Via: "ipn"})
	if err != nil || out != payment.Confirmed {
		t.Fatalf("confirm %s: %v %v", p.TxnRef, out, err)
	}
	return paid
}

func (tw *town) hasEvent(t *testing.T, d *dossier.Dossier, kind dossier.ActionKind, text string) bool {
	t.Helper()
	evs, err := tw.db.Events(context.Background(), d.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range evs {
		if e.Kind == kind && strings.Contains(e.Note, text) {
			return true
		}
	}
	return false
}

// TestRefundForTheProcedureRule: the extract's rule gives back a fee paid
// online when the dossier is refused or withdrawn before processing; the
// refund is asked for in the action's transaction, with a request id the
// job sends unchanged, and nothing else. A procedure without the rule keeps
// its fee.
func TestRefundForTheProcedureRule(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		ctx := context.Background()
		tw, refused := payTown(t, e)
		p := tw.paidOnline(t, refused, "14000001")
		refused = tw.act(t, refused.Code, dossier.Action{Kind: dossier.ActRefuse, Reason: "Không thuộc thẩm quyền"}, tw.reception)
		got, err := tw.db.Payment(ctx, p.TxnRef)
		if err != nil {
			t.Fatal(err)
		}
		if got.State != payment.RefundRequested || !strings.HasPrefix(got.Refund.ID, "RF") || len(got.Refund.ID) != 32 ||
			got.Refund.RequestedBy != store.AutoRefunder || !got.Refund.NextAt.Equal(tw.clk.Now()) || got.Refund.Attempts != 0 {
			t.Errorf("after the refusal: %s %+v", got.State, got.Refund)
		}
		if !tw.hasEvent(t, refused, store.EventPaymentRefundRequested, "hồ sơ bị từ chối tiếp nhận") {
			t.Error("no refund_requested event naming the refusal")
		}
		if refused.Payment.State != dossier.Paid {
			t.Errorf("the dossier's payment while refunding: %s, want paid", refused.Payment.State)
		}

		early := tw.intake(t, "2.000635", dossier.Online, nil)
		pe := tw.paidOnline(t, early, "14000002")
		tw.act(t, early.Code, dossier.Action{Kind: dossier.ActWithdraw, Reason: "Công dân xin rút"}, tw.reception)
		if got, _ := tw.db.Payment(ctx, pe.TxnRef); got.State != payment.RefundRequested {
			t.Errorf("withdrawn before reception: payment %s, want refund_requested", got.State)
		}
		// Withdrawn once a specialist has it: the fee was due.
		late := tw.intake(t, "2.000635", dossier.Online, nil)
		pl := tw.paidOnline(t, late, "14000003")
		if d := tw.act(t, late.Code, dossier.Action{Kind: dossier.ActReceive}, tw.reception); d.Status != dossier.Processing {
			t.Fatalf("received: status %d, want routed to processing", d.Status)
		}
		tw.act(t, late.Code, dossier.Action{Kind: dossier.ActWithdraw, Reason: "Công dân xin rút"}, tw.reception)
		if got, _ := tw.db.Payment(ctx, pl.TxnRef); got.State != payment.Paid {
			t.Errorf("withdrawn in processing: payment %s, want paid", got.State)
		}

		// Certification has no rule: its fee, paid in cash, stays.
		cert := tw.intake(t, "2.000815", dossier.Online, nil)
		tw.act(t, cert.Code, dossier.Action{Kind: dossier.ActRecordPayment, Method: dossier.Cash, Receipt: "BL-1"}, tw.reception)
		tw.act(t, cert.Code, dossier.Action{Kind: dossier.ActRefuse, Reason: "Giấy tờ không hợp lệ"}, tw.reception)
		if ps, _ := tw.db.PaymentsOf(ctx, cert.ID); len(ps) != 1 || ps[0].State != payment.Paid {
			t.Errorf("certification refused: %+v, want its cash payment paid", ps)
		}

		// The job's claim: each due refund once per lease, counted as a try.
		claimed, err := tw.db.ClaimRefunds(ctx, tw.clk.Now(), 2*time.Minute, 10)
		if err != nil || len(claimed) != 2 || claimed[0].Refund.Attempts != 1 {
			t.Fatalf("claim: %d %v", len(claimed), err)
		}
		if again, err := tw.db.ClaimRefunds(ctx, tw.clk.Now(), 2*time.Minute, 10); err != nil || len(again) != 0 {
			t.Errorf("claimed again within the lease: %d %v", len(again), err)
		}
		tw.clk.Advance(3 * time.Minute)
		again, err := tw.db.ClaimRefunds(ctx, tw.clk.Now(), 2*time.Minute, 10)
		if err != nil || len(again) != 2 || again[0].Refund.Attempts != 2 || again[0].Refund.ID != claimed[0].Refund.ID {
			t.Fatalf("claim after the lease: %+v %v, want both again with the same request ids", again, err)
		}
		if err := tw.db.RetryRefund(ctx, pe.TxnRef, "timeout", tw.clk.Now().Add(time.Hour)); err != nil {
			t.Fatal(err)
		}

		// The gateway refunds one: the dossier's fee was not due.
		done, err := tw.db.CompleteRefund(ctx, p.TxnRef, nil, "refund")
		if err != nil || done.State != payment.Refunded || done.RefundedAt.IsZero() {
			t.Fatalf("complete: %+v %v", done, err)
		}
		if d, _ := tw.db.Dossier(ctx, refused.Code); d.Payment.State != dossier.Refunded {
			t.Errorf("the dossier's payment after the refund: %s", d.Payment.State)
		}
		if again, err := tw.db.CompleteRefund(ctx, p.TxnRef, nil, "query"); err != nil || again.State != payment.Refunded {
			t.Errorf("told twice: %v", err)
		}
		// An officer cannot confirm a refund the gateway does.
		if err := tw.db.RefundRefused(ctx, pe.TxnRef, "mã 94 Refund not allowed"); err != nil {
			t.Fatal(err)
		}
		back, _ := tw.db.Payment(ctx, pe.TxnRef)
		if back.State != payment.Paid || back.Refund.LastError != "mã 94 Refund not allowed" ||
			!tw.hasEvent(t, early, store.EventPaymentRefundRefused, "mã 94") {
			t.Errorf("refused by the gateway: %s %+v", back.State, back.Refund)
		}
		again2, err := tw.db.RequestRefund(ctx, pe.TxnRef, "Yêu cầu lại sau khi kiểm tra", tw.reception)
		if err != nil || again2.Refund.ID == claimed[1].Refund.ID || again2.Refund.ID == "" {
			t.Errorf("asked again: %+v %v, want a new request id", again2, err)
		}
		if _, err := tw.db.CompleteRefund(ctx, pe.TxnRef, tw.reception, ""); apperr.KindOf(err) != apperr.Conflict {
			t.Errorf("an officer confirming a VNPay refund: %v, want a conflict", err)
		}
	})
}

// TestRefundAtTheCounter: an officer asks for the refund of cash taken at
// the counter; the job leaves it alone; only an officer of the collecting
// unit confirms it, once; the dossier then leaves the fee-bearing count.
func TestRefundAtTheCounter(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		ctx := context.Background()
		tw := newTown(t, e)
		d := tw.intake(t, "2.000815", dossier.Counter, tw.reception)
		if _, err := tw.db.RequestRefund(ctx, "NOSUCHREF", "x", tw.reception); apperr.KindOf(err) != apperr.NotFound {
			t.Errorf("unknown order: %v", err)
		}
		d = tw.act(t, d.Code, dossier.Action{Kind: dossier.ActRecordPayment, Method: dossier.Cash, Receipt: "BL-7"}, tw.reception)
		ps, _ := tw.db.PaymentsOf(ctx, d.ID)
		ref := ps[0].TxnRef
		if _, err := tw.db.RequestRefund(ctx, ref, "Thu nhầm", tw.foreign); apperr.KindOf(err) != apperr.NotFound {
			t.Errorf("another unit's officer: %v, want not found", err)
		}
		p, err := tw.db.RequestRefund(ctx, ref, "Thu nhầm", tw.reception)
		if err != nil || p.State != payment.RefundRequested || !p.Refund.NextAt.IsZero() {
			t.Fatalf("asked: %+v %v", p, err)
		}
		if _, err := tw.db.RequestRefund(ctx, ref, "Thu nhầm", tw.reception); apperr.KindOf(err) != apperr.Conflict {
			t.Errorf("asked twice: %v, want a conflict", err)
		}
		if c, err := tw.db.ClaimRefunds(ctx, tw.clk.Now().Add(time.Hour), time.Minute, 10); err != nil || len(c) != 0 {
			t.Errorf("the job claimed a counter refund: %d %v", len(c), err)
		}
		if _, err := tw.db.CompleteRefund(ctx, ref, tw.foreign, ""); apperr.KindOf(err) != apperr.NotFound {
			t.Errorf("confirmed by another unit: %v, want not found", err)
		}
		tw.clk.Set("2025-03-07 17:00")
		before := tw.feeBearing(t)
		done, err := tw.db.CompleteRefund(ctx, ref, tw.reception, "")
		if err != nil || done.State != payment.Refunded {
			t.Fatalf("confirmed: %+v %v", done, err)
		}
		if after := tw.feeBearing(t); before != 1 || after != 0 {
			t.Errorf("fee-bearing dossiers %d → %d, want 1 → 0", before, after)
		}
		if again, err := tw.db.CompleteRefund(ctx, ref, tw.reception, ""); err != nil || again.State != payment.Refunded || tw.feeBearing(t) != 0 {
			t.Errorf("confirmed twice: %v", err)
		}
		if !tw.hasEvent(t, d, store.EventPaymentRefunded, "xác nhận đã hoàn trả") {
			t.Error("no refunded event naming the officer's confirmation")
		}
		if got, _ := tw.db.Dossier(ctx, d.Code); got.Payment.State != dossier.Refunded {
			t.Errorf("dossier's payment: %s", got.Payment.State)
		}
	})
}

// feeBearing is March 2025's count of fee-bearing dossiers of the unit.
func (tw *town) feeBearing(t *testing.T) int64 {
	t.Helper()
	p, err := report.ParsePeriod("2025-03-01", "2025-03-31")
	if err != nil {
		t.Fatal(err)
	}
	facts, err := tw.db.ReportFacts(context.Background(), p, store.ReportScope{UnitIDs: []string{tw.unit.ID}}, tw.clk.Now())
	if err != nil {
		t.Fatal(err)
	}
	return facts.Counts.FeeBearing
}

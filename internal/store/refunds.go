package store

import (
	"context"
	"fmt"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/catalogue"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/payment"
	"github.com/motcua/motcua/internal/staff"
)

// Refunds. Asking for a refund only records it: the payment moves from paid
// to refund_requested, with a request id drawn once, in the transaction of
// the officer's request or of the action that made the fee not due (a
// refusal or withdrawal the procedure's rule covers). Nothing here calls a
// gateway. The payment job (service.Payments.Refunds) claims what is due,
// sends it to the gateway with that same request id on every try, and
// records the answer; money taken at the counter (cash, transfer) or on the
// national platform is given back by an officer, who confirms it.

// Event kinds of refunds (EventPaymentRefunded is in payments.go).
const (
	EventPaymentRefundRequested dossier.ActionKind = "payment_refund_requested"
	// EventPaymentRefundRefused: the gateway would not refund; the payment
	// is paid again and an officer decides.
	EventPaymentRefundRefused dossier.ActionKind = "payment_refund_refused"
)

// AutoRefunder is who asks for the refunds the procedures' rules call for.
const AutoRefunder = "motcua"

// RequestRefund asks for the refund of a paid payment of the officer's
// unit, with a reason.
func (db *DB) RequestRefund(ctx context.Context, txnRef, reason string, by *staff.Officer) (*payment.Payment, error) {
	if by == nil {
		return nil, apperr.New(apperr.Forbidden, "chỉ cán bộ được yêu cầu hoàn tiền")
	}
	var out *payment.Payment
	err := db.Transact(ctx, func(tx *Tx) error {
		p, err := tx.paymentForUpdate(ctx, txnRef)
		if err != nil {
			return err
		}
		if p == nil || p.UnitID != by.UnitID {
			return apperr.New(apperr.NotFound, "không tìm thấy giao dịch %s", txnRef)
		}
		d, err := tx.dossierWhere(ctx, `id = $1`, p.DossierID)
		if err != nil {
			return err
		}
		out = p
		return tx.requestRefund(ctx, p, d, reason, by.Username, by.ID)
	})
	return out, err
}

// requestRefund moves a paid payment to refund_requested and tells its
// dossier. A refund the gateway does itself is due at once for the job;
// one an officer gives back waits for their confirmation.
func (tx *Tx) requestRefund(ctx context.Context, p *payment.Payment, d *dossier.Dossier, reason, byName, actorID string) error {
	if p.State != payment.Paid {
		return apperr.New(apperr.Conflict, "chỉ hoàn tiền giao dịch đã thanh toán (giao dịch %s: %s)", p.TxnRef, p.State.Label())
	}
	p.State, p.RefundReason = payment.RefundRequested, reason
	p.Refund = payment.RefundRequest{ID: newRefundRequestID(), RequestedAt: tx.now, RequestedBy: byName}
	if p.Provider.RefundsItself() {
		p.Refund.NextAt = tx.now
	}
	ok, err := tx.updatePaymentFrom(ctx, p, payment.Paid)
	if err != nil {
		return err
	}
	if !ok {
		return apperr.New(apperr.Conflict, "giao dịch %s vừa thay đổi, vui lòng tải lại trang", p.TxnRef)
	}
	how := "Bộ phận Một cửa hoàn trả cho người nộp"
	if p.Provider.RefundsItself() {
		how = "gửi yêu cầu hoàn tiền tới " + p.Provider.Label()
	}
	return tx.paymentEvent(ctx, d, EventPaymentRefundRequested, actorID, fmt.Sprintf("Yêu cầu hoàn trả %s đồng (giao dịch %s, %s): %s",
		payment.FormatVND(p.Amount), p.TxnRef, how, reason))
}

// newRefundRequestID draws a gateway request id: 32 characters at most
// (vnp_RequestId), unique.
func newRefundRequestID() string { return "RF" + newTxnRef()[:30] }

// refundForRule asks for the refund of the dossier's paid payment when the
// action that took it from before's status to its own makes the fee not
// due under the procedure's rule. It runs in the action's transaction,
// after the dossier row is written.
func (tx *Tx) refundForRule(ctx context.Context, before, d *dossier.Dossier, proc *catalogue.Procedure) error {
	c, ok := dossier.RefundDue(proc.Fee.Refund, before.Status, d.Status)
	if !ok {
		return nil
	}
	p, err := paymentWhere(ctx, tx.q(), `dossier_id = $1 AND state = 'paid'`, d.ID)
	if err != nil || p == nil {
		return err
	}
	return tx.requestRefund(ctx, p, d, "Không phải nộp phí, lệ phí: "+dossier.RefundCaseLabel(c)+" (theo quy định của thủ tục)", AutoRefunder, "")
}

// paymentForUpdate reads a payment in a write transaction, locking its row
// on PostgreSQL (SQLite's writer holds the database); nil when none.
func (tx *Tx) paymentForUpdate(ctx context.Context, txnRef string) (*payment.Payment, error) {
	lock := ""
	if tx.db.dialect == Postgres {
		lock = " FOR UPDATE"
	}
	return paymentWhere(ctx, tx.q(), `txn_ref = $1`+lock, txnRef)
}

// ClaimRefunds takes up to limit refunds the gateway does itself that are
// due now, each leased until now+lease: another server's job (or the next
// tick) does not take them meanwhile, and one whose try was cut short by a
// crash is taken again when the lease ends. Each claim counts as a try.
func (db *DB) ClaimRefunds(ctx context.Context, now time.Time, lease time.Duration, limit int) ([]*payment.Payment, error) {
	due, err := db.payments(ctx, `state = 'refund_requested' AND refund_next_at <= $1 ORDER BY refund_next_at LIMIT $2`, now.UnixMilli(), limit)
	if err != nil {
		return nil, err
	}
	var out []*payment.Payment
	for _, p := range due {
		err := db.Transact(ctx, func(tx *Tx) error {
			res, err := tx.exec(ctx, `UPDATE payments SET refund_next_at = $2, refund_attempts = refund_attempts + 1
				WHERE id = $1 AND state = 'refund_requested' AND refund_next_at = $3`,
				p.ID, now.Add(lease).UnixMilli(), p.Refund.NextAt.UnixMilli())
			if err != nil {
				return fmt.Errorf("claim refund %s: %w", p.TxnRef, err)
			}
			if n, err := res.RowsAffected(); err != nil || n != 1 {
				return err // another job has it
			}
			p.Refund.Attempts++
			p.Refund.NextAt = now.Add(lease)
			out = append(out, p)
			return nil
		})
		if err != nil {
			return out, err
		}
	}
	return out, nil
}

// RetryRefund records why a try did not finish (the gateway's answer is
// unknown) and when to try again.
func (db *DB) RetryRefund(ctx context.Context, txnRef, why string, at time.Time) error {
	return db.onRefunding(ctx, txnRef, func(tx *Tx, p *payment.Payment) error {
		p.Refund.LastError, p.Refund.NextAt = truncateError(why), at
		_, err := tx.updatePaymentFrom(ctx, p, payment.RefundRequested)
		return err
	})
}

// onRefunding runs fn on the payment with this reference in a write
// transaction, when its refund is still asked for (else it does nothing:
// another try finished it).
func (db *DB) onRefunding(ctx context.Context, txnRef string, fn func(tx *Tx, p *payment.Payment) error) error {
	return db.Transact(ctx, func(tx *Tx) error {
		p, err := tx.paymentForUpdate(ctx, txnRef)
		if err != nil || p == nil || p.State != payment.RefundRequested {
			return err
		}
		return fn(tx, p)
	})
}

// RefundRefused records that the gateway refused the refund: the payment
// is paid again, with the gateway's reason, for an officer to decide.
func (db *DB) RefundRefused(ctx context.Context, txnRef, why string) error {
	return db.onRefunding(ctx, txnRef, func(tx *Tx, p *payment.Payment) error {
		p.State, p.Refund.LastError, p.Refund.NextAt = payment.Paid, truncateError(why), time.Time{}
		if _, err := tx.updatePaymentFrom(ctx, p, payment.RefundRequested); err != nil {
			return err
		}
		d, err := tx.dossierWhere(ctx, `id = $1`, p.DossierID)
		if err != nil {
			return err
		}
		return tx.paymentEvent(ctx, d, EventPaymentRefundRefused, "", fmt.Sprintf("%s không hoàn tiền giao dịch %s (%s): cán bộ Một cửa xem xét",
			p.Provider.Label(), p.TxnRef, p.Refund.LastError))
	})
}

// CompleteRefund records that the money of a refund asked for was given
// back: by the gateway (by is nil, via says how we learnt it: "refund" or
// "query"), or by an officer of the collecting unit at the counter or on
// the national platform. When the payment is the one that paid the
// dossier, the dossier's payment is refunded too: the fee was not due, and
// the dossier leaves the fee-bearing count.
func (db *DB) CompleteRefund(ctx context.Context, txnRef string, by *staff.Officer, via string) (*payment.Payment, error) {
	var out *payment.Payment
	err := db.Transact(ctx, func(tx *Tx) error {
		p, err := tx.paymentForUpdate(ctx, txnRef)
		if err != nil {
			return err
		}
		if p == nil || (by != nil && p.UnitID != by.UnitID) {
			return apperr.New(apperr.NotFound, "không tìm thấy giao dịch %s", txnRef)
		}
		if p.State == payment.Refunded {
			out = p
			return nil // told twice: nothing more to do
		}
		if p.State != payment.RefundRequested {
			return apperr.New(apperr.Conflict, "giao dịch %s chưa được yêu cầu hoàn tiền (%s)", txnRef, p.State.Label())
		}
		if by != nil && p.Provider.RefundsItself() {
			return apperr.New(apperr.Conflict, "%s tự hoàn tiền giao dịch %s: hệ thống ghi nhận khi cổng xác nhận", p.Provider.Label(), txnRef)
		}
		p.State, p.RefundedAt, p.Refund.NextAt, p.Refund.LastError = payment.Refunded, tx.now, time.Time{}, ""
		if _, err := tx.updatePaymentFrom(ctx, p, payment.RefundRequested); err != nil {
			return err
		}
		out = p
		d, err := tx.dossierForUpdate(ctx, p.DossierCode)
		if err != nil {
			return err
		}
		actor, how := "", p.Provider.Label()+" xác nhận đã hoàn tiền"
		if by != nil {
			actor, how = by.ID, "cán bộ "+by.FullName+" xác nhận đã hoàn trả"
		}
		if err := tx.paymentEvent(ctx, d, EventPaymentRefunded, actor, fmt.Sprintf("Đã hoàn trả %s đồng (giao dịch %s; %s)",
			payment.FormatVND(p.Amount), p.TxnRef, how)); err != nil {
			return err
		}
		if d.Payment.State != dossier.Paid || (d.Payment.Receipt != p.TxnRef && d.Payment.Receipt != p.GatewayTxn) {
			return nil // a surplus payment: the dossier's own payment stands
		}
		before := d.Clone()
		d.Payment.State = dossier.Refunded
		if err := tx.updateDossier(ctx, d, before.Version); err != nil {
			return err
		}
		pv, err := tx.pinnedVersion(ctx, d.ProcedureID, d.ProcedureVer)
		if err != nil {
			return err
		}
		return tx.afterChange(ctx, before, d, &pv.Procedure)
	})
	return out, err
}

// UnitRefunding returns up to limit payments of a unit whose refund was
// asked for and is not done, the oldest request first: the officers'
// list of money still to give back.
func (db *DB) UnitRefunding(ctx context.Context, unitID string, limit int) ([]*payment.Payment, error) {
	return db.payments(ctx, `unit_id = $1 AND state = 'refund_requested' ORDER BY refund_requested_at, id LIMIT $2`, unitID, limit)
}

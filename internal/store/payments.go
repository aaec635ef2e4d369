package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/catalogue"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/payment"
	"github.com/motcua/motcua/internal/staff"
)

// Payments of fees (internal/payment). A payment's every change is also an
// event of its dossier, in the same transaction: started, paid (the
// dossier's own record_payment action, so the clock, the roll-ups and the
// portal follow), failed, expired, refunded.

// Event kinds of a dossier's payments besides record_payment.
const (
	EventPaymentStarted  dossier.ActionKind = "payment_started"
	EventPaymentFailed   dossier.ActionKind = "payment_failed"
	EventPaymentExpired  dossier.ActionKind = "payment_expired"
	EventPaymentRefunded dossier.ActionKind = "payment_refunded"
	// EventPaymentSurplus: the gateway confirmed a payment the dossier no
	// longer needed (already paid, withdrawn): it is to be refunded.
	EventPaymentSurplus dossier.ActionKind = "payment_surplus"
)

// IsPaymentEvent reports whether an event is about one of a dossier's
// payments rather than a step of the dossier (its status stays as it was).
func IsPaymentEvent(k dossier.ActionKind) bool {
	switch k {
	case EventPaymentStarted, EventPaymentFailed, EventPaymentExpired, EventPaymentRefunded, EventPaymentSurplus,
		EventPaymentRefundRequested, EventPaymentRefundRefused:
		return true
	}
	return false
}

// SetPaymentAccount configures where a unit's fees go and through which
// gateway: for one procedure, or for all when procedureCode is "".
func (db *DB) SetPaymentAccount(ctx context.Context, unitID, procedureCode string, provider payment.Provider, b payment.Beneficiary) error {
	if _, err := payment.ParseProvider(string(provider)); err != nil {
		return apperr.Invalidf("provider", "cổng thanh toán %q không hợp lệ (vnpay, paygov, cash)", provider)
	}
	if strings.TrimSpace(b.AccountNo) == "" || strings.TrimSpace(b.AccountName) == "" || strings.TrimSpace(b.Bank) == "" {
		return apperr.Invalidf("account_no", "cần số tài khoản, tên tài khoản và ngân hàng/kho bạc thụ hưởng")
	}
	return db.Transact(ctx, func(tx *Tx) error {
		_, err := tx.exec(ctx, `INSERT INTO payment_accounts (unit_id, procedure_code, provider, account_no, account_name, bank, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (unit_id, procedure_code) DO UPDATE SET provider = excluded.provider,
			account_no = excluded.account_no, account_name = excluded.account_name, bank = excluded.bank, updated_at = excluded.updated_at`,
			unitID, procedureCode, string(provider), b.AccountNo, b.AccountName, b.Bank, tx.now.UnixMilli())
		if err != nil {
			return fmt.Errorf("set payment account of %s: %w", unitID, err)
		}
		return nil
	})
}

// PaymentAccount returns the provider and account of a unit's procedure:
// the procedure's own, else the unit's; payment.ErrNoBeneficiary if neither.
func (db *DB) PaymentAccount(ctx context.Context, unitID, procedureCode string) (payment.Provider, payment.Beneficiary, error) {
	return paymentAccount(ctx, db.read, unitID, procedureCode)
}

func paymentAccount(ctx context.Context, q querier, unitID, procedureCode string) (payment.Provider, payment.Beneficiary, error) {
	var provider string
	var b payment.Beneficiary
	rows, err := q.QueryContext(ctx, `SELECT provider, account_no, account_name, bank FROM payment_accounts
		WHERE unit_id = $1 AND procedure_code IN ($2, '') ORDER BY procedure_code DESC`, unitID, procedureCode)
	if err != nil {
		return "", b, fmt.Errorf("payment account of %s: %w", unitID, err)
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return "", b, fmt.Errorf("payment account of %s: %w", unitID, err)
		}
		return "", b, payment.ErrNoBeneficiary
	}
	if err := rows.Scan(&provider, &b.AccountNo, &b.AccountName, &b.Bank); err != nil {
		return "", b, fmt.Errorf("payment account of %s: %w", unitID, err)
	}
	return payment.Provider(provider), b, nil
}

// StartPayment opens the online payment of a dossier's fees, or returns the
// one already open (a double click, a second tab, a retried request): the
// lines come from the procedure version's fee schedule and the dossier's
// bounded fee, the account and gateway from the unit's configuration. The
// payment is pending from the start: the caller sends the citizen to the
// gateway, and only the gateway settles it.
func (db *DB) StartPayment(ctx context.Context, code string, ttl time.Duration) (*payment.Payment, error) {
	var out *payment.Payment
	err := db.Transact(ctx, func(tx *Tx) error {
		d, err := tx.dossierForUpdate(ctx, code)
		if err != nil {
			return err
		}
		if d.Status.Final() || d.Status == dossier.Stopped {
			return apperr.New(apperr.Conflict, "hồ sơ ở trạng thái %q không cần nộp phí", d.Status.Label())
		}
		if !d.Payment.FeeBearing() {
			return apperr.New(apperr.Conflict, "hồ sơ không có khoản phí, lệ phí phải nộp")
		}
		if d.Payment.State == dossier.Paid {
			return apperr.New(apperr.Conflict, "phí, lệ phí của hồ sơ đã được nộp")
		}
		open, err := paymentWhere(ctx, tx.q(), `dossier_id = $1 AND state IN ('created', 'pending', 'paid', 'refund_requested')`, d.ID)
		if err != nil {
			return err
		}
		if open != nil {
			if open.State == payment.Paid || open.State == payment.RefundRequested {
				return apperr.New(apperr.Conflict, "phí, lệ phí của hồ sơ đã được thanh toán, đang cập nhật hồ sơ")
			}
			if tx.now.After(open.ExpiresAt) {
				return apperr.New(apperr.Conflict, "giao dịch trước đang chờ cổng thanh toán xác nhận, vui lòng thử lại sau ít phút")
			}
			out = open
			return nil
		}
		lines, total, err := tx.feeLines(ctx, d)
		if err != nil {
			return err
		}
		provider, ben, err := paymentAccount(ctx, tx.q(), d.ReceivingUnitID, d.ProcedureCode)
		if err == payment.ErrNoBeneficiary || provider == payment.Cash {
			return apperr.New(apperr.Conflict, "đơn vị chưa nhận thanh toán trực tuyến cho thủ tục này: vui lòng nộp tại Bộ phận Một cửa")
		}
		if err != nil {
			return err
		}
		p := &payment.Payment{ID: NewID(), DossierID: d.ID, DossierCode: d.Code, UnitID: d.ReceivingUnitID, Provider: provider,
			TxnRef: newTxnRef(), Amount: total, State: payment.Pending, Lines: lines,
			Beneficiary: ben, PayerName: payerName(d.Applicant), CreatedAt: tx.now, ExpiresAt: tx.now.Add(ttl)}
		if err := tx.insertPayment(ctx, p); err != nil {
			return err
		}
		out = p
		return tx.paymentEvent(ctx, d, EventPaymentStarted, "", fmt.Sprintf("Thanh toán trực tuyến qua %s: %s đồng, mã giao dịch %s",
			provider.Label(), payment.FormatVND(total), p.TxnRef))
	})
	return out, err
}

// feeLines are the lines a dossier pays, from its procedure version's fee
// schedule and its bounded fee, and their total.
func (tx *Tx) feeLines(ctx context.Context, d *dossier.Dossier) ([]payment.Line, int64, error) {
	pv, err := tx.pinnedVersion(ctx, d.ProcedureID, d.ProcedureVer)
	if err != nil {
		return nil, 0, err
	}
	lines, err := payment.LinesFor(payment.FeeBasis{ProcedureCode: d.ProcedureCode, ProcedureName: d.ProcedureName,
		PerPage: pv.Procedure.Fee.Kind == catalogue.FeePerPage, Due: d.Payment.Due})
	if err != nil {
		return nil, 0, apperr.Wrap(apperr.Internal, err, "không lập được các khoản phí của hồ sơ")
	}
	total, err := payment.Total(lines)
	if err != nil {
		return nil, 0, apperr.Wrap(apperr.Internal, err, "không tính được tổng số tiền")
	}
	return lines, total, nil
}

// newTxnRef is a new order reference: random, upper-case hex.
func newTxnRef() string { return strings.ToUpper(strings.ReplaceAll(NewID(), "-", "")) }

func (tx *Tx) insertPayment(ctx context.Context, p *payment.Payment) error {
	doc, err := encodePaymentDoc(p)
	if err != nil {
		return err
	}
	_, err = tx.exec(ctx, `INSERT INTO payments (id, dossier_id, dossier_code, unit_id, provider, txn_ref, amount, state, gateway_txn,
		bank_code, doc, created_at, expires_at, paid_at, confirmed_at, confirmed_by, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)`,
		p.ID, p.DossierID, p.DossierCode, p.UnitID, string(p.Provider), p.TxnRef, p.Amount, string(p.State), p.GatewayTxn,
		p.BankCode, doc, p.CreatedAt.UnixMilli(), p.ExpiresAt.UnixMilli(), ms(p.PaidAt), ms(p.ConfirmedAt), p.ConfirmedBy, tx.now.UnixMilli())
	if isUniqueViolation(err) {
		return apperr.New(apperr.Conflict, "hồ sơ %s đã có một giao dịch thanh toán đang mở", p.DossierCode)
	}
	if err != nil {
		return fmt.Errorf("insert payment of %s: %w", p.DossierCode, err)
	}
	return nil
}

func (tx *Tx) updatePayment(ctx context.Context, p *payment.Payment) error {
	_, err := tx.updatePaymentFrom(ctx, p, "")
	return err
}

// updatePaymentFrom writes p back; when from is not "", only if it is still
// in that state, and reports whether it was.
func (tx *Tx) updatePaymentFrom(ctx context.Context, p *payment.Payment, from payment.State) (bool, error) {
	doc, err := encodePaymentDoc(p)
	if err != nil {
		return false, err
	}
	q := `UPDATE payments SET state = $2, gateway_txn = $3, bank_code = $4, doc = $5, paid_at = $6,
		confirmed_at = $7, confirmed_by = $8, refunded_at = $9, updated_at = $10, refund_request_id = $11,
		refund_requested_at = $12, refund_attempts = $13, refund_next_at = $14 WHERE id = $1`
	args := []any{p.ID, string(p.State), p.GatewayTxn, p.BankCode, doc, ms(p.PaidAt), ms(p.ConfirmedAt), p.ConfirmedBy, ms(p.RefundedAt),
		tx.now.UnixMilli(), p.Refund.ID, ms(p.Refund.RequestedAt), p.Refund.Attempts, ms(p.Refund.NextAt)}
	if from != "" {
		q += ` AND state = $15`
		args = append(args, string(from))
	}
	res, err := tx.exec(ctx, q, args...)
	if err != nil {
		return false, fmt.Errorf("update payment %s: %w", p.TxnRef, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("update payment %s: %w", p.TxnRef, err)
	}
	return n == 1, nil
}

// paymentEvent appends an event about a payment to its dossier, which
// itself does not change.
func (tx *Tx) paymentEvent(ctx context.Context, d *dossier.Dossier, kind dossier.ActionKind, actorID, note string) error {
	return tx.appendEvents(ctx, d, []dossier.Event{{Kind: kind, At: tx.now, ActorID: actorID, FromStatus: d.Status, ToStatus: d.Status,
		Note: note, Public: true}})
}

// ConfirmPayment records what a gateway says of an order (an IPN, a
// callback, a query's answer), already checked for its signature. It is the
// only way an online payment becomes paid. A duplicate or late message, an
// unknown order or a wrong amount changes nothing: they are answered from a
// read, without taking the write lock. The returned payment is as stored
// after the call (nil for an unknown order).
func (db *DB) ConfirmPayment(ctx context.Context, c payment.Confirmation) (payment.Outcome, *payment.Payment, error) {
	p, err := paymentWhere(ctx, db.read, `txn_ref = $1`, c.TxnRef)
	if err != nil {
		return 0, nil, err
	}
	if out, _ := payment.Decide(p, c); out != payment.Confirmed {
		return out, p, nil
	}
	rs, err := db.ConfirmPayments(ctx, []payment.Confirmation{c})
	if err != nil {
		return 0, nil, err
	}
	return rs[0].Outcome, rs[0].Payment, nil
}

// Confirmed is what recording one confirmation did.
type Confirmed struct {
	Outcome payment.Outcome
	Payment *payment.Payment
}

// ConfirmPayments records several confirmations in one transaction, in
// order (a group commit: the IPNs that arrive while the writer is busy
// commit together). Two confirmations of one order make one change, the
// second answered AlreadyConfirmed. Any error rolls back all of them.
func (db *DB) ConfirmPayments(ctx context.Context, cs []payment.Confirmation) ([]Confirmed, error) {
	out := make([]Confirmed, len(cs))
	err := db.Transact(ctx, func(tx *Tx) error {
		for i, c := range cs {
			o, p, err := tx.confirmPayment(ctx, c)
			if err != nil {
				return err
			}
			out[i] = Confirmed{o, p}
		}
		return nil
	})
	return out, err
}

func (tx *Tx) confirmPayment(ctx context.Context, c payment.Confirmation) (payment.Outcome, *payment.Payment, error) {
	p, err := tx.paymentForUpdate(ctx, c.TxnRef)
	if err != nil {
		return 0, nil, err
	}
	out, state := payment.Decide(p, c)
	if out != payment.Confirmed {
		return out, p, nil
	}
	p.State, p.GatewayTxn, p.BankCode, p.ConfirmedAt, p.ConfirmedBy = state, c.GatewayTxn, c.BankCode, tx.now, c.Via
	if state == payment.Paid {
		p.PaidAt = c.PayDate
		if p.PaidAt.IsZero() {
			p.PaidAt = tx.now
		}
	} else {
		p.FailReason = c.Reason
	}
	if err := tx.updatePayment(ctx, p); err != nil {
		return 0, nil, err
	}
	if state == payment.Paid {
		return out, p, tx.recordOnlinePayment(ctx, p)
	}
	d, err := tx.dossierWhere(ctx, `id = $1`, p.DossierID)
	if err != nil {
		return 0, nil, err
	}
	return out, p, tx.paymentEvent(ctx, d, EventPaymentFailed, "", fmt.Sprintf("Thanh toán %s không thành công (%s)", p.TxnRef, c.Reason))
}

// recordOnlinePayment applies the dossier's record_payment action for a
// payment the gateway confirmed. When the dossier can no longer take it
// (paid another way, withdrawn), the money is surplus: an event says so and
// the reconciliation lists it for a refund.
func (tx *Tx) recordOnlinePayment(ctx context.Context, p *payment.Payment) error {
	d, err := tx.dossierForUpdate(ctx, p.DossierCode)
	if err != nil {
		return err
	}
	before := d.Clone()
	pv, err := tx.pinnedVersion(ctx, d.ProcedureID, d.ProcedureVer)
	if err != nil {
		return err
	}
	env, err := tx.env(ctx, d, &pv.Procedure, nil)
	if err != nil {
		return err
	}
	receipt := p.GatewayTxn
	if receipt == "" || len(receipt) > dossier.MaxReceiptLen {
		receipt = p.TxnRef
	}
	events, err := dossier.Apply(d, dossier.Action{Kind: dossier.ActRecordPayment, Method: dossier.OnlinePay, Receipt: receipt}, env)
	if apperr.KindOf(err) == apperr.Conflict {
		// Money the dossier does not owe: it is given back whatever the
		// procedure's rule, which is about fees that were due.
		if err := tx.paymentEvent(ctx, before, EventPaymentSurplus, "", fmt.Sprintf("Cổng thanh toán xác nhận %s đồng (mã %s) khi hồ sơ không còn cần nộp: cần hoàn tiền",
			payment.FormatVND(p.Amount), p.TxnRef)); err != nil {
			return err
		}
		return tx.requestRefund(ctx, p, before, "Tiền nộp thừa: hồ sơ không còn cần nộp phí, lệ phí khi cổng thanh toán xác nhận", AutoRefunder, "")
	}
	if err != nil {
		return err
	}
	if err := tx.updateDossier(ctx, d, before.Version); err != nil {
		return err
	}
	if err := tx.appendEvents(ctx, d, events); err != nil {
		return err
	}
	if err := tx.tellPortal(ctx, d, events); err != nil {
		return err
	}
	return tx.afterChange(ctx, before, d, &pv.Procedure)
}

// recordCashPayment keeps, with a record_payment action in cash or by
// transfer, a paid payment of the Cash or Transfer provider: its lines, the
// payer and the officer who collected, so that the counter's payment has
// the same fee receipt as an online one. While an online payment of the
// dossier is still open at the gateway, it is refused: the citizen may be
// paying this very minute.
func (tx *Tx) recordCashPayment(ctx context.Context, d *dossier.Dossier, a dossier.Action, actor *staff.Officer) error {
	open, err := paymentWhere(ctx, tx.q(), `dossier_id = $1 AND state IN ('created', 'pending', 'paid')`, d.ID)
	if err != nil {
		return err
	}
	if open != nil {
		return apperr.New(apperr.Conflict, "công dân đang thanh toán trực tuyến (mã giao dịch %s, hết hạn lúc %s): chờ cổng thanh toán xác nhận hoặc giao dịch hết hạn rồi mới thu tại quầy",
			open.TxnRef, open.ExpiresAt.In(Zone).Format("15:04 02/01/2006"))
	}
	lines, total, err := tx.feeLines(ctx, d)
	if err != nil {
		return err
	}
	_, ben, err := paymentAccount(ctx, tx.q(), d.ReceivingUnitID, d.ProcedureCode)
	if err != nil && err != payment.ErrNoBeneficiary {
		return err
	}
	provider := payment.Cash
	if a.Method == dossier.Transfer {
		provider = payment.Transfer
	}
	p := &payment.Payment{ID: NewID(), DossierID: d.ID, DossierCode: d.Code, UnitID: d.ReceivingUnitID, Provider: provider,
		TxnRef: newTxnRef(), Amount: total, State: payment.Paid, Lines: lines,
		Beneficiary: ben, PayerName: payerName(d.Applicant), GatewayTxn: a.Receipt, CreatedAt: tx.now, ExpiresAt: tx.now,
		PaidAt: tx.now, ConfirmedAt: tx.now}
	if actor != nil {
		p.ConfirmedBy = actor.ID
	}
	return tx.insertPayment(ctx, p)
}

// ExpirePayment closes a payment the gateway never settled (its query found
// no transaction after the payment expired). A success that comes later
// still marks it paid (payment.Decide).
func (db *DB) ExpirePayment(ctx context.Context, txnRef string) error {
	return db.Transact(ctx, func(tx *Tx) error {
		p, err := paymentWhere(ctx, tx.q(), `txn_ref = $1`, txnRef)
		if err != nil {
			return err
		}
		if p == nil || !p.State.Open() {
			return nil
		}
		p.State = payment.Expired
		if err := tx.updatePayment(ctx, p); err != nil {
			return err
		}
		d, err := tx.dossierWhere(ctx, `id = $1`, p.DossierID)
		if err != nil {
			return err
		}
		return tx.paymentEvent(ctx, d, EventPaymentExpired, "", fmt.Sprintf("Giao dịch %s hết hạn, cổng thanh toán không ghi nhận", p.TxnRef))
	})
}

// payerName is who pays: the organisation, or the person.
func payerName(a dossier.Applicant) string {
	if a.OrgName != "" {
		return a.OrgName
	}
	return a.FullName
}

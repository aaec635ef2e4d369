package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/motcua/motcua/internal/payment"
)

// The payments row's doc column: the lines, beneficiary, payer and reasons.
// Its shape is the store's own.
type paymentDoc struct {
	Lines        []paymentLineRecord `json:"lines"`
	Beneficiary  beneficiaryRecord   `json:"beneficiary"`
	PayerName    string              `json:"payer_name,omitempty"`
	FailReason   string              `json:"fail_reason,omitempty"`
	RefundReason string              `json:"refund_reason,omitempty"`
	RefundBy     string              `json:"refund_by,omitempty"`
	RefundError  string              `json:"refund_error,omitempty"`
}

type paymentLineRecord struct {
	Kind   int    `json:"kind"`
	Code   string `json:"code"`
	Name   string `json:"name"`
	Amount int64  `json:"amount"`
	Exempt bool   `json:"exempt,omitempty"`
	Ground string `json:"ground,omitempty"`
}

type beneficiaryRecord struct {
	AccountNo   string `json:"account_no"`
	AccountName string `json:"account_name"`
	Bank        string `json:"bank"`
}

func encodePaymentDoc(p *payment.Payment) (string, error) {
	d := paymentDoc{PayerName: p.PayerName, FailReason: p.FailReason, RefundReason: p.RefundReason,
		RefundBy: p.Refund.RequestedBy, RefundError: p.Refund.LastError, Beneficiary: beneficiaryRecord(p.Beneficiary)}
	for _, l := range p.Lines {
		d.Lines = append(d.Lines, paymentLineRecord{Kind: int(l.Kind), Code: l.Code, Name: l.Name, Amount: l.Amount, Exempt: l.Exempt, Ground: l.Ground})
	}
	b, err := json.Marshal(d)
	if err != nil {
		return "", fmt.Errorf("encode payment %s: %w", p.TxnRef, err)
	}
	return string(b), nil
}

const paymentCols = `id, dossier_id, dossier_code, unit_id, provider, txn_ref, amount, state, gateway_txn, bank_code, doc,
	created_at, expires_at, paid_at, confirmed_at, confirmed_by, refunded_at,
	refund_request_id, refund_requested_at, refund_attempts, refund_next_at`

func scanPayment(row interface{ Scan(...any) error }) (*payment.Payment, error) {
	var p payment.Payment
	var provider, state, doc string
	var created, expires int64
	var paid, confirmed, refunded, refundAsked, refundNext sql.NullInt64
	err := row.Scan(&p.ID, &p.DossierID, &p.DossierCode, &p.UnitID, &provider, &p.TxnRef, &p.Amount, &state,
		&p.GatewayTxn, &p.BankCode, &doc, &created, &expires, &paid, &confirmed, &p.ConfirmedBy, &refunded,
		&p.Refund.ID, &refundAsked, &p.Refund.Attempts, &refundNext)
	if err != nil {
		return nil, err
	}
	p.Provider, p.State = payment.Provider(provider), payment.State(state)
	p.CreatedAt, p.ExpiresAt = fromMS(sql.NullInt64{Int64: created, Valid: true}), fromMS(sql.NullInt64{Int64: expires, Valid: true})
	p.PaidAt, p.ConfirmedAt, p.RefundedAt = fromMS(paid), fromMS(confirmed), fromMS(refunded)
	p.Refund.RequestedAt, p.Refund.NextAt = fromMS(refundAsked), fromMS(refundNext)
	var d paymentDoc
	if err := json.Unmarshal([]byte(doc), &d); err != nil {
		return nil, fmt.Errorf("decode payment %s: %w", p.TxnRef, err)
	}
	p.PayerName, p.FailReason, p.RefundReason = d.PayerName, d.FailReason, d.RefundReason
	p.Refund.RequestedBy, p.Refund.LastError = d.RefundBy, d.RefundError
	p.Beneficiary = payment.Beneficiary(d.Beneficiary)
	for _, l := range d.Lines {
		p.Lines = append(p.Lines, payment.Line{Kind: payment.LineKind(l.Kind), Code: l.Code, Name: l.Name, Amount: l.Amount, Exempt: l.Exempt, Ground: l.Ground})
	}
	return &p, nil
}

// paymentWhere reads one payment; nil when none matches.
func paymentWhere(ctx context.Context, q querier, where string, args ...any) (*payment.Payment, error) {
	p, err := scanPayment(q.QueryRowContext(ctx, `SELECT `+paymentCols+` FROM payments WHERE `+where, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read payment %v: %w", args[0], err)
	}
	return p, nil
}

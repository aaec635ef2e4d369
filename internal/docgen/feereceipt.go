package docgen

import (
	"context"
	"io"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/payment"
	"github.com/motcua/motcua/internal/pdf"
	"github.com/motcua/motcua/internal/store"
)

// BuildFeeReceipt fills the fee receipt (biên lai) of a paid or refunded
// payment, online or in cash at the counter.
func BuildFeeReceipt(ctx context.Context, db *store.DB, txnRef string, opt Options) (pdf.FeeReceipt, error) {
	p, err := db.Payment(ctx, txnRef)
	if err != nil {
		return pdf.FeeReceipt{}, err
	}
	if p.State != payment.Paid && p.State != payment.RefundRequested && p.State != payment.Refunded {
		return pdf.FeeReceipt{}, apperr.New(apperr.NotFound, "giao dịch %s chưa được thanh toán: chưa có biên lai", txnRef)
	}
	d, err := db.Dossier(ctx, p.DossierCode)
	if err != nil {
		return pdf.FeeReceipt{}, err
	}
	u, err := db.Unit(ctx, p.UnitID)
	if err != nil {
		return pdf.FeeReceipt{}, err
	}
	number := p.GatewayTxn
	if number == "" {
		number = p.TxnRef
	}
	r := pdf.FeeReceipt{CollectingUnit: u.Name, Series: p.TxnRef, Number: number, Payer: p.PayerName,
		DossierCode: p.DossierCode, ProcedureName: d.ProcedureName, Total: payment.FormatVND(p.Amount),
		TotalInWords: payment.InWords(p.Amount), Method: p.Provider.Label(), Transaction: p.GatewayTxn,
		PaidAt: p.PaidAt, LookupURL: LookupURL(opt.BaseURL, p.DossierCode)}
	if b := p.Beneficiary; b.AccountNo != "" { // cash at the counter goes to no account
		r.Beneficiary = b.AccountNo + " – " + b.AccountName + " – " + b.Bank
	}
	for _, l := range p.Lines {
		line := pdf.FeeReceiptLine{Kind: l.Kind.Label(), Code: l.Code, Name: l.Name, Amount: payment.FormatVND(l.Amount)}
		if l.Exempt {
			line.Exempt, line.Amount = l.Ground, "0"
		}
		r.Lines = append(r.Lines, line)
	}
	switch p.State {
	case payment.RefundRequested:
		r.Note = "Đang hoàn trả toàn bộ số tiền: " + p.RefundReason
	case payment.Refunded:
		r.Note = "Đã hoàn trả toàn bộ số tiền: " + p.RefundReason
	}
	return r, nil
}

// RenderFeeReceipt writes the fee receipt of a payment as a PDF.
func RenderFeeReceipt(ctx context.Context, db *store.DB, txnRef string, opt Options, w io.Writer) error {
	r, err := BuildFeeReceipt(ctx, db, txnRef, opt)
	if err != nil {
		return err
	}
	return pdf.RenderFeeReceipt(w, r)
}

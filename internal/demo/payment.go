package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/payment"
	"github.com/motcua/motcua/internal/store"
)

// The demo commune takes fees online through VNPay into its treasury account.
var demoAccount = payment.Beneficiary{AccountNo: "3511.0.1055128.00000", AccountName: "UBND xã Đạ Tẻh",
	Bank: "Kho bạc Nhà nước khu vực XIII – Lâm Đồng"}

// seedPayments configures where the demo commune's fees go.
func seedPayments(ctx context.Context, db *store.DB, unitID string) error {
	if _, _, err := db.PaymentAccount(ctx, unitID, ""); err == nil {
		return nil
	}
	if err := db.SetPaymentAccount(ctx, unitID, "", payment.VNPay, demoAccount); err != nil {
		return fmt.Errorf("demo: payment account: %w", err)
	}
	return nil
}

// payOnline pays d's fee the way a citizen does: a payment is opened (its
// lines from the fee schedule), and the gateway's confirmation, as its IPN
// would bring it, marks it paid, which records the dossier's payment. The
// year's online-payment share is counted from these records.
func (s *sim) payOnline(ctx context.Context, d *dossier.Dossier, at time.Time) (*dossier.Dossier, error) {
	p, err := s.db.StartPayment(ctx, d.Code, 15*time.Minute)
	if err != nil {
		return nil, fmt.Errorf("start payment of %s: %w", d.Code, err)
	}
	conf := payment.Confirmation{Provider: p.Provider, TxnRef: p.TxnRef, Amount: p.Amount, Success: true,
		GatewayTxn: fmt.Sprintf("%d", 14000000+s.paid), BankCode: "NCB", PayDate: at, Via: "ipn"}
	out, _, err := s.db.ConfirmPayment(ctx, conf)
	s.txs += 2
	if err != nil {
		return nil, fmt.Errorf("confirm payment of %s: %w", d.Code, err)
	}
	if out != payment.Confirmed {
		return nil, fmt.Errorf("confirm payment of %s: outcome %d", d.Code, out)
	}
	return s.db.Dossier(ctx, d.Code)
}

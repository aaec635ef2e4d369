package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/payment"
)

// BenchmarkConfirmPayments measures what the store's writer can record:
// first confirmations (each marks a payment paid and records the dossier's
// payment, event, roll-ups and portal message), committed eight to a
// transaction as the IPN group commit does under load, with
// MOTCUA_BENCH_DOSSIERS other dossiers stored. No HTTP: the ceiling the IPN
// endpoint sits under. Use a fixed count, e.g. -benchtime=3000x.
func BenchmarkConfirmPayments(b *testing.B) {
	for _, e := range benchEngines(b) {
		b.Run(e.Name, func(b *testing.B) {
			tw := benchTown(b, e, benchDossiers())
			ctx := context.Background()
			if err := tw.db.SetPaymentAccount(ctx, tw.unit.ID, "", payment.VNPay, testAccount); err != nil {
				b.Fatal(err)
			}
			req := tw.request(b, "2.000635", dossier.Online, nil)
			confs := make([]payment.Confirmation, b.N)
			for i := range confs {
				if i > 0 && i%5000 == 0 {
					tw.clk.Advance(24 * time.Hour) // codes are numbered per day
				}
				d, err := tw.db.Intake(ctx, req)
				if err != nil {
					b.Fatal(err)
				}
				p, err := tw.db.StartPayment(ctx, d.Code, time.Hour)
				if err != nil {
					b.Fatal(err)
				}
				confs[i] = payment.Confirmation{Provider: payment.VNPay, TxnRef: p.TxnRef, Amount: p.Amount, Success: true,
					GatewayTxn: fmt.Sprint(15000000 + i), Via: "ipn"}
			}
			b.ResetTimer()
			start := time.Now()
			for i := 0; i < len(confs); i += 8 {
				rs, err := tw.db.ConfirmPayments(ctx, confs[i:min(i+8, len(confs))])
				if err != nil {
					b.Fatal(err)
				}
				for _, r := range rs {
					if r.Outcome != payment.Confirmed {
						b.Fatalf("outcome %v", r.Outcome)
					}
				}
			}
			b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "confirmations/s")
		})
	}
}

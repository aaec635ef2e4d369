package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/motcua/motcua/internal/payment"
	"github.com/motcua/motcua/internal/payment/vnpayfake"
	"github.com/motcua/motcua/internal/store"
)

// demoVNPay is the fake VNPay the demo takes fees through, unless a VNPay
// account is configured: citizens pay on its page, it calls the demo's IPN,
// and the payment job's querydr and refunds go to it.
type demoVNPay struct {
	fake *vnpayfake.Fake
	url  string
	srv  *http.Server
}

// startDemoVNPay starts the fake on a loopback port and points c at it; nil
// when the demo only seeds or a VNPay account is configured.
func startDemoVNPay(c *paymentConfig, log *slog.Logger, seedOnly bool) (*demoVNPay, error) {
	if seedOnly || c.VNPayTmnCode != "" {
		return nil, nil
	}
	const tmn, secret = "MOTCUA01", "motcua-demo-vnpay-secret"
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("fake vnpay: %w", err)
	}
	d := &demoVNPay{fake: vnpayfake.New(tmn, secret, ""), url: "http://" + ln.Addr().String()}
	d.srv = &http.Server{Handler: d.fake, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		if err := d.srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Error("fake vnpay stopped", "err", err)
		}
	}()
	c.VNPayTmnCode, c.VNPaySecret = tmn, secret
	c.VNPayPayURL, c.VNPayAPIURL = d.url+"/paymentv2/vpcpay.html", d.url+"/merchant_webapi/api/transaction"
	return d, nil
}

// load tells the fake of the payments the demo's year made through VNPay,
// so that their queries, refunds and settlement files are answered as the
// real gateway would.
func (d *demoVNPay) load(ctx context.Context, db *store.DB, unitID string) error {
	if d == nil {
		return nil
	}
	ps, err := db.SettledPayments(ctx, unitID, payment.VNPay, time.Unix(0, 0), time.Now().AddDate(1, 0, 0))
	if err != nil {
		return fmt.Errorf("fake vnpay: the demo's payments: %w", err)
	}
	for _, p := range ps {
		d.fake.AddSettled(vnpayfake.Txn{TxnRef: p.TxnRef, Amount: p.Amount, OrderInfo: "Thanh toan ho so " + p.DossierCode,
			CreateDate: payment.FormatVNPayTime(p.CreatedAt), TransactionNo: p.GatewayTxn, BankCode: p.BankCode,
			PayDate: p.PaidAt, Refunded: p.State == payment.Refunded})
	}
	return nil
}

// ready points the fake's IPNs at the demo once it listens on bound, and
// prints where the fake is.
func (d *demoVNPay) ready(w io.Writer, bound string) {
	if d == nil {
		return
	}
	host, port, _ := splitAddr(bound)
	if host == "" || host == "0.0.0.0" || host == "::" || host == "[::]" {
		host = "127.0.0.1"
	}
	d.fake.SetIPNURL("http://" + net.JoinHostPort(host, port) + "/api/v1/payments/vnpay/ipn")
	fmt.Fprintf(w, "Fees are paid online through a fake VNPay at %s (pay, cancel or a bank error on its page; it\n", d.url)
	fmt.Fprintf(w, "then calls the demo's IPN); refunds asked for at /can-bo/thanh-toan go to it (docs/payment.md).\n")
}

func (d *demoVNPay) Close() {
	if d != nil {
		d.srv.Close()
	}
}

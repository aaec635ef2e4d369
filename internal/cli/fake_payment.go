package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"time"

	"github.com/motcua/motcua/internal/payment/paygovfake"
	"github.com/motcua/motcua/internal/payment/vnpayfake"
)

func init() {
	registerFake("vnpay", "the VNPay 2.1.0 payment gateway (sandbox)", runFakeVNPay)
	registerFake("paygov", "the national payment platform of the public service portal", runFakePayGov)
}

func runFakePayGov(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("fake paygov", flag.ContinueOnError)
	fs.SetOutput(stdout)
	addr := fs.String("addr", "127.0.0.1:9300", "`host:port` to listen on")
	partner := fs.String("partner", "MOTCUA", "the partner code (MaDoiTac) it accepts")
	key := fs.String("key", "motcua-paygov-key", "the shared key of MaXacThuc")
	cb := fs.String("callback-url", "http://127.0.0.1:8080/api/v1/payments/paygov/callback", "motcua's callback `URL`")
	var fl paygovfake.Faults
	fs.BoolVar(&fl.LostCallback, "lost-callback", false, "never call back (the query job must find the payment)")
	fs.BoolVar(&fl.TamperCallback, "tamper-callback", false, "change the callback's amount after signing (motcua answers 99)")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "Usage: motcua fake paygov [flags]\n\nA fake national payment platform over HTTP: POST /api (init message, query), the payment\npage GET /thanh-toan?ref= (Pay / Cancel), and the callback to motcua.\n\nFlags:")
		fs.PrintDefaults()
	}
	if pos, err := parseInterleaved(fs, args); err != nil {
		return err
	} else if len(pos) > 0 {
		return usageErr("unexpected argument %q", pos[0])
	}
	f := paygovfake.New(*partner, *key, *cb)
	f.SetFaults(fl)
	return serveFake(ctx, "paygov", *addr, f, stdout, func(a net.Addr) string {
		return fmt.Sprintf("fake national payment platform on http://%s (partner %s); API POST /api, callbacks to %s", a, *partner, *cb)
	})
}

func runFakeVNPay(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("fake vnpay", flag.ContinueOnError)
	fs.SetOutput(stdout)
	addr := fs.String("addr", "127.0.0.1:9200", "`host:port` to listen on")
	tmn := fs.String("tmn-code", "MOTCUA01", "the merchant code it accepts")
	secret := fs.String("secret", "motcua-sandbox-secret", "the merchant's hash secret")
	ipn := fs.String("ipn-url", "http://127.0.0.1:8080/api/v1/payments/vnpay/ipn", "motcua's IPN `URL`")
	var fl vnpayfake.Faults
	fs.BoolVar(&fl.LostIPN, "lost-ipn", false, "never send the IPN (the query job must find the payment)")
	fs.BoolVar(&fl.DuplicateIPN, "duplicate-ipn", false, "send every IPN twice at once")
	fs.DurationVar(&fl.LateIPN, "late-ipn", 0, "send the IPN this long after the browser returns")
	fs.BoolVar(&fl.AfterReturn, "ipn-after-return", false, "send the browser back before the IPN")
	fs.BoolVar(&fl.TamperIPN, "tamper-ipn", false, "change the IPN's amount after signing (motcua answers 97)")
	fs.BoolVar(&fl.WrongAmount, "wrong-amount", false, "sign the IPN over an amount 1 VND off (motcua answers 04)")
	fs.BoolVar(&fl.LostRefundAnswer, "lost-refund-answer", false, "take each refund but cut the connection before answering")
	fs.BoolVar(&fl.RefuseRefund, "refuse-refund", false, "refuse every refund (code 95)")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "Usage: motcua fake vnpay [flags]\n\nA fake VNPay 2.1.0 sandbox over HTTP: the payment page (GET /paymentv2/vpcpay.html, with\nPay / Cancel / Bank error buttons), the IPN it then calls, querydr and refund\n(POST /merchant_webapi/api/transaction), and the day's settlement file\n(GET /_fake/settlement?date=yyyyMMdd).\n\nFlags:")
		fs.PrintDefaults()
	}
	if pos, err := parseInterleaved(fs, args); err != nil {
		return err
	} else if len(pos) > 0 {
		return usageErr("unexpected argument %q", pos[0])
	}
	if fl.LateIPN < 0 || fl.LateIPN > time.Hour {
		return usageErr("--late-ipn %s: want 0 to 1h", fl.LateIPN)
	}
	f := vnpayfake.New(*tmn, *secret, *ipn)
	f.SetFaults(fl)
	defer f.Wait()
	return serveFake(ctx, "vnpay", *addr, f, stdout, func(a net.Addr) string {
		return fmt.Sprintf("fake VNPay on http://%s (merchant %s); pay page /paymentv2/vpcpay.html, API /merchant_webapi/api/transaction, settlement /_fake/settlement?date=yyyyMMdd; IPNs to %s", a, *tmn, *ipn)
	})
}

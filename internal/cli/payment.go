package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/payment"
	"github.com/motcua/motcua/internal/sheet"
	"github.com/motcua/motcua/internal/store"
)

const paymentUsage = `Usage: motcua payment SUBCOMMAND [flags]

Online payment of fees (docs/payment.md).

Subcommands:
  account    set where a unit's fees go and through which gateway
  reconcile  compare a day's paid payments with the gateway's settlement file (CSV or XLSX)
  settle     run the payment job once: ask the gateway about the payments whose IPN has
             not come (querydr), and send the refunds asked for
  refund     ask for the refund of a paid payment (the payment job sends it to VNPay);
             with --returned, confirm that money taken at the counter or on the
             national platform was given back
`

func runPayment(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stdout, paymentUsage)
		return usageErr("name a subcommand: account, reconcile, settle, refund")
	}
	switch args[0] {
	case "account":
		return runPaymentAccount(ctx, args[1:], stdout, stderr)
	case "reconcile":
		return runPaymentReconcile(ctx, args[1:], stdout, stderr)
	case "settle":
		return runPaymentSettle(ctx, args[1:], stdout, stderr)
	case "refund":
		return runPaymentRefund(ctx, args[1:], stdout, stderr)
	}
	fmt.Fprint(stdout, paymentUsage)
	return usageErr("no payment subcommand %q", args[0])
}

// paymentDB parses the flags (with the storage ones) and opens the database.
func paymentDB(ctx context.Context, fs *flag.FlagSet, cfg *Config, args []string, stderr io.Writer) (*store.DB, error) {
	if pos, err := parseInterleaved(fs, args); err != nil {
		return nil, err
	} else if len(pos) > 0 {
		return nil, usageErr("unexpected argument %q", pos[0])
	}
	if err := cfg.validate(false); err != nil {
		return nil, err
	}
	return openStore(ctx, cfg, cfg.logger(stderr))
}

func runPaymentAccount(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var cfg Config
	fs := flag.NewFlagSet("payment account", flag.ContinueOnError)
	fs.SetOutput(stdout)
	cfg.bindStorage(fs, "./motcua-data")
	unitCode := fs.String("unit", "", "the collecting unit's `code` (required)")
	proc := fs.String("procedure", "", "a procedure's `code`; empty: all the unit's procedures")
	provider := fs.String("provider", "vnpay", "vnpay, paygov, or cash (no online payment)")
	var b payment.Beneficiary
	fs.StringVar(&b.AccountNo, "account-no", "", "beneficiary account number (required)")
	fs.StringVar(&b.AccountName, "account-name", "", "beneficiary account name (required)")
	fs.StringVar(&b.Bank, "bank", "", "bank or treasury of the account (required)")
	db, err := paymentDB(ctx, fs, &cfg, args, stderr)
	if err != nil {
		return err
	}
	defer db.Close()
	if *unitCode == "" {
		return usageErr("--unit is required")
	}
	u, err := db.UnitByCode(ctx, *unitCode)
	if err != nil {
		return err
	}
	p, err := payment.ParseProvider(*provider)
	if err != nil {
		return usageErr("--provider: %v", err)
	}
	if err := db.SetPaymentAccount(ctx, u.ID, *proc, p, b); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s: fees go to %s (%s, %s) through %s\n", u.Name, b.AccountNo, b.AccountName, b.Bank, p)
	return nil
}

func runPaymentReconcile(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var cfg Config
	fs := flag.NewFlagSet("payment reconcile", flag.ContinueOnError)
	fs.SetOutput(stdout)
	cfg.bindStorage(fs, "./motcua-data")
	unitCode := fs.String("unit", "", "the collecting unit's `code` (required)")
	provider := fs.String("provider", "vnpay", "vnpay or paygov")
	day := fs.String("date", "", "the `day` to reconcile, YYYY-MM-DD in Vietnam's time (required)")
	src := fs.String("settlement", "", "the gateway's settlement file: a `path`, or an http(s) URL such as the fake's /_fake/settlement?date=yyyyMMdd (required)")
	format := fs.String("format", "csv", "csv or xlsx")
	out := fs.String("out", "", "output `file`; empty: standard output")
	db, err := paymentDB(ctx, fs, &cfg, args, stderr)
	if err != nil {
		return err
	}
	defer db.Close()
	if *unitCode == "" || *day == "" || *src == "" {
		return usageErr("--unit, --date and --settlement are required")
	}
	if *format != "csv" && *format != "xlsx" {
		return usageErr("--format %q: want csv or xlsx", *format)
	}
	p, err := payment.ParseProvider(*provider)
	if err != nil || p == payment.Cash {
		return usageErr("--provider %q: want vnpay or paygov", *provider)
	}
	from, err := time.ParseInLocation("2006-01-02", *day, calendar.Location())
	if err != nil {
		return usageErr("--date %q: want YYYY-MM-DD", *day)
	}
	u, err := db.UnitByCode(ctx, *unitCode)
	if err != nil {
		return err
	}
	theirs, err := readSettlement(ctx, *src)
	if err != nil {
		return err
	}
	ours, err := db.SettledPayments(ctx, u.ID, p, from, from.AddDate(0, 0, 1))
	if err != nil {
		return err
	}
	refs := make([]string, 0, len(theirs))
	for _, t := range theirs {
		refs = append(refs, t.TxnRef)
	}
	others, err := db.PaymentsByRef(ctx, refs)
	if err != nil {
		return err
	}
	r := payment.Reconcile(ours, theirs, others)
	w := stdout
	if *out != "" {
		f, err := os.Create(*out)
		if err != nil {
			return err
		}
		defer f.Close()
		w = f
	}
	head := sheet.ReconciliationHead{Unit: u.Name + " (" + u.Code + ")", Provider: p.Label(), Day: from.Format("02/01/2006")}
	if *format == "xlsx" {
		err = sheet.ReconciliationXLSX(w, head, r)
	} else {
		err = sheet.ReconciliationCSV(w, head, r)
	}
	if err != nil {
		return err
	}
	if *out != "" {
		fmt.Fprintf(stdout, "%d matched, %d differences; written to %s\n", r.Matched, len(r.Differences), *out)
	}
	return nil
}

// readSettlement reads the settlement file from a path or a URL.
func readSettlement(ctx context.Context, src string) ([]payment.Settled, error) {
	var r io.Reader
	if strings.HasPrefix(src, "http://") || strings.HasPrefix(src, "https://") {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, src, nil)
		if err != nil {
			return nil, err
		}
		resp, err := (&http.Client{Timeout: time.Minute}).Do(req)
		if err != nil {
			return nil, fmt.Errorf("settlement file: %w", err)
		}
		defer resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return nil, fmt.Errorf("settlement file %s: HTTP %d", src, resp.StatusCode)
		}
		r = io.LimitReader(resp.Body, 64<<20)
	} else {
		f, err := os.Open(src)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		r = io.LimitReader(f, 64<<20)
	}
	return payment.ParseSettlement(r)
}

func runPaymentSettle(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var cfg Config
	fs := flag.NewFlagSet("payment settle", flag.ContinueOnError)
	fs.SetOutput(stdout)
	cfg.bindStorage(fs, "./motcua-data")
	cfg.Payment.bind(fs, &cfg)
	db, err := paymentDB(ctx, fs, &cfg, args, stderr)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := cfg.Payment.validate(); err != nil {
		return err
	}
	s := cfg.Payment.service(db, cfg.logger(stderr), func() string { return cfg.BaseURL })
	if s == nil {
		return usageErr("no gateway configured: set --vnpay-* or --paygov-*")
	}
	n, err := s.Settle(ctx)
	fmt.Fprintf(stdout, "%d payment(s) settled\n", n)
	r, rerr := s.Refunds(ctx)
	fmt.Fprintf(stdout, "%d refund(s) finished\n", r)
	return errors.Join(err, rerr)
}

func runPaymentRefund(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var cfg Config
	fs := flag.NewFlagSet("payment refund", flag.ContinueOnError)
	fs.SetOutput(stdout)
	cfg.bindStorage(fs, "./motcua-data")
	cfg.Payment.bind(fs, &cfg)
	ref := fs.String("ref", "", "the payment's order `reference` (required)")
	reason := fs.String("reason", "", "why the fee is given back (required)")
	by := fs.String("by", "", "`username` of the reception officer or leader who refunds (required)")
	returned := fs.Bool("returned", false, "confirm that the money of a refund asked for was given back at the counter or on the national platform")
	db, err := paymentDB(ctx, fs, &cfg, args, stderr)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := cfg.Payment.validate(); err != nil {
		return err
	}
	if *ref == "" || *by == "" || (*reason == "" && !*returned) {
		return usageErr("--ref and --by are required, and --reason unless --returned")
	}
	o, err := db.OfficerByUsername(ctx, *by)
	if err != nil {
		return err
	}
	s := cfg.Payment.service(db, cfg.logger(stderr), func() string { return cfg.BaseURL })
	if s == nil {
		return usageErr("no gateway configured: set --vnpay-* or --paygov-*")
	}
	if *returned {
		p, err := s.ConfirmRefund(ctx, *ref, o)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "refunded %s đồng of %s (%s)\n", payment.FormatVND(p.Amount), p.DossierCode, p.TxnRef)
		return nil
	}
	p, err := s.Refund(ctx, *ref, *reason, o)
	if err != nil {
		return err
	}
	next := "the payment job sends it to " + p.Provider.Label()
	if !p.Provider.RefundsItself() {
		next = "give the money back, then confirm with --returned"
	}
	fmt.Fprintf(stdout, "refund of %s đồng of %s (%s) asked for: %s\n", payment.FormatVND(p.Amount), p.DossierCode, p.TxnRef, next)
	return nil
}

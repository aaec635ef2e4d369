package cli

import (
	"context"
	"flag"
	"log/slog"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/motcua/motcua/internal/payment"
	"github.com/motcua/motcua/internal/service"
	"github.com/motcua/motcua/internal/store"
)

// paymentConfig is online payment of fees (docs/payment.md): the VNPay
// merchant account and the national payment platform's partner account.
// Neither configured: no online payment; the pay buttons do not show.
type paymentConfig struct {
	VNPayTmnCode  string        // MOTCUA_VNPAY_TMN_CODE
	VNPaySecret   string        // MOTCUA_VNPAY_SECRET
	VNPayPayURL   string        // MOTCUA_VNPAY_PAY_URL: .../paymentv2/vpcpay.html
	VNPayAPIURL   string        // MOTCUA_VNPAY_API_URL: .../merchant_webapi/api/transaction
	PayGovPartner string        // MOTCUA_PAYGOV_PARTNER: MaDoiTac
	PayGovKey     string        // MOTCUA_PAYGOV_KEY
	PayGovURL     string        // MOTCUA_PAYGOV_URL
	TTL           time.Duration // MOTCUA_PAYMENT_TTL: time at the gateway
	QueryAfter    time.Duration // MOTCUA_PAYMENT_QUERY_AFTER: age of an open payment before querydr
	SettleEvery   time.Duration // MOTCUA_PAYMENT_SETTLE_EVERY: how often the query job runs
}

func (c *paymentConfig) bind(fs *flag.FlagSet, cfg *Config) {
	fs.StringVar(&c.VNPayTmnCode, "vnpay-tmn-code", env("MOTCUA_VNPAY_TMN_CODE", ""), "VNPay merchant code, vnp_TmnCode (env MOTCUA_VNPAY_TMN_CODE)")
	fs.StringVar(&c.VNPaySecret, "vnpay-secret", env("MOTCUA_VNPAY_SECRET", ""), "VNPay hash secret (env MOTCUA_VNPAY_SECRET; prefer the environment)")
	fs.StringVar(&c.VNPayPayURL, "vnpay-pay-url", env("MOTCUA_VNPAY_PAY_URL", ""), "VNPay payment page `URL`, .../paymentv2/vpcpay.html (env MOTCUA_VNPAY_PAY_URL)")
	fs.StringVar(&c.VNPayAPIURL, "vnpay-api-url", env("MOTCUA_VNPAY_API_URL", ""), "VNPay merchant API `URL`, .../merchant_webapi/api/transaction (env MOTCUA_VNPAY_API_URL)")
	fs.StringVar(&c.PayGovPartner, "paygov-partner", env("MOTCUA_PAYGOV_PARTNER", ""), "national payment platform partner code, MaDoiTac (env MOTCUA_PAYGOV_PARTNER)")
	fs.StringVar(&c.PayGovKey, "paygov-key", env("MOTCUA_PAYGOV_KEY", ""), "national payment platform shared key (env MOTCUA_PAYGOV_KEY; prefer the environment)")
	fs.StringVar(&c.PayGovURL, "paygov-url", env("MOTCUA_PAYGOV_URL", ""), "national payment platform API `URL` (env MOTCUA_PAYGOV_URL)")
	fs.DurationVar(&c.TTL, "payment-ttl", cfg.envDuration("MOTCUA_PAYMENT_TTL", 15*time.Minute), "time a citizen has at the gateway (env MOTCUA_PAYMENT_TTL)")
	fs.DurationVar(&c.QueryAfter, "payment-query-after", cfg.envDuration("MOTCUA_PAYMENT_QUERY_AFTER", 5*time.Minute), "age of a payment with no IPN before the gateway is queried (env MOTCUA_PAYMENT_QUERY_AFTER)")
	fs.DurationVar(&c.SettleEvery, "payment-settle-every", cfg.envDuration("MOTCUA_PAYMENT_SETTLE_EVERY", time.Minute), "how often open payments are queried (env MOTCUA_PAYMENT_SETTLE_EVERY)")
}

func (c *paymentConfig) validate() error {
	vn := c.VNPayTmnCode != "" || c.VNPaySecret != "" || c.VNPayPayURL != "" || c.VNPayAPIURL != ""
	if vn {
		if c.VNPayTmnCode == "" || c.VNPaySecret == "" || c.VNPayPayURL == "" || c.VNPayAPIURL == "" {
			return usageErr("VNPay needs all of --vnpay-tmn-code, --vnpay-secret, --vnpay-pay-url and --vnpay-api-url")
		}
		for name, u := range map[string]string{"--vnpay-pay-url": c.VNPayPayURL, "--vnpay-api-url": c.VNPayAPIURL} {
			if err := checkHTTPURL(name, u); err != nil {
				return err
			}
		}
	}
	if c.PayGovPartner != "" || c.PayGovKey != "" || c.PayGovURL != "" {
		if c.PayGovPartner == "" || c.PayGovKey == "" || c.PayGovURL == "" {
			return usageErr("the national payment platform needs all of --paygov-partner, --paygov-key and --paygov-url")
		}
		if err := checkHTTPURL("--paygov-url", c.PayGovURL); err != nil {
			return err
		}
	}
	switch {
	case c.TTL < time.Minute || c.TTL > 24*time.Hour:
		return usageErr("--payment-ttl %s: want 1m to 24h", c.TTL)
	case c.QueryAfter < 10*time.Second || c.QueryAfter > 24*time.Hour:
		return usageErr("--payment-query-after %s: want 10s to 24h", c.QueryAfter)
	case c.SettleEvery < time.Second || c.SettleEvery > time.Hour:
		return usageErr("--payment-settle-every %s: want 1s to 1h", c.SettleEvery)
	}
	return nil
}

func checkHTTPURL(name, s string) error {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return usageErr("%s %q: want an http(s) URL", name, s)
	}
	return nil
}

// service returns the payment use cases, or nil when no gateway is configured.
func (c *paymentConfig) service(db *store.DB, log *slog.Logger, baseURL func() string) *service.Payments {
	if c.VNPayTmnCode == "" && c.PayGovPartner == "" {
		return nil
	}
	hc := &http.Client{Timeout: 30 * time.Second}
	s := &service.Payments{DB: db, Log: log, BaseURL: baseURL, TTL: c.TTL, QueryAfter: c.QueryAfter}
	if c.VNPayTmnCode != "" {
		s.VNPay = &payment.VNPayClient{HTTP: hc, IP: "127.0.0.1", Config: payment.VNPayConfig{TmnCode: c.VNPayTmnCode,
			Secret: c.VNPaySecret, PayURL: c.VNPayPayURL, APIURL: c.VNPayAPIURL}}
	}
	if c.PayGovPartner != "" {
		s.PayGov = &payment.PayGovClient{HTTP: hc, Config: payment.PayGovConfig{PartnerCode: c.PayGovPartner, Key: c.PayGovKey, URL: c.PayGovURL}}
	}
	return s
}

// startPayments runs the payment job: every SettleEvery, the payments whose
// IPN has not come are asked about (querydr) and settled, and the refunds
// asked for are sent to the gateway.
func startPayments(ctx context.Context, wg *sync.WaitGroup, c *paymentConfig, s *service.Payments, log *slog.Logger, after <-chan struct{}) {
	if s == nil {
		return
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		if after != nil {
			select {
			case <-after:
			case <-ctx.Done():
				return
			}
		}
		t := time.NewTicker(c.SettleEvery)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
			n, err := s.Settle(ctx)
			if err != nil && ctx.Err() == nil {
				log.Warn("payment query job", "settled", n, "err", err)
			} else if n > 0 {
				log.Info("payment query job", "settled", n)
			}
			n, err = s.Refunds(ctx)
			if err != nil && ctx.Err() == nil {
				log.Warn("payment refund job", "finished", n, "err", err)
			} else if n > 0 {
				log.Info("payment refund job", "finished", n)
			}
		}
	}()
}

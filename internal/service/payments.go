package service

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"time"
	"unicode/utf8"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/payment"
	"github.com/motcua/motcua/internal/staff"
	"github.com/motcua/motcua/internal/store"
)

// Payments are the use cases of online payment: start a payment, take a
// gateway's IPN or callback, show the result page's state, settle the
// payments whose IPN never came (querydr), refund. The store records; the
// payment package speaks the gateways' protocols.
type Payments struct {
	DB     *store.DB
	Log    *slog.Logger
	VNPay  *payment.VNPayClient  // nil: VNPay not configured
	PayGov *payment.PayGovClient // nil: the national platform not configured
	// BaseURL is our public address, for the Return URL.
	BaseURL func() string
	// TTL is how long the citizen has at the gateway [15 minutes].
	TTL time.Duration
	// QueryAfter is how old an open payment is before querydr asks about it [5 minutes].
	QueryAfter time.Duration
	Now        func() time.Time

	batch confirmBatch // group commit of confirmations (payments_batch.go)
}

// ReturnPath is the page the gateway sends the citizen back to.
const ReturnPath = "/thanh-toan/ket-qua"

func (s *Payments) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

func (s *Payments) ttl() time.Duration {
	if s.TTL > 0 {
		return s.TTL
	}
	return 15 * time.Minute
}

// Start opens (or reuses) the payment of a dossier's fees and returns where
// to send the citizen's browser.
func (s *Payments) Start(ctx context.Context, code, clientIP, lang string) (string, *payment.Payment, error) {
	p, err := s.DB.StartPayment(ctx, code, s.ttl())
	if err != nil {
		return "", nil, err
	}
	base := ""
	if s.BaseURL != nil {
		base = s.BaseURL()
	}
	switch p.Provider {
	case payment.VNPay:
		if s.VNPay == nil {
			return "", nil, apperr.New(apperr.Conflict, "cổng thanh toán VNPay chưa được cấu hình: vui lòng nộp tại Bộ phận Một cửa")
		}
		locale := "vn"
		if lang == "en" {
			locale = "en"
		}
		u, err := s.VNPay.Config.RedirectURL(p, payment.PayRequest{ClientIP: clientIP, ReturnURL: base + ReturnPath,
			Locale: locale, Now: s.now()})
		return u, p, err
	case payment.PayGov:
		if s.PayGov == nil {
			return "", nil, apperr.New(apperr.Conflict, "nền tảng thanh toán của Cổng DVCQG chưa được cấu hình: vui lòng nộp tại Bộ phận Một cửa")
		}
		u, err := s.PayGov.Init(ctx, p, clientIP, base+ReturnPath+"?cong=paygov", s.now())
		if err != nil {
			return "", nil, apperr.Wrap(apperr.Conflict, err, "không kết nối được nền tảng thanh toán, vui lòng thử lại sau")
		}
		return u, p, nil
	}
	return "", nil, apperr.New(apperr.Conflict, "đơn vị chưa nhận thanh toán trực tuyến")
}

// VNPayIPN handles one IPN and returns the answer VNPay expects. Only this
// (and Settle's query) marks a payment paid.
func (s *Payments) VNPayIPN(ctx context.Context, q url.Values) payment.IPNAnswer {
	if s.VNPay == nil {
		return payment.VNPayAnswer(0, errors.New("vnpay not configured"))
	}
	conf, err := s.VNPay.Config.ParseIPN(q)
	if err != nil {
		s.Log.Warn("vnpay IPN refused", "txn_ref", q.Get("vnp_TxnRef"), "err", err)
		return payment.VNPayAnswer(0, err)
	}
	out, _, err := s.batch.confirm(ctx, s.DB, conf)
	if err != nil {
		s.Log.Error("vnpay IPN not recorded", "txn_ref", conf.TxnRef, "err", err)
	}
	return payment.VNPayAnswer(out, err)
}

// ReturnResult is what the Return URL page shows.
type ReturnResult struct {
	Payment  *payment.Payment // nil when the order is unknown
	Verified bool             // the gateway's signature is right
	Declined bool             // the gateway says the citizen cancelled or it failed
}

// VNPayReturn reads the Return URL's parameters: the page shows what the
// IPN recorded (or "being confirmed"), and changes nothing.
func (s *Payments) VNPayReturn(ctx context.Context, q url.Values) (ReturnResult, error) {
	if s.VNPay == nil {
		return ReturnResult{}, apperr.New(apperr.NotFound, "cổng thanh toán chưa được cấu hình")
	}
	conf, err := s.VNPay.Config.ParseIPN(q)
	if err != nil {
		return ReturnResult{}, nil
	}
	p, err := s.DB.Payment(ctx, conf.TxnRef)
	if apperr.KindOf(err) == apperr.NotFound {
		return ReturnResult{Verified: true}, nil
	}
	if err != nil {
		return ReturnResult{}, err
	}
	return ReturnResult{Payment: p, Verified: true, Declined: !conf.Success}, nil
}

// Settle asks the gateway about each payment still open QueryAfter after it
// started (its IPN lost, or our commit lost in a crash) and records what it
// says; a payment the gateway does not know, or that is still unpaid when it
// has expired, is expired. It returns how many payments it settled.
func (s *Payments) Settle(ctx context.Context) (int, error) {
	after := s.QueryAfter
	if after <= 0 {
		after = 5 * time.Minute
	}
	now := s.now()
	open, err := s.DB.OpenPayments(ctx, now.Add(-after), 200)
	if err != nil {
		return 0, err
	}
	n := 0
	var errs []error
	for i, p := range open {
		r, err := s.query(ctx, p, fmt.Sprintf("Q%d%03d", now.UnixMilli(), i))
		if err != nil {
			errs = append(errs, fmt.Errorf("query %s: %w", p.TxnRef, err))
			continue
		}
		switch {
		case r.Found && !r.Pending:
			out, _, err := s.DB.ConfirmPayment(ctx, r.Confirmation)
			if err != nil {
				errs = append(errs, err)
				continue
			}
			if out == payment.Confirmed {
				n++
			} else {
				s.Log.Warn("querydr answer not recorded", "txn_ref", p.TxnRef, "outcome", out)
			}
		case now.After(p.ExpiresAt.Add(after)):
			if err := s.DB.ExpirePayment(ctx, p.TxnRef); err != nil {
				errs = append(errs, err)
				continue
			}
			n++
		}
	}
	return n, errors.Join(errs...)
}

func (s *Payments) query(ctx context.Context, p *payment.Payment, requestID string) (payment.QueryResult, error) {
	switch p.Provider {
	case payment.VNPay:
		if s.VNPay != nil {
			return s.VNPay.Query(ctx, p, requestID, s.now())
		}
	case payment.PayGov:
		if s.PayGov != nil {
			return s.PayGov.Query(ctx, p, s.now())
		}
	}
	return payment.QueryResult{}, fmt.Errorf("provider %s not configured", p.Provider)
}

// Refund asks for the refund of a paid payment whose fee is not due
// (refused before processing, withdrawn, paid twice), with a reason. It
// calls no gateway: the payment job sends a VNPay refund (Refunds); money
// taken at the counter or on the national platform is given back by an
// officer, who then confirms it (ConfirmRefund). Only a reception officer
// or a leader of the collecting unit may.
func (s *Payments) Refund(ctx context.Context, txnRef, reason string, by *staff.Officer) (*payment.Payment, error) {
	if by == nil || !by.HasAny(staff.Reception, staff.Leader) {
		return nil, apperr.New(apperr.Forbidden, "chỉ cán bộ Một cửa hoặc lãnh đạo được hoàn tiền")
	}
	if reason == "" || utf8.RuneCountInString(reason) > 500 {
		return nil, apperr.Invalidf("reason", "vui lòng ghi lý do hoàn tiền (tối đa 500 ký tự)")
	}
	return s.DB.RequestRefund(ctx, txnRef, reason, by)
}

// ConfirmRefund records that an officer gave back the money of a refund
// asked for at the counter or on the national platform.
func (s *Payments) ConfirmRefund(ctx context.Context, txnRef string, by *staff.Officer) (*payment.Payment, error) {
	if by == nil || !by.HasAny(staff.Reception, staff.Leader) {
		return nil, apperr.New(apperr.Forbidden, "chỉ cán bộ Một cửa hoặc lãnh đạo được xác nhận hoàn tiền")
	}
	return s.DB.CompleteRefund(ctx, txnRef, by, "")
}

// refundLease is how long a claimed refund is another job's to leave
// alone: longer than a try (the HTTP client's 30 s), short enough that a
// crash delays the refund little.
const refundLease = 2 * time.Minute

// Refunds sends the refunds due to the gateway and records its answers; it
// returns how many it finished (refunded, or refused back to paid). A try
// whose answer is lost is tried again later with the same request id, and
// every try after the first asks the gateway first (querydr) whether the
// refund was taken: a lost answer never refunds twice.
func (s *Payments) Refunds(ctx context.Context) (int, error) {
	if s.VNPay == nil {
		return 0, nil
	}
	now := s.now()
	due, err := s.DB.ClaimRefunds(ctx, now, refundLease, 50)
	if err != nil {
		return 0, err
	}
	n := 0
	var errs []error
	for i, p := range due {
		done, err := s.refund(ctx, p, fmt.Sprintf("Q%d%03d", now.UnixMilli(), i))
		if err != nil {
			errs = append(errs, fmt.Errorf("refund %s: %w", p.TxnRef, err))
		}
		if done {
			n++
		}
	}
	return n, errors.Join(errs...)
}

// refund makes one try of p's refund and records its outcome.
func (s *Payments) refund(ctx context.Context, p *payment.Payment, queryID string) (bool, error) {
	if p.Provider != payment.VNPay {
		return false, s.DB.RetryRefund(ctx, p.TxnRef, "provider "+string(p.Provider)+" does not refund by API", s.now().Add(time.Hour))
	}
	taken := func() (bool, error) {
		r, err := s.VNPay.Query(ctx, p, queryID, s.now())
		return r.Found && r.Refunded, err
	}
	// done records the gateway's refund, learnt by its answer or a query.
	done := func(via string) (bool, error) {
		_, err := s.DB.CompleteRefund(ctx, p.TxnRef, nil, via)
		return err == nil, err
	}
	if p.Refund.Attempts > 1 {
		ok, err := taken()
		if err != nil {
			return false, s.retryRefund(ctx, p, err)
		}
		if ok {
			return done("query")
		}
	}
	by := p.Refund.RequestedBy
	if by == "" {
		by = store.AutoRefunder
	}
	err := s.VNPay.Refund(ctx, p, p.Refund.ID, by, s.now())
	var refused *payment.RefusedError
	switch {
	case err == nil:
		return done("refund")
	case errors.As(err, &refused):
		// The gateway may refuse because an earlier try of ours was taken
		// (a repeated request id, an order already refunded): ask.
		ok, qerr := taken()
		if qerr != nil {
			return false, s.retryRefund(ctx, p, qerr)
		}
		if ok {
			return done("query")
		}
		s.Log.Warn("refund refused by the gateway", "txn_ref", p.TxnRef, "code", refused.Code, "message", refused.Message)
		return true, s.DB.RefundRefused(ctx, p.TxnRef, "mã "+refused.Code+" "+refused.Message)
	default:
		return false, s.retryRefund(ctx, p, err)
	}
}

// retryRefund puts a try whose answer is unknown back for later: after 1,
// 2, 4 … minutes, at most an hour.
func (s *Payments) retryRefund(ctx context.Context, p *payment.Payment, cause error) error {
	wait := time.Minute << min(p.Refund.Attempts-1, 6)
	if err := s.DB.RetryRefund(ctx, p.TxnRef, cause.Error(), s.now().Add(min(wait, time.Hour))); err != nil {
		return errors.Join(cause, err)
	}
	return cause
}

// PayGovCallback handles the national platform's confirmation.
func (s *Payments) PayGovCallback(ctx context.Context, m payment.PayGovResult) payment.PayGovAnswer {
	conf, err := s.PayGov.Config.ParseCallback(m)
	if err != nil {
		s.Log.Warn("paygov callback refused", "txn_ref", m.MaThamChieu, "err", err)
		return payment.PayGovCallbackAnswer(0, err)
	}
	out, _, err := s.batch.confirm(ctx, s.DB, conf)
	if err != nil {
		s.Log.Error("paygov callback not recorded", "txn_ref", conf.TxnRef, "err", err)
	}
	return payment.PayGovCallbackAnswer(out, err)
}

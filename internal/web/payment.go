package web

// Online payment of fees, the citizen's side: the pay button on the
// submission confirmation and on the status lookup, the page the gateway
// sends the citizen back to (it only shows what the IPN recorded), and the
// receipt. The gateway's IPN itself is an API route (api/payments.go).

import (
	"bytes"
	"context"
	"net/http"
	"regexp"
	"strings"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/docgen"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/middleware"
	"github.com/motcua/motcua/internal/payment"
	"github.com/motcua/motcua/internal/staff"
	"github.com/motcua/motcua/internal/textfold"
)

func (s *Server) paymentRoutes() []route {
	return []route{
		{"POST /thanh-toan", anyone, s.paymentStart},
		{"GET /thanh-toan/ket-qua", anyone, s.paymentReturn},
		{"GET /thanh-toan/{ref}/bien-lai.pdf", anyone, s.paymentReceipt},
		{"GET /can-bo/thanh-toan", roles(staff.Reception, staff.Leader, staff.Admin), s.officePayments},
		{"POST /can-bo/thanh-toan/{ref}/hoan-tien", roles(staff.Reception, staff.Leader), s.officeRefund},
		{"POST /can-bo/thanh-toan/{ref}/da-hoan-tra", roles(staff.Reception, staff.Leader), s.officeConfirmRefund},
	}
}

// payButton is what the pay button needs: how the form proves the dossier
// is the citizen's (the submission's key, or the lookup's code and digits).
type payButton struct {
	Amount string
	Key    string
	Code   string
	Last4  string
	// Receipt is the receipt of the paid payment, when there is one.
	Receipt string
}

// payButtonFor returns the pay button of d, or nil when nothing is to be
// paid online (no fee, paid, exempt, payments not configured).
func (s *Server) payButtonFor(r *http.Request, d *dossier.Dossier, key, last4 string) *payButton {
	if s.opt.Payments == nil || !d.Payment.FeeBearing() {
		return nil
	}
	if d.Payment.State == dossier.Paid {
		ref, err := s.feeReceipt(r.Context(), d)
		if err != nil {
			s.log.Warn("payments of dossier", "code", d.Code, "err", err)
			return nil
		}
		if ref == "" {
			return nil
		}
		return &payButton{Receipt: ref}
	}
	if d.Status.Final() || d.Status == dossier.Stopped {
		return nil
	}
	if _, _, err := s.db.PaymentAccount(r.Context(), d.ReceivingUnitID, d.ProcedureCode); err != nil {
		return nil
	}
	b := &payButton{Amount: formatVND(d.Payment.Due), Key: key, Last4: last4}
	if key == "" {
		b.Code = d.Code
	}
	return b
}

// feeReceipt is the order reference of d's paid payment, whose fee receipt
// may be downloaded; "" when d is not paid or was paid without a payment
// record (a transfer at the counter).
func (s *Server) feeReceipt(ctx context.Context, d *dossier.Dossier) (string, error) {
	if d.Payment.State != dossier.Paid {
		return "", nil
	}
	ps, err := s.db.PaymentsOf(ctx, d.ID)
	if err != nil {
		return "", err
	}
	for _, p := range ps {
		if p.State == payment.Paid || p.State == payment.RefundRequested {
			return p.TxnRef, nil
		}
	}
	return "", nil
}

// paymentStart opens (or reuses) the payment and sends the browser to the
// gateway.
func (s *Server) paymentStart(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	if s.opt.Payments == nil {
		return apperr.New(apperr.NotFound, "hệ thống chưa bật thanh toán trực tuyến")
	}
	p := s.newPage(w, r, "")
	var d *dossier.Dossier
	if key := r.PostFormValue("k"); key != "" {
		if !portalIdemKey.MatchString(key) {
			return apperr.New(apperr.NotFound, "không tìm thấy hồ sơ")
		}
		var err error
		if d, err = s.db.DossierByIdempotencyKey(ctx, key); err != nil {
			return err
		}
	} else {
		p.Title = p.T("portal.lookup.title")
		p.Nav = "lookup"
		code := strings.ToUpper(textfold.NFC(r.PostFormValue("ma")))
		last4 := textfold.NFC(r.PostFormValue("so"))
		var status int
		var err error
		if d, _, status, err = s.portalCheckLookup(r, p, code, last4); err != nil {
			return err
		}
		if status != 0 {
			return s.render(w, status, "portal_lookup", p)
		}
	}
	to, pay, err := s.opt.Payments.Start(ctx, d.Code, middleware.ClientIP(r), p.Lang)
	if err != nil {
		return err
	}
	// A page that moves on by itself rather than a redirect: the site's
	// Content-Security-Policy (form-action 'self') forbids a form's
	// submission to end on another origin.
	p.Title = p.T("payment.redirect.title")
	p.Data = &paymentRedirectData{URL: to, Amount: formatVND(pay.Amount), Provider: pay.Provider.Label()}
	w.Header().Set("Cache-Control", "no-store")
	return s.render(w, http.StatusOK, "payment_redirect", p)
}

type paymentRedirectData struct {
	URL      string
	Amount   string
	Provider string
}

type paymentReturnData struct {
	Payment  *payment.Payment
	Amount   string
	State    string // paid, pending, failed, unknown
	Declined bool
}

var txnRefPattern = regexp.MustCompile(`^[0-9A-Z]{8,64}$`)

// paymentReturn is where the gateway sends the citizen back. It shows what
// the IPN recorded, or that the payment is being confirmed (and reloads
// itself); it never changes a payment.
func (s *Server) paymentReturn(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	p := s.newPage(w, r, "")
	p.Title = p.T("payment.return.title")
	p.Nav = "lookup"
	data := &paymentReturnData{State: "unknown"}
	p.Data = data
	if s.opt.Payments == nil {
		return s.render(w, http.StatusNotFound, "payment_return", p)
	}
	q := r.URL.Query()
	var pay *payment.Payment
	if q.Get("cong") == "paygov" {
		if ref := q.Get("MaThamChieu"); txnRefPattern.MatchString(ref) {
			pay, _ = s.db.Payment(ctx, ref)
		}
	} else {
		res, err := s.opt.Payments.VNPayReturn(ctx, q)
		if err != nil && apperr.KindOf(err) != apperr.NotFound {
			return err
		}
		pay, data.Declined = res.Payment, res.Declined
	}
	if pay == nil {
		return s.render(w, http.StatusNotFound, "payment_return", p)
	}
	data.Payment, data.Amount = pay, formatVND(pay.Amount)
	switch pay.State {
	case payment.Paid, payment.RefundRequested, payment.Refunded:
		data.State = "paid"
	case payment.Failed, payment.Expired:
		data.State = "failed"
	default:
		data.State = "pending"
		if data.Declined {
			data.State = "failed"
		}
	}
	w.Header().Set("Cache-Control", "no-store")
	return s.render(w, http.StatusOK, "payment_return", p)
}

// paymentReceipt serves the receipt of a paid payment. Its order reference
// is the capability: random, and only in the citizen's return page.
func (s *Server) paymentReceipt(w http.ResponseWriter, r *http.Request) error {
	ref := r.PathValue("ref")
	if !txnRefPattern.MatchString(ref) {
		return apperr.New(apperr.NotFound, "không tìm thấy biên lai")
	}
	var buf bytes.Buffer
	if err := docgen.RenderFeeReceipt(r.Context(), s.db, ref, docgen.Options{BaseURL: s.opt.BaseURL()}, &buf); err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", "application/pdf")
	h.Set("Content-Disposition", `attachment; filename="bien-lai-`+ref+`.pdf"`)
	h.Set("Cache-Control", "private, no-store")
	_, err := buf.WriteTo(w)
	return err
}

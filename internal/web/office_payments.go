package web

// The officers' payments page: the refunds still to finish, the day's
// payments of their unit with their states and totals, and the refund of a
// paid one (reception or a leader, with a reason). Asking records it; the
// payment job sends a VNPay refund; money taken at the counter is given
// back by an officer, who confirms it here.

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/middleware"
	"github.com/motcua/motcua/internal/payment"
	"github.com/motcua/motcua/internal/textfold"
)

type officePaymentsData struct {
	Day      string // YYYY-MM-DD
	Payments []officePaymentRow
	Paid     string // total paid, formatted
	Count    map[payment.State]int
	// Refunding are the unit's refunds asked for and not finished, any day.
	Refunding []officePaymentRow
}

type officePaymentRow struct {
	P        *payment.Payment
	Amount   string
	State    string
	Provider string
	// Confirm: an officer gives the money back and confirms (not a gateway).
	Confirm bool
}

func newOfficePaymentRow(x *payment.Payment) officePaymentRow {
	return officePaymentRow{P: x, Amount: formatVND(x.Amount), State: x.State.Label(), Provider: x.Provider.Label(),
		Confirm: x.State == payment.RefundRequested && !x.Provider.RefundsItself()}
}

// maxRefundingRows bounds the list of refunds to finish.
const maxRefundingRows = 200

const maxPaymentRows = 500

func (s *Server) officePayments(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	o := middleware.PrincipalFrom(r.Context()).Officer
	p := s.newPage(w, r, "")
	p.Title = p.T("office.payments.title")
	day := strings.TrimSpace(r.URL.Query().Get("ngay"))
	if day == "" {
		day = time.Now().In(vnZone).Format("2006-01-02")
	}
	from, err := time.ParseInLocation("2006-01-02", day, vnZone)
	if err != nil {
		return apperr.Invalidf("ngay", "ngày %q không hợp lệ (dạng YYYY-MM-DD)", day)
	}
	list, err := s.db.UnitPayments(ctx, o.UnitID, from, from.AddDate(0, 0, 1), maxPaymentRows)
	if err != nil {
		return err
	}
	refunding, err := s.db.UnitRefunding(ctx, o.UnitID, maxRefundingRows)
	if err != nil {
		return err
	}
	data := &officePaymentsData{Day: day, Count: map[payment.State]int{}}
	for _, x := range refunding {
		data.Refunding = append(data.Refunding, newOfficePaymentRow(x))
	}
	var paid int64
	for _, x := range list {
		data.Count[x.State]++
		if x.State == payment.Paid || x.State == payment.RefundRequested {
			paid += x.Amount
		}
		data.Payments = append(data.Payments, newOfficePaymentRow(x))
	}
	data.Paid = formatVND(paid)
	p.Data = data
	return s.render(w, http.StatusOK, "office_payments", p)
}

// officeRefund asks for the refund of a paid payment, with a reason.
func (s *Server) officeRefund(w http.ResponseWriter, r *http.Request) error {
	ref := r.PathValue("ref")
	if !txnRefPattern.MatchString(ref) {
		return apperr.New(apperr.NotFound, "không tìm thấy giao dịch %s", ref)
	}
	o := middleware.PrincipalFrom(r.Context()).Officer
	reason := strings.TrimSpace(textfold.NFC(r.PostFormValue("reason")))
	if reason == "" {
		return apperr.Invalidf("reason", "vui lòng ghi lý do hoàn tiền")
	}
	p, err := s.refunds.Refund(r.Context(), ref, reason, o)
	if err != nil {
		return err
	}
	next := "hệ thống gửi yêu cầu tới " + p.Provider.Label() + " và ghi nhận khi cổng xác nhận"
	if !p.Provider.RefundsItself() {
		next = "hoàn trả cho người nộp rồi bấm \"Đã hoàn trả\""
	}
	s.flash(w, "Đã ghi yêu cầu hoàn trả "+formatVND(p.Amount)+" cho hồ sơ "+p.DossierCode+": "+next)
	http.Redirect(w, r, paymentsPageFor(p), http.StatusSeeOther)
	return nil
}

// officeConfirmRefund records that the officer gave back the money of a
// refund asked for at the counter or on the national platform.
func (s *Server) officeConfirmRefund(w http.ResponseWriter, r *http.Request) error {
	ref := r.PathValue("ref")
	if !txnRefPattern.MatchString(ref) {
		return apperr.New(apperr.NotFound, "không tìm thấy giao dịch %s", ref)
	}
	p, err := s.refunds.ConfirmRefund(r.Context(), ref, middleware.PrincipalFrom(r.Context()).Officer)
	if err != nil {
		return err
	}
	s.flash(w, "Đã ghi nhận hoàn trả "+formatVND(p.Amount)+" cho hồ sơ "+p.DossierCode)
	http.Redirect(w, r, paymentsPageFor(p), http.StatusSeeOther)
	return nil
}

// paymentsPageFor is the payments page of the day p was created.
func paymentsPageFor(p *payment.Payment) string {
	return "/can-bo/thanh-toan?" + url.Values{"ngay": {p.CreatedAt.In(vnZone).Format("2006-01-02")}}.Encode()
}

package web

// The officers' payments page: the day's payments of their unit with
// their states and totals, and the refund of a paid one (reception or a
// leader, with a reason; the gateway first, then the record).

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
	Enabled  bool // the gateways are configured: refunds possible
}

type officePaymentRow struct {
	P        *payment.Payment
	Amount   string
	State    string
	Provider string
}

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
	data := &officePaymentsData{Day: day, Count: map[payment.State]int{}, Enabled: s.opt.Payments != nil}
	var paid int64
	for _, x := range list {
		data.Count[x.State]++
		if x.State == payment.Paid {
			paid += x.Amount
		}
		data.Payments = append(data.Payments, officePaymentRow{P: x, Amount: formatVND(x.Amount), State: x.State.Label(), Provider: x.Provider.Label()})
	}
	data.Paid = formatVND(paid)
	p.Data = data
	return s.render(w, http.StatusOK, "office_payments", p)
}

func (s *Server) officeRefund(w http.ResponseWriter, r *http.Request) error {
	if s.opt.Payments == nil {
		return apperr.New(apperr.NotFound, "hệ thống chưa bật thanh toán trực tuyến")
	}
	ref := r.PathValue("ref")
	if !txnRefPattern.MatchString(ref) {
		return apperr.New(apperr.NotFound, "không tìm thấy giao dịch %s", ref)
	}
	o := middleware.PrincipalFrom(r.Context()).Officer
	reason := strings.TrimSpace(textfold.NFC(r.PostFormValue("reason")))
	if reason == "" {
		return apperr.Invalidf("reason", "vui lòng ghi lý do hoàn tiền")
	}
	p, err := s.opt.Payments.Refund(r.Context(), ref, reason, o)
	if err != nil {
		return err
	}
	s.flash(w, "Đã hoàn trả "+formatVND(p.Amount)+" cho hồ sơ "+p.DossierCode)
	day := p.CreatedAt.In(vnZone).Format("2006-01-02")
	http.Redirect(w, r, "/can-bo/thanh-toan?"+url.Values{"ngay": {day}}.Encode(), http.StatusSeeOther)
	return nil
}

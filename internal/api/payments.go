package api

import (
	"encoding/json"
	"io"
	"net/http"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/payment"
)

// The gateways' server-to-server calls. They need no login: each message is
// signed with the merchant's secret, which the payment package checks. The
// answer is always HTTP 200 with the gateway's own codes, as the gateways
// expect; 404 only while payments are not configured.

// vnpayIPN takes VNPay's IPN (GET with the signed query).
func (a *API) vnpayIPN(w http.ResponseWriter, r *http.Request) error {
	if a.opt.Payments == nil || a.opt.Payments.VNPay == nil {
		return apperr.New(apperr.NotFound, "hệ thống chưa bật thanh toán qua VNPay")
	}
	return writeJSON(w, http.StatusOK, a.opt.Payments.VNPayIPN(r.Context(), r.URL.Query()))
}

// paygovCallback takes the national payment platform's confirmation.
func (a *API) paygovCallback(w http.ResponseWriter, r *http.Request) error {
	s := a.opt.Payments
	if s == nil || s.PayGov == nil {
		return apperr.New(apperr.NotFound, "hệ thống chưa bật thanh toán qua nền tảng của Cổng DVCQG")
	}
	var m payment.PayGovResult
	if err := json.NewDecoder(io.LimitReader(r.Body, 1<<16)).Decode(&m); err != nil {
		return writeJSON(w, http.StatusOK, payment.PayGovCallbackAnswer(0, payment.ErrMalformed))
	}
	return writeJSON(w, http.StatusOK, s.PayGovCallback(r.Context(), m))
}

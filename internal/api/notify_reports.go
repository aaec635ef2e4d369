package api

import (
	"errors"
	"io"
	"net/http"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/notify"
)

// notifyReport takes a provider's delivery report for channel: no role, the
// provider's signature instead, checked against the account of the unit
// that sent the message (notify.Reports). 404 while notifications are off.
func (a *API) notifyReport(channel string) func(w http.ResponseWriter, r *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		rp := a.opt.NotifyReports
		if rp == nil {
			return apperr.New(apperr.NotFound, "hệ thống chưa bật gửi thông báo")
		}
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, notify.MaxReport))
		if err != nil {
			var tooBig *http.MaxBytesError
			if errors.As(err, &tooBig) {
				return apperr.Invalidf("body", "báo cáo lớn hơn %d byte", notify.MaxReport)
			}
			return apperr.Invalidf("body", "không đọc được báo cáo")
		}
		if channel == notify.Zalo {
			err = rp.Zalo(r.Context(), body, r.Header.Get("X-ZEvent-Signature"))
		} else {
			err = rp.SMS(r.Context(), body, r.Header.Get("X-Signature"))
		}
		if err != nil {
			return err
		}
		return writeJSON(w, http.StatusOK, map[string]bool{"accepted": true})
	}
}

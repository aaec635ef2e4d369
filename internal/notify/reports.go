package notify

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/store"
)

// MaxReport is the largest report body taken.
const MaxReport = 64 << 10

// Reports takes the providers' delivery reports: POST
// /api/v1/notify/reports/sms (an SMSReport signed with the unit's SMS
// ReportSecret in X-Signature) and POST /api/v1/notify/reports/zalo (a
// ZaloEvent signed as Zalo signs, in X-ZEvent-Signature). The signature is
// checked against the account of the unit that sent the message, found by
// our request id (or the provider's message id); an unknown message, a bad
// signature or a body that does not parse changes nothing and is refused. A
// repeated report is accepted and changes nothing.
type Reports struct {
	DB  *store.DB
	Log *slog.Logger
}

// SMS applies one SMS delivery report. Errors: Invalid (body),
// Unauthenticated (signature), NotFound (message).
func (rp *Reports) SMS(ctx context.Context, body []byte, signature string) error {
	var rep SMSReport
	if err := json.Unmarshal(body, &rep); err != nil || rep.MessageID == "" || (rep.Status != "delivered" && rep.Status != "failed") {
		return apperr.Invalidf("body", "báo cáo gửi tin không đọc được")
	}
	d, err := rp.DB.NotifyDeliveryForReport(ctx, SMS, rep.RequestID, rep.MessageID)
	if err != nil {
		return err
	}
	var cfg SMSConfig
	if raw, _, found, err := rp.DB.NotifyAccount(ctx, d.UnitID, SMS); err != nil {
		return err
	} else if !found || json.Unmarshal(raw, &cfg) != nil || !VerifySMSReport(cfg.ReportSecret, body, signature) {
		return apperr.New(apperr.Unauthenticated, "chữ ký báo cáo không đúng (X-Signature)")
	}
	_, err = rp.DB.NotifyReport(ctx, d.ID, rep.MessageID, rep.Status == "delivered", rep.Error)
	return err
}

// Zalo applies one webhook event; events other than user_received_message
// are accepted and ignored. Errors as SMS.
func (rp *Reports) Zalo(ctx context.Context, body []byte, signature string) error {
	var ev ZaloEvent
	if err := json.Unmarshal(body, &ev); err != nil || ev.AppID == "" {
		return apperr.Invalidf("body", "sự kiện Zalo không đọc được")
	}
	if ev.EventName != "user_received_message" {
		return nil
	}
	d, err := rp.DB.NotifyDeliveryForReport(ctx, Zalo, ev.Message.TrackingID, ev.Message.MsgID)
	if err != nil {
		return err
	}
	var cfg ZaloConfig
	if raw, _, found, err := rp.DB.NotifyAccount(ctx, d.UnitID, Zalo); err != nil {
		return err
	} else if !found || json.Unmarshal(raw, &cfg) != nil || VerifyZaloEvent(cfg, body, &ev, signature) != nil {
		return apperr.New(apperr.Unauthenticated, "chữ ký sự kiện Zalo không đúng (X-ZEvent-Signature)")
	}
	_, err = rp.DB.NotifyReport(ctx, d.ID, ev.Message.MsgID, true, "")
	return err
}

// Handler serves one channel's reports as plain HTTP (the API mounts the
// methods above with its own error answers; tests and fakes use this).
func (rp *Reports) Handler(channel string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxReport))
		if err == nil {
			if channel == Zalo {
				err = rp.Zalo(r.Context(), body, r.Header.Get("X-ZEvent-Signature"))
			} else {
				err = rp.SMS(r.Context(), body, r.Header.Get("X-Signature"))
			}
		}
		if err == nil {
			w.WriteHeader(http.StatusOK)
			return
		}
		switch apperr.KindOf(err) {
		case apperr.Invalid:
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		case apperr.Unauthenticated:
			http.Error(w, err.Error(), http.StatusUnauthorized)
			return
		case apperr.NotFound:
			http.Error(w, err.Error(), http.StatusNotFound)
			return
		}
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			http.Error(w, "too large", http.StatusRequestEntityTooLarge)
			return
		}
		if rp.Log != nil {
			rp.Log.Error("delivery report", "channel", channel, "err", err)
		}
		http.Error(w, "internal error", http.StatusInternalServerError)
	}
}

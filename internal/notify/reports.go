package notify

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/store"
)

// Reports takes the providers' delivery reports: POST
// /api/v1/notify/reports/sms (an SMSReport signed with the unit's SMS
// ReportSecret in X-Signature) and POST /api/v1/notify/reports/zalo (a
// ZaloEvent signed as Zalo signs, in X-ZEvent-Signature). The signature is
// checked against the account of the unit that sent the message, found by
// the provider's message id; an unknown id, a bad signature or a body that
// does not parse changes nothing and is refused. A repeated report answers
// 200 and changes nothing.
type Reports struct {
	DB  *store.DB
	Log *slog.Logger
}

// SMS serves the SMS provider's reports.
func (rp *Reports) SMS(w http.ResponseWriter, r *http.Request) {
	body, ok := readReport(w, r)
	if !ok {
		return
	}
	var rep SMSReport
	if err := json.Unmarshal(body, &rep); err != nil || rep.MessageID == "" || (rep.Status != "delivered" && rep.Status != "failed") {
		http.Error(w, "unreadable report", http.StatusBadRequest)
		return
	}
	d, ok := rp.delivery(w, r, SMS, rep.RequestID, rep.MessageID)
	if !ok {
		return
	}
	var cfg SMSConfig
	if raw, _, found, err := rp.DB.NotifyAccount(r.Context(), d.UnitID, SMS); err != nil {
		rp.fail(w, err)
		return
	} else if !found || json.Unmarshal(raw, &cfg) != nil || !VerifySMSReport(cfg.ReportSecret, body, r.Header.Get("X-Signature")) {
		http.Error(w, "bad signature", http.StatusUnauthorized)
		return
	}
	rp.apply(w, r, d.ID, rep.MessageID, rep.Status == "delivered", rep.Error)
}

// Zalo serves the Zalo webhook's events; events other than
// user_received_message are acknowledged and ignored.
func (rp *Reports) Zalo(w http.ResponseWriter, r *http.Request) {
	body, ok := readReport(w, r)
	if !ok {
		return
	}
	var ev ZaloEvent
	if err := json.Unmarshal(body, &ev); err != nil || ev.AppID == "" {
		http.Error(w, "unreadable event", http.StatusBadRequest)
		return
	}
	if ev.EventName != "user_received_message" {
		w.WriteHeader(http.StatusOK)
		return
	}
	d, ok := rp.delivery(w, r, Zalo, ev.Message.TrackingID, ev.Message.MsgID)
	if !ok {
		return
	}
	var cfg ZaloConfig
	if raw, _, found, err := rp.DB.NotifyAccount(r.Context(), d.UnitID, Zalo); err != nil {
		rp.fail(w, err)
		return
	} else if !found || json.Unmarshal(raw, &cfg) != nil || VerifyZaloEvent(cfg, body, &ev, r.Header.Get("X-ZEvent-Signature")) != nil {
		http.Error(w, "bad signature", http.StatusUnauthorized)
		return
	}
	rp.apply(w, r, d.ID, ev.Message.MsgID, true, "")
}

func readReport(w http.ResponseWriter, r *http.Request) ([]byte, bool) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return nil, false
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 64<<10))
	if err != nil {
		http.Error(w, "report too large", http.StatusRequestEntityTooLarge)
		return nil, false
	}
	return body, true
}

// delivery finds the delivery a report names; an unknown id is answered
// 404 (the provider's retries stop bothering nobody: it is logged).
func (rp *Reports) delivery(w http.ResponseWriter, r *http.Request, ch, requestID, providerID string) (*store.NotifyDelivery, bool) {
	d, err := rp.DB.NotifyDeliveryForReport(r.Context(), ch, requestID, providerID)
	if apperr.KindOf(err) == apperr.NotFound {
		http.Error(w, "unknown message", http.StatusNotFound)
		return nil, false
	}
	if err != nil {
		rp.fail(w, err)
		return nil, false
	}
	return d, true
}

func (rp *Reports) apply(w http.ResponseWriter, r *http.Request, id, providerID string, delivered bool, errText string) {
	if _, err := rp.DB.NotifyReport(r.Context(), id, providerID, delivered, errText); err != nil {
		rp.fail(w, err)
		return
	}
	w.WriteHeader(http.StatusOK)
}

func (rp *Reports) fail(w http.ResponseWriter, err error) {
	if rp.Log != nil {
		rp.Log.Error("delivery report", "err", err)
	}
	http.Error(w, "internal error", http.StatusInternalServerError)
}

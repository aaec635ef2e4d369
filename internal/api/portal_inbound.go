package api

import (
	"errors"
	"io"
	"net/http"

	"github.com/motcua/motcua/internal/apperr"
)

// maxPortalPush is the largest dossier the portal may push.
const maxPortalPush = 48 << 20 // a few documents of up to 10 MB (portal.MaxArrivalFile), in base64

// PortalArrivalView answers a push: the dossier it became here.
type PortalArrivalView struct {
	PortalCode string `json:"portal_code"`
	Code       string `json:"code"`
	Created    bool   `json:"created"`
}

// portalInbound takes a dossier the national portal pushes (body: a
// portal.Arrival). The X-Portal-Secret header must carry the shared secret
// (compared in constant time). A repeat of a portal code answers 200 with the
// first delivery's dossier; a new one 201. Refusals are recorded for an
// officer (the sync page).
func (a *API) portalInbound(w http.ResponseWriter, r *http.Request) error {
	rc := a.opt.PortalInbound
	if rc == nil {
		return apperr.New(apperr.NotFound, "hệ thống chưa bật nhận hồ sơ từ Cổng dịch vụ công")
	}
	ctx := r.Context()
	if !rc.Authorised(r.Header.Get("X-Portal-Secret")) {
		err := apperr.New(apperr.Unauthenticated, "thiếu hoặc sai mã bí mật của Cổng dịch vụ công (X-Portal-Secret)")
		rc.Reject(ctx, "push", nil, nil, err) // an unauthenticated body is not kept
		return err
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxPortalPush))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			err = apperr.Invalidf("body", "hồ sơ gửi sang lớn hơn %d byte", maxPortalPush)
			rc.Reject(ctx, "push", nil, nil, err)
			return err
		}
		return apperr.Invalidf("body", "không đọc được nội dung gửi sang")
	}
	d, created, err := rc.Receive(ctx, "push", body)
	if err != nil {
		return err
	}
	code := http.StatusOK
	if created {
		code = http.StatusCreated
	}
	pc, err := a.db.PortalCodeOf(ctx, d.ID)
	if err != nil {
		return err
	}
	return writeJSON(w, code, PortalArrivalView{PortalCode: pc, Code: d.Code, Created: created})
}

package portal

import (
	"bytes"
	"context"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/store"
)

// ServiceInbound lists the dossiers submitted on the portal for a unit
// [unconfirmed: INTEGRATIONS.md names no inbound service; this one is ours,
// served by the fake, see docs/portal.md].
const ServiceInbound = "LayDanhSachHoSoMoi"

// Arrival is a dossier submitted on the portal, as the portal sends it: the
// body of a push, an item of the inbound list [unconfirmed format].
type Arrival struct {
	MaHoSo        string         `json:"MaHoSo"`
	MaDonVi       string         `json:"MaDonVi"`
	MaTTHC        string         `json:"MaTTHC"`
	ChuHoSo       string         `json:"ChuHoSo"`
	LoaiDoiTuong  string         `json:"LoaiDoiTuong,omitempty"` // 1 citizen, 2 organisation
	SoGiayTo      string         `json:"SoGiayTo,omitempty"`     // the citizen's ID number
	SoDienThoai   string         `json:"SoDienThoai,omitempty"`
	Email         string         `json:"Email,omitempty"`
	DiaChi        string         `json:"DiaChi,omitempty"`
	TrichYeuHoSo  string         `json:"TrichYeuHoSo,omitempty"`
	NgayNopHoSo   string         `json:"NgayNopHoSo,omitempty"`
	ThanhPhanHoSo []ArrivalPaper `json:"ThanhPhanHoSo,omitempty"`
}

// ArrivalPaper is one component of an arriving dossier, with its document
// when the citizen attached one [unconfirmed format: the file inline, in
// standard base64].
type ArrivalPaper struct {
	TenGiayTo string `json:"TenGiayTo"`
	TenTep    string `json:"TenTep,omitempty"`  // the file's name
	NoiDung   string `json:"NoiDung,omitempty"` // the file's bytes, base64
}

// MaxArrivalFile is the largest document an arriving dossier may carry.
const MaxArrivalFile = 10 << 20

// Receiver takes in the dossiers submitted on the portal, pushed or pulled.
type Receiver struct {
	DB      *store.DB
	Mapping Mapping
	// Secret is what a push must carry in its X-Portal-Secret header; empty
	// refuses every push.
	Secret string
	Log    *slog.Logger
	// Live, when set, is the mapping used in place of Mapping (see
	// Config.Live).
	Live *LiveMapping
}

func (r *Receiver) mapping() Mapping {
	if r.Live != nil {
		return r.Live.Get()
	}
	return r.Mapping
}

// Authorised says, in constant time, whether a push's secret is right.
func (r *Receiver) Authorised(secret string) bool {
	return r.Secret != "" && subtle.ConstantTimeCompare([]byte(secret), []byte(r.Secret)) == 1
}

// Reject logs and records a refused delivery for an officer.
func (r *Receiver) Reject(ctx context.Context, source string, a *Arrival, body []byte, err error) {
	rej := store.PortalRejection{Source: source, Reason: apperr.PublicMessage(err), Payload: string(body)}
	if a != nil {
		m := r.mapping()
		rej.PortalCode, rej.UnitCode = a.MaHoSo, m.ourUnit(a.MaDonVi)
	}
	if f := apperr.FieldOf(err); f != "" {
		rej.Field = f
	}
	r.Log.WarnContext(ctx, "portal dossier refused", "source", source, "portal_code", rej.PortalCode,
		"unit", rej.UnitCode, "field", rej.Field, "reason", rej.Reason)
	if rerr := r.DB.RecordPortalRejection(ctx, rej); rerr != nil {
		r.Log.ErrorContext(ctx, "record portal rejection", "err", rerr)
	}
}

// Receive takes in one delivery: it lands once (store.ReceivePortalDossier)
// or is refused with a reason, recorded. created is false for a repeat.
func (r *Receiver) Receive(ctx context.Context, source string, body []byte) (*dossier.Dossier, bool, error) {
	var a Arrival
	dec := json.NewDecoder(bytes.NewReader(body))
	if err := dec.Decode(&a); err != nil {
		err = apperr.Invalidf("body", "nội dung không phải JSON hợp lệ của một hồ sơ: %v", err)
		r.Reject(ctx, source, nil, body, err)
		return nil, false, err
	}
	d, created, err := r.land(ctx, source, &a)
	if err != nil && apperr.KindOf(err) != apperr.Internal {
		// Refused for what it says (not for an outage here): recorded.
		r.Reject(ctx, source, &a, body, err)
	}
	return d, created, err
}

func (r *Receiver) land(ctx context.Context, source string, a *Arrival) (*dossier.Dossier, bool, error) {
	if a.MaTTHC == "" {
		return nil, false, apperr.Invalidf("MaTTHC", "thiếu mã thủ tục hành chính")
	}
	kind := dossier.Person
	if a.LoaiDoiTuong == "2" {
		kind = dossier.Organisation
	}
	in := dossier.Intake{Channel: dossier.Online, Request: a.TrichYeuHoSo,
		Applicant: dossier.Applicant{Kind: kind, FullName: a.ChuHoSo, IDNumber: a.SoGiayTo, Phone: a.SoDienThoai,
			Email: a.Email, Address: a.DiaChi}}
	if kind == dossier.Organisation {
		in.Applicant.OrgName = a.ChuHoSo
	}
	var files []store.NewFile
	for i, p := range a.ThanhPhanHoSo {
		in.Components = append(in.Components, dossier.Component{Name: p.TenGiayTo})
		if p.NoiDung == "" {
			continue
		}
		field := fmt.Sprintf("ThanhPhanHoSo.%d.NoiDung", i)
		if base64.StdEncoding.DecodedLen(len(p.NoiDung)) > MaxArrivalFile+2 {
			return nil, false, apperr.Invalidf(field, "tệp %q lớn hơn %d MB", p.TenTep, MaxArrivalFile>>20)
		}
		data, err := base64.StdEncoding.DecodeString(p.NoiDung)
		if err != nil {
			return nil, false, apperr.Invalidf(field, "nội dung tệp %q không phải base64 hợp lệ", p.TenTep)
		}
		if len(data) > MaxArrivalFile {
			return nil, false, apperr.Invalidf(field, "tệp %q lớn hơn %d MB", p.TenTep, MaxArrivalFile>>20)
		}
		name := p.TenTep
		if name == "" {
			name = p.TenGiayTo
		}
		files = append(files, store.NewFile{Component: i, Name: name, Data: data})
	}
	in.Normalize()
	m := r.mapping()
	d, created, err := r.DB.ReceivePortalDossier(ctx, store.PortalArrival{PortalCode: a.MaHoSo,
		UnitCode: m.ourUnit(a.MaDonVi), ProcedureCode: m.ourProcedure(a.MaTTHC), Intake: in, Source: source,
		Files: files})
	if err != nil {
		return nil, false, fmt.Errorf("portal dossier %s: %w", a.MaHoSo, err)
	}
	if created {
		r.Log.InfoContext(ctx, "portal dossier received", "source", source, "portal_code", a.MaHoSo, "code", d.Code)
	}
	return d, created, nil
}

// ourUnit is the inverse of Unit: our unit code for the portal's madonvi.
func (m Mapping) ourUnit(portal string) string {
	for ours, theirs := range m.Units {
		if theirs == portal {
			return ours
		}
	}
	return portal
}

// ourProcedure is the inverse of Procedure: our code for a national MaTTHC.
func (m Mapping) ourProcedure(national string) string {
	for ours, theirs := range m.Procedures {
		if theirs == national {
			return ours
		}
	}
	return national
}

// NewDossiers asks the portal for the dossiers submitted there for a unit
// (the portal's madonvi).
func (c *Client) NewDossiers(ctx context.Context, unit string) ([]json.RawMessage, error) {
	a, err := c.Call(ctx, Request{MaDonVi: unit, Service: ServiceInbound})
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", ServiceInbound, unit, err)
	}
	return a.HoSo, nil
}

// Pull takes in the dossiers submitted on the portal for each of our active
// units: each lands once (a repeat changes nothing), a bad one is refused
// and recorded without stopping the others. It returns how many landed new.
func (r *Receiver) Pull(ctx context.Context, c *Client) (int, error) {
	units, err := r.DB.Units(ctx)
	if err != nil {
		return 0, err
	}
	landed := 0
	var errs []error
	for _, u := range units {
		if !u.Active() {
			continue
		}
		m := r.mapping()
		items, err := c.NewDossiers(ctx, m.Unit(u.Code))
		if err != nil {
			errs = append(errs, err)
			continue
		}
		for _, it := range items {
			_, created, err := r.Receive(ctx, "pull", it)
			switch {
			case created:
				landed++
			case err != nil && apperr.KindOf(err) == apperr.Internal:
				errs = append(errs, err)
			}
		}
	}
	return landed, errors.Join(errs...)
}

package portal

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/store"
)

var vietnam = calendar.Location()

// Mapping turns our codes into the portal's. Every map is configuration:
// the public sources do not settle which code each call sends
// (INTEGRATIONS.md §1: one province sent 1 on create, 2 on reception, 10 on
// return; OpenCPS folded some together). A missing entry takes the default.
type Mapping struct {
	// Statuses maps our status (1–10) to the portal's TrangThaiHoSo; by
	// default the same number, since our codes are the portal's.
	Statuses map[dossier.Status]string `json:"statuses,omitempty"`
	// Procedures maps our procedure code to the national MaTTHC; by default
	// the same code, since the catalogue is keyed by national codes.
	Procedures map[string]string `json:"procedures,omitempty"`
	// Actions maps an action to the NoiDungXuLy text of its step; by default
	// a Vietnamese description.
	Actions map[dossier.ActionKind]string `json:"actions,omitempty"`
	// Units maps a unit code to the portal's madonvi; by default the same.
	Units map[string]string `json:"units,omitempty"`
}

// Status returns the portal's code for s.
func (m Mapping) Status(s dossier.Status) string {
	if c, ok := m.Statuses[s]; ok {
		return c
	}
	return strconv.Itoa(int(s))
}

// Procedure returns the national code of our procedure code.
func (m Mapping) Procedure(code string) string {
	if c, ok := m.Procedures[code]; ok {
		return c
	}
	return code
}

// Unit returns the portal's unit identifier for our unit code.
func (m Mapping) Unit(code string) string {
	if c, ok := m.Units[code]; ok {
		return c
	}
	return code
}

// Action returns the text of a step for the action kind.
func (m Mapping) Action(k dossier.ActionKind) string {
	if t, ok := m.Actions[k]; ok {
		return t
	}
	if t, ok := actionText[k]; ok {
		return t
	}
	return string(k)
}

var actionText = map[dossier.ActionKind]string{
	dossier.ActSubmit:            "Nộp hồ sơ",
	dossier.ActReceive:           "Tiếp nhận hồ sơ",
	dossier.ActAssign:            "Chuyển xử lý",
	dossier.ActRefuse:            "Từ chối tiếp nhận",
	dossier.ActRequestSupplement: "Yêu cầu bổ sung hồ sơ",
	dossier.ActSupplement:        "Đã bổ sung hồ sơ",
	dossier.ActRequestPayment:    "Yêu cầu nộp phí, lệ phí",
	dossier.ActRecordPayment:     "Đã nộp phí, lệ phí",
	dossier.ActWithdraw:          "Rút hồ sơ",
	dossier.ActStop:              "Dừng xử lý",
	dossier.ActResume:            "Tiếp tục xử lý",
	dossier.ActAddCoordinator:    "Thêm cán bộ phối hợp",
	dossier.ActConsult:           "Xin ý kiến",
	dossier.ActAnswer:            "Trả lời xin ý kiến",
	dossier.ActPropose:           "Trình kết quả",
	dossier.ActSendBack:          "Trả lại để xử lý lại",
	dossier.ActApprove:           "Phê duyệt kết quả",
	dossier.ActDraftApology:      "Dự thảo thư xin lỗi",
	dossier.ActApproveApology:    "Hẹn lại ngày trả kết quả",
	dossier.ActReturn:            "Trả kết quả",
	dossier.ActRate:              "Đánh giá sự hài lòng",
	dossier.ActDigitise:          "Số hoá thành phần hồ sơ",
	dossier.ActAttachResult:      "Đính kèm văn bản kết quả",
}

// UnitCode is the code of the receiving unit, the part of a dossier code
// before its date.
func UnitCode(dossierCode string) string {
	if i := strings.LastIndex(dossierCode, "-"); i > 0 {
		if j := strings.LastIndex(dossierCode[:i], "-"); j > 0 {
			return dossierCode[:j]
		}
	}
	return dossierCode
}

// resolvingUnit is the portal's DonViXuLy: the resolving unit's code, mapped.
// A payload written before the code travelled with it falls back to the
// receiving unit's code when the same unit resolves.
func (m Mapping) resolvingUnit(ch *store.DossierChange) string {
	d := ch.Dossier
	code := ch.ResolvingUnitCode
	if code == "" && d.ResolvingUnitID == d.ReceivingUnitID {
		code = UnitCode(d.Code)
	}
	if code == "" {
		return d.ResolvingUnitID
	}
	return m.Unit(code)
}

// Record maps the dossier of a change to the portal's record.
func (m Mapping) Record(ch *store.DossierChange) Record {
	d := ch.Dossier
	kind := "1"
	if d.Applicant.Kind == dossier.Organisation {
		kind = "2"
	}
	r := Record{
		MaHoSo: d.Code, MaTTHC: m.Procedure(d.ProcedureCode), TenTTHC: d.ProcedureName, MaLinhVuc: d.FieldCode,
		ChuHoSo: d.Applicant.DisplayName(), LoaiDoiTuong: kind, SoDienThoai: d.Applicant.Phone, Email: d.Applicant.Email,
		TrichYeuHoSo: d.ProcedureName, NgayNopHoSo: Date(d.SubmittedAt), NgayTiepNhan: Date(d.ReceivedAt),
		NgayHenTra: Date(d.AppointmentAt), NgayHenTraMoi: Date(d.NewAppointmentAt), NgayKetThuc: Date(d.EndedAt),
		NgayTra: Date(d.ReturnedAt), TrangThaiHoSo: m.Status(d.Status), KenhThucHien: strconv.Itoa(int(d.Channel)),
		DonViXuLy: m.resolvingUnit(ch), SoLanBoSung: d.Supplements, LePhi: d.Payment.Due,
		DaThanhToan: d.Payment.State == dossier.Paid, KetQuaDienTu: d.ElectronicResult,
	}
	if d.Request != "" {
		r.TrichYeuHoSo = d.Request
	}
	return r
}

// Steps maps the events of a change to progress steps, naming each acting
// officer by the name, title and department the change carries.
func (m Mapping) Steps(ch *store.DossierChange) []Step {
	d := ch.Dossier
	out := make([]Step, 0, len(ch.Events))
	for _, e := range ch.Events {
		text := m.Action(e.Kind)
		if e.Note != "" {
			text += ": " + e.Note
		}
		s := Step{MaHoSo: d.Code, SoThuTu: e.Seq, NguoiXuLy: e.ActorID, ThoiDiemXuLy: Date(e.At),
			NoiDungXuLy: text, TrangThai: m.Status(e.ToStatus), NgayBatDau: Date(e.At),
			NgayKetThucTheoQuyDinh: Date(e.StepDueAt)}
		if a, ok := ch.Actors[e.ActorID]; ok {
			s.NguoiXuLy, s.ChucDanh, s.PhongBanXuLy = a.Name, a.Title, a.Department
		}
		if e.ActorID == "" {
			s.NguoiXuLy = "Người nộp hồ sơ"
		}
		out = append(out, s)
	}
	return out
}

// Validate checks a mapping's codes.
func (m Mapping) Validate() error {
	for s, c := range m.Statuses {
		if !s.Valid() || c == "" {
			return fmt.Errorf("portal mapping: status %d -> %q", s, c)
		}
	}
	for p, c := range m.Procedures {
		if p == "" || c == "" {
			return fmt.Errorf("portal mapping: procedure %q -> %q", p, c)
		}
	}
	return nil
}

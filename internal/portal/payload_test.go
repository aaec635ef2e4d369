package portal_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/portal"
	"github.com/motcua/motcua/internal/store"
)

// TestPortalToldTheSameFromEitherPayload: the portal message's payload
// became compact (store.DossierChange carries only what the portal is
// told). A message of the first format (the whole dossier.Dossier under Go's
// field names, the events in full), still queued after an upgrade, and the
// same change written now give the portal the same record and the same
// steps, every field of the record set.
func TestPortalToldTheSameFromEitherPayload(t *testing.T) {
	at := time.Date(2025, 3, 3, 9, 0, 0, 0, ict)
	d := &dossier.Dossier{ID: "d1", Code: "000.21.37.H56-250303-0007", ReceivingUnitID: "u1", ResolvingUnitID: "u2",
		ProcedureID: "p1", ProcedureVer: 2, ProcedureCode: "2.000815", ProcedureName: "Chứng thực bản sao", FieldCode: "CT",
		Channel: dossier.Post, Status: dossier.Status(10), PrevStatus: dossier.Status(4),
		Applicant: dossier.Applicant{Kind: dossier.Organisation, FullName: "Trần Văn Bình", IDNumber: "001099012345",
			Phone: "0987654321", Email: "binh@example.vn", Address: "Thôn 1", OrgName: "Hợp tác xã Đạ Tẻh"},
		Request: "Chứng thực 3 bản sao", Declaration: map[string]string{"k": "v"},
		Components:  []dossier.Component{{Name: "Bản chính", Count: 1}},
		SubmittedAt: at.Add(-time.Hour), ReceivedAt: at, AppointmentAt: at.Add(48 * time.Hour),
		NewAppointmentAt: at.Add(72 * time.Hour), EndedAt: at.Add(24 * time.Hour), ReturnedAt: at.Add(25 * time.Hour),
		Supplements: 2, Payment: dossier.Payment{Due: 6000, State: dossier.Paid, Method: dossier.Cash, PaidAt: at},
		ElectronicResult: true, Version: 9}
	events := []store.StoredEvent{
		{Seq: 11, Event: dossier.Event{Kind: dossier.ActApprove, At: at.Add(24 * time.Hour), ActorID: "o2",
			FromStatus: dossier.Status(4), ToStatus: dossier.Status(9), StepDueAt: at.Add(30 * time.Hour), Note: "Đồng ý",
			Public: true, Detail: &dossier.Action{Kind: dossier.ActApprove, Note: "Đồng ý"}}},
		{Seq: 12, Event: dossier.Event{Kind: dossier.ActReturn, At: at.Add(25 * time.Hour), ActorID: "o1",
			FromStatus: dossier.Status(9), ToStatus: dossier.Status(10), FromOfficer: "o1", Public: true}},
	}
	actors := map[string]store.Actor{"o1": {Name: "Lê Thị Tiếp Nhận", Title: "Công chức", Department: "Tiếp nhận"},
		"o2": {Name: "Nguyễn Văn Chủ Tịch", Title: "Chủ tịch"}}
	// The first format, as json.Marshal wrote store.DossierChange before it
	// had its own encoding.
	first, err := json.Marshal(struct {
		Dossier           *dossier.Dossier       `json:"dossier"`
		Events            []store.StoredEvent    `json:"events"`
		ResolvingUnitCode string                 `json:"resolving_unit_code,omitempty"`
		Actors            map[string]store.Actor `json:"actors,omitempty"`
	}{d, events, "000.21.38.H56", actors})
	if err != nil {
		t.Fatal(err)
	}
	now, err := json.Marshal(store.DossierChange{Dossier: d, Events: events, ResolvingUnitCode: "000.21.38.H56", Actors: actors})
	if err != nil {
		t.Fatal(err)
	}
	m := portal.Mapping{Procedures: map[string]string{"2.000815": "2.000815.000.00.00.H56"},
		Units: map[string]string{"000.21.38.H56": "H56.38"}}
	told := func(payload []byte) (portal.Record, []portal.Step) {
		t.Helper()
		var ch store.DossierChange
		if err := json.Unmarshal(payload, &ch); err != nil {
			t.Fatal(err)
		}
		return m.Record(&ch), m.Steps(&ch)
	}
	r1, s1 := told(first)
	r2, s2 := told(now)
	if diff := cmp.Diff(r1, r2); diff != "" {
		t.Errorf("record (-first format +now):\n%s", diff)
	}
	if diff := cmp.Diff(s1, s2); diff != "" {
		t.Errorf("steps (-first format +now):\n%s", diff)
	}
	want := portal.Record{MaHoSo: "000.21.37.H56-250303-0007", MaTTHC: "2.000815.000.00.00.H56", TenTTHC: "Chứng thực bản sao",
		MaLinhVuc: "CT", ChuHoSo: "Hợp tác xã Đạ Tẻh", LoaiDoiTuong: "2", SoDienThoai: "0987654321", Email: "binh@example.vn",
		TrichYeuHoSo: "Chứng thực 3 bản sao", NgayNopHoSo: "20250303080000", NgayTiepNhan: "20250303090000",
		NgayHenTra: "20250305090000", NgayHenTraMoi: "20250306090000", NgayKetThuc: "20250304090000",
		NgayTra: "20250304100000", TrangThaiHoSo: "10", KenhThucHien: "3", DonViXuLy: "H56.38", SoLanBoSung: 2,
		LePhi: 6000, DaThanhToan: true, KetQuaDienTu: true}
	if diff := cmp.Diff(want, r2); diff != "" {
		t.Errorf("record (-want +got):\n%s", diff)
	}
	if len(s2) != 2 || s2[0].NguoiXuLy != "Nguyễn Văn Chủ Tịch" || s2[0].NoiDungXuLy == "" || s2[0].TrangThai != "9" ||
		s2[0].NgayKetThucTheoQuyDinh != "20250304150000" || s2[1].SoThuTu != 12 || s2[1].PhongBanXuLy != "Tiếp nhận" {
		t.Errorf("steps: %+v", s2)
	}
}

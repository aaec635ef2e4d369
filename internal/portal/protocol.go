// Package portal talks to the National Public Service Portal (Cổng Dịch vụ
// công quốc gia, DVCQG): it maps our dossiers and their events to the
// portal's records and progress steps, and its Client speaks the portal's
// protocol over HTTP (docs/portal.md):
//
//	POST {adapter}/auth {"username","password"}                 -> {"session"}
//	POST {adapter}/integration {"session","madonvi","service",...} -> {"error_code","message","result"}
//
// with the services TraCuuHoSo (look a dossier up), DongBoHoSoMC (create or
// update it, isUpdating "False"/"True") and CapNhatTienDoHoSoMC (append
// progress steps). Points the public sources leave unconfirmed are
// configuration with a default (see Mapping).
package portal

import (
	"encoding/json"
	"time"
)

// Services of the integration endpoint.
const (
	ServiceLookup   = "TraCuuHoSo"
	ServiceSync     = "DongBoHoSoMC"
	ServiceProgress = "CapNhatTienDoHoSoMC"
	// ServiceProcedures lists the national procedures (their MaTTHC).
	ServiceProcedures = "LayDanhSachTTHC"
	// ServiceRatings sends a unit's monthly satisfaction ratings.
	ServiceRatings = "DongBoDanhGia"
)

// Error codes of an integration answer. ErrSessionExpired asks for a new
// login [unconfirmed: the portal's own code is not public; HTTP 401 is
// treated the same].
const (
	CodeOK             = 0
	CodeSessionExpired = 401
	CodeExists         = 409 // DongBoHoSoMC create of a dossier the portal has
	CodeNotFound       = 404 // DongBoHoSoMC update of a dossier it does not have
	CodeInvalid        = 400
)

// DateLayout is the portal's date format, in Vietnam time.
const DateLayout = "20060102150405"

// Record is a dossier as the portal knows it (the fields of DongBoHoSoMC).
type Record struct {
	MaHoSo        string `json:"MaHoSo"`
	MaTTHC        string `json:"MaTTHC"`
	TenTTHC       string `json:"TenTTHC"`
	MaLinhVuc     string `json:"MaLinhVuc"`
	ChuHoSo       string `json:"ChuHoSo"`
	LoaiDoiTuong  string `json:"LoaiDoiTuong"` // 1 citizen, 2 organisation
	MaDoiTuong    string `json:"MaDoiTuong,omitempty"`
	SoDienThoai   string `json:"SoDienThoai,omitempty"`
	Email         string `json:"Email,omitempty"`
	TrichYeuHoSo  string `json:"TrichYeuHoSo"`
	NgayNopHoSo   string `json:"NgayNopHoSo,omitempty"`
	NgayTiepNhan  string `json:"NgayTiepNhan,omitempty"`
	NgayHenTra    string `json:"NgayHenTra,omitempty"`
	NgayHenTraMoi string `json:"NgayHenTraMoi,omitempty"`
	NgayKetThuc   string `json:"NgayKetThucXuLy,omitempty"`
	NgayTra       string `json:"NgayTra,omitempty"`
	TrangThaiHoSo string `json:"TrangThaiHoSo"`
	KenhThucHien  string `json:"KenhThucHien"` // 1 counter, 2 online, 3 post [unconfirmed]
	DonViXuLy     string `json:"DonViXuLy"`
	SoLanBoSung   int    `json:"SoLanBoSung,omitempty"`
	LePhi         int64  `json:"LePhi,omitempty"`
	DaThanhToan   bool   `json:"DaThanhToan,omitempty"`
	KetQuaDienTu  bool   `json:"KetQuaDienTu,omitempty"`
}

// Step is one progress step (CapNhatTienDoHoSoMC). SoThuTu, our event's
// number in the dossier's log, is our addition [unconfirmed field]: it lets
// a retry after a lost answer send only the steps the portal lacks.
type Step struct {
	MaHoSo                 string `json:"MaHoSo"`
	SoThuTu                int    `json:"SoThuTu"`
	NguoiXuLy              string `json:"NguoiXuLy"`
	ChucDanh               string `json:"ChucDanh,omitempty"`
	ThoiDiemXuLy           string `json:"ThoiDiemXuLy"`
	PhongBanXuLy           string `json:"PhongBanXuLy,omitempty"`
	NoiDungXuLy            string `json:"NoiDungXuLy"`
	TrangThai              string `json:"TrangThai"`
	NgayBatDau             string `json:"NgayBatDau,omitempty"`
	NgayKetThucTheoQuyDinh string `json:"NgayKetThucTheoQuyDinh,omitempty"`
}

// Request is the body of an integration call.
type Request struct {
	Session    string    `json:"session"`
	MaDonVi    string    `json:"madonvi"`
	Service    string    `json:"service"`
	MaHoSo     string    `json:"MaHoSo,omitempty"`     // TraCuuHoSo
	IsUpdating string    `json:"isUpdating,omitempty"` // DongBoHoSoMC: "True" or "False"
	Data       []Record  `json:"data,omitempty"`       // DongBoHoSoMC
	Steps      []Step    `json:"-"`
	Ratings    []Ratings `json:"-"` // DongBoDanhGia
}

// Answer is the body of an integration answer.
type Answer struct {
	ErrorCode int    `json:"error_code"`
	Message   string `json:"message"`
	// Result of TraCuuHoSo: the dossier with its steps, empty when unknown.
	Result []Found `json:"result,omitempty"`
	// HoSo of LayDanhSachHoSoMoi: the dossiers submitted on the portal for
	// the unit, each a portal.Arrival [unconfirmed: our own service]. Kept
	// raw so that one malformed item is refused alone.
	HoSo []json.RawMessage `json:"hoso,omitempty"`
	// DanhSachTTHC of LayDanhSachTTHC [unconfirmed: the answer's field].
	DanhSachTTHC []NationalProcedure `json:"DanhSachTTHC,omitempty"`
}

// NationalProcedure is a procedure of the national list.
type NationalProcedure struct {
	MaTTHC    string `json:"MaTTHC"`
	TenTTHC   string `json:"TenTTHC"`
	MaLinhVuc string `json:"MaLinhVuc,omitempty"`
}

// Found is a dossier as TraCuuHoSo returns it: its record and its steps
// [unconfirmed: the steps in the look-up answer].
type Found struct {
	Record
	TienDo []Step `json:"TienDoXuLy"`
}

// Date formats t for the portal: yyyyMMddHHmmss in Vietnam time, "" for zero.
func Date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(vietnam).Format(DateLayout)
}

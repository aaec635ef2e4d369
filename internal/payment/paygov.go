package payment

import (
	"bytes"
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// The national payment platform of the public service portal (PayGov), as
// seen in 2021 code and unconfirmed today (docs/payment.md): an init
// message answered with the address of the platform's payment page, a
// confirmation callback, and a query. Every message carries MaXacThuc, the
// SHA-256 hex of its fields joined with | and the shared key appended; we
// reject any message whose MaXacThuc is wrong.

// PayGovConfig is one partner's account at the platform.
type PayGovConfig struct {
	PartnerCode string // MaDoiTac
	Key         string // the shared key of MaXacThuc
	URL         string // the platform's API endpoint (init and query)
}

// PayGovChecksum is the MaXacThuc of the given field values.
func PayGovChecksum(key string, fields ...string) string {
	sum := sha256.Sum256([]byte(strings.Join(fields, "|") + "|" + key))
	return hex.EncodeToString(sum[:])
}

// PayGovFeeLine is one line of the receipt block: LoaiPhiLePhi 1 phí, 2 lệ phí.
type PayGovFeeLine struct {
	LoaiPhiLePhi int    `json:"LoaiPhiLePhi"`
	MaPhiLePhi   string `json:"MaPhiLePhi"`
	TenPhiLePhi  string `json:"TenPhiLePhi"`
	SoTien       int64  `json:"SoTien"`
}

// PayGovReceipt is the init message's ThongTinBienLai.
type PayGovReceipt struct {
	MaHoSo        string          `json:"MaHoSo"`
	MaTTHC        string          `json:"MaTTHC"`
	HoTenNguoiNop string          `json:"HoTenNguoiNop"`
	TKThuHuong    string          `json:"TKThuHuong"`
	TenTKThuHuong string          `json:"TenTKThuHuong"`
	NHThuHuong    string          `json:"NHThuHuong"`
	PhiLePhi      []PayGovFeeLine `json:"PhiLePhi"`
}

// PayGovInit is the init message.
type PayGovInit struct {
	LoaiBanTin        string        `json:"LoaiBanTin"` // "ThanhToan"
	PhienBan          string        `json:"PhienBan"`
	MaDoiTac          string        `json:"MaDoiTac"`
	MaThamChieu       string        `json:"MaThamChieu"`
	SoTien            int64         `json:"SoTien"`
	LoaiHinhThanhToan string        `json:"LoaiHinhThanhToan"`
	MaKenhThanhToan   string        `json:"MaKenhThanhToan"`
	MaThietBi         string        `json:"MaThietBi"`
	NgonNgu           string        `json:"NgonNgu"`
	MaTienTe          string        `json:"MaTienTe"`
	MaNganHang        string        `json:"MaNganHang"`
	ThongTinGiaoDich  string        `json:"ThongTinGiaoDich"`
	ThoiGianGD        string        `json:"ThoiGianGD"`
	Ip                string        `json:"Ip"`
	DuongDanTraVe     string        `json:"DuongDanTraVe"`
	ThongTinBienLai   PayGovReceipt `json:"ThongTinBienLai"`
	MaXacThuc         string        `json:"MaXacThuc"`
}

func (m PayGovInit) checksumFields() []string {
	return []string{m.LoaiBanTin, m.PhienBan, m.MaDoiTac, m.MaThamChieu, strconv.FormatInt(m.SoTien, 10), m.LoaiHinhThanhToan,
		m.MaKenhThanhToan, m.MaThietBi, m.NgonNgu, m.MaTienTe, m.MaNganHang, m.ThongTinGiaoDich, m.ThoiGianGD, m.Ip}
}

// Sign sets MaXacThuc.
func (m *PayGovInit) Sign(key string) { m.MaXacThuc = PayGovChecksum(key, m.checksumFields()...) }

// Valid reports whether MaXacThuc is right.
func (m PayGovInit) Valid(key string) bool {
	return eqHex(m.MaXacThuc, PayGovChecksum(key, m.checksumFields()...))
}

// PayGovResult is the platform's confirmation callback, and its answer to a
// query: MaLoi 00 paid; MaGiaoDich its transaction number.
type PayGovResult struct {
	MaDoiTac    string `json:"MaDoiTac"`
	MaThamChieu string `json:"MaThamChieu"`
	MaGiaoDich  string `json:"MaGiaoDich"`
	SoTien      int64  `json:"SoTien"`
	MaLoi       string `json:"MaLoi"`
	ThoiGianGD  string `json:"ThoiGianGD"`
	MaXacThuc   string `json:"MaXacThuc"`
}

func (m PayGovResult) checksumFields() []string {
	return []string{m.MaDoiTac, m.MaThamChieu, m.MaGiaoDich, strconv.FormatInt(m.SoTien, 10), m.MaLoi, m.ThoiGianGD}
}

// Sign sets MaXacThuc.
func (m *PayGovResult) Sign(key string) { m.MaXacThuc = PayGovChecksum(key, m.checksumFields()...) }

// Valid reports whether MaXacThuc is right.
func (m PayGovResult) Valid(key string) bool {
	return eqHex(m.MaXacThuc, PayGovChecksum(key, m.checksumFields()...))
}

func eqHex(a, b string) bool {
	return subtle.ConstantTimeCompare([]byte(strings.ToLower(a)), []byte(b)) == 1
}

// PayGovAnswer is our answer to a callback: MaLoi 00 taken, 99 refused.
type PayGovAnswer struct {
	MaLoi   string `json:"MaLoi"`
	MoTaLoi string `json:"MoTaLoi"`
}

// ParseCallback checks a confirmation (or a query's answer) and reads it.
func (c PayGovConfig) ParseCallback(m PayGovResult) (Confirmation, error) {
	if !m.Valid(c.Key) {
		return Confirmation{}, ErrBadSignature
	}
	if m.MaDoiTac != c.PartnerCode {
		return Confirmation{}, ErrWrongMerchant
	}
	if m.MaThamChieu == "" || m.SoTien < 0 {
		return Confirmation{}, fmt.Errorf("%w: MaThamChieu %q, SoTien %d", ErrMalformed, m.MaThamChieu, m.SoTien)
	}
	conf := Confirmation{Provider: PayGov, TxnRef: m.MaThamChieu, Amount: m.SoTien, Success: m.MaLoi == "00",
		GatewayTxn: m.MaGiaoDich, Via: "ipn"}
	if !conf.Success {
		conf.Reason = "MaLoi=" + m.MaLoi
	}
	if m.ThoiGianGD != "" {
		t, err := ParseVNPayTime(m.ThoiGianGD) // the same yyyyMMddHHmmss, GMT+7
		if err != nil {
			return Confirmation{}, fmt.Errorf("%w: ThoiGianGD %q", ErrMalformed, m.ThoiGianGD)
		}
		conf.PayDate = t
	}
	return conf, nil
}

// PayGovCallbackAnswer maps what handling a callback did to the platform's
// answer: 00 taken (recorded now or before), 99 refused.
func PayGovCallbackAnswer(o Outcome, err error) PayGovAnswer {
	if err == nil && (o == Confirmed || o == AlreadyConfirmed) {
		return PayGovAnswer{"00", "Thành công"}
	}
	return PayGovAnswer{"99", "Không ghi nhận được giao dịch"}
}

// PayGovClient calls the platform.
type PayGovClient struct {
	Config PayGovConfig
	HTTP   *http.Client
}

func (c *PayGovClient) post(ctx context.Context, msg any, out any) error {
	body, err := json.Marshal(msg)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.Config.URL, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	hc := c.HTTP
	if hc == nil {
		hc = &http.Client{Timeout: 30 * time.Second}
	}
	resp, err := hc.Do(req)
	if err != nil {
		return fmt.Errorf("paygov: %w", err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return fmt.Errorf("paygov: %w", err)
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("paygov: HTTP %d", resp.StatusCode)
	}
	if err := json.Unmarshal(raw, out); err != nil {
		return fmt.Errorf("paygov: %w: %v", ErrMalformed, err)
	}
	return nil
}

// Init sends the init message for p and returns the platform's payment
// page for the citizen.
func (c *PayGovClient) Init(ctx context.Context, p *Payment, clientIP, returnURL string, now time.Time) (string, error) {
	m := PayGovInit{LoaiBanTin: "ThanhToan", PhienBan: "1.0.0", MaDoiTac: c.Config.PartnerCode, MaThamChieu: p.TxnRef,
		SoTien: p.Amount, LoaiHinhThanhToan: "PL", MaKenhThanhToan: "1", MaThietBi: "1", NgonNgu: "vi", MaTienTe: "VND",
		ThongTinGiaoDich: "Thanh toan ho so " + p.DossierCode, ThoiGianGD: FormatVNPayTime(now), Ip: clientIP,
		DuongDanTraVe: returnURL,
		ThongTinBienLai: PayGovReceipt{MaHoSo: p.DossierCode, MaTTHC: procedureOf(p), HoTenNguoiNop: p.PayerName,
			TKThuHuong: p.Beneficiary.AccountNo, TenTKThuHuong: p.Beneficiary.AccountName, NHThuHuong: p.Beneficiary.Bank}}
	for _, l := range p.Lines {
		if !l.Exempt {
			m.ThongTinBienLai.PhiLePhi = append(m.ThongTinBienLai.PhiLePhi, PayGovFeeLine{int(l.Kind), l.Code, l.Name, l.Amount})
		}
	}
	m.Sign(c.Config.Key)
	var out struct {
		MaLoi, MoTaLoi, DuongDan, MaXacThuc string
	}
	if err := c.post(ctx, m, &out); err != nil {
		return "", err
	}
	if !eqHex(out.MaXacThuc, PayGovChecksum(c.Config.Key, out.MaLoi, out.DuongDan)) {
		return "", fmt.Errorf("paygov init %s: %w", p.TxnRef, ErrBadSignature)
	}
	if out.MaLoi != "00" || out.DuongDan == "" {
		return "", fmt.Errorf("paygov init %s: MaLoi %s %s", p.TxnRef, out.MaLoi, out.MoTaLoi)
	}
	return out.DuongDan, nil
}

// Query asks the platform what became of p.
func (c *PayGovClient) Query(ctx context.Context, p *Payment, now time.Time) (QueryResult, error) {
	m := struct {
		LoaiBanTin, MaDoiTac, MaThamChieu, ThoiGianGD, MaXacThuc string
	}{LoaiBanTin: "TruyVan", MaDoiTac: c.Config.PartnerCode, MaThamChieu: p.TxnRef, ThoiGianGD: FormatVNPayTime(now)}
	m.MaXacThuc = PayGovChecksum(c.Config.Key, m.LoaiBanTin, m.MaDoiTac, m.MaThamChieu, m.ThoiGianGD)
	var out PayGovResult
	if err := c.post(ctx, m, &out); err != nil {
		return QueryResult{}, err
	}
	switch out.MaLoi {
	case "404":
		if !out.Valid(c.Config.Key) {
			return QueryResult{}, fmt.Errorf("paygov query %s: %w", p.TxnRef, ErrBadSignature)
		}
		return QueryResult{}, nil
	case "01":
		if !out.Valid(c.Config.Key) {
			return QueryResult{}, fmt.Errorf("paygov query %s: %w", p.TxnRef, ErrBadSignature)
		}
		return QueryResult{Found: true, Pending: true}, nil
	}
	conf, err := c.Config.ParseCallback(out)
	if err != nil {
		return QueryResult{}, fmt.Errorf("paygov query %s: %w", p.TxnRef, err)
	}
	conf.Via = "query"
	return QueryResult{Found: true, Confirmation: conf}, nil
}

// procedureOf is the procedure code of a payment's lines (LP-<code>).
func procedureOf(p *Payment) string {
	for _, l := range p.Lines {
		if i := strings.IndexByte(l.Code, '-'); i >= 0 {
			return l.Code[i+1:]
		}
	}
	return ""
}

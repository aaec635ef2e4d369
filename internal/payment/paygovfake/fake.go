// Package paygovfake is a fake national payment platform (PayGov) over
// real HTTP, speaking the protocol of package payment: it checks the
// MaXacThuc of every message, answers the init message with its payment
// page, shows that page (pay, cancel), calls the partner's callback, and
// answers queries. Faults: the callback lost, or sent with a wrong
// MaXacThuc. `motcua fake paygov` serves it.
package paygovfake

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"time"

	"github.com/motcua/motcua/internal/payment"
)

// Faults of the callbacks that follow.
type Faults struct {
	LostCallback   bool
	TamperCallback bool
}

// Order is what the fake holds of one init message.
type Order struct {
	Init      payment.PayGovInit
	Status    string // "" waiting, 00 paid, 24 cancelled
	TxnNo     string
	PaidAt    time.Time
	Callbacks []string // the partner's MaLoi answers
}

// Fake is a fake platform; create it with New.
type Fake struct {
	Config      payment.PayGovConfig // PartnerCode and Key
	CallbackURL string
	BaseURL     string // its own address, for the payment page links; "": the request's host
	Client      *http.Client
	Now         func() time.Time

	mu     sync.Mutex
	faults Faults
	orders map[string]*Order
	seq    int
}

// New returns a fake partner account.
func New(partner, key, callbackURL string) *Fake {
	return &Fake{Config: payment.PayGovConfig{PartnerCode: partner, Key: key}, CallbackURL: callbackURL,
		Client: &http.Client{Timeout: 30 * time.Second}, Now: time.Now, orders: map[string]*Order{}}
}

// SetFaults sets the faults of the payments that follow.
func (f *Fake) SetFaults(fl Faults) { f.mu.Lock(); f.faults = fl; f.mu.Unlock() }

// Order returns a copy of an order, or nil.
func (f *Fake) Order(ref string) *Order {
	f.mu.Lock()
	defer f.mu.Unlock()
	o := f.orders[ref]
	if o == nil {
		return nil
	}
	c := *o
	c.Callbacks = append([]string(nil), o.Callbacks...)
	return &c
}

func (f *Fake) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch {
	case r.Method == http.MethodPost && r.URL.Path == "/api":
		f.api(w, r)
	case r.Method == http.MethodGet && r.URL.Path == "/thanh-toan":
		f.page(w, r)
	case r.Method == http.MethodPost && r.URL.Path == "/thanh-toan":
		f.pay(w, r)
	default:
		http.NotFound(w, r)
	}
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(v)
}

// api answers the init message and queries.
func (f *Fake) api(w http.ResponseWriter, r *http.Request) {
	raw, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err != nil {
		http.Error(w, "read", http.StatusBadRequest)
		return
	}
	var kind struct{ LoaiBanTin string }
	json.Unmarshal(raw, &kind)
	switch kind.LoaiBanTin {
	case "ThanhToan":
		var m payment.PayGovInit
		if err := json.Unmarshal(raw, &m); err != nil || !m.Valid(f.Config.Key) || m.MaDoiTac != f.Config.PartnerCode {
			writeJSON(w, map[string]string{"MaLoi": "97", "MoTaLoi": "Sai mã xác thực hoặc mã đối tác", "DuongDan": "",
				"MaXacThuc": payment.PayGovChecksum(f.Config.Key, "97", "")})
			return
		}
		f.mu.Lock()
		if f.orders[m.MaThamChieu] == nil {
			f.orders[m.MaThamChieu] = &Order{Init: m}
		}
		f.mu.Unlock()
		base := f.BaseURL
		if base == "" {
			base = "http://" + r.Host
		}
		link := base + "/thanh-toan?" + url.Values{"ref": {m.MaThamChieu}}.Encode()
		writeJSON(w, map[string]string{"MaLoi": "00", "MoTaLoi": "Thành công", "DuongDan": link,
			"MaXacThuc": payment.PayGovChecksum(f.Config.Key, "00", link)})
	case "TruyVan":
		var q struct{ LoaiBanTin, MaDoiTac, MaThamChieu, ThoiGianGD, MaXacThuc string }
		json.Unmarshal(raw, &q)
		if q.MaXacThuc != payment.PayGovChecksum(f.Config.Key, q.LoaiBanTin, q.MaDoiTac, q.MaThamChieu, q.ThoiGianGD) {
			http.Error(w, "bad MaXacThuc", http.StatusBadRequest)
			return
		}
		f.mu.Lock()
		o := f.orders[q.MaThamChieu]
		res := payment.PayGovResult{MaDoiTac: f.Config.PartnerCode, MaThamChieu: q.MaThamChieu, MaLoi: "404"}
		if o != nil {
			res = f.result(o)
			if o.Status == "" {
				res.MaLoi = "01"
			}
		}
		f.mu.Unlock()
		res.Sign(f.Config.Key)
		writeJSON(w, res)
	default:
		http.Error(w, "unknown LoaiBanTin", http.StatusBadRequest)
	}
}

func (f *Fake) result(o *Order) payment.PayGovResult {
	r := payment.PayGovResult{MaDoiTac: f.Config.PartnerCode, MaThamChieu: o.Init.MaThamChieu, MaGiaoDich: o.TxnNo,
		SoTien: o.Init.SoTien, MaLoi: o.Status}
	if !o.PaidAt.IsZero() {
		r.ThoiGianGD = payment.FormatVNPayTime(o.PaidAt)
	}
	return r
}

var page = template.Must(template.New("p").Parse(`<!doctype html><html lang="vi"><head><meta charset="utf-8">
<title>Nền tảng thanh toán (giả lập)</title></head><body>
<h1>Nền tảng thanh toán trực tuyến – Cổng DVCQG (giả lập)</h1>
<p>Hồ sơ: <strong id="ma-ho-so">{{.Init.ThongTinBienLai.MaHoSo}}</strong> – thủ tục {{.Init.ThongTinBienLai.MaTTHC}}</p>
<p>Số tiền: <strong id="amount">{{.Init.SoTien}} VND</strong></p>
<ul>{{range .Init.ThongTinBienLai.PhiLePhi}}<li>{{if eq .LoaiPhiLePhi 1}}Phí{{else}}Lệ phí{{end}} {{.MaPhiLePhi}}: {{.SoTien}}</li>{{end}}</ul>
<p>Thụ hưởng: {{.Init.ThongTinBienLai.TKThuHuong}} – {{.Init.ThongTinBienLai.NHThuHuong}}</p>
<form method="post" action="/thanh-toan"><input type="hidden" name="ref" value="{{.Init.MaThamChieu}}">
<button name="choice" value="pay" id="pay">Thanh toán</button> <button name="choice" value="cancel" id="cancel">Hủy</button></form>
</body></html>`))

func (f *Fake) page(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	o := f.orders[r.URL.Query().Get("ref")]
	var view Order
	if o != nil {
		view = *o
	}
	f.mu.Unlock()
	if o == nil {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	page.Execute(w, view)
}

func (f *Fake) pay(w http.ResponseWriter, r *http.Request) {
	ref := r.FormValue("ref")
	f.mu.Lock()
	o := f.orders[ref]
	if o == nil || o.Status != "" {
		f.mu.Unlock()
		http.Error(w, "no order waiting", http.StatusBadRequest)
		return
	}
	f.seq++
	o.TxnNo, o.PaidAt, o.Status = "PG"+strconv.Itoa(500000+f.seq), f.Now(), "00"
	if r.FormValue("choice") != "pay" {
		o.Status = "24"
	}
	res := f.result(o)
	fl := f.faults
	back := o.Init.DuongDanTraVe
	f.mu.Unlock()
	res.Sign(f.Config.Key)
	if fl.TamperCallback {
		res.SoTien++
	}
	if !fl.LostCallback {
		code := f.callback(r.Context(), res)
		f.mu.Lock()
		o.Callbacks = append(o.Callbacks, code)
		f.mu.Unlock()
	}
	sep := "?"
	if bytes.ContainsRune([]byte(back), '?') {
		sep = "&"
	}
	http.Redirect(w, r, back+sep+url.Values{"MaThamChieu": {ref}}.Encode(), http.StatusFound)
}

func (f *Fake) callback(ctx context.Context, res payment.PayGovResult) string {
	body, _ := json.Marshal(res)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, f.CallbackURL, bytes.NewReader(body))
	if err != nil {
		return "error"
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := f.Client.Do(req)
	if err != nil {
		return "error: " + err.Error()
	}
	defer resp.Body.Close()
	var a payment.PayGovAnswer
	if err := json.NewDecoder(io.LimitReader(resp.Body, 1<<16)).Decode(&a); err != nil {
		return fmt.Sprintf("HTTP %d", resp.StatusCode)
	}
	return a.MaLoi
}

// Pay settles an order as if the person clicked choice (pay, cancel) on
// the page, and returns where the browser is sent back.
func (f *Fake) Pay(ctx context.Context, ref, choice string) (string, error) {
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, f.BaseURL+"/thanh-toan?"+url.Values{"ref": {ref}, "choice": {choice}}.Encode(), nil)
	if err != nil {
		return "", err
	}
	resp, err := c.Do(req)
	if err != nil {
		return "", err
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusFound {
		return "", fmt.Errorf("fake paygov pay %s: HTTP %d", ref, resp.StatusCode)
	}
	return resp.Header.Get("Location"), nil
}

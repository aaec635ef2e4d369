// Package vnpayfake is a fake VNPay 2.1.0 sandbox over real HTTP: the
// payment page a person can click (pay, cancel, bank error), the IPN it then
// sends to the merchant, the Return URL redirect, the merchant web API
// (querydr, refund) and a settlement file. It checks every signature it
// receives and signs everything it sends, and injects faults: the IPN lost,
// sent twice, sent late, sent before or after the browser returns, tampered,
// or carrying a wrong amount. Tests start it on loopback; `motcua fake
// vnpay` serves it.
package vnpayfake

import (
	"context"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"sync"
	"time"

	"github.com/motcua/motcua/internal/payment"
)

// Faults are what goes wrong with the IPN of the next payments.
type Faults struct {
	LostIPN      bool          // the IPN is never sent (querydr must find the payment)
	DuplicateIPN bool          // the IPN is sent twice, concurrently
	LateIPN      time.Duration // the IPN is sent this long after the browser returns
	TamperIPN    bool          // the IPN's amount is changed after signing
	WrongAmount  bool          // the IPN is signed over an amount 1 VND off
	AfterReturn  bool          // the browser is sent back before the IPN (else the IPN comes first)
	// LostRefundAnswer: a refund is taken but its answer never arrives (the
	// connection is cut), as when a gateway times out after doing it.
	LostRefundAnswer bool
	// RefuseRefund: every refund is refused (code 95).
	RefuseRefund bool
}

// Txn is a transaction the fake holds.
type Txn struct {
	TxnRef        string
	Amount        int64 // VND
	OrderInfo     string
	ReturnURL     string
	CreateDate    string
	TransactionNo string
	Status        string // vnp_TransactionStatus: "" until paid/cancelled, 00 paid, 02 failed
	ResponseCode  string // vnp_ResponseCode: 00, 24 cancelled, 51 insufficient funds
	BankCode      string
	PayDate       time.Time
	Refunded      bool
	RefundCalls   int      // refund requests received for it, taken or not
	IPNAnswers    []string // RspCodes the merchant answered
}

// Fake is a fake VNPay. Create it with New.
type Fake struct {
	Config payment.VNPayConfig // TmnCode and Secret; PayURL and APIURL unused
	IPNURL string              // where IPNs go (configured at VNPay per merchant); see SetIPNURL
	Client *http.Client
	Now    func() time.Time

	mu     sync.Mutex
	faults Faults
	txns   map[string]*Txn
	// refundIDs are the vnp_RequestIds of the refunds taken.
	refundIDs map[string]bool
	seq       int
	wg        sync.WaitGroup
}

// New returns a fake merchant account.
func New(tmnCode, secret, ipnURL string) *Fake {
	return &Fake{Config: payment.VNPayConfig{TmnCode: tmnCode, Secret: secret}, IPNURL: ipnURL,
		Client: &http.Client{Timeout: 30 * time.Second}, Now: time.Now, txns: map[string]*Txn{},
		refundIDs: map[string]bool{}}
}

// SetIPNURL changes where IPNs go, once the merchant's address is known.
func (f *Fake) SetIPNURL(u string) { f.mu.Lock(); f.IPNURL = u; f.mu.Unlock() }

// AddSettled adds a transaction paid before the fake started (the demo's
// year), so that querydr, refunds and the settlement file know it.
func (f *Fake) AddSettled(t Txn) {
	t.Status, t.ResponseCode = "00", "00"
	f.mu.Lock()
	f.txns[t.TxnRef] = &t
	f.mu.Unlock()
}

// SetFaults sets the faults of the payments that follow.
func (f *Fake) SetFaults(fl Faults) { f.mu.Lock(); f.faults = fl; f.mu.Unlock() }

// Txn returns a copy of a transaction, or nil.
func (f *Fake) Txn(ref string) *Txn {
	f.mu.Lock()
	defer f.mu.Unlock()
	t := f.txns[ref]
	if t == nil {
		return nil
	}
	c := *t
	c.IPNAnswers = append([]string(nil), t.IPNAnswers...)
	return &c
}

// Wait waits for the IPNs in flight (late ones included).
func (f *Fake) Wait() { f.wg.Wait() }

func (f *Fake) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch {
	case r.Method == http.MethodGet && r.URL.Path == "/paymentv2/vpcpay.html":
		f.payPage(w, r)
	case r.Method == http.MethodPost && r.URL.Path == "/_fake/pay":
		f.pay(w, r)
	case r.Method == http.MethodPost && r.URL.Path == "/merchant_webapi/api/transaction":
		f.api(w, r)
	case r.Method == http.MethodGet && r.URL.Path == "/_fake/settlement":
		f.settlement(w, r)
	default:
		http.NotFound(w, r)
	}
}

var page = template.Must(template.New("pay").Parse(`<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>VNPay (giả lập) – Thanh toán</title>
<style>body{font-family:sans-serif;max-width:32rem;margin:2rem auto}button{font-size:1.1rem;margin:.3rem;padding:.5rem 1rem}</style></head>
<body><h1>Cổng thanh toán VNPay (giả lập)</h1>
<p>Đơn hàng: <strong id="ref">{{.TxnRef}}</strong></p>
<p>Nội dung: {{.OrderInfo}}</p>
<p>Số tiền: <strong id="amount">{{.Amount}} VND</strong></p>
<form method="post" action="/_fake/pay">
<input type="hidden" name="ref" value="{{.TxnRef}}">
<button name="choice" value="pay" id="pay">Thanh toán</button>
<button name="choice" value="cancel" id="cancel">Hủy giao dịch</button>
<button name="choice" value="bank_error" id="bank-error">Giả lập lỗi ngân hàng</button>
</form></body></html>`))

// payPage checks the signed redirect and shows the order.
func (f *Fake) payPage(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if !payment.VNPayVerify(f.Config.Secret, q) {
		http.Error(w, "Sai chữ ký (vnp_SecureHash)", http.StatusBadRequest)
		return
	}
	if q.Get("vnp_TmnCode") != f.Config.TmnCode || q.Get("vnp_Version") != payment.VNPayVersion || q.Get("vnp_Command") != "pay" ||
		q.Get("vnp_CurrCode") != "VND" {
		http.Error(w, "Sai mã website, phiên bản, lệnh hoặc loại tiền", http.StatusBadRequest)
		return
	}
	amt, err := strconv.ParseInt(q.Get("vnp_Amount"), 10, 64)
	if err != nil || amt <= 0 || amt%100 != 0 {
		http.Error(w, "Số tiền không hợp lệ", http.StatusBadRequest)
		return
	}
	exp, err := payment.ParseVNPayTime(q.Get("vnp_ExpireDate"))
	if err != nil || f.Now().After(exp) {
		http.Error(w, "Giao dịch đã quá thời gian chờ thanh toán", http.StatusBadRequest)
		return
	}
	ref := q.Get("vnp_TxnRef")
	f.mu.Lock()
	t := f.txns[ref]
	if t == nil {
		t = &Txn{TxnRef: ref, Amount: amt / 100, OrderInfo: q.Get("vnp_OrderInfo"), ReturnURL: q.Get("vnp_ReturnUrl"),
			CreateDate: q.Get("vnp_CreateDate")}
		f.txns[ref] = t
	}
	view := *t
	f.mu.Unlock()
	if view.Amount != amt/100 {
		http.Error(w, "Mã đơn hàng đã dùng với số tiền khác", http.StatusBadRequest)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	page.Execute(w, view)
}

// pay settles a transaction as the person chose, sends the IPN (with the
// faults set) and sends the browser back to the merchant.
func (f *Fake) pay(w http.ResponseWriter, r *http.Request) {
	ref, choice := r.FormValue("ref"), r.FormValue("choice")
	f.mu.Lock()
	t := f.txns[ref]
	if t == nil || t.Status != "" {
		f.mu.Unlock()
		http.Error(w, "Không tìm thấy giao dịch đang chờ", http.StatusBadRequest)
		return
	}
	f.seq++
	t.TransactionNo = strconv.Itoa(14000000 + f.seq)
	t.BankCode, t.PayDate = "NCB", f.Now()
	switch choice {
	case "pay":
		t.Status, t.ResponseCode = "00", "00"
	case "cancel":
		t.Status, t.ResponseCode = "02", "24"
	default:
		t.Status, t.ResponseCode = "02", "51"
	}
	fl := f.faults
	params := f.resultParams(t, 0)
	ret := t.ReturnURL
	f.mu.Unlock()

	ipn := f.ipnParams(t, fl)
	switch {
	case fl.LostIPN:
	case fl.LateIPN > 0 || fl.AfterReturn:
		f.wg.Add(1)
		go func() {
			defer f.wg.Done()
			time.Sleep(fl.LateIPN)
			f.sendIPN(context.Background(), ref, ipn, fl.DuplicateIPN)
		}()
	default:
		f.sendIPN(r.Context(), ref, ipn, fl.DuplicateIPN)
	}
	http.Redirect(w, r, ret+"?"+params.Encode(), http.StatusFound)
}

// resultParams are the signed parameters of the Return URL and the IPN.
func (f *Fake) resultParams(t *Txn, amountDelta int64) url.Values {
	v := url.Values{}
	v.Set("vnp_TmnCode", f.Config.TmnCode)
	v.Set("vnp_Amount", strconv.FormatInt((t.Amount+amountDelta)*100, 10))
	v.Set("vnp_BankCode", t.BankCode)
	v.Set("vnp_BankTranNo", "VNP"+t.TransactionNo)
	v.Set("vnp_CardType", "ATM")
	v.Set("vnp_OrderInfo", t.OrderInfo)
	v.Set("vnp_PayDate", payment.FormatVNPayTime(t.PayDate))
	v.Set("vnp_ResponseCode", t.ResponseCode)
	v.Set("vnp_TransactionNo", t.TransactionNo)
	v.Set("vnp_TransactionStatus", t.Status)
	v.Set("vnp_TxnRef", t.TxnRef)
	v.Set("vnp_SecureHashType", "HmacSHA512")
	v.Set("vnp_SecureHash", payment.VNPaySign(f.Config.Secret, v))
	return v
}

func (f *Fake) ipnParams(t *Txn, fl Faults) url.Values {
	f.mu.Lock()
	defer f.mu.Unlock()
	var delta int64
	if fl.WrongAmount {
		delta = 1
	}
	v := f.resultParams(t, delta)
	if fl.TamperIPN {
		v.Set("vnp_Amount", strconv.FormatInt(t.Amount*10, 10))
	}
	return v
}

// sendIPN calls the merchant's IPN URL (twice at once when dup) and keeps
// what it answered.
func (f *Fake) sendIPN(ctx context.Context, ref string, v url.Values, dup bool) {
	n := 1
	if dup {
		n = 2
	}
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			code := f.callIPN(ctx, v)
			f.mu.Lock()
			f.txns[ref].IPNAnswers = append(f.txns[ref].IPNAnswers, code)
			f.mu.Unlock()
		}()
	}
	wg.Wait()
}

// SendIPN sends the IPN of a settled transaction again (as VNPay retries)
// and returns the RspCode the merchant answered.
func (f *Fake) SendIPN(ctx context.Context, ref string) string {
	f.mu.Lock()
	t := f.txns[ref]
	if t == nil || t.Status == "" {
		f.mu.Unlock()
		return ""
	}
	v := f.resultParams(t, 0)
	f.mu.Unlock()
	code := f.callIPN(ctx, v)
	f.mu.Lock()
	t.IPNAnswers = append(t.IPNAnswers, code)
	f.mu.Unlock()
	return code
}

func (f *Fake) callIPN(ctx context.Context, v url.Values) string {
	f.mu.Lock()
	to := f.IPNURL
	f.mu.Unlock()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, to+"?"+v.Encode(), nil)
	if err != nil {
		return "error: " + err.Error()
	}
	resp, err := f.Client.Do(req)
	if err != nil {
		return "error: " + err.Error()
	}
	defer resp.Body.Close()
	var a payment.IPNAnswer
	if err := json.NewDecoder(io.LimitReader(resp.Body, 1<<16)).Decode(&a); err != nil {
		return fmt.Sprintf("HTTP %d, not JSON", resp.StatusCode)
	}
	return a.RspCode
}

// api answers querydr and refund.
func (f *Fake) api(w http.ResponseWriter, r *http.Request) {
	var req map[string]string
	if err := json.NewDecoder(io.LimitReader(r.Body, 1<<16)).Decode(&req); err != nil {
		http.Error(w, "bad JSON", http.StatusBadRequest)
		return
	}
	fields, respFields := payment.QueryRequestFields, payment.QueryResponseFields
	if req["vnp_Command"] == "refund" {
		fields, respFields = payment.RefundRequestFields, payment.RefundResponseFields
	}
	out := map[string]string{"vnp_ResponseId": fmt.Sprintf("R%d", f.Now().UnixNano()), "vnp_Command": req["vnp_Command"],
		"vnp_TmnCode": f.Config.TmnCode, "vnp_TxnRef": req["vnp_TxnRef"]}
	answer := func(code, msg string) {
		out["vnp_ResponseCode"], out["vnp_Message"] = code, msg
		out["vnp_SecureHash"] = payment.HMACSHA512(f.Config.Secret, payment.PipeHashData(out, respFields))
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(out)
	}
	if payment.HMACSHA512(f.Config.Secret, payment.PipeHashData(req, fields)) != req["vnp_SecureHash"] {
		answer("97", "Invalid Checksum")
		return
	}
	if req["vnp_TmnCode"] != f.Config.TmnCode {
		answer("02", "Merchant is not valid")
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	t := f.txns[req["vnp_TxnRef"]]
	if t == nil {
		answer("91", "Transaction not found")
		return
	}
	out["vnp_Amount"] = strconv.FormatInt(t.Amount*100, 10)
	out["vnp_BankCode"], out["vnp_TransactionNo"], out["vnp_OrderInfo"] = t.BankCode, t.TransactionNo, t.OrderInfo
	if !t.PayDate.IsZero() {
		out["vnp_PayDate"] = payment.FormatVNPayTime(t.PayDate)
	}
	out["vnp_TransactionType"] = "01"
	out["vnp_TransactionStatus"] = t.Status
	if t.Status == "" {
		out["vnp_TransactionStatus"] = "01" // not completed yet
	}
	switch req["vnp_Command"] {
	case "querydr":
		if t.Refunded {
			out["vnp_TransactionStatus"] = "06"
		}
		answer("00", "Success")
	case "refund":
		t.RefundCalls++
		amt, _ := strconv.ParseInt(req["vnp_Amount"], 10, 64)
		// 94: a refund of it was asked before (this request id, or the
		// order already refunded); 95: VNPay will not refund it.
		switch {
		case f.refundIDs[req["vnp_RequestId"]] || t.Refunded:
			answer("94", "Refund already requested")
			return
		case f.faults.RefuseRefund || t.Status != "00" || amt != t.Amount*100:
			answer("95", "Refund rejected")
			return
		}
		f.refundIDs[req["vnp_RequestId"]] = true
		t.Refunded = true
		if f.faults.LostRefundAnswer {
			panic(http.ErrAbortHandler) // taken, and the connection cut
		}
		out["vnp_TransactionType"] = "02"
		answer("00", "Success")
	default:
		answer("99", "Unknown command")
	}
}

// Settled returns the settled (paid, not refunded) transactions whose
// payment time falls on day (GMT+7), ordered by reference.
func (f *Fake) Settled(day string) []Txn {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []Txn
	for _, t := range f.txns {
		if t.Status == "00" && payment.FormatVNPayTime(t.PayDate)[:8] == day {
			out = append(out, *t)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].TxnRef < out[j].TxnRef })
	return out
}

// settlement serves the day's settlement file as CSV:
// GET /_fake/settlement?date=yyyyMMdd.
func (f *Fake) settlement(w http.ResponseWriter, r *http.Request) {
	day := r.URL.Query().Get("date")
	if len(day) != 8 {
		http.Error(w, "date=yyyyMMdd", http.StatusBadRequest)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	fmt.Fprintln(w, "TmnCode,TxnRef,TransactionNo,Amount,PayDate,BankCode,Status")
	for _, t := range f.Settled(day) {
		st := "00"
		if t.Refunded {
			st = "06"
		}
		fmt.Fprintf(w, "%s,%s,%s,%d,%s,%s,%s\n", f.Config.TmnCode, t.TxnRef, t.TransactionNo, t.Amount,
			payment.FormatVNPayTime(t.PayDate), t.BankCode, st)
	}
}

// Pay settles an order without a browser, as if the person clicked choice
// (pay, cancel, bank_error) on the page: for tests and the demo. The order
// must have been shown (PayURL opened) first. It returns the Return URL the
// browser would be sent to.
func (f *Fake) Pay(ctx context.Context, base, ref, choice string) (string, error) {
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+"/_fake/pay", nil)
	if err != nil {
		return "", err
	}
	req.URL.RawQuery = url.Values{"ref": {ref}, "choice": {choice}}.Encode()
	resp, err := c.Do(req)
	if err != nil {
		return "", err
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusFound {
		return "", fmt.Errorf("fake vnpay pay %s: HTTP %d", ref, resp.StatusCode)
	}
	return resp.Header.Get("Location"), nil
}

package payment

import (
	"crypto/hmac"
	"crypto/sha512"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"
)

// VNPay 2.1.0: the citizen's browser goes to PayURL with a signed query; the
// gateway sends the browser back to our Return URL (which only shows) and
// calls our IPN URL server to server (the only place a payment changes).

// VNPayVersion is the protocol version we speak.
const VNPayVersion = "2.1.0"

// VNPayConfig is one merchant's account at VNPay.
type VNPayConfig struct {
	TmnCode string // vnp_TmnCode, the merchant (terminal) code
	Secret  string // the HMAC-SHA512 key (vnp_HashSecret)
	PayURL  string // .../paymentv2/vpcpay.html
	APIURL  string // .../merchant_webapi/api/transaction (querydr, refund)
}

// vnTime is GMT+7, in which VNPay writes its times.
var vnTime = time.FixedZone("GMT+7", 7*3600)

const vnpTimeLayout = "20060102150405"

// FormatVNPayTime writes t as VNPay does: yyyyMMddHHmmss in GMT+7.
func FormatVNPayTime(t time.Time) string { return t.In(vnTime).Format(vnpTimeLayout) }

// ParseVNPayTime reads a VNPay time.
func ParseVNPayTime(s string) (time.Time, error) {
	return time.ParseInLocation(vnpTimeLayout, s, vnTime)
}

// VNPayHashData is the text a VNPay query string is signed over: every
// parameter except vnp_SecureHash and vnp_SecureHashType, sorted by key,
// each as urlencode(key)=urlencode(value), joined with &. Empty values are
// left out, as VNPay's own code does.
func VNPayHashData(v url.Values) string {
	keys := make([]string, 0, len(v))
	for k := range v {
		if k == "vnp_SecureHash" || k == "vnp_SecureHashType" || v.Get(k) == "" {
			continue
		}
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for i, k := range keys {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(url.QueryEscape(k))
		b.WriteByte('=')
		b.WriteString(url.QueryEscape(v.Get(k)))
	}
	return b.String()
}

// HMACSHA512 is the lower-case hex HMAC-SHA512 of data under key.
func HMACSHA512(key, data string) string {
	m := hmac.New(sha512.New, []byte(key))
	m.Write([]byte(data))
	return hex.EncodeToString(m.Sum(nil))
}

// VNPaySign returns the vnp_SecureHash of a query.
func VNPaySign(secret string, v url.Values) string { return HMACSHA512(secret, VNPayHashData(v)) }

// VNPayVerify reports whether a query carries its correct vnp_SecureHash,
// compared in constant time.
func VNPayVerify(secret string, v url.Values) bool {
	got, err := hex.DecodeString(strings.ToLower(v.Get("vnp_SecureHash")))
	if err != nil || len(got) != sha512.Size {
		return false
	}
	want, _ := hex.DecodeString(VNPaySign(secret, v))
	return hmac.Equal(got, want)
}

// PayRequest is what the redirect to the gateway needs besides the payment.
type PayRequest struct {
	ClientIP  string
	ReturnURL string
	Locale    string // vn or en
	BankCode  string // optional: skip the gateway's bank choice
	Now       time.Time
}

// RedirectURL is the signed address that sends the citizen to pay p.
func (c VNPayConfig) RedirectURL(p *Payment, r PayRequest) (string, error) {
	if p.Amount <= 0 || p.Amount > MaxLines*MaxLineAmount {
		return "", fmt.Errorf("vnpay redirect for %s: amount %d out of range", p.TxnRef, p.Amount)
	}
	locale := r.Locale
	if locale != "en" {
		locale = "vn"
	}
	v := url.Values{}
	v.Set("vnp_Version", VNPayVersion)
	v.Set("vnp_Command", "pay")
	v.Set("vnp_TmnCode", c.TmnCode)
	v.Set("vnp_Amount", strconv.FormatInt(p.Amount*100, 10))
	v.Set("vnp_CreateDate", FormatVNPayTime(r.Now))
	v.Set("vnp_ExpireDate", FormatVNPayTime(p.ExpiresAt))
	v.Set("vnp_CurrCode", "VND")
	v.Set("vnp_IpAddr", r.ClientIP)
	v.Set("vnp_Locale", locale)
	v.Set("vnp_OrderInfo", "Thanh toan phi le phi ho so "+p.DossierCode)
	v.Set("vnp_OrderType", "other")
	v.Set("vnp_ReturnUrl", r.ReturnURL)
	v.Set("vnp_TxnRef", p.TxnRef)
	if r.BankCode != "" {
		v.Set("vnp_BankCode", r.BankCode)
	}
	v.Set("vnp_SecureHash", VNPaySign(c.Secret, v))
	return c.PayURL + "?" + v.Encode(), nil
}

// Errors of a gateway message, before any order is looked at.
var (
	ErrBadSignature  = errors.New("bad signature")
	ErrWrongMerchant = errors.New("wrong merchant code")
	ErrMalformed     = errors.New("malformed message")
)

// ParseIPN checks an IPN's (or a Return URL's) signature and merchant code
// and reads what it says. vnp_Amount must be a whole number of VND × 100.
func (c VNPayConfig) ParseIPN(v url.Values) (Confirmation, error) {
	if !VNPayVerify(c.Secret, v) {
		return Confirmation{}, ErrBadSignature
	}
	if v.Get("vnp_TmnCode") != c.TmnCode {
		return Confirmation{}, ErrWrongMerchant
	}
	conf := Confirmation{Provider: VNPay, TxnRef: v.Get("vnp_TxnRef"), GatewayTxn: v.Get("vnp_TransactionNo"),
		BankCode: v.Get("vnp_BankCode"), Via: "ipn"}
	amt, err := strconv.ParseInt(v.Get("vnp_Amount"), 10, 64)
	if err != nil || amt < 0 || conf.TxnRef == "" {
		return Confirmation{}, fmt.Errorf("%w: vnp_Amount %q, vnp_TxnRef %q", ErrMalformed, v.Get("vnp_Amount"), conf.TxnRef)
	}
	conf.Amount = amt / 100
	if amt%100 != 0 {
		conf.Amount = -1 // not a whole number of VND: matches no order
	}
	conf.Success = v.Get("vnp_ResponseCode") == "00" && v.Get("vnp_TransactionStatus") == "00"
	if !conf.Success {
		conf.Reason = "vnp_ResponseCode=" + v.Get("vnp_ResponseCode")
	}
	if pd := v.Get("vnp_PayDate"); pd != "" {
		if conf.PayDate, err = ParseVNPayTime(pd); err != nil {
			return Confirmation{}, fmt.Errorf("%w: vnp_PayDate %q", ErrMalformed, pd)
		}
	}
	return conf, nil
}

// IPNAnswer is VNPay's expected answer to an IPN.
type IPNAnswer struct {
	RspCode string `json:"RspCode"`
	Message string `json:"Message"`
}

// VNPayAnswer maps what handling an IPN did to VNPay's documented codes: 00
// confirmed, 01 order not found, 02 already confirmed, 04 invalid amount, 97
// bad checksum, 99 anything else. err is the error of ParseIPN or of
// recording the confirmation.
func VNPayAnswer(o Outcome, err error) IPNAnswer {
	switch {
	case errors.Is(err, ErrBadSignature):
		return IPNAnswer{"97", "Invalid signature"}
	case err != nil:
		return IPNAnswer{"99", "Unknown error"}
	}
	switch o {
	case Confirmed:
		return IPNAnswer{"00", "Confirm Success"}
	case AlreadyConfirmed:
		return IPNAnswer{"02", "Order already confirmed"}
	case OrderNotFound:
		return IPNAnswer{"01", "Order not found"}
	case AmountMismatch:
		return IPNAnswer{"04", "Invalid amount"}
	}
	return IPNAnswer{"99", "Unknown error"}
}

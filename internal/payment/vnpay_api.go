package payment

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// The merchant web API: querydr and refund are JSON POSTs signed with
// HMAC-SHA512 over their fields joined with |, in the documented order.

// QueryRequestFields is the order of the fields querydr signs.
var QueryRequestFields = []string{"vnp_RequestId", "vnp_Version", "vnp_Command", "vnp_TmnCode", "vnp_TxnRef",
	"vnp_TransactionDate", "vnp_CreateDate", "vnp_IpAddr", "vnp_OrderInfo"}

// QueryResponseFields is the order of the fields a querydr answer signs.
var QueryResponseFields = []string{"vnp_ResponseId", "vnp_Command", "vnp_ResponseCode", "vnp_Message", "vnp_TmnCode",
	"vnp_TxnRef", "vnp_Amount", "vnp_BankCode", "vnp_PayDate", "vnp_TransactionNo", "vnp_TransactionType",
	"vnp_TransactionStatus", "vnp_OrderInfo", "vnp_PromotionCode", "vnp_PromotionAmount"}

// RefundRequestFields is the order of the fields a refund signs.
var RefundRequestFields = []string{"vnp_RequestId", "vnp_Version", "vnp_Command", "vnp_TmnCode", "vnp_TransactionType",
	"vnp_TxnRef", "vnp_Amount", "vnp_TransactionNo", "vnp_TransactionDate", "vnp_CreateBy", "vnp_CreateDate",
	"vnp_IpAddr", "vnp_OrderInfo"}

// RefundResponseFields is the order of the fields a refund answer signs.
var RefundResponseFields = []string{"vnp_ResponseId", "vnp_Command", "vnp_ResponseCode", "vnp_Message", "vnp_TmnCode",
	"vnp_TxnRef", "vnp_Amount", "vnp_BankCode", "vnp_PayDate", "vnp_TransactionNo", "vnp_TransactionType",
	"vnp_TransactionStatus", "vnp_OrderInfo"}

// PipeHashData joins the named fields of m with |.
func PipeHashData(m map[string]string, fields []string) string {
	vals := make([]string, len(fields))
	for i, f := range fields {
		vals[i] = m[f]
	}
	return strings.Join(vals, "|")
}

// VNPayClient calls the merchant web API.
type VNPayClient struct {
	Config VNPayConfig
	HTTP   *http.Client
	IP     string // our server's address, sent as vnp_IpAddr
}

// post signs req over reqFields, posts it, and checks the answer's
// signature over respFields.
func (c *VNPayClient) post(ctx context.Context, req map[string]string, reqFields, respFields []string) (map[string]string, error) {
	req["vnp_SecureHash"] = HMACSHA512(c.Config.Secret, PipeHashData(req, reqFields))
	body, err := json.Marshal(req)
	if err != nil {
		return nil, err
	}
	hr, err := http.NewRequestWithContext(ctx, http.MethodPost, c.Config.APIURL, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	hr.Header.Set("Content-Type", "application/json")
	hc := c.HTTP
	if hc == nil {
		hc = &http.Client{Timeout: 30 * time.Second}
	}
	resp, err := hc.Do(hr)
	if err != nil {
		return nil, fmt.Errorf("vnpay %s: %w", req["vnp_Command"], err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return nil, fmt.Errorf("vnpay %s: %w", req["vnp_Command"], err)
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("vnpay %s: HTTP %d", req["vnp_Command"], resp.StatusCode)
	}
	var out map[string]string
	if err := json.Unmarshal(raw, &out); err != nil {
		return nil, fmt.Errorf("vnpay %s: %w: %v", req["vnp_Command"], ErrMalformed, err)
	}
	want := HMACSHA512(c.Config.Secret, PipeHashData(out, respFields))
	if !strings.EqualFold(out["vnp_SecureHash"], want) {
		return nil, fmt.Errorf("vnpay %s answer: %w", req["vnp_Command"], ErrBadSignature)
	}
	return out, nil
}

// QueryResult is what querydr says of an order.
type QueryResult struct {
	Found        bool // false: the gateway has no transaction for the order (code 91)
	Confirmation      // when Found
	Pending      bool // the transaction is still in progress at the gateway
	// Refunded: the gateway has taken a refund of it (vnp_TransactionStatus
	// 05 being refunded, 06 refund sent to the bank).
	Refunded bool
}

// Query asks the gateway what became of p (querydr). requestID must be
// unique per day.
func (c *VNPayClient) Query(ctx context.Context, p *Payment, requestID string, now time.Time) (QueryResult, error) {
	req := map[string]string{
		"vnp_RequestId": requestID, "vnp_Version": VNPayVersion, "vnp_Command": "querydr",
		"vnp_TmnCode": c.Config.TmnCode, "vnp_TxnRef": p.TxnRef, "vnp_OrderInfo": "Truy van giao dich " + p.TxnRef,
		"vnp_TransactionDate": FormatVNPayTime(p.CreatedAt), "vnp_CreateDate": FormatVNPayTime(now), "vnp_IpAddr": c.IP,
	}
	out, err := c.post(ctx, req, QueryRequestFields, QueryResponseFields)
	if err != nil {
		return QueryResult{}, err
	}
	switch out["vnp_ResponseCode"] {
	case "00":
	case "91":
		return QueryResult{}, nil
	default:
		return QueryResult{}, fmt.Errorf("vnpay querydr %s: code %s %s", p.TxnRef, out["vnp_ResponseCode"], out["vnp_Message"])
	}
	if out["vnp_TxnRef"] != p.TxnRef {
		return QueryResult{}, fmt.Errorf("vnpay querydr %s: %w: answer is for %q", p.TxnRef, ErrMalformed, out["vnp_TxnRef"])
	}
	amt, err := strconv.ParseInt(out["vnp_Amount"], 10, 64)
	if err != nil || amt < 0 {
		return QueryResult{}, fmt.Errorf("vnpay querydr %s: %w: vnp_Amount %q", p.TxnRef, ErrMalformed, out["vnp_Amount"])
	}
	r := QueryResult{Found: true, Confirmation: Confirmation{Provider: VNPay, TxnRef: p.TxnRef, Amount: amt / 100,
		GatewayTxn: out["vnp_TransactionNo"], BankCode: out["vnp_BankCode"], Via: "query"}}
	if amt%100 != 0 {
		r.Amount = -1
	}
	switch out["vnp_TransactionStatus"] {
	case "00":
		r.Success = true
	case "01":
		r.Pending = true
	case "05", "06":
		r.Success, r.Refunded = true, true
	default:
		r.Reason = "vnp_TransactionStatus=" + out["vnp_TransactionStatus"]
	}
	if pd := out["vnp_PayDate"]; pd != "" {
		r.PayDate, _ = ParseVNPayTime(pd)
	}
	return r, nil
}

// RefusedError is the gateway's answer that it will not do what was asked.
type RefusedError struct {
	Code, Message string
}

func (e *RefusedError) Error() string { return "code " + e.Code + " " + e.Message }

// Refund asks the gateway to give back the whole of a paid payment. An
// answer other than 00 is a *RefusedError; any other error means the
// answer is unknown (the refund may have been taken).
func (c *VNPayClient) Refund(ctx context.Context, p *Payment, requestID, by string, now time.Time) error {
	req := map[string]string{
		"vnp_RequestId": requestID, "vnp_Version": VNPayVersion, "vnp_Command": "refund",
		"vnp_TmnCode": c.Config.TmnCode, "vnp_TransactionType": "02", "vnp_TxnRef": p.TxnRef,
		"vnp_Amount": strconv.FormatInt(p.Amount*100, 10), "vnp_TransactionNo": p.GatewayTxn,
		"vnp_TransactionDate": FormatVNPayTime(p.CreatedAt), "vnp_CreateBy": by, "vnp_CreateDate": FormatVNPayTime(now),
		"vnp_IpAddr": c.IP, "vnp_OrderInfo": "Hoan tien ho so " + p.DossierCode,
	}
	out, err := c.post(ctx, req, RefundRequestFields, RefundResponseFields)
	if err != nil {
		return err
	}
	if out["vnp_ResponseCode"] != "00" {
		return fmt.Errorf("vnpay refund %s: %w", p.TxnRef, &RefusedError{Code: out["vnp_ResponseCode"], Message: out["vnp_Message"]})
	}
	return nil
}

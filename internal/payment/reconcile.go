package payment

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Settled is one transaction the gateway settled, from its settlement file.
type Settled struct {
	TxnRef     string
	GatewayTxn string
	Amount     int64 // VND
	PayDate    time.Time
	Refunded   bool
}

// MaxSettlementRows bounds a settlement file: a commune's day is a few
// hundred payments.
const MaxSettlementRows = 100_000

// ParseSettlement reads a settlement file as CSV with a header row naming
// at least TxnRef, TransactionNo, Amount (VND), PayDate (yyyyMMddHHmmss,
// GMT+7) and Status (00 settled, 06 refunded). Every bad row is reported
// with its line number.
func ParseSettlement(r io.Reader) ([]Settled, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	head, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("settlement file: %w", err)
	}
	col := map[string]int{}
	for i, h := range head {
		col[strings.TrimPrefix(strings.TrimSpace(h), "\uFEFF")] = i
	}
	for _, need := range []string{"TxnRef", "TransactionNo", "Amount", "PayDate", "Status"} {
		if _, ok := col[need]; !ok {
			return nil, fmt.Errorf("settlement file: no %s column (have %s)", need, strings.Join(head, ","))
		}
	}
	var out []Settled
	var errs []error
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("settlement file: %w", err)
		}
		if len(out) >= MaxSettlementRows {
			return nil, fmt.Errorf("settlement file: more than %d rows", MaxSettlementRows)
		}
		get := func(k string) string {
			if i := col[k]; i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		s := Settled{TxnRef: get("TxnRef"), GatewayTxn: get("TransactionNo"), Refunded: get("Status") == "06"}
		if s.TxnRef == "" {
			errs = append(errs, fmt.Errorf("line %d: empty TxnRef", line))
			continue
		}
		if s.Amount, err = strconv.ParseInt(get("Amount"), 10, 64); err != nil || s.Amount < 0 || s.Amount > MaxLines*MaxLineAmount {
			errs = append(errs, fmt.Errorf("line %d: Amount %q: want 0 to %d VND", line, get("Amount"), int64(MaxLines*MaxLineAmount)))
			continue
		}
		if s.PayDate, err = ParseVNPayTime(get("PayDate")); err != nil {
			errs = append(errs, fmt.Errorf("line %d: PayDate %q: want yyyyMMddHHmmss", line, get("PayDate")))
			continue
		}
		out = append(out, s)
	}
	return out, errors.Join(errs...)
}

// DiffKind names a difference between our records and the gateway's.
type DiffKind string

const (
	// NotSettled: we recorded it paid; the gateway did not settle it.
	NotSettled DiffKind = "not_settled"
	// NotRecorded: the gateway settled it; we have no paid payment for it
	// (unknown order, or ours still open, failed or expired).
	NotRecorded DiffKind = "not_recorded"
	// AmountDiffers: both have it, with different amounts.
	AmountDiffers DiffKind = "amount_differs"
	// RefundDiffers: one side refunded it, the other not.
	RefundDiffers DiffKind = "refund_differs"
)

// Label is the difference's Vietnamese name.
func (k DiffKind) Label() string {
	switch k {
	case NotSettled:
		return "Có trong hệ thống, cổng không quyết toán"
	case NotRecorded:
		return "Cổng đã quyết toán, hệ thống chưa ghi nhận"
	case AmountDiffers:
		return "Lệch số tiền"
	case RefundDiffers:
		return "Lệch trạng thái hoàn tiền"
	}
	return string(k)
}

// Difference is one line of the reconciliation that does not match.
type Difference struct {
	Kind    DiffKind
	TxnRef  string
	Ours    *Payment // nil when we have no such payment
	Theirs  *Settled // nil when the gateway did not settle it
	Summary string
}

// Reconciliation compares a day of one unit and provider.
type Reconciliation struct {
	Matched       int
	MatchedAmount int64 // VND
	OursTotal     int64 // our paid (not refunded) payments, VND
	TheirsTotal   int64 // the gateway's settled (not refunded) transactions, VND
	Differences   []Difference
}

// Reconcile compares our payments of the day (paid or refunded) with what
// the gateway settled. others holds our payments, of any state and day, for
// the references the gateway settled that are not among ours (an IPN lost
// and not yet queried, a payment of another day).
func Reconcile(ours []*Payment, theirs []Settled, others map[string]*Payment) Reconciliation {
	var r Reconciliation
	byRef := map[string]*Settled{}
	for i := range theirs {
		t := &theirs[i]
		byRef[t.TxnRef] = t
		if !t.Refunded {
			r.TheirsTotal += t.Amount
		}
	}
	seen := map[string]bool{}
	for _, p := range ours {
		seen[p.TxnRef] = true
		if p.State == Paid {
			r.OursTotal += p.Amount
		}
		t := byRef[p.TxnRef]
		switch {
		case t == nil:
			if p.State == Paid {
				r.Differences = append(r.Differences, Difference{Kind: NotSettled, TxnRef: p.TxnRef, Ours: p,
					Summary: fmt.Sprintf("%s: đã thanh toán %s đồng theo hệ thống, không có trong tệp quyết toán", p.DossierCode, FormatVND(p.Amount))})
			}
		case t.Amount != p.Amount:
			r.Differences = append(r.Differences, Difference{Kind: AmountDiffers, TxnRef: p.TxnRef, Ours: p, Theirs: t,
				Summary: fmt.Sprintf("%s: hệ thống %s đồng, cổng %s đồng", p.DossierCode, FormatVND(p.Amount), FormatVND(t.Amount))})
		case t.Refunded != (p.State == Refunded):
			r.Differences = append(r.Differences, Difference{Kind: RefundDiffers, TxnRef: p.TxnRef, Ours: p, Theirs: t,
				Summary: fmt.Sprintf("%s: hệ thống %s, cổng %s", p.DossierCode, p.State.Label(), refundLabel(t.Refunded))})
		default:
			r.Matched++
			if p.State == Paid {
				r.MatchedAmount += p.Amount
			}
		}
	}
	for i := range theirs {
		t := &theirs[i]
		if seen[t.TxnRef] {
			continue
		}
		d := Difference{Kind: NotRecorded, TxnRef: t.TxnRef, Theirs: t, Ours: others[t.TxnRef]}
		if d.Ours == nil {
			d.Summary = fmt.Sprintf("cổng quyết toán %s đồng cho mã %s không có trong hệ thống", FormatVND(t.Amount), t.TxnRef)
		} else {
			d.Summary = fmt.Sprintf("%s: cổng quyết toán %s đồng, hệ thống ghi %q", d.Ours.DossierCode, FormatVND(t.Amount), d.Ours.State.Label())
		}
		r.Differences = append(r.Differences, d)
	}
	sort.SliceStable(r.Differences, func(i, j int) bool { return r.Differences[i].TxnRef < r.Differences[j].TxnRef })
	return r
}

func refundLabel(refunded bool) string {
	if refunded {
		return "đã hoàn tiền"
	}
	return "đã quyết toán"
}

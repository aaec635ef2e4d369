package payment

import (
	"fmt"
	"time"
)

// State is where a payment stands.
type State string

const (
	Created State = "created" // recorded, the citizen not yet sent to the gateway
	Pending State = "pending" // the citizen was sent to the gateway; only its IPN or a query settles it
	Paid    State = "paid"    // the gateway confirmed it (IPN or query), or cash at the counter
	Failed  State = "failed"  // the gateway said it failed or was cancelled
	Expired State = "expired" // nothing came before the payment expired and the query found nothing
	// RefundRequested: paid, and its refund asked for (by an officer, or by
	// the procedure's rule when the dossier was refused or withdrawn). The
	// payment job sends it to the gateway; money taken at the counter or on
	// the national platform is given back by an officer, who confirms it.
	RefundRequested State = "refund_requested"
	Refunded        State = "refunded" // paid, then given back
)

// Label is the state's Vietnamese name.
func (s State) Label() string {
	switch s {
	case Created:
		return "Mới tạo"
	case Pending:
		return "Đang chờ xác nhận"
	case Paid:
		return "Đã thanh toán"
	case Failed:
		return "Không thành công"
	case Expired:
		return "Hết hạn"
	case RefundRequested:
		return "Đang hoàn tiền"
	case Refunded:
		return "Đã hoàn tiền"
	}
	return string(s)
}

// Open reports whether the gateway may still settle the payment.
func (s State) Open() bool { return s == Created || s == Pending }

// Provider names who collects a payment.
type Provider string

const (
	VNPay  Provider = "vnpay"
	PayGov Provider = "paygov" // the national payment platform of the public service portal
	Cash   Provider = "cash"   // at the counter
	// Transfer: a bank transfer recorded at the counter (a post dossier's
	// fee, say); like cash, an officer confirms it and gives it back.
	Transfer Provider = "transfer"
)

// RefundsItself reports whether motcua asks the gateway for a refund (the
// payment job does); otherwise an officer gives the money back and
// confirms it (cash, transfer, and the national platform, whose refund
// protocol is not published).
func (p Provider) RefundsItself() bool { return p == VNPay }

// Label is the provider's Vietnamese name.
func (p Provider) Label() string {
	switch p {
	case VNPay:
		return "VNPay"
	case PayGov:
		return "Nền tảng thanh toán trực tuyến (Cổng DVCQG)"
	case Cash:
		return "Tiền mặt tại Bộ phận Một cửa"
	case Transfer:
		return "Chuyển khoản (ghi nhận tại Bộ phận Một cửa)"
	}
	return string(p)
}

// ParseProvider reads a provider's name.
func ParseProvider(s string) (Provider, error) {
	switch p := Provider(s); p {
	case VNPay, PayGov, Cash:
		return p, nil
	}
	return "", fmt.Errorf("unknown payment provider %q (want vnpay, paygov or cash)", s)
}

// Payment is one attempt to pay a dossier's fees.
type Payment struct {
	ID           string
	DossierID    string
	DossierCode  string
	UnitID       string // the receiving unit, which collects
	Provider     Provider
	TxnRef       string // our order reference, sent to the gateway (vnp_TxnRef, MaThamChieu)
	Amount       int64  // VND
	State        State
	Lines        []Line
	Beneficiary  Beneficiary
	PayerName    string
	GatewayTxn   string // the gateway's transaction number (vnp_TransactionNo, MaGiaoDich)
	BankCode     string
	FailReason   string
	CreatedAt    time.Time
	ExpiresAt    time.Time
	PaidAt       time.Time // the gateway's payment time
	ConfirmedAt  time.Time // when we recorded it
	ConfirmedBy  string    // "ipn", "query", or the officer's id for cash
	RefundedAt   time.Time
	RefundReason string
	Refund       RefundRequest // when a refund was asked for
}

// RefundRequest is the refund asked for a paid payment, kept while the
// payment job sends it and after.
type RefundRequest struct {
	// ID is the gateway's request id (vnp_RequestId), drawn once when the
	// refund is asked for and sent unchanged on every try, so that a retry
	// after a lost answer is the same request, not a second refund.
	ID          string
	RequestedAt time.Time
	RequestedBy string // the officer's username, or "motcua" for the procedure's rule
	Attempts    int    // sends to the gateway so far
	NextAt      time.Time
	// LastError is why the last try did not finish (a timeout, or the
	// gateway's refusal, which puts the payment back to paid).
	LastError string
}

// Confirmation is what a gateway tells us about one order, by IPN, callback
// or query, after its signature has been checked.
type Confirmation struct {
	Provider   Provider
	TxnRef     string
	Amount     int64 // VND
	Success    bool
	GatewayTxn string
	BankCode   string
	PayDate    time.Time
	Reason     string // the gateway's code when it failed
	Via        string // "ipn" or "query"
}

// Outcome is what recording a confirmation did, from which each gateway's
// answer code follows.
type Outcome int

const (
	Confirmed        Outcome = iota // recorded now (paid or failed)
	AlreadyConfirmed                // settled before: nothing changed
	OrderNotFound                   // no such order
	AmountMismatch                  // the amount differs from the order's: nothing changed
)

// Decide says what a confirmation does to a payment, without changing it:
// the outcome and the state it moves to (when Confirmed). A payment the
// gateway already settled is answered AlreadyConfirmed and kept as it is.
// An expired one was expired by us, not by the gateway: a success that comes
// late still marks it paid, since the citizen's money was taken.
func Decide(p *Payment, c Confirmation) (Outcome, State) {
	if p == nil {
		return OrderNotFound, ""
	}
	if c.Amount != p.Amount {
		return AmountMismatch, ""
	}
	if p.State == Expired && c.Success {
		return Confirmed, Paid
	}
	if !p.State.Open() {
		return AlreadyConfirmed, ""
	}
	if c.Success {
		return Confirmed, Paid
	}
	return Confirmed, Failed
}

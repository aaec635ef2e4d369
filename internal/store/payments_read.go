package store

import (
	"context"
	"fmt"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/payment"
)

// Payment returns the payment with this order reference.
func (db *DB) Payment(ctx context.Context, txnRef string) (*payment.Payment, error) {
	p, err := paymentWhere(ctx, db.read, `txn_ref = $1`, txnRef)
	if err == nil && p == nil {
		return nil, apperr.New(apperr.NotFound, "không tìm thấy giao dịch %s", txnRef)
	}
	return p, err
}

// PaymentsOf returns a dossier's payments, oldest first.
func (db *DB) PaymentsOf(ctx context.Context, dossierID string) ([]*payment.Payment, error) {
	return db.payments(ctx, `dossier_id = $1 ORDER BY created_at, id`, dossierID)
}

// OpenPayments returns up to limit payments still open that were created
// before the instant: those whose IPN has not come, for the query job.
func (db *DB) OpenPayments(ctx context.Context, createdBefore time.Time, limit int) ([]*payment.Payment, error) {
	return db.payments(ctx, `state IN ('created', 'pending') AND created_at < $1 ORDER BY created_at LIMIT $2`,
		createdBefore.UnixMilli(), limit)
}

// SettledPayments returns a unit's payments through a provider whose money
// moved in [from, to): paid (by payment time) or refunded, for the
// reconciliation.
func (db *DB) SettledPayments(ctx context.Context, unitID string, provider payment.Provider, from, to time.Time) ([]*payment.Payment, error) {
	return db.payments(ctx, `unit_id = $1 AND provider = $2 AND paid_at >= $3 AND paid_at < $4 AND state IN ('paid', 'refund_requested', 'refunded')
		ORDER BY paid_at, id`, unitID, string(provider), from.UnixMilli(), to.UnixMilli())
}

// PaymentsByRef returns the payments with these order references, by
// reference (the reconciliation looks up what the gateway settled).
func (db *DB) PaymentsByRef(ctx context.Context, refs []string) (map[string]*payment.Payment, error) {
	out := map[string]*payment.Payment{}
	for _, r := range refs {
		p, err := paymentWhere(ctx, db.read, `txn_ref = $1`, r)
		if err != nil {
			return nil, err
		}
		if p != nil {
			out[r] = p
		}
	}
	return out, nil
}

func (db *DB) payments(ctx context.Context, where string, args ...any) ([]*payment.Payment, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT `+paymentCols+` FROM payments WHERE `+where, args...)
	if err != nil {
		return nil, fmt.Errorf("read payments: %w", err)
	}
	defer rows.Close()
	var out []*payment.Payment
	for rows.Next() {
		p, err := scanPayment(rows)
		if err != nil {
			return nil, fmt.Errorf("read payments: %w", err)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// UnitPayments returns a unit's payments started in [from, to), newest
// first, at most limit.
func (db *DB) UnitPayments(ctx context.Context, unitID string, from, to time.Time, limit int) ([]*payment.Payment, error) {
	return db.payments(ctx, `unit_id = $1 AND created_at >= $2 AND created_at < $3 ORDER BY created_at DESC, id LIMIT $4`,
		unitID, from.UnixMilli(), to.UnixMilli(), limit)
}

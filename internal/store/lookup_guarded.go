package store

import (
	"context"
	"crypto/subtle"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/dossier"
)

// LookupFullNumberMessage is the Throttled error's message when a code's
// four-digit tries are spent: the owner is asked for the whole number.
const LookupFullNumberMessage = "Mã hồ sơ này vừa bị tra cứu sai nhiều lần. Để bảo vệ hồ sơ, vui lòng nhập đầy đủ số điện thoại hoặc số định danh đã khai (thay cho 4 số cuối)."

// LookupGuarded is Lookup for the public, throttled so that the four digits
// cannot be guessed, without locking the real owner out:
//
//   - after too many failed tries from one address within 15 minutes, that
//     address gets Throttled without looking;
//   - after too many failed four-digit tries on one code, four digits are no
//     longer enough for that code: the answer is Throttled on field "so"
//     (LookupFullNumberMessage), and the whole phone number or ID number the
//     applicant gave (9 to 12 digits, far too many to guess) still opens it.
//
// secret is the last four digits, or the whole phone or ID number. clientKey
// identifies the caller (its address).
//
// The check, the look and the count of a failed try are one transaction
// holding the throttles' keys (on PostgreSQL an advisory lock per key; on
// SQLite the single writer), so concurrent guesses are counted one after the
// other, and a try that finds its dossier writes nothing. (It used to count
// each try before looking and uncount it after: four commits a lookup.)
//
// Most tries are the applicant's own and right: lookupFast answers those
// with one read, and only a try it cannot answer (a wrong pair, a throttled
// key) goes through the transaction.
func (db *DB) LookupGuarded(ctx context.Context, code, secret, clientKey string) (*dossier.Dossier, []StoredEvent, error) {
	code = strings.TrimSpace(code)
	secret = strings.TrimSpace(secret)
	full := len(secret) > 4
	d, err := db.lookupFast(ctx, code, secret, full, clientKey)
	if err != nil {
		return nil, nil, err
	}
	if d != nil {
		events, err := db.events(ctx, d.ID, true)
		return d, events, err
	}
	var missed error // NotFound: the try failed, and was counted
	err = db.Transact(ctx, func(tx *Tx) error {
		d, missed = nil, nil
		keys, err := tx.checkAttempts(ctx, "Tra cứu sai quá nhiều lần. Vui lòng thử lại sau 15 phút.",
			Allowance{Key: "lookup:" + clientKey, Max: maxLookupsPerClient, Window: lookupWindow})
		if err != nil {
			return err
		}
		if !full {
			codeKeys, err := tx.checkAttempts(ctx, LookupFullNumberMessage,
				Allowance{Key: "lookup-code:" + code, Max: maxLookupsPerCode, Window: lookupWindow})
			if apperr.KindOf(err) == apperr.Throttled {
				return &apperr.Error{Kind: apperr.Throttled, Field: "so", Message: LookupFullNumberMessage, Err: err}
			}
			if err != nil {
				return err
			}
			keys = append(keys, codeKeys...)
		}
		if full {
			d, err = lookupFull(ctx, db, tx.tx, code, secret)
		} else {
			d, err = lookupFour(ctx, db, tx.tx, code, secret)
		}
		if apperr.KindOf(err) != apperr.NotFound {
			return err
		}
		missed = err
		_, err = tx.recordAttempts(ctx, keys)
		return err
	})
	if err != nil {
		return nil, nil, err
	}
	if missed != nil {
		return nil, nil, missed
	}
	events, err := db.events(ctx, d.ID, true)
	return d, events, err
}

// lookupFast opens the dossier when the pair is right and neither throttle
// is spent, in one statement on the read pool that writes nothing: the
// dossier and the two keys' failed tries in the window. It returns nil
// when it cannot answer: the pair is wrong (the try must be counted), a
// throttle is spent (the refusal is the transaction's to give), or the whole
// number does not match. Its counts are not locked: a success read while
// another address's concurrent failure reaches the limit is still answered,
// which gives a guesser nothing, as a success is not a guess that failed.
func (db *DB) lookupFast(ctx context.Context, code, secret string, full bool, clientKey string) (*dossier.Dossier, error) {
	digits := secret
	if full {
		if digits = onlyDigits(secret); len(digits) < 9 || len(digits) > 12 {
			return nil, nil
		}
	} else if len(secret) != 4 {
		return nil, nil
	}
	if code == "" {
		return nil, nil
	}
	var doc string
	var key sql.NullString
	var byClient, byCode int
	since := db.now().UnixMilli() - lookupWindow.Milliseconds() // as checkAttempts counts, to the millisecond
	err := db.read.QueryRowContext(ctx, `SELECT d.doc, d.idempotency_key,
		(SELECT COUNT(*) FROM attempts WHERE key = $3 AND at >= $5),
		(SELECT COUNT(*) FROM attempts WHERE key = $4 AND at >= $5)
		FROM dossiers d WHERE d.code = $1 AND (d.lookup_phone = $2 OR d.lookup_id = $2)`,
		code, digits[len(digits)-4:], attemptKey("lookup:"+clientKey), attemptKey("lookup-code:"+code), since,
	).Scan(&doc, &key, &byClient, &byCode)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("look up %s: %w", code, err)
	}
	if byClient >= maxLookupsPerClient || !full && byCode >= maxLookupsPerCode {
		return nil, nil
	}
	d, err := decodeDossier([]byte(doc))
	if err != nil {
		return nil, fmt.Errorf("look up %s: %w", code, err)
	}
	d.IdempotencyKey = key.String
	if full && !wholeNumberOf(d, digits) {
		return nil, nil
	}
	return d, nil
}

// lookupFour opens a dossier with its code and the last four digits of its
// applicant's phone or ID number, through q. A wrong pair is NotFound.
func lookupFour(ctx context.Context, db *DB, q querier, code, last4digits string) (*dossier.Dossier, error) {
	notFound := apperr.New(apperr.NotFound, "không tìm thấy hồ sơ với mã và 4 số cuối đã nhập")
	if len(last4digits) != 4 || code == "" {
		return nil, notFound
	}
	d, err := db.dossierWhere(ctx, q, `code = $1 AND (lookup_phone = $2 OR lookup_id = $2)`, code, last4digits)
	if apperr.KindOf(err) == apperr.NotFound {
		return nil, notFound
	}
	return d, err
}

// lookupFull opens a dossier with its code and the whole phone number or ID
// number of its applicant, compared in constant time, through q. A wrong
// pair is NotFound, as in Lookup.
func lookupFull(ctx context.Context, db *DB, q querier, code, number string) (*dossier.Dossier, error) {
	notFound := apperr.New(apperr.NotFound, "không tìm thấy hồ sơ với mã và số đã nhập")
	digits := onlyDigits(number)
	if code == "" || len(digits) < 9 || len(digits) > 12 {
		return nil, notFound
	}
	d, err := db.dossierWhere(ctx, q, `code = $1 AND (lookup_phone = $2 OR lookup_id = $2)`, code, digits[len(digits)-4:])
	if apperr.KindOf(err) == apperr.NotFound {
		return nil, notFound
	}
	if err != nil {
		return nil, err
	}
	if !wholeNumberOf(d, digits) {
		return nil, notFound
	}
	return d, nil
}

// wholeNumberOf reports whether digits are the whole phone number or ID
// number of d's applicant, compared in constant time.
func wholeNumberOf(d *dossier.Dossier, digits string) bool {
	phone, id := onlyDigits(d.Applicant.Phone), onlyDigits(d.Applicant.IDNumber)
	return subtle.ConstantTimeCompare([]byte(digits), []byte(phone)) == 1 || subtle.ConstantTimeCompare([]byte(digits), []byte(id)) == 1
}

func onlyDigits(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

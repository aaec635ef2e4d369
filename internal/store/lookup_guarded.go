package store

import (
	"context"
	"crypto/subtle"
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
func (db *DB) LookupGuarded(ctx context.Context, code, secret, clientKey string) (*dossier.Dossier, []StoredEvent, error) {
	code = strings.TrimSpace(code)
	secret = strings.TrimSpace(secret)
	// Each try is counted before looking, so that concurrent guesses are
	// counted too; a try that found the dossier is uncounted afterwards.
	res, err := db.ReserveAttempt(ctx, "Tra cứu sai quá nhiều lần. Vui lòng thử lại sau 15 phút.",
		Allowance{Key: "lookup:" + clientKey, Max: maxLookupsPerClient, Window: lookupWindow})
	if err != nil {
		return nil, nil, err
	}
	var d *dossier.Dossier
	var events []StoredEvent
	if len(secret) > 4 {
		d, events, err = db.lookupFull(ctx, code, secret)
	} else {
		codeRes, cerr := db.ReserveAttempt(ctx, LookupFullNumberMessage,
			Allowance{Key: "lookup-code:" + code, Max: maxLookupsPerCode, Window: lookupWindow})
		if cerr != nil {
			if rerr := db.ReleaseAttempt(ctx, res); rerr != nil {
				return nil, nil, rerr
			}
			if apperr.KindOf(cerr) == apperr.Throttled {
				return nil, nil, &apperr.Error{Kind: apperr.Throttled, Field: "so", Message: LookupFullNumberMessage, Err: cerr}
			}
			return nil, nil, cerr
		}
		d, events, err = db.Lookup(ctx, code, secret)
		if apperr.KindOf(err) != apperr.NotFound {
			if rerr := db.ReleaseAttempt(ctx, codeRes); rerr != nil {
				return nil, nil, rerr
			}
		}
	}
	if apperr.KindOf(err) != apperr.NotFound {
		if rerr := db.ReleaseAttempt(ctx, res); rerr != nil {
			return nil, nil, rerr
		}
	}
	return d, events, err
}

// lookupFull opens a dossier with its code and the whole phone number or ID
// number of its applicant, compared in constant time. A wrong pair is
// NotFound, as in Lookup.
func (db *DB) lookupFull(ctx context.Context, code, number string) (*dossier.Dossier, []StoredEvent, error) {
	notFound := apperr.New(apperr.NotFound, "không tìm thấy hồ sơ với mã và số đã nhập")
	digits := onlyDigits(number)
	if code == "" || len(digits) < 9 || len(digits) > 12 {
		return nil, nil, notFound
	}
	d, err := db.dossierWhere(ctx, db.read, `code = $1 AND (lookup_phone = $2 OR lookup_id = $2)`, code, digits[len(digits)-4:])
	if apperr.KindOf(err) == apperr.NotFound {
		return nil, nil, notFound
	}
	if err != nil {
		return nil, nil, err
	}
	phone, id := onlyDigits(d.Applicant.Phone), onlyDigits(d.Applicant.IDNumber)
	if subtle.ConstantTimeCompare([]byte(digits), []byte(phone)) != 1 && subtle.ConstantTimeCompare([]byte(digits), []byte(id)) != 1 {
		return nil, nil, notFound
	}
	events, err := db.events(ctx, d.ID, true)
	return d, events, err
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

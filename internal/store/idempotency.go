package store

import (
	"crypto/sha256"
	"encoding/hex"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/textfold"
)

// maxIdempotencyKey bounds a caller's idempotency key.
const maxIdempotencyKey = 100

// idempotencyKey returns the key to store for req: "" without one; the
// caller's key as it is when req.KeyScope is empty (a random secret the
// server minted for a form); otherwise a digest of the scope (who calls),
// the unit, the channel, the procedure and the key, so that one caller's key
// never meets another's dossier. Errors: Invalid when the key is too long.
func idempotencyKey(req IntakeRequest) (string, error) {
	key := strings.TrimSpace(req.Intake.IdempotencyKey)
	if len(key) > maxIdempotencyKey {
		return "", apperr.Invalidf("idempotency_key", "khoá chống trùng dài quá %d ký tự", maxIdempotencyKey)
	}
	if key == "" || req.KeyScope == "" {
		return key, nil
	}
	h := sha256.New()
	for _, part := range []string{req.KeyScope, req.UnitID, strconv.Itoa(int(req.Intake.Channel)), req.ProcedureCode, key} {
		h.Write([]byte(strconv.Itoa(len(part)) + ":" + part + ";"))
	}
	return "scoped:" + hex.EncodeToString(h.Sum(nil)), nil
}

// errKeyReused answers a key that made another request's dossier: it says
// nothing of that dossier.
var errKeyReused = &apperr.Error{Kind: apperr.Conflict, Field: "idempotency_key",
	Message: "khoá chống trùng (Idempotency-Key) này đã được dùng cho một yêu cầu khác; hãy dùng khoá mới cho hồ sơ mới"}

// sameRequest reports (as errKeyReused) when d, the dossier a key already
// made, is not what req asks for: another unit, channel or procedure, or
// another applicant, submitter, request, declaration or set of components.
func sameRequest(d *dossier.Dossier, req IntakeRequest) error {
	if d.ReceivingUnitID != req.UnitID || d.Channel != req.Intake.Channel || d.ProcedureCode != req.ProcedureCode ||
		(d.AssistedBy != "") != req.Intake.Assisted {
		return errKeyReused
	}
	in := req.Intake
	in.Applicant.Normalize()
	if in.Applicant != d.Applicant {
		return errKeyReused
	}
	switch {
	case (in.Submitter == nil) != (d.Submitter == nil):
		return errKeyReused
	case in.Submitter != nil:
		s := *in.Submitter
		s.Normalize()
		if s != *d.Submitter {
			return errKeyReused
		}
	}
	if textfold.NFC(in.Request) != d.Request {
		return errKeyReused
	}
	decl := map[string]string{}
	for k, v := range in.Declaration {
		if v = textfold.NFC(v); v != "" {
			decl[k] = v
		}
	}
	stored := maps.Clone(d.Declaration)
	maps.DeleteFunc(stored, func(_, v string) bool { return v == "" })
	if !maps.Equal(decl, stored) && (len(decl) > 0 || len(stored) > 0) {
		return errKeyReused
	}
	var asked, made []string
	for _, c := range in.Components {
		asked = append(asked, textfold.NFC(c.Name))
	}
	for _, c := range d.Components {
		if !c.Generated { // Create adds the declaration generated from the answers
			made = append(made, c.Name)
		}
	}
	slices.Sort(asked)
	slices.Sort(made)
	if !slices.Equal(slices.Compact(asked), slices.Compact(made)) {
		return errKeyReused
	}
	return nil
}

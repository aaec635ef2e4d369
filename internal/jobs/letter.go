package jobs

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/letter"
	"github.com/motcua/motcua/internal/store"
)

// KindLetter is the kind of the job the store enqueues when a dossier whose
// procedure has a letter rule is resolved (key "letter:<dossier id>").
const KindLetter = "letter"

// letterPayload is the job's payload, as the store writes it.
type letterPayload struct {
	DossierID string `json:"dossier_id"`
	Kind      string `json:"kind"`
}

// LetterHandler returns the handler of letter jobs: see ProduceLetter. An
// unreadable payload, an unknown dossier or a declaration too incomplete to
// address the letter fail the job at once (Permanent); anything else is
// retried.
func LetterHandler(db *store.DB) Handler {
	return func(ctx context.Context, job *store.Job) error {
		var p letterPayload
		if err := json.Unmarshal(job.Payload, &p); err != nil || p.DossierID == "" {
			return Permanent(fmt.Errorf("letter job %s: bad payload %s: %v", job.Key, job.Payload, err))
		}
		_, _, err := ProduceLetter(ctx, db, p.DossierID)
		return err
	}
}

// ProduceLetter produces the letter a resolved dossier calls for, if any:
// it loads the dossier and its pinned procedure version, decides with
// letter.Decide (the procedure's letter kind under its default rule, facts
// from the dossier's Declaration, and whether the register already holds a
// letter), and when a letter is due records it with store.ProduceLetter,
// filling the template in force of the resolving unit, signed by that unit's
// letterhead signer. It returns the letter (nil when none is due) and whether
// this call created it. Running it again never makes a second letter.
//
// Errors wrapped by Permanent: the dossier does not exist; the declaration
// lacks what the letter needs. Others (the unit has no signer, the store
// failed) are worth retrying.
func ProduceLetter(ctx context.Context, db *store.DB, dossierID string) (*store.Letter, bool, error) {
	d, err := db.DossierByID(ctx, dossierID)
	if apperr.KindOf(err) == apperr.NotFound {
		return nil, false, Permanent(err)
	}
	if err != nil {
		return nil, false, err
	}
	pv, err := db.ProcedureVersionOf(ctx, d.ProcedureID, d.ProcedureVer)
	if err != nil {
		return nil, false, fmt.Errorf("letter for %s: %w", d.Code, err)
	}
	rule, err := store.LetterRule(pv.Procedure.Letter)
	if err != nil {
		return nil, false, Permanent(fmt.Errorf("letter for %s: %w", d.Code, err))
	}
	if rule.Kind == "" {
		return nil, false, nil
	}
	existing, err := db.Letters(ctx, store.LetterFilter{DossierID: d.ID, Kind: rule.Kind, Limit: 1})
	if err != nil {
		return nil, false, err
	}
	if len(existing) > 0 {
		return existing[0], false, nil
	}
	dec, err := letter.Decide(rule, store.LetterFacts(d, false))
	if errors.Is(err, letter.ErrIncompleteFacts) || errors.Is(err, letter.ErrUnknownKind) {
		return nil, false, Permanent(fmt.Errorf("letter for %s: %w", d.Code, err))
	}
	if err != nil {
		return nil, false, fmt.Errorf("letter for %s: %w", d.Code, err)
	}
	if !dec.Due {
		return nil, false, nil
	}
	u, err := db.Unit(ctx, d.ResolvingUnitID)
	if err != nil {
		return nil, false, fmt.Errorf("letter for %s: %w", d.Code, err)
	}
	l, created, err := db.ProduceLetter(ctx, store.ProduceLetterRequest{
		DossierID: d.ID, UnitID: u.ID, Decision: dec, Sender: store.SenderOf(u),
	})
	if err != nil {
		return nil, false, fmt.Errorf("letter for %s: %w", d.Code, err)
	}
	return l, created, nil
}

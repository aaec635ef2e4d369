package jobs

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/motcua/motcua/internal/letter"
	"github.com/motcua/motcua/internal/service"
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

// ProduceLetter runs the use case service.ProduceLetter for the letter
// job, classifying its errors for the runner.
//
// Errors wrapped by Permanent: the dossier does not exist; the declaration
// or the procedure cannot make the letter. Others (the unit has no signer,
// the store failed) are worth retrying.
func ProduceLetter(ctx context.Context, db *store.DB, dossierID string) (*store.Letter, bool, error) {
	l, created, err := service.ProduceLetter(ctx, db, dossierID)
	switch {
	case err == nil:
		return l, created, nil
	case errors.Is(err, service.ErrNoSuchDossier), errors.Is(err, letter.ErrIncompleteFacts), errors.Is(err, letter.ErrUnknownKind):
		return nil, false, Permanent(err)
	}
	return nil, false, err
}

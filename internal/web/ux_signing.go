package web

// A result whose signing failed (issue 19, docs/files.md): the sign job
// tries again by itself while the failure may pass (the signer down, 5xx,
// a timeout). The officers see it on the dossier page (the next attempt and
// why) and, once it failed for good, in the workspace's list of documents
// to sign again; the citizen's page says what is happening instead of
// "being signed" alone.

import (
	"context"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/store"
)

// signRetry is a pending document's last failed attempt.
type signRetry struct {
	Attempts int
	Next     time.Time
	Error    string
}

// signRetryOf reads the job of a pending document: its failed attempts so
// far, nil when none failed.
func (s *Server) signRetryOf(ctx context.Context, doc *store.SignedDoc) (*signRetry, error) {
	if doc.State != store.SignPending {
		return nil, nil
	}
	j, err := s.db.JobByKey(ctx, "sign:"+doc.ID)
	if apperr.KindOf(err) == apperr.NotFound {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if j.State != store.JobQueued || j.LastError == "" {
		return nil, nil
	}
	return &signRetry{Attempts: j.Attempts, Next: j.RunAt, Error: clipText(j.LastError, 300)}, nil
}

// signRetries maps each pending document with failed attempts to them.
func (s *Server) signRetries(ctx context.Context, docs []store.SignedDoc) (map[string]*signRetry, error) {
	out := map[string]*signRetry{}
	for i := range docs {
		r, err := s.signRetryOf(ctx, &docs[i])
		if err != nil {
			return nil, err
		}
		if r != nil {
			out[docs[i].ID] = r
		}
	}
	return out, nil
}

// citizenSigningNote says, for a result still waiting for its signature,
// what is happening: being signed, the signer unreachable and tried again
// at a time, or failed and waiting for the officers.
func (s *Server) citizenSigningNote(ctx context.Context, p *Page, d *dossier.Dossier) (string, error) {
	docs, err := s.db.SignedDocs(ctx, d.ID)
	if err != nil {
		return "", err
	}
	for i := range docs { // newest first
		doc := &docs[i]
		if doc.Kind != store.SignResult {
			continue
		}
		if doc.State == store.SignFailed {
			return p.T("result.signing.failed"), nil
		}
		r, err := s.signRetryOf(ctx, doc)
		if err != nil || r == nil {
			return p.T("result.signing"), err
		}
		return p.T("result.signing.retry", formatDateTime(r.Next)), nil
	}
	return p.T("result.signing"), nil
}

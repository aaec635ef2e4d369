package jobs

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/docgen"
	"github.com/motcua/motcua/internal/filestore"
	"github.com/motcua/motcua/internal/pdf"
	"github.com/motcua/motcua/internal/signing"
	"github.com/motcua/motcua/internal/store"
)

// KindSign is the kind of the job store.RequestSignature enqueues (key
// "sign:<signed document id>").
const KindSign = "sign"

// Signer is what signing jobs sign with.
type Signer struct {
	DB     *store.DB
	Files  filestore.Store
	Signer signing.Signer
	TSA    signing.TSA // nil: PAdES B-B
	// CRLs are the revocation lists held; a certificate they name as
	// revoked never signs (nil: not checked here; a remote service reports
	// its own certificates' status).
	CRLs    *signing.CRLs
	Title   string // the signer's title, printed in the signature block
	BaseURL func() string
	Now     func() time.Time
	// GiveUpAfter is how long after it was requested a document whose
	// signing keeps failing for a passing reason (the service unreachable,
	// answering 5xx, timing out) is marked failed (default
	// DefaultSignGiveUp). The runner's backoff spaces the attempts.
	GiveUpAfter time.Duration
}

// DefaultSignGiveUp is how long a passing signing failure is retried.
const DefaultSignGiveUp = 24 * time.Hour

// SignBackoff and SignMaxBackoff space the retries of a signing job whose
// signer is unreachable: 5 s, doubling up to 10 min. SignMaxAttempts bounds
// the runner's attempts so that it is GiveUpAfter, not the count, that
// ends the retries.
const (
	SignBackoff     = 5 * time.Second
	SignMaxBackoff  = 10 * time.Minute
	SignMaxAttempts = 1000
)

// PermanentSignError reports whether a signing failure will not pass by
// itself: a certificate that is expired, not yet valid or revoked, a holder
// or service that refuses, or a document that cannot be made (the dossier
// does not allow it). Anything else (the service unreachable, answering
// 5xx, timing out, a database hiccup) is worth trying again.
func PermanentSignError(err error) bool {
	if errors.Is(err, signing.ErrCertificate) || errors.Is(err, signing.ErrRefused) || errors.Is(err, signing.ErrRevoked) {
		return true
	}
	switch apperr.KindOf(err) {
	case apperr.Invalid, apperr.Conflict, apperr.NotFound, apperr.Forbidden:
		return true
	}
	return false
}

// SignHandler returns the handler of signing jobs: it renders the
// document, signs it (PAdES) and records the signed file. A permanent
// failure (PermanentSignError: an expired or revoked certificate, a holder
// who declines) marks the document failed at once with the reason, for the
// officers to see; a passing one (the signer unreachable, 5xx, a timeout)
// is retried by the runner with its backoff, the document staying pending,
// until GiveUpAfter has passed since the request. The dossier is never
// changed.
func SignHandler(s *Signer) Handler {
	return func(ctx context.Context, job *store.Job) error {
		var p struct {
			ID string `json:"id"`
		}
		if err := json.Unmarshal(job.Payload, &p); err != nil || p.ID == "" {
			return Permanent(fmt.Errorf("sign job %s: bad payload %s: %v", job.Key, job.Payload, err))
		}
		doc, err := s.DB.SignedDocByID(ctx, p.ID)
		if err != nil {
			return Permanent(err)
		}
		if doc.State != store.SignPending {
			return nil
		}
		err = s.sign(ctx, doc)
		if err == nil {
			return nil
		}
		giveUp := s.GiveUpAfter
		if giveUp <= 0 {
			giveUp = DefaultSignGiveUp
		}
		reason := err.Error()
		if !PermanentSignError(err) {
			if s.DB.Now().Sub(doc.CreatedAt) < giveUp {
				return err // tried again after the runner's backoff
			}
			reason = fmt.Sprintf("dịch vụ ký số không ký được trong %s sau khi được yêu cầu (lỗi cuối: %s)", hoursVI(giveUp), reason)
		}
		if ferr := s.DB.SignatureFailed(ctx, doc.ID, reason); ferr != nil {
			return ferr
		}
		return Permanent(err)
	}
}

// hoursVI words a duration in hours or minutes, in Vietnamese.
func hoursVI(d time.Duration) string {
	if d >= time.Hour {
		return fmt.Sprintf("%g giờ", d.Hours())
	}
	return fmt.Sprintf("%g phút", d.Minutes())
}

func (s *Signer) sign(ctx context.Context, doc *store.SignedDoc) error {
	chain, err := s.Signer.Chain(ctx)
	if err != nil {
		return err
	}
	at := s.Now().Truncate(time.Second)
	if _, err := s.CRLs.Check(chain[0], at, false); err != nil {
		return fmt.Errorf("%w: %w", signing.ErrCertificate, err)
	}
	name := chain[0].Subject.CommonName
	var buf bytes.Buffer
	var rect pdf.SignatureRect
	switch doc.Kind {
	case store.SignResult:
		// The result paper the specialist uploaded, if any, is what is
		// signed (an invisible signature: its layout is theirs); else the
		// result notice, with its visible signature block.
		paper, err := s.DB.ResultPaperOf(ctx, doc.DossierID)
		if err != nil && apperr.KindOf(err) != apperr.NotFound {
			return err
		}
		if paper != nil && paper.Source == store.ResultUploaded {
			_, data, err := s.Files.Get(ctx, paper.SHA256)
			if err != nil {
				return fmt.Errorf("result paper %s: %w", paper.ID, err)
			}
			buf.Write(data)
			break
		}
		r, err := docgen.BuildResult(ctx, s.DB, doc.DossierCode, s.BaseURL()+"/xac-thuc/"+doc.ID, name, s.Title, at)
		if err != nil {
			return err
		}
		if rect, err = pdf.RenderResultNotice(&buf, r); err != nil {
			return err
		}
	case store.SignReceipt:
		if err := docgen.Render(ctx, s.DB, docgen.KindReceipt, doc.DossierCode, docgen.Options{BaseURL: s.BaseURL(), MaskID: true, Now: s.Now}, &buf); err != nil {
			return err
		}
	default:
		return fmt.Errorf("unknown kind %q", doc.Kind)
	}
	signed, level, err := signing.Sign(ctx, signing.Request{PDF: buf.Bytes(), Name: name, Reason: doc.Title + " " + doc.DossierCode,
		Location: s.Title, Time: at, Rect: rect}, s.Signer, s.TSA)
	if err != nil {
		return err
	}
	f, err := filestore.Check(signed, filestore.Limits{}, "file")
	if err != nil {
		return fmt.Errorf("signed file: %w", err)
	}
	doc.Signer, doc.SignerTitle, doc.Method, doc.Level, doc.SignedAt = name, s.Title, s.Signer.Method(), level, at
	return s.DB.SignatureDone(ctx, doc, f, s.Files)
}

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
	// Attempts is how many times a signing service that does not answer is
	// tried before the document is marked failed (default 3).
	Attempts int
}

// SignHandler returns the handler of signing jobs: it renders the
// document, signs it (PAdES) and records the signed file. A refusal (an
// expired or revoked certificate, a holder who declines) marks the
// document failed at once with the reason; a service that does not answer
// is retried, then marked failed. The dossier is never changed.
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
		attempts := s.Attempts
		if attempts <= 0 {
			attempts = 3
		}
		if errors.Is(err, signing.ErrService) && job.Attempts < attempts {
			return err
		}
		if ferr := s.DB.SignatureFailed(ctx, doc.ID, err.Error()); ferr != nil {
			return ferr
		}
		return Permanent(err)
	}
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

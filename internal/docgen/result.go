package docgen

import (
	"context"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/pdf"
	"github.com/motcua/motcua/internal/store"
)

// BuildResult maps a resolved dossier onto the electronic result notice
// that is signed digitally: the resolving unit's letterhead, the results
// the procedure gives, the verification URL of signed document id, and the
// signer and time printed in the signature block.
// Errors: Conflict when the dossier has no result yet.
func BuildResult(ctx context.Context, db *store.DB, code, verifyURL, signer, signerTitle string, at time.Time) (pdf.ResultNotice, error) {
	return buildResult(ctx, db, code, verifyURL, signer, signerTitle, at, true)
}

// BuildResultUnsigned maps a dossier onto the result notice as it reads
// before (or without) a digital signature: the leader's preview of the
// generated result while the dossier is processed, or the citizen's copy
// where no signing is configured. The signature block says it is not
// signed; the QR code leads to statusURL.
func BuildResultUnsigned(ctx context.Context, db *store.DB, code, statusURL string, at time.Time) (pdf.ResultNotice, error) {
	return buildResult(ctx, db, code, statusURL, "(chưa ký số)", "", at, false)
}

func buildResult(ctx context.Context, db *store.DB, code, verifyURL, signer, signerTitle string, at time.Time, resolved bool) (pdf.ResultNotice, error) {
	dd, err := load(ctx, db, code)
	if err != nil {
		return pdf.ResultNotice{}, err
	}
	d := dd.d
	if resolved && d.Status != dossier.Resolved && d.Status != dossier.Returned {
		return pdf.ResultNotice{}, notApplicable("hồ sơ %s chưa có kết quả", d.Code)
	}
	var results []string
	for _, r := range dd.proc.Procedure.Results {
		results = append(results, r.Name)
	}
	name := strings.TrimSpace(d.Applicant.FullName)
	lh := letterhead(dd.resolving)
	if strings.TrimSpace(lh.Place) == "" { // a unit whose letterhead is not set up yet
		lh.Place = strings.TrimPrefix(strings.TrimPrefix(dd.resolving.Name, "UBND "), "xã ")
	}
	return pdf.ResultNotice{Letterhead: lh, DossierCode: d.Code, ProcedureName: d.ProcedureName,
		Applicant: name, Results: results, VerifyURL: verifyURL, Signer: signer, SignerTitle: signerTitle, SignedAt: at, Unsigned: !resolved}, nil
}

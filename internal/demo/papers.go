package demo

import (
	"bytes"
	"context"
	"fmt"
	"time"

	"github.com/go-pdf/fpdf"

	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/filestore"
	"github.com/motcua/motcua/internal/textfold"
)

// WithFiles keeps the demo's digitised papers in fs; by default they go to
// the database (store.DB.Blobs).
func WithFiles(fs filestore.Store) Option { return func(o *options) { o.files = fs } }

// requiredPapers are the indexes of the components a dossier must have
// digitised to count as digitised (report.Digitised): those marked must
// digitise, or all when none is.
func requiredPapers(d *dossier.Dossier) []int {
	var marked, all []int
	for i, c := range d.Components {
		all = append(all, i)
		if c.MustDigitise {
			marked = append(marked, i)
		}
	}
	if len(marked) > 0 {
		return marked
	}
	return all
}

// digitise digitises, or marks as reused, every required component of a
// planned digitised dossier: each scan is a small PDF kept in the file
// store with its record, so the digitisation rate comes from records.
func (s *sim) digitise(ctx context.Context, l *life, reuse bool) error {
	reception := l.p.reception
	for _, i := range requiredPapers(l.d) {
		if l.d.Components[i].PaperID != "" || l.d.Components[i].Digitisation == dossier.ReusedStore {
			continue
		}
		if reuse {
			d, err := s.db.Act(ctx, l.d.Code, dossier.Action{Kind: dossier.ActDigitise, Component: i, Digitisation: dossier.ReusedStore}, reception)
			s.txs++
			if err != nil {
				return err
			}
			l.d = d
			continue
		}
		f, err := scan(l.d.Code, l.d.Components[i].Name, s.clock.Now())
		if err != nil {
			return err
		}
		if _, err := s.db.Digitise(ctx, l.d.Code, i, f, s.files, reception); err != nil {
			return err
		}
		s.txs++
		if l.d, err = s.db.Dossier(ctx, l.d.Code); err != nil {
			return err
		}
	}
	return nil
}

// scan makes the one-page PDF standing for a scanned paper.
func scan(code, name string, at time.Time) (*filestore.File, error) {
	p := fpdf.New("P", "mm", "A4", "")
	p.SetCompression(false)
	p.SetCreationDate(at)
	p.SetModificationDate(at)
	p.AddPage()
	p.SetFont("Helvetica", "", 12)
	p.MultiCell(0, 8, fmt.Sprintf("Ban so hoa - ho so %s\n%s", code, textfold.Fold(name)), "", "L", false)
	var b bytes.Buffer
	if err := p.Output(&b); err != nil {
		return nil, fmt.Errorf("demo scan: %w", err)
	}
	return filestore.Check(b.Bytes(), filestore.Limits{}, "file")
}

package store_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/filestore"
	"github.com/motcua/motcua/internal/filestore/filestoretest"
	"github.com/motcua/motcua/internal/staff"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/store/storetest"
)

// TestResultPaperReplaceableUntilApproval: the lead specialist uploads the
// result (a PDF; an image is refused), a retry of the same upload changes
// nothing, the generated notice replaces it (the first is kept, marked
// replaced); officers of other roles or units are refused and leave no
// bytes behind; an electronic result cannot be approved without a paper;
// after approval the paper cannot change.
func TestResultPaperReplaceableUntilApproval(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		for _, backend := range []string{"disk", "db"} {
			t.Run(backend, func(t *testing.T) {
				tw := newTown(t, e)
				ctx := context.Background()
				var files filestore.Store = tw.db.Blobs()
				if backend == "disk" {
					d, err := filestore.NewDisk(t.TempDir())
					if err != nil {
						t.Fatal(err)
					}
					files = d
				}
				blobs := func() int {
					n := 0
					if err := files.Walk(ctx, func(string) error { n++; return nil }); err != nil {
						t.Fatal(err)
					}
					return n
				}
				d, err := tw.db.Intake(ctx, tw.request(t, "1.004873", dossier.Counter, tw.reception))
				if err != nil {
					t.Fatal(err)
				}
				if d.Status != dossier.Processing || d.LeadID == "" {
					t.Fatalf("not routed: status %d lead %q", d.Status, d.LeadID)
				}
				lead, other := tw.hotich, tw.hotich2
				if d.LeadID == tw.hotich2.ID {
					lead, other = tw.hotich2, tw.hotich
				}
				pdfBytes := filestoretest.PDF(t, 2, "Giay khai sinh ban chinh")
				pdf, err := filestore.Check(pdfBytes, filestore.Limits{}, "result")
				if err != nil {
					t.Fatal(err)
				}
				png, err := filestore.Check([]byte("\x89PNG\r\n\x1a\n0000"), filestore.Limits{}, "result")
				if err != nil {
					t.Fatal(err)
				}
				version := d.Version

				// Refused: an image, and officers who may not.
				if _, err := tw.db.AttachResult(ctx, d.Code, png, files, lead); apperr.KindOf(err) != apperr.Invalid || apperr.FieldOf(err) != "result" {
					t.Errorf("an image: %v, want Invalid on result", err)
				}
				for _, o := range []*staff.Officer{tw.reception, other, tw.foreign} {
					if _, err := tw.db.AttachResult(ctx, d.Code, pdf, files, o); apperr.KindOf(err) != apperr.Forbidden {
						t.Errorf("%s: %v, want Forbidden", o.Username, err)
					}
				}
				if _, err := tw.db.Act(ctx, d.Code, dossier.Action{Kind: dossier.ActAttachResult, PaperID: "x"}, lead); apperr.KindOf(err) != apperr.Invalid {
					t.Errorf("the action without its paper: %v, want Invalid", err)
				}
				if n := blobs(); n != 0 {
					t.Errorf("%d blobs after refusals, want 0", n)
				}
				if ps, _ := tw.db.ResultPapers(ctx, d.ID); len(ps) != 0 {
					t.Errorf("%d result papers after refusals", len(ps))
				}
				if got, _ := tw.db.Dossier(ctx, d.Code); got.Version != version {
					t.Errorf("refusals changed the dossier: version %d -> %d", version, got.Version)
				}

				// The upload, then its retry.
				up, err := tw.db.AttachResult(ctx, d.Code, pdf, files, lead)
				if err != nil {
					t.Fatal(err)
				}
				if up.Source != store.ResultUploaded || up.Pages != 2 || up.OfficerID != lead.ID || up.SHA256 != filestore.Sum(pdfBytes) {
					t.Errorf("uploaded paper %+v", up)
				}
				if _, data, err := files.Get(ctx, up.SHA256); err != nil || !bytes.Equal(data, pdfBytes) {
					t.Errorf("stored bytes differ from the upload (%v)", err)
				}
				again, err := tw.db.AttachResult(ctx, d.Code, pdf, files, lead)
				if err != nil || again.ID != up.ID {
					t.Errorf("a retried upload: %v, id %v want %s", err, again, up.ID)
				}
				attachEvents := func() []store.StoredEvent {
					evs, err := tw.db.Events(ctx, d.ID)
					if err != nil {
						t.Fatal(err)
					}
					var out []store.StoredEvent
					for _, e := range evs {
						if e.Kind == dossier.ActAttachResult {
							out = append(out, e)
						}
					}
					return out
				}
				if evs := attachEvents(); len(evs) != 1 || evs[0].Detail == nil || evs[0].Detail.PaperID != up.ID || evs[0].ActorID != lead.ID || evs[0].Public {
					t.Fatalf("events after upload and retry: %+v", evs)
				}

				// Replaced by the generated notice.
				gen, err := tw.db.AttachResult(ctx, d.Code, nil, files, lead)
				if err != nil {
					t.Fatal(err)
				}
				ps, err := tw.db.ResultPapers(ctx, d.ID)
				if err != nil {
					t.Fatal(err)
				}
				if len(ps) != 2 || ps[0].ID != gen.ID || !ps[0].ReplacedAt.IsZero() || ps[0].Source != store.ResultGenerated ||
					ps[1].ID != up.ID || ps[1].ReplacedAt.IsZero() {
					t.Fatalf("papers after the replacement: %+v", ps)
				}
				if cur, err := tw.db.ResultPaperOf(ctx, d.ID); err != nil || cur.ID != gen.ID {
					t.Errorf("current paper %v %v, want %s", cur, err, gen.ID)
				}

				// With the leader: the specialist may no longer replace it; the leader may.
				tw.act(t, d.Code, dossier.Action{Kind: dossier.ActPropose}, lead)
				if _, err := tw.db.AttachResult(ctx, d.Code, pdf, files, lead); apperr.KindOf(err) != apperr.Conflict {
					t.Errorf("the specialist replacing it under review: %v, want Conflict", err)
				}
				if _, err := tw.db.AttachResult(ctx, d.Code, pdf, files, tw.leader); err != nil {
					t.Errorf("the leader replacing it: %v", err)
				}
				d = tw.act(t, d.Code, dossier.Action{Kind: dossier.ActApprove, ElectronicResult: true}, tw.leader)
				if d.Status != dossier.Resolved || !d.ElectronicResult {
					t.Fatalf("after approval: status %d electronic %v", d.Status, d.ElectronicResult)
				}
				if _, err := tw.db.AttachResult(ctx, d.Code, nil, files, tw.leader); apperr.KindOf(err) != apperr.Conflict {
					t.Errorf("replacing an approved result: %v, want Conflict", err)
				}
				if n := len(attachEvents()); n != 3 {
					t.Errorf("%d attach events, want 3 (upload, generate, leader's upload)", n)
				}
			})
		}
	})
}

// TestApproveElectronicResultNeedsAPaper: an electronic result without a
// result paper is refused on its field and the dossier is unchanged; a
// result on paper only needs none.
func TestApproveElectronicResultNeedsAPaper(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		tw := newTown(t, e)
		ctx := context.Background()
		for _, electronic := range []bool{true, false} {
			d, err := tw.db.Intake(ctx, tw.request(t, "1.004873", dossier.Counter, tw.reception))
			if err != nil {
				t.Fatal(err)
			}
			lead, _ := tw.db.Officer(ctx, d.LeadID)
			d = tw.act(t, d.Code, dossier.Action{Kind: dossier.ActPropose}, lead)
			_, err = tw.db.Act(ctx, d.Code, dossier.Action{Kind: dossier.ActApprove, ElectronicResult: electronic}, tw.leader)
			after, _ := tw.db.Dossier(ctx, d.Code)
			if !electronic {
				if err != nil || after.Status != dossier.Resolved {
					t.Errorf("a paper result without a result paper: %v, status %d", err, after.Status)
				}
				continue
			}
			if apperr.KindOf(err) != apperr.Invalid || apperr.FieldOf(err) != "electronic_result" {
				t.Errorf("an electronic result without a paper: %v, want Invalid on electronic_result", err)
			}
			if after.Status != dossier.Processing || after.Version != d.Version {
				t.Errorf("the refused approval changed the dossier: status %d version %d -> %d", after.Status, d.Version, after.Version)
			}
		}
	})
}

// BenchmarkAttachResult replaces a dossier's result paper with a one-page
// PDF (two alternating, so each is a replacement): the rules' dry run, the
// blob and the transaction with its event, on SQLite (and PostgreSQL when
// set), with the database's file store.
func BenchmarkAttachResult(b *testing.B) {
	for _, e := range storetest.Engines(b) {
		b.Run(e.Name, func(b *testing.B) {
			tw := newTown(b, e)
			ctx := context.Background()
			d, err := tw.db.Intake(ctx, tw.request(b, "1.004873", dossier.Counter, tw.reception))
			if err != nil {
				b.Fatal(err)
			}
			lead, err := tw.db.Officer(ctx, d.LeadID)
			if err != nil {
				b.Fatal(err)
			}
			var pdfs [2]*filestore.File
			for i := range pdfs {
				if pdfs[i], err = filestore.Check(filestoretest.PDF(b, 1, "Ket qua "+string(rune('A'+i))), filestore.Limits{}, "result"); err != nil {
					b.Fatal(err)
				}
			}
			i := 0
			for b.Loop() {
				if _, err := tw.db.AttachResult(ctx, d.Code, pdfs[i%2], tw.db.Blobs(), lead); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
	}
}

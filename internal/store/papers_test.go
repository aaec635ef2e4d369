package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/filestore"
	"github.com/motcua/motcua/internal/filestore/filestoretest"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/store/storetest"
)

func TestDigitiseKeepsARecordAndTheRateComesFromRecords(t *testing.T) {
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
				req := tw.request(t, "1.004873", dossier.Counter, tw.reception)
				req.Intake.Components = append(req.Intake.Components, dossier.Component{Name: "Giấy tờ chứng minh việc ly hôn hoặc vợ/chồng đã chết (nếu đã từng kết hôn)"})
				d, err := tw.db.Intake(ctx, req)
				if err != nil {
					t.Fatal(err)
				}
				must := -1
				for i, c := range d.Components {
					if c.MustDigitise {
						if must >= 0 {
							t.Fatalf("two components to digitise in %+v", d.Components)
						}
						must = i
					}
				}
				if must < 0 {
					t.Fatal("the proof of divorce is not marked must-digitise")
				}
				day := calendar.DateOf(tw.clk.Now())
				counts := func() int64 {
					c, err := tw.db.ReportCounts(ctx, day, day, store.ReportScope{UnitIDs: []string{tw.unit.ID}})
					if err != nil {
						t.Fatal(err)
					}
					if c.Received != 1 {
						t.Fatalf("received %d, want 1", c.Received)
					}
					return c.ReceivedWithDigitised
				}
				// The old way, a ticked flag with no file, is refused and counts nothing.
				if _, err := tw.db.Act(ctx, d.Code, dossier.Action{Kind: dossier.ActDigitise, Component: must, Digitisation: dossier.Digitised}, tw.reception); apperr.FieldOf(err) != "file" {
					t.Fatalf("digitised flag without a file: %v, want Invalid file", err)
				}
				// Digitising a component that is not required does not make the dossier count.
				other := (must + 1) % len(d.Components)
				f1, _ := filestore.Check(filestoretest.PDF(t, 1, "to khai"), filestore.Limits{}, "file")
				if _, err := tw.db.Digitise(ctx, d.Code, other, f1, files, tw.reception); err != nil {
					t.Fatal(err)
				}
				if n := counts(); n != 0 {
					t.Fatalf("digitised dossiers %d after a component not required, want 0", n)
				}
				// Someone of another unit may not.
				f2, _ := filestore.Check(filestoretest.PDF(t, 3, "giay chung sinh"), filestore.Limits{}, "file")
				if _, err := tw.db.Digitise(ctx, d.Code, must, f2, files, tw.foreign); apperr.KindOf(err) != apperr.Forbidden {
					t.Fatalf("digitise by another unit's officer: %v, want Forbidden", err)
				}
				p, err := tw.db.Digitise(ctx, d.Code, must, f2, files, tw.reception)
				if err != nil {
					t.Fatal(err)
				}
				if n := counts(); n != 1 {
					t.Fatalf("digitised dossiers %d after the required component, want 1", n)
				}
				wantQR := "MaHoSo:" + d.Code + "\nMaTTHC:1.004873\nMaDinhDanh:068190001234\nTenGiayTo:" + d.Components[must].Name
				if p.QR != wantQR || p.Pages != 3 || p.SHA256 != f2.SHA256 || p.OfficerID != tw.reception.ID || p.ProcedureCode != "1.004873" {
					t.Fatalf("record %+v", p)
				}
				got, err := tw.db.DossierPapers(ctx, d.ID)
				if err != nil || len(got) != 2 || got[1].ID != p.ID && got[0].ID != p.ID {
					t.Fatalf("papers %+v, %v", got, err)
				}
				if _, data, err := files.Get(ctx, p.SHA256); err != nil || len(data) != int(f2.Size) {
					t.Fatalf("stored bytes: %d, %v", len(data), err)
				}
				after, _ := tw.db.Dossier(ctx, d.Code)
				if c := after.Components[must]; c.PaperID != p.ID || c.Digitisation != dossier.Digitised {
					t.Fatalf("component after: %+v", c)
				}
				// Twice: Conflict, and still two records.
				if _, err := tw.db.Digitise(ctx, d.Code, must, f2, files, tw.reception); apperr.KindOf(err) != apperr.Conflict {
					t.Fatalf("second digitisation: %v, want Conflict", err)
				}
				if n, _ := tw.db.CountPapers(ctx); n != 2 {
					t.Fatalf("%d records, want 2", n)
				}
				if _, err := tw.db.Digitise(ctx, d.Code, 99, f2, files, tw.reception); apperr.FieldOf(err) != "component" {
					t.Fatalf("no such component: %v", err)
				}
				if !strings.Contains(p.QR, "TenGiayTo:") {
					t.Fatal(p.QR)
				}
			})
		}
	})
}

// TestRefusedDigitisationIsSwept: a disk store keeps an upload's bytes
// before the transaction the rules may refuse; the sweep then removes that
// copy, and never a file a record refers to.
func TestRefusedDigitisationIsSwept(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		tw := newTown(t, e)
		ctx := context.Background()
		disk, err := filestore.NewDisk(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		d, err := tw.db.Intake(ctx, tw.request(t, "1.004873", dossier.Counter, tw.reception))
		if err != nil {
			t.Fatal(err)
		}
		kept, _ := filestore.Check(filestoretest.PDF(t, 1, "to khai"), filestore.Limits{}, "file")
		if _, err := tw.db.Digitise(ctx, d.Code, 0, kept, disk, tw.reception); err != nil {
			t.Fatal(err)
		}
		refused, _ := filestore.Check(filestoretest.PDF(t, 2, "giay to bi tu choi"), filestore.Limits{}, "file")
		if _, err := tw.db.Digitise(ctx, d.Code, 1, refused, disk, tw.foreign); apperr.KindOf(err) != apperr.Forbidden {
			t.Fatalf("another unit's officer: %v, want Forbidden", err)
		}
		refs, err := tw.db.ReferencedBlobs(ctx)
		if err != nil {
			t.Fatal(err)
		}
		known := map[string]bool{}
		for _, s := range refs {
			known[s] = true
		}
		removed, err := disk.SweepOrphans(ctx, known, tw.db.BlobReferenced, time.Now().Add(time.Minute))
		if err != nil {
			t.Fatal(err)
		}
		if len(removed) != 1 || removed[0] != refused.SHA256 {
			t.Fatalf("swept %v, want only the refused upload %s", removed, refused.SHA256)
		}
		if ok, _ := disk.Has(ctx, kept.SHA256); !ok {
			t.Error("the digitised paper's file was swept")
		}
		if ref, err := tw.db.BlobReferenced(ctx, kept.SHA256); err != nil || !ref {
			t.Errorf("BlobReferenced(kept) = %v, %v", ref, err)
		}
	})
}

package demo_test

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	"github.com/motcua/motcua/internal/demo"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/store"
)

// TestGenerateWithOfficersAtWork: while the year fills, an officer using
// the site through another store handle (on the real clock) withdraws a
// generated dossier the simulation has not finished. Generate leaves that
// dossier as the officer made it, counts it, and finishes the rest; the
// progress it reports grows from 0 to 1.
func TestGenerateWithOfficersAtWork(t *testing.T) {
	ctx := context.Background()
	dsn := "sqlite:" + filepath.Join(t.TempDir(), "motcua.db")
	clock := &demo.SimClock{}
	gen, err := store.Open(ctx, dsn, store.Options{Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	defer gen.Close()
	if _, err := gen.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	town, err := demo.Seed(ctx, gen)
	if err != nil {
		t.Fatal(err)
	}
	site, err := store.Open(ctx, dsn, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer site.Close()
	desk, err := site.OfficerByUsername(ctx, "tiepnhan1")
	if err != nil {
		t.Fatal(err)
	}

	p := smallProfile()
	var seen []float64
	var taken string
	progress := func(done float64) {
		seen = append(seen, done)
		if taken != "" || done < 0.5 {
			return
		}
		open, err := site.Dossiers(ctx, store.DossierFilter{UnitID: town.Unit.ID,
			Statuses: []dossier.Status{dossier.Received, dossier.Processing}, Limit: 1})
		if err != nil || len(open) == 0 {
			t.Errorf("no open dossier half-way through the fill: %v", err)
			return
		}
		d, err := site.Act(ctx, open[0].Code, dossier.Action{Kind: dossier.ActWithdraw, Reason: "Công dân rút hồ sơ tại quầy"}, desk)
		if err != nil {
			t.Errorf("officer withdraws %s: %v", open[0].Code, err)
			return
		}
		taken = d.Code
	}
	sum, err := demo.Generate(ctx, gen, p, clock, demo.WithProgress(progress), demo.WithOfficersAtWork())
	if err != nil && !errors.Is(err, demo.ErrFiguresOff) {
		t.Fatalf("Generate with an officer at work: %v", err)
	}
	if taken == "" {
		t.Fatal("the officer took no dossier")
	}
	if sum.LeftToOfficers != 1 {
		t.Errorf("LeftToOfficers = %d, want 1", sum.LeftToOfficers)
	}
	d, err := site.Dossier(ctx, taken)
	if err != nil {
		t.Fatal(err)
	}
	if d.Status != dossier.Withdrawn {
		t.Errorf("the officer's dossier %s is %v, want withdrawn as the officer left it", taken, d.Status)
	}
	if len(seen) < 10 || seen[len(seen)-1] != 1 {
		t.Fatalf("progress %v: want many reports ending with 1", seen)
	}
	for i := 1; i < len(seen); i++ {
		if seen[i] < seen[i-1] || seen[i] < 0 || seen[i] > 1 {
			t.Fatalf("progress goes back or out of [0, 1]: %v", seen)
		}
	}
}

// TestHasHistory: false on a seeded town, true once its year is generated.
func TestHasHistory(t *testing.T) {
	ctx := context.Background()
	db, clock, _ := newTown(t)
	p := smallProfile()
	if has, err := demo.HasHistory(ctx, db, p, ""); err != nil || has {
		t.Fatalf("before Generate: HasHistory = %v, %v; want false", has, err)
	}
	if _, err := demo.Generate(ctx, db, p, clock); err != nil {
		t.Fatal(err)
	}
	if has, err := demo.HasHistory(ctx, db, p, ""); err != nil || !has {
		t.Fatalf("after Generate: HasHistory = %v, %v; want true", has, err)
	}
}

package storetest_test

import (
	"context"
	"sync/atomic"
	"testing"

	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/store/storetest"
	"github.com/motcua/motcua/internal/unit"
)

func commune(code string) *unit.Unit {
	return &unit.Unit{Code: code, Name: "UBND xã Thử", Kind: unit.Commune}
}

// TestCopiesAreIndependent: databases copied from one template share its
// seed, and what a test writes in its copy no other copy sees.
func TestCopiesAreIndependent(t *testing.T) {
	ctx := context.Background()
	var seeds atomic.Int32
	seed := func(ctx context.Context, db *store.DB) error {
		seeds.Add(1)
		return db.CreateUnit(ctx, commune("000.21.37.H56"), "seed")
	}
	a := storetest.OpenSQLiteSeeded(t, store.Options{}, t.Name(), seed)
	b := storetest.OpenSQLiteSeeded(t, store.Options{}, t.Name(), seed)
	if n := seeds.Load(); n != 1 {
		t.Errorf("seed ran %d times for two copies, want once", n)
	}
	if err := a.CreateUnit(ctx, commune("000.21.40.H56"), "test"); err != nil {
		t.Fatal(err)
	}
	for db, want := range map[*store.DB]int{a: 2, b: 1} {
		units, err := db.Units(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(units) != want {
			t.Errorf("copy holds %d units, want %d", len(units), want)
		}
		if _, err := db.UnitByCode(ctx, "000.21.37.H56"); err != nil {
			t.Errorf("the seeded unit is missing from a copy: %v", err)
		}
	}

	// OpenSQLite's copies are migrated and empty.
	empty := storetest.OpenSQLite(t, store.Options{})
	if units, err := empty.Units(ctx); err != nil || len(units) != 0 {
		t.Errorf("OpenSQLite: %d units, %v; want an empty database", len(units), err)
	}
	if n, err := empty.Migrate(ctx); err != nil || n != 0 {
		t.Errorf("OpenSQLite's copy applied %d migrations (%v), want it already migrated", n, err)
	}
}

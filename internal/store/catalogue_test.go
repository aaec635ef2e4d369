package store_test

import (
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/catalogue"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/store/storetest"
)

// TestCatalogueRoundTrip: the shipped catalogue, imported and exported, comes
// back exactly, and its YAML is byte-identical to the shipped catalogue's canonical form.
func TestCatalogueRoundTrip(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		db := e.Open(t, store.Options{})
		ctx := context.Background()
		shipped, err := catalogue.LoadShipped()
		if err != nil {
			t.Fatal(err)
		}
		res, err := db.ImportCatalogue(ctx, shipped, "test")
		if err != nil {
			t.Fatal(err)
		}
		if res.Created != len(shipped.Procedures) || res.Fields != len(shipped.Fields) {
			t.Errorf("import result %+v for %d procedures", res, len(shipped.Procedures))
		}
		exported, err := db.ExportCatalogue(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(shipped, exported); diff != "" {
			t.Errorf("export differs from import (-shipped +exported):\n%s", diff)
		}
		want, _ := catalogue.Marshal(shipped)
		got, _ := catalogue.Marshal(exported)
		if string(want) != string(got) {
			t.Errorf("exported YAML differs from the shipped catalogue's")
		}
		// Importing the export again changes nothing: no new versions.
		reparsed, err := catalogue.Parse(got)
		if err != nil {
			t.Fatal(err)
		}
		res, err = db.ImportCatalogue(ctx, reparsed, "test")
		if err != nil || res.Unchanged != len(shipped.Procedures) || res.Created+res.Updated != 0 {
			t.Errorf("re-import = %+v, %v; want all unchanged", res, err)
		}
	})
}

// TestCatalogueImportIsAllOrNothing: one bad procedure, and nothing is stored.
func TestCatalogueImportIsAllOrNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		db := e.Open(t, store.Options{})
		ctx := context.Background()
		c, err := catalogue.LoadShipped()
		if err != nil {
			t.Fatal(err)
		}
		c.Procedures[len(c.Procedures)-1].Fee = catalogue.FeeSchedule{Kind: catalogue.FeeFixed, Amount: -1000}
		_, err = db.ImportCatalogue(ctx, c, "test")
		if apperr.KindOf(err) != apperr.Invalid || !strings.Contains(err.Error(), c.Procedures[len(c.Procedures)-1].Code) {
			t.Fatalf("import with a negative fee: %v", err)
		}
		list, err := db.Procedures(ctx, store.ProcedureFilter{})
		if err != nil || len(list) != 0 {
			t.Errorf("after a refused import there are %d procedures (err %v)", len(list), err)
		}
	})
}

// TestNewVersionKeepsOld: a changed procedure gets a new version and the
// old one is kept as it was, for the dossiers that pinned it.
func TestNewVersionKeepsOld(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		db := e.Open(t, store.Options{})
		ctx := context.Background()
		c, _ := catalogue.LoadShipped()
		if _, err := db.ImportCatalogue(ctx, c, "test"); err != nil {
			t.Fatal(err)
		}
		v1, err := db.ProcedureByCode(ctx, "1.001193")
		if err != nil {
			t.Fatal(err)
		}
		changed := v1.Procedure
		changed.Place = "Tầng 1, trụ sở UBND xã"
		v2, err := db.SaveProcedure(ctx, changed, "test")
		if err != nil {
			t.Fatal(err)
		}
		if v2.Version != 2 || v2.Procedure.Place != changed.Place {
			t.Errorf("new version = %d %q", v2.Version, v2.Procedure.Place)
		}
		old, err := db.ProcedureVersionOf(ctx, v1.ProcedureID, 1)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(v1.Procedure, old.Procedure); diff != "" {
			t.Errorf("version 1 changed (-before +after):\n%s", diff)
		}
		// Search folds diacritics, đ, and both tone placements.
		for q, want := range map[string]string{"dang ky khai sinh": "1.001193", "ĐĂNG KÝ KHAI SINH": "1.001193", "khai tu": "1.000656"} {
			list, err := db.Procedures(ctx, store.ProcedureFilter{Query: q})
			if err != nil {
				t.Fatal(err)
			}
			found := false
			for _, p := range list {
				found = found || p.Code == want
			}
			if !found {
				t.Errorf("search %q did not find %s (got %d results)", q, want, len(list))
			}
		}
	})
}

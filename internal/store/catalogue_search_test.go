package store_test

import (
	"context"
	"testing"

	"github.com/motcua/motcua/internal/catalogue"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/store/storetest"
)

// TestCatalogueSearchRanksByAliasesAndSuggests: the store ranks the stored
// catalogue with its aliases (the queries of issue 19, which found nothing
// with the old LIKE on name and field), narrows by field before ranking, and
// suggests the closest procedures for a query that matches nothing.
func TestCatalogueSearchRanksByAliasesAndSuggests(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		db := e.Open(t, store.Options{})
		ctx := context.Background()
		shipped, err := catalogue.LoadShipped()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.ImportCatalogue(ctx, shipped, "test"); err != nil {
			t.Fatal(err)
		}
		for q, want := range map[string]string{
			"giay khai sinh":     "1.001193",
			"lam giay khai sinh": "1.001193",
			"ho khau":            "1.004222",
			"xac nhan doc than":  "1.004873",
			"Xác nhận độc thân":  "1.004873",
			"dang ky tam tru":    "1.004194",
			"1.004194":           "1.004194",
		} {
			list, err := db.Procedures(ctx, store.ProcedureFilter{Query: q})
			if err != nil {
				t.Fatal(err)
			}
			if len(list) == 0 || list[0].Code != want {
				t.Errorf("search %q: %d results, first %v, want %s", q, len(list), first(list), want)
			}
		}
		list, err := db.Procedures(ctx, store.ProcedureFilter{Query: "dang ky", Field: "CTRU"})
		if err != nil {
			t.Fatal(err)
		}
		if len(list) == 0 {
			t.Fatal("dang ky in CTRU found nothing")
		}
		for _, p := range list {
			if p.FieldCode != "CTRU" {
				t.Errorf("dang ky in CTRU found %s of %s", p.Code, p.FieldCode)
			}
		}
		if list, _ := db.Procedures(ctx, store.ProcedureFilter{Query: "xyzzy qwerty"}); len(list) != 0 {
			t.Errorf("nonsense found %d procedures", len(list))
		}
		near, err := db.ClosestProcedures(ctx, "kettt honnn", 3)
		if err != nil {
			t.Fatal(err)
		}
		if len(near) == 0 || len(near) > 3 {
			t.Fatalf("closest to kettt honnn: %d", len(near))
		}
		all, err := db.Procedures(ctx, store.ProcedureFilter{})
		if err != nil || len(all) != len(shipped.Procedures) {
			t.Fatalf("no query lists %d of %d (%v)", len(all), len(shipped.Procedures), err)
		}
	})
}

func first(list []store.ProcedureSummary) string {
	if len(list) == 0 {
		return "none"
	}
	return list[0].Code
}

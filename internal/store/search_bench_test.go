package store_test

import (
	"context"
	"testing"

	"github.com/motcua/motcua/internal/store"
)

// BenchmarkDossierSearch measures an officer's search of the unit's
// dossiers (50 at most, the newest first) at MOTCUA_BENCH_DOSSIERS stored
// dossiers, whose applicants' names vary as in Viet Nam (BulkCopyDossier):
// a common family name, a whole name, a rare name, a code's tail, a
// procedure's words, and words nobody has.
func BenchmarkDossierSearch(b *testing.B) {
	for _, e := range benchEngines(b) {
		b.Run(e.Name, func(b *testing.B) {
			tw := benchTown(b, e, benchDossiers())
			ctx := context.Background()
			for _, q := range []struct{ name, query string }{
				{"common", "nguyen"},                // 38 % of the applicants
				{"name", "Nguyễn Văn An"},           // about 1 in 800
				{"rare", "tran quang yen"},          // about 1 in 3,000
				{"code-tail", "B7777"},              // one code
				{"procedure", "chung thuc ban sao"}, // every dossier of the fixture
				{"none", "khong ai co ten nay"},     // nothing: the whole index or table
			} {
				b.Run(q.name, func(b *testing.B) {
					f := store.DossierFilter{UnitID: tw.unit.ID, Query: q.query, Order: store.OrderCreated, Desc: true, Limit: 50}
					for b.Loop() {
						if _, err := tw.db.Dossiers(ctx, f); err != nil {
							b.Fatal(err)
						}
					}
				})
			}
		})
	}
}

package store_test

import (
	"context"
	"testing"

	"github.com/motcua/motcua/internal/store"
)

// BenchmarkCitizenDossiers measures "Hồ sơ của tôi": a citizen's list read
// from a table of benchDossiers() dossiers of other people (each copy under
// a number of its own), through the applicant_number index.
func BenchmarkCitizenDossiers(b *testing.B) {
	for _, e := range benchEngines(b) {
		b.Run(e.Name, func(b *testing.B) {
			tw := benchTown(b, e, benchDossiers())
			ctx := context.Background()
			c, err := tw.db.SaveCitizen(ctx, "iss", lan())
			if err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				ds, err := tw.db.CitizenDossiers(ctx, c, store.CitizenFilter{Limit: 101})
				if err != nil || len(ds) != 1 {
					b.Fatalf("%d dossiers, %v", len(ds), err)
				}
			}
		})
	}
}

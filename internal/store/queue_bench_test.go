package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/store"
)

// BenchmarkOfficerQueues measures what an officer's page asks of the
// database at MOTCUA_BENCH_DOSSIERS finished dossiers plus a day's pending
// ones: the navigation's three capped counts, and one queue of the unit in
// each order the workspace offers (queue_view.go).
func BenchmarkOfficerQueues(b *testing.B) {
	for _, e := range benchEngines(b) {
		b.Run(e.Name, func(b *testing.B) {
			tw := benchTown(b, e, benchDossiers())
			ctx := context.Background()
			tw.clk.Set("2025-03-04 08:00")
			for i := range 100 { // a busy day: pending dossiers, some online
				ch, by := dossier.Counter, tw.reception
				if i%4 == 0 {
					ch, by = dossier.Online, nil
				}
				if _, err := tw.db.Intake(ctx, tw.request(b, "2.000815", ch, by)); err != nil {
					b.Fatal(err)
				}
				tw.clk.Advance(time.Minute)
			}
			pending := []dossier.Status{dossier.Received, dossier.Processing, dossier.Supplement, dossier.AwaitingPayment, dossier.Stopped}
			counts := []store.DossierFilter{
				{AssigneeID: tw.hotich.ID, Statuses: pending},
				{UnitID: tw.unit.ID, Statuses: []dossier.Status{dossier.New}},
				{UnitID: tw.unit.ID, Statuses: []dossier.Status{dossier.Processing}, AwaitingApproval: true},
			}
			b.Run("nav-counts", func(b *testing.B) {
				for b.Loop() {
					for _, f := range counts {
						if _, _, err := tw.db.CountMatching(ctx, f, 10000); err != nil {
							b.Fatal(err)
						}
					}
				}
			})
			for _, o := range []struct {
				name  string
				order store.DossierOrder
				desc  bool
			}{
				{"appointment", store.OrderAppointment, false},
				{"received-desc", store.OrderReceived, true},
				{"code", store.OrderCode, false},
			} {
				b.Run("queue-"+o.name, func(b *testing.B) {
					f := store.DossierFilter{UnitID: tw.unit.ID, Statuses: pending, Order: o.order, Desc: o.desc, Limit: 200}
					for b.Loop() {
						list, err := tw.db.Dossiers(ctx, f)
						if err != nil {
							b.Fatal(err)
						}
						if len(list) == 0 {
							b.Fatal("the queue is empty")
						}
					}
				})
			}
		})
	}
}

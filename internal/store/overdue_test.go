package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/store/storetest"
	"github.com/motcua/motcua/internal/unit"
)

// TestOverdueListIsDossiersOrder checks that the dashboard's overdue list,
// read as a top-N of indexes, is the list Dossiers gives for the same
// filter, dossier for dossier and in the same order, over dossiers in every
// status, some received for or resolved by another unit, with many equal
// appointments (ties broken by creation time and id), for several filters
// and limits.
func TestOverdueListIsDossiersOrder(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		ctx := context.Background()
		tw := storetest.NewTown(t, e)
		d := tw.Drive(t, storetest.Path{Procedure: "1.004873", Channel: dossier.Counter, Received: "2025-03-03 09:00"})
		other := &unit.Unit{Code: "000.99.01.H56", Name: "UBND xã Bên Cạnh", Kind: unit.Commune}
		if err := tw.DB.CreateUnit(ctx, other, "test"); err != nil {
			t.Fatal(err)
		}
		if err := store.BulkCopyDossier(ctx, tw.DB, d.Code, 1500); err != nil {
			t.Fatal(err)
		}
		x := "CAST(SUBSTR(id, 6) AS INTEGER)"
		base := calendar.Date{Year: 2025, Month: 3, Day: 10}.At(8 * 60).UnixMilli()
		if err := tw.DB.ExecRaw(ctx, fmt.Sprintf(`UPDATE dossiers SET
			status = CASE %[1]s %% 7 WHEN 0 THEN 2 WHEN 1 THEN 4 WHEN 2 THEN 6 WHEN 3 THEN 5 WHEN 4 THEN 4 ELSE 10 END,
			appointment_at = CAST($1 AS BIGINT) + (%[1]s %% 41) * 3600000,
			created_at = CAST($1 AS BIGINT) - (%[1]s %% 13) * 1000,
			channel = 1 + %[1]s %% 3,
			resolving_unit_id = CASE WHEN %[1]s %% 5 = 0 THEN $2 ELSE resolving_unit_id END,
			receiving_unit_id = CASE WHEN %[1]s %% 11 = 0 THEN $2 ELSE receiving_unit_id END
			WHERE id LIKE 'bulk-%%'`, x), base, other.ID); err != nil {
			t.Fatal(err)
		}
		// The copies share the original's document: give each its own code,
		// by which the lists are compared.
		if err := tw.DB.ExecRaw(ctx, `UPDATE dossiers SET doc = REPLACE(doc, $1, code) WHERE id LIKE 'bulk-%'`, d.Code); err != nil {
			t.Fatal(err)
		}
		statuses := []dossier.Status{dossier.Received, dossier.Processing, dossier.AwaitingPayment}
		now := time.UnixMilli(base + 30*3600000)
		lead := d.LeadID
		cases := []struct {
			name  string
			unit  string
			field string
			lead  string
			ch    dossier.Channel
			limit int
		}{
			{"town, 200", tw.Unit.ID, "", "", 0, 200},
			{"town, 7", tw.Unit.ID, "", "", 0, 7},
			{"town, all", tw.Unit.ID, "", "", 0, 1000},
			{"other unit", other.ID, "", "", 0, 200},
			{"online", tw.Unit.ID, "", "", dossier.Online, 50},
			{"field and lead", tw.Unit.ID, d.FieldCode, lead, 0, 100},
			{"another field", tw.Unit.ID, "no-such-field", "", 0, 100},
		}
		nonEmpty := 0
		for _, c := range cases {
			want, err := tw.DB.Dossiers(ctx, store.DossierFilter{UnitID: c.unit, FieldCode: c.field, LeadID: c.lead, Channel: c.ch,
				Statuses: statuses, DueBefore: now, Limit: c.limit})
			if err != nil {
				t.Fatal(err)
			}
			got, err := tw.DB.OverdueList(ctx, store.OverdueFilter{UnitID: c.unit, FieldCode: c.field, LeadID: c.lead, Channel: c.ch,
				Statuses: statuses, Before: now, Limit: c.limit})
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(want) {
				t.Errorf("%s: %d dossiers, Dossiers gives %d", c.name, len(got), len(want))
				continue
			}
			for i := range want {
				if got[i].Code != want[i].Code {
					t.Errorf("%s: #%d is %s, Dossiers gives %s", c.name, i, got[i].Code, want[i].Code)
					break
				}
			}
			if len(want) > 0 {
				nonEmpty++
			}
		}
		if nonEmpty < 5 {
			t.Fatalf("only %d filters matched anything: the fixture checks too little", nonEmpty)
		}
	})
}

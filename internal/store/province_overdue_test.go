package store_test

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/store/storetest"
)

// TestOverdueDossiersLongestFirst, both engines: the province's overdue
// list is, for every limit, the first dossiers by appointment (then code)
// among the pending ones past their appointment, whether there are more or
// fewer than the limit; dossiers waiting for a supplement, finished ones and
// those not yet due are not listed.
func TestOverdueDossiersLongestFirst(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		tw := storetest.NewTown(t, e)
		ctx := context.Background()
		for _, p := range []storetest.Path{
			{Procedure: "1.004873", Channel: dossier.Counter, Received: "2025-03-03 09:00"},
			{Procedure: "2.000815", Channel: dossier.Counter, Received: "2025-03-03 09:00"}, // the same instant: by code
			{Procedure: "1.004873", Channel: dossier.Counter, Received: "2025-03-05 10:00"},
			{Procedure: "2.000815", Channel: dossier.Counter, Received: "2025-03-10 14:00"},
			{Procedure: "1.004873", Channel: dossier.Counter, Received: "2025-03-12 08:00"},
			{Procedure: "1.004873", Channel: dossier.Counter, Received: "2025-03-04 09:00", Resolved: "2025-03-05 09:00", Returned: true},
			{Procedure: "1.004873", Channel: dossier.Counter, Received: "2025-04-28 09:00"}, // not due at now
		} {
			tw.Drive(t, p)
		}
		// One overdue dossier waits for a supplement: not listed.
		d := tw.Drive(t, storetest.Path{Procedure: "2.000815", Channel: dossier.Counter, Received: "2025-03-04 09:00"})
		lead, err := tw.DB.Officer(ctx, d.LeadID)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := tw.DB.Act(ctx, d.Code, dossier.Action{Kind: dossier.ActRequestSupplement, Reason: "Thiếu giấy tờ",
			Items: []string{"Bản sao"}}, lead); err != nil {
			t.Fatal(err)
		}
		now := time.Date(2025, 4, 28, 12, 0, 0, 0, calendar.Location())
		var want []string
		for i := 0; ; i++ {
			var c string
			err := tw.DB.QueryRowRaw(ctx, `SELECT code FROM dossiers WHERE status IN (2, 4, 6) AND appointment_at < $1
				ORDER BY appointment_at, code LIMIT 1 OFFSET $2`, now.UnixMilli(), i).Scan(&c)
			if errors.Is(err, sql.ErrNoRows) {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			want = append(want, c)
		}
		if len(want) != 5 {
			t.Fatalf("%d overdue dossiers in the fixture, want 5", len(want))
		}
		for limit := 1; limit <= 7; limit++ {
			got, err := tw.DB.OverdueDossiers(ctx, []string{tw.Unit.ID}, now, limit)
			if err != nil {
				t.Fatal(err)
			}
			var codes []string
			for _, o := range got {
				codes = append(codes, o.Code)
				if o.UnitID != tw.Unit.ID || o.AppointmentAt.After(now) {
					t.Errorf("limit %d: %+v", limit, o)
				}
			}
			if w := want[:min(limit, len(want))]; !slices.Equal(codes, w) {
				t.Errorf("limit %d: %q, want %q", limit, codes, w)
			}
		}
	})
}

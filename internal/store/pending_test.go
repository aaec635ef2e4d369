package store_test

import (
	"context"
	"maps"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/report"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/store/storetest"
	"github.com/motcua/motcua/internal/unit"
)

// TestPendingCountsFollowEveryChange, both engines: the pending dossiers
// kept by unit and appointment day (stats_pending) equal a count of the
// dossiers after every kind of change that moves one (intake, reception,
// a supplement asked and given, approval and return, a transfer to another
// unit, a merge), and the counts a province's page takes from them (overdue,
// due soon, in time, waiting for a supplement) equal those counted from the
// dossiers at every instant around each appointment.
func TestPendingCountsFollowEveryChange(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		ctx := context.Background()
		a := storetest.NewTown(t, e)
		b := neighbour(t, a, "000.21.38.H56", "UBND xã An Nhơn", "an")
		units := []string{a.Unit.ID, b.Unit.ID}
		check := func(step string) {
			t.Helper()
			kept, recounted, err := a.DB.PendingRows(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(recounted, kept); d != "" {
				t.Fatalf("after %s, stats_pending (-recounted +kept):\n%s", step, d)
			}
		}
		askSupplement := func(d *dossier.Dossier) {
			t.Helper()
			lead, err := a.DB.Officer(ctx, d.LeadID)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := a.DB.Act(ctx, d.Code, dossier.Action{Kind: dossier.ActRequestSupplement, Reason: "Thiếu giấy tờ",
				Items: []string{"Bản sao"}}, lead); err != nil {
				t.Fatal(err)
			}
		}
		check("nothing")

		var pending []*dossier.Dossier
		for _, p := range []storetest.Path{
			{Procedure: "1.004873", Channel: dossier.Counter, Received: "2025-03-03 09:00"},
			{Procedure: "2.000815", Channel: dossier.Counter, Received: "2025-03-03 09:00"},
			{Procedure: "1.004873", Channel: dossier.Online, Received: "2025-03-04 16:30"},
			{Procedure: "2.000815", Channel: dossier.Counter, Received: "2025-03-05 10:00"},
		} {
			pending = append(pending, a.Drive(t, p))
			check("an intake")
		}
		b.Drive(t, storetest.Path{Procedure: "1.004873", Channel: dossier.Counter, Received: "2025-03-05 11:00"})
		check("an intake in another unit")
		a.Drive(t, storetest.Path{Procedure: "1.004873", Channel: dossier.Counter, Received: "2025-03-05 14:00",
			Resolved: "2025-03-06 09:00", Returned: true})
		check("a whole lifecycle")

		// A supplement asked for, then given (the appointment moves); another
		// one still waited for.
		a.Clock.Set(t, "2025-03-06 10:00")
		askSupplement(pending[1])
		check("a supplement asked for")
		a.Clock.Set(t, "2025-03-10 09:00")
		if _, err := a.DB.Act(ctx, pending[1].Code, dossier.Action{Kind: dossier.ActSupplement}, a.Reception); err != nil {
			t.Fatal(err)
		}
		check("a supplement given")
		askSupplement(pending[3])
		check("another supplement asked for")

		// Received at a for b, then taken over by a new unit with b.
		in := dossier.Intake{Channel: dossier.Counter, ResolvingUnitID: b.Unit.ID,
			Applicant: dossier.Applicant{FullName: "Nguyễn Thị Lan", IDNumber: "068190001234", Phone: "0912345678"}}
		pv, err := a.DB.ProcedureByCode(ctx, "1.004873")
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range pv.Procedure.Components {
			if c.Required {
				in.Components = append(in.Components, dossier.Component{Name: c.Name})
			}
		}
		if _, err := a.DB.Intake(ctx, store.IntakeRequest{UnitID: a.Unit.ID, ProcedureCode: "1.004873", Intake: in, Actor: a.Reception}); err != nil {
			t.Fatal(err)
		}
		check("an intake for another unit")
		if _, err := a.DB.TransferDossier(ctx, pending[0].Code, b.Unit.ID, "Thửa đất thuộc xã An Nhơn", a.Leader); err != nil {
			t.Fatal(err)
		}
		check("a transfer")
		a.Clock.Set(t, "2025-03-11 07:30")
		into := &unit.Unit{Code: "000.21.40.H56", Name: "UBND xã An Nhơn (mới)", Kind: unit.Commune, ValidFrom: "2025-03-11"}
		if err := a.DB.CreateUnit(ctx, into, "test"); err != nil {
			t.Fatal(err)
		}
		if _, err := a.DB.MergeUnits(ctx, store.MergeRequest{From: []string{b.Unit.ID}, Into: into.ID, At: "2025-03-11"}, "test"); err != nil {
			t.Fatal(err)
		}
		check("a merge")
		units = append(units, into.ID)

		// The counts at every instant around each appointment, from the
		// last change on (the dossiers' count also asks for their receipt).
		open, err := a.DB.Dossiers(ctx, store.DossierFilter{})
		if err != nil {
			t.Fatal(err)
		}
		last := a.Clock.Now()
		var instants []time.Time
		for _, d := range open {
			if !d.Status.Pending() {
				continue
			}
			for _, off := range []time.Duration{-25 * time.Hour, -24 * time.Hour, -time.Minute, 0, time.Minute, 23 * time.Hour, 72 * time.Hour} {
				if at := d.AppointmentAt.Add(off); !at.Before(last) {
					instants = append(instants, at)
				}
			}
		}
		if len(instants) < 5 {
			t.Fatalf("%d instants to compare at, want more", len(instants))
		}
		nonzero := func(m map[string]report.Pending) map[string]report.Pending {
			maps.DeleteFunc(m, func(_ string, p report.Pending) bool { return p == report.Pending{} })
			return m
		}
		seen := map[string]bool{}
		for _, at := range instants {
			kept, counted, err := a.DB.PendingKeptAndCounted(ctx, units, at)
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(nonzero(counted), nonzero(kept)); d != "" {
				t.Errorf("at %s (-counted +kept):\n%s", at.Format(time.DateTime), d)
			}
			for _, p := range counted {
				seen["overdue"] = seen["overdue"] || p.Overdue > 0
				seen["due soon"] = seen["due soon"] || p.DueSoon > 0
				seen["in time"] = seen["in time"] || p.InTime > p.DueSoon
				seen["waiting"] = seen["waiting"] || p.InSupplement > 0
			}
		}
		if got := slices.Sorted(maps.Keys(seen)); len(got) != 4 {
			t.Errorf("the instants saw %q, want dossiers overdue, due soon, in time and waiting", got)
		}
	})
}

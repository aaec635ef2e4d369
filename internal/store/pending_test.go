package store_test

import (
	"context"
	"maps"
	"slices"
	"strings"
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
			drift, err := a.DB.CheckPending(ctx, false)
			if err != nil {
				t.Fatal(err)
			}
			if len(drift) > 0 {
				t.Fatalf("after %s, stats_pending differs from the dossiers: %+v", step, drift)
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
				for kind, ok := range map[string]bool{"overdue": p.Overdue > 0, "due soon": p.DueSoon > 0,
					"in time": p.InTime > p.DueSoon, "waiting": p.InSupplement > 0} {
					if ok {
						seen[kind] = true
					}
				}
			}
		}
		if got := slices.Sorted(maps.Keys(seen)); len(got) != 4 {
			t.Errorf("the instants saw %q, want dossiers overdue, due soon, in time and waiting", got)
		}
	})
}

// TestCheckPendingFindsAndRepairsDrift, both engines: rows of stats_pending
// made wrong by hand (one too high, one missing, one that should not be)
// are each reported with what is kept and what the dossiers count, the
// repair writes the count, and the check then finds nothing.
func TestCheckPendingFindsAndRepairsDrift(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		ctx := context.Background()
		tw := storetest.NewTown(t, e)
		for _, at := range []string{"2025-03-03 09:00", "2025-03-03 10:00", "2025-03-05 09:00"} {
			tw.Drive(t, storetest.Path{Procedure: "1.004873", Channel: dossier.Counter, Received: at})
		}
		days := make([]int64, 2)
		var n int
		if err := tw.DB.QueryRowRaw(ctx, `SELECT MIN(due_day), MAX(due_day), COUNT(*) FROM stats_pending`).Scan(&days[0], &days[1], &n); err != nil {
			t.Fatal(err)
		}
		if n != 2 {
			t.Fatalf("%d days with pending dossiers, want 2", n)
		}
		for _, s := range []struct {
			q   string
			arg any
		}{
			{`UPDATE stats_pending SET n = n + 3 WHERE due_day = $1`, days[0]},
			{`DELETE FROM stats_pending WHERE due_day = $1`, days[1]},
			{`INSERT INTO stats_pending (unit_id, waiting, due_day, n) VALUES ($1, 1, 0, 4)`, "elsewhere"},
		} {
			if err := tw.DB.ExecRaw(ctx, s.q, s.arg); err != nil {
				t.Fatal(err)
			}
		}
		day := func(d int64) string { return time.UnixMilli(d * 86_400_000).UTC().Format(time.DateOnly) }
		want := []store.PendingDrift{
			{UnitID: tw.Unit.ID, DueDay: day(days[0]), Kept: 5, Counted: 2},
			{UnitID: tw.Unit.ID, DueDay: day(days[1]), Kept: 0, Counted: 1},
			{UnitID: "elsewhere", Waiting: true, Kept: 4, Counted: 0},
		}
		slices.SortFunc(want, func(a, b store.PendingDrift) int { return strings.Compare(a.UnitID+a.DueDay, b.UnitID+b.DueDay) })
		got, err := tw.DB.CheckPending(ctx, true)
		if err != nil {
			t.Fatal(err)
		}
		slices.SortFunc(got, func(a, b store.PendingDrift) int { return strings.Compare(a.UnitID+a.DueDay, b.UnitID+b.DueDay) })
		if d := cmp.Diff(want, got); d != "" {
			t.Errorf("drift (-want +got):\n%s", d)
		}
		if got, err := tw.DB.CheckPending(ctx, false); err != nil || len(got) > 0 {
			t.Errorf("after the repair: %+v, %v", got, err)
		}
	})
}

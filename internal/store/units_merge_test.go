package store_test

import (
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/report"
	"github.com/motcua/motcua/internal/staff"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/store/storetest"
	"github.com/motcua/motcua/internal/unit"
)

// neighbour adds another commune with its own reception, civil-status
// specialist and leader to the town's database.
func neighbour(t *testing.T, tw *storetest.Town, code, name, prefix string) *storetest.Town {
	t.Helper()
	ctx := context.Background()
	u := &unit.Unit{Code: code, Name: name, Kind: unit.Commune}
	if err := tw.DB.CreateUnit(ctx, u, "test"); err != nil {
		t.Fatal(err)
	}
	mk := func(username string, role staff.Role, fields ...string) *staff.Officer {
		o := &staff.Officer{UnitID: u.ID, Username: prefix + username, FullName: prefix + username, Roles: []staff.Role{role},
			Fields: fields, Active: true}
		if err := tw.DB.CreateOfficer(ctx, o, storetest.Password, "test"); err != nil {
			t.Fatal(err)
		}
		return o
	}
	n := &storetest.Town{DSN: tw.DSN, DB: tw.DB, Clock: tw.Clock, Unit: u}
	n.Reception = mk("tiepnhan", staff.Reception)
	mk("hotich", staff.Specialist, "HT")
	n.Leader = mk("chutich", staff.Leader)
	return n
}

func reportCounts(t *testing.T, db *store.DB, code string, withHistory bool) report.Counts {
	t.Helper()
	r, err := db.Report(context.Background(), store.ReportRequest{UnitCode: code, WithHistory: withHistory, Config: report.DefaultConfig(),
		Period: report.Period{From: mustDate(t, "2025-03-01"), To: mustDate(t, "2025-06-30")}})
	if err != nil {
		t.Fatal(err)
	}
	return r.Counts
}

// TestMergeUnits merges three communes into the new Xã Đạ Tẻh: every
// dossier keeps its code, open dossiers and officers move, finished
// dossiers and the former units' reports stay, and the successor's report
// including its history is the sum of its predecessors'.
func TestMergeUnits(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		ctx := context.Background()
		a := storetest.NewTown(t, e)
		b := neighbour(t, a, "000.21.38.H56", "UBND xã An Nhơn", "an")
		c := neighbour(t, a, "000.21.39.H56", "UBND xã Đạ Lây", "lay")
		towns := []*storetest.Town{a, b, c}
		var open []*dossier.Dossier
		codes := map[string]string{} // id -> code
		for i, tw := range towns {
			for j, day := range []string{"2025-03-03", "2025-04-07", "2025-06-02"} {
				if j > i { // unequal histories: 1, 2 and 3 finished dossiers
					break
				}
				d := tw.Drive(t, storetest.Path{Procedure: "1.004873", Channel: dossier.Counter, Received: day + " 09:00",
					Resolved: day + " 15:00", Returned: true, Rating: dossier.Satisfied})
				codes[d.ID] = d.Code
			}
			d := tw.Drive(t, storetest.Path{Procedure: "1.004873", Channel: dossier.Counter, Received: "2025-06-30 09:00"})
			codes[d.ID] = d.Code
			open = append(open, d)
		}
		var before []report.Counts
		sum := report.Counts{}
		for _, tw := range towns {
			cnt := reportCounts(t, a.DB, tw.Unit.Code, false)
			before = append(before, cnt)
			sum = sum.Add(cnt)
		}
		if sum.Received != 9 || sum.Resolved != 6 {
			t.Fatalf("before the merge: %d received, %d resolved; want 9 and 6", sum.Received, sum.Resolved)
		}

		a.Clock.Set(t, "2025-07-01 07:30")
		into := &unit.Unit{Code: "000.21.40.H56", Name: "UBND xã Đạ Tẻh (mới)", Kind: unit.Commune, ValidFrom: "2025-07-01"}
		if err := a.DB.CreateUnit(ctx, into, "test"); err != nil {
			t.Fatal(err)
		}
		res, err := a.DB.MergeUnits(ctx, store.MergeRequest{From: []string{a.Unit.ID, b.Unit.ID, c.Unit.ID}, Into: into.ID,
			At: "2025-07-01"}, "test")
		if err != nil {
			t.Fatal(err)
		}
		if res.Officers != 5+3+3 || res.Dossiers != 3 {
			t.Errorf("merge moved %d officers and %d dossiers, want 11 and 3", res.Officers, res.Dossiers)
		}
		all, err := a.DB.Dossiers(ctx, store.DossierFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(all) != len(codes) {
			t.Fatalf("%d dossiers after the merge, want %d", len(all), len(codes))
		}
		for _, d := range all {
			if codes[d.ID] != d.Code {
				t.Errorf("dossier %s: code %q after the merge, was %q", d.ID, d.Code, codes[d.ID])
			}
			isOpen := d.Status == dossier.Processing
			inSucc := d.ReceivingUnitID == into.ID && d.ResolvingUnitID == into.ID
			if isOpen != inSucc {
				t.Errorf("dossier %s (status %d): receiving %s resolving %s", d.Code, d.Status, d.ReceivingUnitID, d.ResolvingUnitID)
			}
		}
		evs, err := a.DB.Events(ctx, open[1].ID)
		if err != nil {
			t.Fatal(err)
		}
		if last := evs[len(evs)-1]; last.Kind != dossier.EvUnitMerged || !last.Public {
			t.Errorf("last event of a moved dossier: %+v, want a public unit_merged", last)
		}
		for _, tw := range towns {
			o, err := a.DB.Officer(ctx, tw.Reception.ID)
			if err != nil {
				t.Fatal(err)
			}
			if o.UnitID != into.ID {
				t.Errorf("officer %s stayed in %s", o.Username, o.UnitID)
			}
			u, err := a.DB.Unit(ctx, tw.Unit.ID)
			if err != nil {
				t.Fatal(err)
			}
			if u.Active() || u.SuccessorID != into.ID || u.ValidTo != "2025-06-30" {
				t.Errorf("%s after the merge: successor %q, valid to %q", u.Name, u.SuccessorID, u.ValidTo)
			}
		}
		// The former units' own reports for the period before are unchanged;
		// the successor's with its history is their sum, without it nothing.
		for i, tw := range towns {
			if d := cmp.Diff(before[i], reportCounts(t, a.DB, tw.Unit.Code, false)); d != "" {
				t.Errorf("%s's report changed with the merge (-before +after):\n%s", tw.Unit.Name, d)
			}
		}
		if d := cmp.Diff(sum, reportCounts(t, a.DB, into.Code, true)); d != "" {
			t.Errorf("successor with history != sum of predecessors (-sum +got):\n%s", d)
		}
		if got := reportCounts(t, a.DB, into.Code, false); got.Received != 0 {
			t.Errorf("successor alone before its start: %d received", got.Received)
		}
		// A moved dossier is finished by the moved officers, under its old code.
		a.Clock.Set(t, "2025-07-01 10:00")
		d := open[2]
		lead, err := a.DB.Officer(ctx, d.LeadID)
		if err != nil {
			t.Fatal(err)
		}
		leader, err := a.DB.Officer(ctx, c.Leader.ID)
		if err != nil {
			t.Fatal(err)
		}
		reception, err := a.DB.Officer(ctx, a.Reception.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, step := range []struct {
			kind dossier.ActionKind
			by   *staff.Officer
		}{{dossier.ActPropose, lead}, {dossier.ActApprove, leader}, {dossier.ActReturn, reception}} {
			if d, err = a.DB.Act(ctx, d.Code, dossier.Action{Kind: step.kind}, step.by); err != nil {
				t.Fatalf("%s after the merge: %v", step.kind, err)
			}
		}
		if d.Code != codes[d.ID] || d.Status != dossier.Returned {
			t.Errorf("after the merge: %s %d", d.Code, d.Status)
		}
		// Merging again is refused and changes nothing.
		if _, err := a.DB.MergeUnits(ctx, store.MergeRequest{From: []string{a.Unit.ID}, Into: into.ID, At: "2025-07-01"}, "test"); err == nil {
			t.Error("merging a merged unit again was accepted")
		}
	})
}

func mustDate(t *testing.T, s string) calendar.Date {
	t.Helper()
	d, err := calendar.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// A dossier received by the town for An Nhơn is found to belong to Đạ Lây:
// An Nhơn's leader transfers it; the code, receiving unit and appointment
// stay, the events record it, and Đạ Lây's leader may now act on it.
func TestTransferDossier(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		ctx := context.Background()
		a := storetest.NewTown(t, e)
		b := neighbour(t, a, "000.21.38.H56", "UBND xã An Nhơn", "an")
		c := neighbour(t, a, "000.21.39.H56", "UBND xã Đạ Lây", "lay")
		pv, err := a.DB.ProcedureByCode(ctx, "1.004873")
		if err != nil {
			t.Fatal(err)
		}
		in := dossier.Intake{Channel: dossier.Counter, ResolvingUnitID: b.Unit.ID,
			Applicant: dossier.Applicant{FullName: "Nguyễn Thị Lan", IDNumber: "068190001234", Phone: "0912345678"}}
		for _, comp := range pv.Procedure.Components {
			if comp.Required {
				in.Components = append(in.Components, dossier.Component{Name: comp.Name})
			}
		}
		d, err := a.DB.Intake(ctx, store.IntakeRequest{UnitID: a.Unit.ID, ProcedureCode: "1.004873", Intake: in, Actor: a.Reception})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := a.DB.TransferDossier(ctx, d.Code, c.Unit.ID, "Sai thẩm quyền", c.Leader); err == nil {
			t.Fatal("Đạ Lây's leader transferred a dossier that is not theirs")
		}
		if _, err := a.DB.TransferDossier(ctx, d.Code, c.Unit.ID, "", b.Leader); err == nil {
			t.Fatal("a transfer without a reason was accepted")
		}
		a.Clock.Set(t, "2025-03-03 10:00")
		got, err := a.DB.TransferDossier(ctx, d.Code, c.Unit.ID, "Thửa đất thuộc xã Đạ Lây", b.Leader)
		if err != nil {
			t.Fatal(err)
		}
		if got.Code != d.Code || got.ReceivingUnitID != a.Unit.ID || got.ResolvingUnitID != c.Unit.ID ||
			!got.AppointmentAt.Equal(d.AppointmentAt) || got.Status != dossier.Received || got.AssigneeID != "" {
			t.Errorf("after the transfer: %+v", got)
		}
		evs, err := a.DB.Events(ctx, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		var kinds []dossier.ActionKind
		for _, ev := range evs {
			kinds = append(kinds, ev.Kind)
		}
		want := []dossier.ActionKind{dossier.ActReceive, dossier.ActAssign, dossier.EvHandOver, dossier.EvTransfer, dossier.EvHandOver}
		if d := cmp.Diff(want, kinds); d != "" {
			t.Errorf("events (-want +got):\n%s", d)
		}
		spec, err := a.DB.OfficerByUsername(ctx, "layhotich")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := a.DB.Act(ctx, d.Code, dossier.Action{Kind: dossier.ActAssign, OfficerID: spec.ID}, c.Leader); err != nil {
			t.Errorf("Đạ Lây's leader assigns the transferred dossier: %v", err)
		}
	})
}

// A procedure moved from the districts on 1 July 2025 is refused at a
// commune before that day and received from it on.
func TestIntakeFollowsTheProcedureLevel(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		ctx := context.Background()
		tw := storetest.NewTown(t, e)
		const moved = "1.000747" // marriage with a foreign element: the district's until 30 June 2025
		pv, err := tw.DB.ProcedureByCode(ctx, moved)
		if err != nil {
			t.Fatal(err)
		}
		in := dossier.Intake{Channel: dossier.Counter,
			Applicant: dossier.Applicant{FullName: "Nguyễn Thị Lan", IDNumber: "068190001234", Phone: "0912345678"}}
		for _, c := range pv.Procedure.Components {
			if c.Required {
				in.Components = append(in.Components, dossier.Component{Name: c.Name})
			}
		}
		req := store.IntakeRequest{UnitID: tw.Unit.ID, ProcedureCode: moved, Intake: in, Actor: tw.Reception}
		tw.Clock.Set(t, "2025-06-30 09:00")
		if _, err := tw.DB.Intake(ctx, req); apperr.KindOf(err) != apperr.Invalid || !strings.Contains(err.Error(), "cấp huyện") {
			t.Fatalf("intake on 30 June 2025: %v, want refused as the district's", err)
		}
		all, err := tw.DB.Dossiers(ctx, store.DossierFilter{})
		if err != nil || len(all) != 0 {
			t.Fatalf("a refused intake left %d dossiers (%v)", len(all), err)
		}
		tw.Clock.Set(t, "2025-07-01 09:00")
		if _, err := tw.DB.Intake(ctx, req); err != nil {
			t.Fatalf("intake on 1 July 2025: %v", err)
		}
	})
}

// With CodeByCompetent a dossier received by the town for An Nhơn takes An
// Nhơn's identifier and counter; by default the town's.
func TestDossierCodingIsConfigurable(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		ctx := context.Background()
		tw := storetest.NewTown(t, e)
		an := neighbour(t, tw, "000.21.38.H56", "UBND xã An Nhơn", "an")
		competent, err := store.Open(ctx, tw.DSN, store.Options{Now: tw.Clock.Now, DossierCodes: store.CodeByCompetent})
		if err != nil {
			t.Fatal(err)
		}
		defer competent.Close()
		pv, err := tw.DB.ProcedureByCode(ctx, "1.004873")
		if err != nil {
			t.Fatal(err)
		}
		in := dossier.Intake{Channel: dossier.Counter, ResolvingUnitID: an.Unit.ID,
			Applicant: dossier.Applicant{FullName: "Nguyễn Thị Lan", IDNumber: "068190001234", Phone: "0912345678"}}
		for _, c := range pv.Procedure.Components {
			if c.Required {
				in.Components = append(in.Components, dossier.Component{Name: c.Name})
			}
		}
		req := store.IntakeRequest{UnitID: tw.Unit.ID, ProcedureCode: "1.004873", Intake: in, Actor: tw.Reception}
		var codes []string
		for _, db := range []*store.DB{tw.DB, competent, competent, tw.DB} {
			d, err := db.Intake(ctx, req)
			if err != nil {
				t.Fatal(err)
			}
			codes = append(codes, d.Code)
		}
		want := []string{"000.21.37.H56-250303-0001", "000.21.38.H56-250303-0001", "000.21.38.H56-250303-0002", "000.21.37.H56-250303-0002"}
		if d := cmp.Diff(want, codes); d != "" {
			t.Errorf("codes (-want +got):\n%s", d)
		}
	})
}

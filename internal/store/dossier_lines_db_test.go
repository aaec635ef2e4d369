package store_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/staff"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/store/storetest"
)

// TestDossierLinesAreTheDossiers: a queue's lines, read from the columns
// (and from the document only for an apology), say what the whole dossiers
// say, in the same order, for the filters the queues use: received at the
// counter or online and not yet received, an organisation applicant, an
// apology drafted and one approved (a new appointment), several procedures.
func TestDossierLinesAreTheDossiers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		tw := newTown(t, e)
		ctx := context.Background()
		tw.clk.Set("2025-03-03 09:00")
		tw.intake(t, "1.004873", dossier.Counter, tw.reception)
		tw.intake(t, "1.004873", dossier.Online, nil)
		tw.intake(t, "1.004772", dossier.Counter, tw.reception)
		req := tw.request(t, "2.000635", dossier.Counter, tw.reception)
		req.Intake.Applicant.Kind, req.Intake.Applicant.OrgName, req.Intake.Applicant.TaxCode = dossier.Organisation, "Công ty TNHH Đạ Tẻh", "5800123456"
		if _, err := tw.db.Intake(ctx, req); err != nil {
			t.Fatal(err)
		}
		drafted := tw.intake(t, "1.004873", dossier.Counter, tw.reception)
		moved := tw.intake(t, "1.004873", dossier.Counter, tw.reception)
		tw.clk.Set("2025-03-05 16:00")
		holder := func(d *dossier.Dossier) *staff.Officer { // routing spreads the dossiers over the field's specialists
			o, err := tw.db.Officer(ctx, d.AssigneeID)
			if err != nil {
				t.Fatal(err)
			}
			return o
		}
		tw.act(t, drafted.Code, dossier.Action{Kind: dossier.ActDraftApology, Reason: "Cần xác minh thêm", ExtendDays: 2}, holder(drafted))
		tw.act(t, moved.Code, dossier.Action{Kind: dossier.ActDraftApology, Reason: "Cần xác minh thêm", ExtendDays: 3}, holder(moved))
		if d := tw.act(t, moved.Code, dossier.Action{Kind: dossier.ActApproveApology}, tw.leader); d.NewAppointmentAt.IsZero() {
			t.Fatal("the approved apology set no new appointment")
		}
		type line struct {
			Code, Procedure, Applicant, Assignee string
			Status                               dossier.Status
			Channel                              dossier.Channel
			Submitted, Received, Due, NewDue     int64
		}
		milli := func(s interface{ UnixMilli() int64 }, zero bool) int64 {
			if zero {
				return 0
			}
			return s.UnixMilli()
		}
		for name, f := range map[string]store.DossierFilter{
			"the unit":        {UnitID: tw.unit.ID},
			"the specialist":  {UnitID: tw.unit.ID, AssigneeID: tw.hotich.ID},
			"pending by code": {UnitID: tw.unit.ID, Statuses: []dossier.Status{dossier.New, dossier.Received, dossier.Processing}, Order: store.OrderCode},
		} {
			full, err := tw.db.Dossiers(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			lines, err := tw.db.DossierLines(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			var want, got []line
			for _, d := range full {
				want = append(want, line{d.Code, d.ProcedureName, d.Applicant.DisplayName(), d.AssigneeID, d.Status, d.Channel,
					milli(d.SubmittedAt, d.SubmittedAt.IsZero()), milli(d.ReceivedAt, d.ReceivedAt.IsZero()),
					milli(d.AppointmentAt, d.AppointmentAt.IsZero()), milli(d.NewAppointmentAt, d.NewAppointmentAt.IsZero())})
			}
			for _, l := range lines {
				got = append(got, line{l.Code, l.ProcedureName, l.ApplicantName, l.AssigneeID, l.Status, l.Channel,
					milli(l.SubmittedAt, l.SubmittedAt.IsZero()), milli(l.ReceivedAt, l.ReceivedAt.IsZero()),
					milli(l.AppointmentAt, l.AppointmentAt.IsZero()), milli(l.NewAppointmentAt, l.NewAppointmentAt.IsZero())})
			}
			if len(want) < 2 {
				t.Fatalf("%s: only %d dossiers", name, len(want))
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("%s: the lines differ from the dossiers (-dossiers +lines):\n%s", name, diff)
			}
		}
	})
}

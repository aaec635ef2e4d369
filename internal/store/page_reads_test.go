package store_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/staff"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/store/storetest"
)

// TestDossierSidesSayWhatADossierHas, both engines: the one-statement probe
// of a dossier's side records agrees with the lists themselves as a dossier
// gains digitised papers and a result, and carries its unit's calendar
// revision, which a new day off moves so that CalendarAt returns the new
// calendar. (Every web test that opens a dossier page checks the probe
// against the lists too: web.checkSides.)
func TestDossierSidesSayWhatADossierHas(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		ctx := context.Background()
		tw := storetest.NewTown(t, e)
		sidesOf := func(d *dossier.Dossier) store.DossierSides {
			t.Helper()
			s, err := tw.DB.DossierSides(ctx, d.ID, d.ResolvingUnitID)
			if err != nil {
				t.Fatal(err)
			}
			papers, err := tw.DB.DossierPapers(ctx, d.ID)
			if err != nil {
				t.Fatal(err)
			}
			results, err := tw.DB.ResultPapers(ctx, d.ID)
			if err != nil {
				t.Fatal(err)
			}
			files, err := tw.DB.DossierFiles(ctx, d.ID)
			if err != nil {
				t.Fatal(err)
			}
			if s.Papers != (len(papers) > 0) || s.ResultPapers != (len(results) > 0) || s.Files != (len(files) > 0) {
				t.Fatalf("%s: sides %+v, but %d papers, %d result papers, %d files", d.Code, s, len(papers), len(results), len(files))
			}
			if err := tw.DB.CheckSides(ctx, d.ID, s); err != nil {
				t.Fatal(err)
			}
			return s
		}
		fresh := tw.Drive(t, storetest.Path{Procedure: "1.004873", Channel: dossier.Counter, Received: "2025-03-03 09:00"})
		if s := sidesOf(fresh); s.Papers || s.ResultPapers || s.Consultations || s.Supplements || s.ReturnChoice || s.PortalCode != "" {
			t.Fatalf("a dossier just received has side records: %+v", s)
		}
		done := tw.Drive(t, storetest.Path{Procedure: "1.004873", Channel: dossier.Counter, Received: "2025-03-03 10:00",
			Digitised: true, Resolved: "2025-03-05 10:00", Returned: true})
		if s := sidesOf(done); !s.Papers {
			t.Fatalf("a dossier digitised at reception has no papers: %+v", s)
		}

		// A dossier from the national portal, with a consultation, the
		// citizen's choice of return and a notice sent to them.
		in := dossier.Intake{Applicant: dossier.Applicant{FullName: "Trần Văn Bình", IDNumber: "068190004321", Phone: "0912345670"},
			Components: []dossier.Component{{Name: "Bản chính giấy tờ, văn bản làm cơ sở chứng thực"},
				{Name: "Bản sao cần chứng thực (người yêu cầu tự chụp hoặc cơ quan chụp)"}}}
		arrived, _, err := tw.DB.ReceivePortalDossier(ctx, store.PortalArrival{PortalCode: "G22.99-250303-0001", UnitCode: tw.Unit.Code,
			ProcedureCode: "2.000815", Intake: in, Source: "push"})
		if err != nil {
			t.Fatal(err)
		}
		if arrived, err = tw.DB.Act(ctx, arrived.Code, dossier.Action{Kind: dossier.ActReceive}, tw.Reception); err != nil {
			t.Fatal(err)
		}
		lead, err := tw.DB.Officer(ctx, arrived.LeadID)
		if err != nil {
			t.Fatal(err)
		}
		active := true
		team, err := tw.DB.Officers(ctx, store.OfficerFilter{UnitID: tw.Unit.ID, Active: &active})
		if err != nil {
			t.Fatal(err)
		}
		colleague := team[slices.IndexFunc(team, func(o *staff.Officer) bool { return o.ID != lead.ID && o.Has(staff.Specialist) })]
		if _, err := tw.DB.Act(ctx, arrived.Code, dossier.Action{Kind: dossier.ActConsult, OfficerID: colleague.ID,
			Note: "Xin ý kiến", DueDays: 1}, lead); err != nil {
			t.Fatal(err)
		}
		if _, err := tw.DB.SetReturnChoice(ctx, arrived.ID, dossier.ReturnChoice{Channel: dossier.ReturnAtCounter}); err != nil {
			t.Fatal(err)
		}
		if _, err := tw.DB.BeginNotifyDelivery(ctx, &store.NotifyDelivery{ID: "n1:sms", OutboxID: "n1", UnitID: tw.Unit.ID,
			DossierID: arrived.ID, Kind: "received", Channel: "sms", Recipient: "0912345670", Body: "Đã tiếp nhận"}); err != nil {
			t.Fatal(err)
		}
		s := sidesOf(arrived)
		if err := tw.DB.CheckSides(ctx, arrived.ID, s); err != nil {
			t.Fatal(err)
		}
		if s.PortalCode != "G22.99-250303-0001" || !s.Consultations || !s.ReturnChoice || !s.Notices {
			t.Fatalf("a portal dossier with a consultation, a return choice and a notice: %+v", s)
		}
		// CheckSides finds a probe that is wrong.
		lie := s
		lie.Consultations, lie.Notices, lie.PortalCode = false, false, ""
		if err := tw.DB.CheckSides(ctx, arrived.ID, lie); err == nil || strings.Count(err.Error(), "\n") != 2 {
			t.Fatalf("CheckSides of a probe wrong on three counts: %v", err)
		}

		// A day off of the unit's own moves its calendar's revision, and the
		// calendar of the new revision has the day off.
		before := sidesOf(fresh).CalendarRev
		if err := tw.DB.SetUnitDay(ctx, tw.Unit.ID, store.UnitDay{Date: "2025-03-12", Name: "Lễ hội xã"}, "test"); err != nil {
			t.Fatal(err)
		}
		after := sidesOf(fresh).CalendarRev
		if after == before {
			t.Fatalf("calendar revision %d did not move with a new day off", after)
		}
		cal, err := tw.DB.CalendarAt(ctx, tw.Unit.ID, after)
		if err != nil {
			t.Fatal(err)
		}
		if working, err := cal.IsWorkingDay(calendar.Date{Year: 2025, Month: 3, Day: 12}); err != nil || working {
			t.Fatalf("the calendar of revision %d: 12 March working %v (%v), want the unit's day off", after, working, err)
		}
	})
}

// TestSessionReadsTheOfficersFields, both engines: the officer of a session
// and of an API token, each read with its fields in one statement, is the
// officer as Officer reads it, fields in order, for a specialist of three
// fields and a leader of none; a locked officer's token opens nothing.
func TestSessionReadsTheOfficersFields(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		ctx := context.Background()
		tw := storetest.NewTown(t, e)
		fields, err := tw.DB.Fields(ctx)
		if err != nil || len(fields) < 3 {
			t.Fatalf("fields: %d, %v", len(fields), err)
		}
		active := true
		team, err := tw.DB.Officers(ctx, store.OfficerFilter{UnitID: tw.Unit.ID, Active: &active})
		if err != nil {
			t.Fatal(err)
		}
		spec := team[slices.IndexFunc(team, func(o *staff.Officer) bool { return o.Has(staff.Specialist) })]
		spec.Fields = []string{fields[2].Code, fields[0].Code, fields[1].Code}
		if err := tw.DB.UpdateOfficer(ctx, spec, "test"); err != nil {
			t.Fatal(err)
		}
		for _, o := range []*staff.Officer{spec, tw.Leader} {
			if err := tw.DB.CreateSession(ctx, "cookie-"+o.ID, o.ID, "csrf", time.Hour); err != nil {
				t.Fatal(err)
			}
			sess, err := tw.DB.SessionByID(ctx, "cookie-"+o.ID)
			if err != nil {
				t.Fatal(err)
			}
			want, err := tw.DB.Officer(ctx, o.ID)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, sess.Officer); diff != "" {
				t.Errorf("%s: the session's officer differs from Officer (-want +got):\n%s", o.Username, diff)
			}
			token, err := tw.DB.CreateToken(ctx, o.ID, "thử", "test")
			if err != nil {
				t.Fatal(err)
			}
			byToken, err := tw.DB.OfficerByToken(ctx, token)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, byToken); diff != "" {
				t.Errorf("%s: the token's officer differs from Officer (-want +got):\n%s", o.Username, diff)
			}
		}
		if got, _ := tw.DB.SessionByID(ctx, "cookie-"+spec.ID); len(got.Officer.Fields) != 3 {
			t.Errorf("the specialist's session has fields %v, want three", got.Officer.Fields)
		}

		// A locked officer's token no longer opens anything.
		token, err := tw.DB.CreateToken(ctx, spec.ID, "khoá", "test")
		if err != nil {
			t.Fatal(err)
		}
		spec.Active = false
		if err := tw.DB.UpdateOfficer(ctx, spec, "test"); err != nil {
			t.Fatal(err)
		}
		if _, err := tw.DB.OfficerByToken(ctx, token); apperr.KindOf(err) != apperr.Unauthenticated {
			t.Errorf("a locked officer's token: %v, want Unauthenticated", err)
		}
	})
}

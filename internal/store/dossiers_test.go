package store_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/catalogue"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/staff"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/store/storetest"
	"github.com/motcua/motcua/internal/unit"
)

var ict = time.FixedZone("ICT", 7*3600)

func at(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, ict)
	if err != nil {
		panic(err)
	}
	return t
}

// clock is a settable clock for the store.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time          { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Set(s string)            { c.mu.Lock(); c.t = at(s); c.mu.Unlock() }
func (c *clock) Advance(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

// town is a commune with its staff, on a fresh database.
type town struct {
	db                                    *store.DB
	clk                                   *clock
	unit, other                           *unit.Unit
	reception, hotich, hotich2, chungthuc *staff.Officer
	leader, foreign                       *staff.Officer
}

func newTown(t testing.TB, e storetest.Engine) *town {
	t.Helper()
	ctx := context.Background()
	clk := &clock{}
	clk.Set("2025-03-03 08:00")
	db := e.Open(t, store.Options{Now: clk.Now})
	c, err := catalogue.LoadShipped()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.ImportCatalogue(ctx, c, "test"); err != nil {
		t.Fatal(err)
	}
	tw := &town{db: db, clk: clk}
	tw.unit = &unit.Unit{Code: "000.21.37.H56", Name: "UBND xã Đạ Tẻh", Kind: unit.Commune}
	tw.other = &unit.Unit{Code: "000.21.38.H56", Name: "UBND xã Quốc Oai", Kind: unit.Commune}
	for _, u := range []*unit.Unit{tw.unit, tw.other} {
		if err := db.CreateUnit(ctx, u, "test"); err != nil {
			t.Fatal(err)
		}
	}
	mk := func(u *unit.Unit, username string, role staff.Role, fields ...string) *staff.Officer {
		o := &staff.Officer{UnitID: u.ID, Username: username, FullName: username, Roles: []staff.Role{role}, Fields: fields, Active: true}
		if err := db.CreateOfficer(ctx, o, "mat-khau-thu", "test"); err != nil {
			t.Fatal(err)
		}
		return o
	}
	tw.reception = mk(tw.unit, "tiepnhan", staff.Reception)
	tw.hotich = mk(tw.unit, "hotich1", staff.Specialist, "HT")
	tw.hotich2 = mk(tw.unit, "hotich2", staff.Specialist, "HT")
	tw.chungthuc = mk(tw.unit, "chungthuc", staff.Specialist, "CT")
	tw.leader = mk(tw.unit, "chutich", staff.Leader)
	tw.foreign = mk(tw.other, "tiepnhan_khac", staff.Reception)
	return tw
}

func (tw *town) intake(t *testing.T, procCode string, ch dossier.Channel, actor *staff.Officer) *dossier.Dossier {
	t.Helper()
	d, err := tw.db.Intake(context.Background(), tw.request(t, procCode, ch, actor))
	if err != nil {
		t.Fatalf("intake %s: %v", procCode, err)
	}
	return d
}

func (tw *town) request(t testing.TB, procCode string, ch dossier.Channel, actor *staff.Officer) store.IntakeRequest {
	t.Helper()
	pv, err := tw.db.ProcedureByCode(context.Background(), procCode)
	if err != nil {
		t.Fatal(err)
	}
	in := dossier.Intake{Channel: ch, Applicant: dossier.Applicant{FullName: "Nguyễn Thị Lan", IDNumber: "068190001234",
		Phone: "0912345678", Address: "Thôn 3, xã Đạ Tẻh"}}
	for _, c := range pv.Procedure.Components {
		if c.Required {
			in.Components = append(in.Components, dossier.Component{Name: c.Name})
		}
	}
	return store.IntakeRequest{UnitID: tw.unit.ID, ProcedureCode: procCode, Intake: in, Actor: actor}
}

func (tw *town) act(t *testing.T, code string, a dossier.Action, actor *staff.Officer) *dossier.Dossier {
	t.Helper()
	d, err := tw.db.Act(context.Background(), code, a, actor)
	if err != nil {
		t.Fatalf("%s by %v: %v", a.Kind, actor, err)
	}
	return d
}

type ev struct {
	Kind     dossier.ActionKind
	From, To dossier.Status
	FromOff  string
	ToOff    string
}

func (tw *town) history(t *testing.T, d *dossier.Dossier) []ev {
	t.Helper()
	events, err := tw.db.Events(context.Background(), d.ID)
	if err != nil {
		t.Fatal(err)
	}
	var out []ev
	for i, e := range events {
		if e.Seq != i+1 {
			t.Errorf("event %d has seq %d", i, e.Seq)
		}
		out = append(out, ev{e.Kind, e.FromStatus, e.ToStatus, e.FromOfficer, e.ToOfficer})
	}
	return out
}

func wantTime(t *testing.T, what string, got time.Time, want string) {
	t.Helper()
	if !got.Equal(at(want)) {
		t.Errorf("%s = %s, want %s", what, got.In(ict).Format("2006-01-02 15:04 Mon"), want)
	}
}

// TestCounterPath: received -> processing -> supplement -> resumed ->
// resolved -> returned, with the appointment after each step and the whole
// event log.
func TestCounterPath(t *testing.T) {
	for _, ch := range []dossier.Channel{dossier.Counter, dossier.Post, dossier.Online} {
		t.Run(ch.Label(), func(t *testing.T) { testPath(t, ch) })
	}
}

// testPath drives a dossier of channel ch through the whole lifecycle.
func testPath(t *testing.T, ch dossier.Channel) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		tw := newTown(t, e)
		// Mon 3 Mar 2025 09:00, marital-status certificate, 3 working days.
		tw.clk.Set("2025-03-03 09:00")
		var d *dossier.Dossier
		var head []ev
		switch ch {
		case dossier.Online: // submitted the evening before, received at 09:00
			tw.clk.Set("2025-03-02 20:00")
			d = tw.intake(t, "1.004873", ch, nil)
			if d.Status != dossier.New || !d.AppointmentAt.IsZero() {
				t.Fatalf("online: status %d, appointment %v", d.Status, d.AppointmentAt)
			}
			tw.clk.Set("2025-03-03 09:00")
			d = tw.act(t, d.Code, dossier.Action{Kind: dossier.ActReceive}, tw.reception)
			head = []ev{{dossier.ActSubmit, 0, dossier.New, "", ""}, {dossier.ActReceive, dossier.New, dossier.Received, "", tw.reception.ID}}
		case dossier.Post: // arrived by post, entered by reception
			d = tw.intake(t, "1.004873", ch, tw.reception)
			head = []ev{{dossier.ActSubmit, 0, dossier.New, "", ""}, {dossier.ActReceive, dossier.New, dossier.Received, "", tw.reception.ID}}
		default:
			d = tw.intake(t, "1.004873", ch, tw.reception)
			head = []ev{{dossier.ActReceive, 0, dossier.Received, "", tw.reception.ID}}
		}
		wantCode := "000.21.37.H56-250303-0001"
		if ch == dossier.Online {
			wantCode = "000.21.37.H56-250302-0001"
		}
		if d.Code != wantCode || d.Channel != ch {
			t.Errorf("code = %s, channel %d", d.Code, d.Channel)
		}
		if d.Status != dossier.Processing || d.AssigneeID != tw.hotich.ID || d.LeadID != tw.hotich.ID {
			t.Errorf("after intake: status %d assignee %s", d.Status, d.AssigneeID)
		}
		wantTime(t, "appointment", d.AppointmentAt, "2025-03-06 09:00")
		if d.StepDueAt.IsZero() || d.StepDueAt.After(d.AppointmentAt) {
			t.Errorf("step due %v", d.StepDueAt)
		}

		// Tue 10:00 the specialist asks for a supplement: the clock stops.
		tw.clk.Set("2025-03-04 10:00")
		d = tw.act(t, d.Code, dossier.Action{Kind: dossier.ActRequestSupplement, Reason: "Thiếu giấy tờ chứng minh đã ly hôn",
			Items: []string{"Bản sao trích lục ghi chú ly hôn"}}, tw.hotich)
		if d.Status != dossier.Supplement {
			t.Fatalf("status %d", d.Status)
		}
		wantTime(t, "appointment while paused", d.AppointmentAt, "2025-03-06 09:00")

		// Thu 14:00 the applicant brings it: paused 5 + 8 + 5 = 18 working hours,
		// so the appointment moves from Thu 09:00 by 18 working hours:
		// Thu 09:00-17:00 (6 h), Fri (8 h), Mon 07:00-11:00 (4 h) -> Mon 10 Mar 11:00.
		tw.clk.Set("2025-03-06 14:00")
		d = tw.act(t, d.Code, dossier.Action{Kind: dossier.ActSupplement}, tw.reception)
		if d.Status != dossier.Processing {
			t.Fatalf("after supplement: status %d", d.Status)
		}
		wantTime(t, "appointment after resume", d.AppointmentAt, "2025-03-10 11:00")

		tw.clk.Set("2025-03-07 08:00")
		d = tw.act(t, d.Code, dossier.Action{Kind: dossier.ActPropose, Note: "Đủ điều kiện cấp"}, tw.hotich)
		if d.AssigneeID != "" || d.Status != dossier.Processing {
			t.Errorf("after propose: assignee %q status %d", d.AssigneeID, d.Status)
		}
		tw.clk.Set("2025-03-07 10:00")
		if _, err := tw.db.AttachResult(context.Background(), d.Code, nil, tw.db.Blobs(), tw.leader); err != nil {
			t.Fatal(err)
		}
		d = tw.act(t, d.Code, dossier.Action{Kind: dossier.ActApprove, ElectronicResult: true}, tw.leader)
		if d.Status != dossier.Resolved || !d.ElectronicResult {
			t.Fatalf("after approve: %d", d.Status)
		}
		wantTime(t, "ended", d.EndedAt, "2025-03-07 10:00")
		if got := d.Outcome(tw.clk.Now()); got != "before" {
			t.Errorf("outcome = %s, want before", got)
		}
		tw.clk.Set("2025-03-07 15:00")
		d = tw.act(t, d.Code, dossier.Action{Kind: dossier.ActReturn}, tw.reception)
		if d.Status != dossier.Returned {
			t.Fatalf("after return: %d", d.Status)
		}
		wantTime(t, "returned", d.ReturnedAt, "2025-03-07 15:00")

		want := append(head, []ev{
			{dossier.ActAssign, dossier.Received, dossier.Processing, tw.reception.ID, tw.hotich.ID},
			{dossier.ActRequestSupplement, dossier.Processing, dossier.Supplement, tw.hotich.ID, tw.hotich.ID},
			{dossier.ActSupplement, dossier.Supplement, dossier.Processing, tw.hotich.ID, tw.hotich.ID},
			{dossier.ActPropose, dossier.Processing, dossier.Processing, tw.hotich.ID, ""},
			{dossier.ActAttachResult, dossier.Processing, dossier.Processing, "", ""}, // the leader's result paper
			{dossier.ActApprove, dossier.Processing, dossier.Resolved, "", ""},
			{dossier.ActReturn, dossier.Resolved, dossier.Returned, "", ""},
		}...)
		if diff := cmp.Diff(want, tw.history(t, d)); diff != "" {
			t.Errorf("event log (-want +got):\n%s", diff)
		}
	})
}

// TestOnlinePath: submitted online (status 1), received by reception, with
// the clock starting at receipt, not at submission.
func TestOnlinePath(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		tw := newTown(t, e)
		tw.clk.Set("2025-03-01 21:00") // a Saturday night
		d := tw.intake(t, "1.004873", dossier.Online, nil)
		if d.Status != dossier.New || !d.AppointmentAt.IsZero() {
			t.Fatalf("online dossier: status %d appointment %v", d.Status, d.AppointmentAt)
		}
		if d.Code != "000.21.37.H56-250301-0001" {
			t.Errorf("code %s", d.Code)
		}
		tw.clk.Set("2025-03-03 07:30")
		d = tw.act(t, d.Code, dossier.Action{Kind: dossier.ActReceive}, tw.reception)
		wantTime(t, "appointment", d.AppointmentAt, "2025-03-06 07:30")
		wantTime(t, "submitted", d.SubmittedAt, "2025-03-01 21:00")
		if d.Status != dossier.Processing {
			t.Errorf("status %d", d.Status)
		}
		// A second online dossier of the same unit gets the next number of its day.
		tw.clk.Set("2025-03-03 08:00")
		d2 := tw.intake(t, "1.004873", dossier.Online, nil)
		if d2.Code != "000.21.37.H56-250303-0001" {
			t.Errorf("first dossier of 3 March: %s", d2.Code)
		}
		// Routing is least-loaded: hotich1 holds one, so hotich2 gets the next.
		d2 = tw.act(t, d2.Code, dossier.Action{Kind: dossier.ActReceive}, tw.reception)
		if d2.AssigneeID != tw.hotich2.ID {
			t.Errorf("second dossier assigned to %s, want hotich2", d2.AssigneeID)
		}
	})
}

func TestRefusalWithdrawalStop(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		tw := newTown(t, e)
		tw.clk.Set("2025-03-03 09:00")
		online := tw.intake(t, "1.004873", dossier.Online, nil)
		if _, err := tw.db.Act(context.Background(), online.Code, dossier.Action{Kind: dossier.ActRefuse}, tw.reception); apperr.FieldOf(err) != "reason" {
			t.Errorf("refusal without a reason: %v", err)
		}
		online = tw.act(t, online.Code, dossier.Action{Kind: dossier.ActRefuse, Reason: "Không thuộc thẩm quyền của xã"}, tw.reception)
		if online.Status != dossier.Refused {
			t.Errorf("refused: %d", online.Status)
		}

		w := tw.intake(t, "1.004873", dossier.Counter, tw.reception)
		tw.clk.Set("2025-03-04 09:00")
		w = tw.act(t, w.Code, dossier.Action{Kind: dossier.ActWithdraw, Reason: "Công dân xin rút hồ sơ"}, tw.reception)
		if w.Status != dossier.Withdrawn || w.Outcome(tw.clk.Now()) != "on_time" {
			t.Errorf("withdrawn: %d %s", w.Status, w.Outcome(tw.clk.Now()))
		}

		s := tw.intake(t, "1.004873", dossier.Counter, tw.reception) // Tue 09:00: due Fri 7 Mar 09:00
		wantTime(t, "appointment", s.AppointmentAt, "2025-03-07 09:00")
		if _, err := tw.db.Act(context.Background(), s.Code, dossier.Action{Kind: dossier.ActStop, Reason: "x"}, tw.hotich); apperr.KindOf(err) != apperr.Forbidden {
			t.Errorf("a specialist stops: %v", err)
		}
		s = tw.act(t, s.Code, dossier.Action{Kind: dossier.ActStop, Reason: "Chờ kết quả xác minh của cơ quan công an"}, tw.leader)
		if s.Status != dossier.Stopped {
			t.Fatalf("stopped: %d", s.Status)
		}
		tw.clk.Set("2025-03-05 09:00") // stopped one working day (8 h)
		s = tw.act(t, s.Code, dossier.Action{Kind: dossier.ActResume}, tw.leader)
		if s.Status != dossier.Processing {
			t.Errorf("resumed: status %d", s.Status)
		}
		// Fri 09:00 + 8 working hours, over the weekend.
		wantTime(t, "appointment after resume", s.AppointmentAt, "2025-03-10 09:00")
	})
}

// TestApology: the handler drafts, a leader approves; the new appointment is
// promised, the original stays for the statistics.
func TestApology(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		tw := newTown(t, e)
		tw.clk.Set("2025-03-03 09:00")
		d := tw.intake(t, "1.004873", dossier.Counter, tw.reception)
		tw.clk.Set("2025-03-05 16:00")
		d = tw.act(t, d.Code, dossier.Action{Kind: dossier.ActDraftApology, Reason: "Cần xác minh thêm tại nơi cư trú trước đây", ExtendDays: 2}, tw.hotich)
		if d.Apology == nil || !d.NewAppointmentAt.IsZero() {
			t.Fatalf("draft: %+v", d.Apology)
		}
		if _, err := tw.db.Act(context.Background(), d.Code, dossier.Action{Kind: dossier.ActApproveApology}, tw.hotich); apperr.KindOf(err) != apperr.Forbidden {
			t.Errorf("a specialist approves the apology: %v", err)
		}
		d = tw.act(t, d.Code, dossier.Action{Kind: dossier.ActApproveApology}, tw.leader)
		wantTime(t, "original appointment", d.AppointmentAt, "2025-03-06 09:00")
		wantTime(t, "new appointment", d.NewAppointmentAt, "2025-03-10 09:00")
		wantTime(t, "promised", d.Appointment(), "2025-03-10 09:00")
		// Resolved after the original date but before the new one: overdue in the statistics.
		tw.clk.Set("2025-03-07 09:00")
		d = tw.act(t, d.Code, dossier.Action{Kind: dossier.ActPropose}, tw.hotich)
		d = tw.act(t, d.Code, dossier.Action{Kind: dossier.ActApprove}, tw.leader)
		if got := d.Outcome(tw.clk.Now()); got != "overdue" {
			t.Errorf("outcome = %s, want overdue", got)
		}
	})
}

// TestMultiField: a lead specialist, a coordinator of another field, and a
// consultation with its own due date.
func TestMultiField(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		tw := newTown(t, e)
		ctx := context.Background()
		tw.clk.Set("2025-03-03 09:00")
		d := tw.intake(t, "1.004873", dossier.Counter, tw.reception)
		d = tw.act(t, d.Code, dossier.Action{Kind: dossier.ActAddCoordinator, OfficerID: tw.chungthuc.ID}, tw.hotich)
		if len(d.Coordinators) != 1 || d.Coordinators[0] != tw.chungthuc.ID {
			t.Fatalf("coordinators %v", d.Coordinators)
		}
		d = tw.act(t, d.Code, dossier.Action{Kind: dossier.ActConsult, OfficerID: tw.chungthuc.ID, Note: "Đề nghị cho ý kiến về giấy tờ chứng thực kèm theo", DueDays: 1}, tw.hotich)
		cs, err := tw.db.Consultations(ctx, d.ID)
		if err != nil || len(cs) != 1 {
			t.Fatalf("consultations %v %v", cs, err)
		}
		wantTime(t, "consultation due", cs[0].DueAt, "2025-03-04 09:00")
		if _, err := tw.db.Act(ctx, d.Code, dossier.Action{Kind: dossier.ActAnswer, ConsultationID: cs[0].ID, Note: "x"}, tw.hotich2); apperr.KindOf(err) != apperr.Forbidden {
			t.Errorf("an outsider answers: %v", err)
		}
		tw.clk.Set("2025-03-03 15:00")
		d = tw.act(t, d.Code, dossier.Action{Kind: dossier.ActAnswer, ConsultationID: cs[0].ID, Note: "Giấy tờ hợp lệ"}, tw.chungthuc)
		cs, _ = tw.db.Consultations(ctx, d.ID)
		if cs[0].Answer != "Giấy tờ hợp lệ" {
			t.Errorf("answer %q", cs[0].Answer)
		}
		wantTime(t, "answered", cs[0].AnsweredAt, "2025-03-03 15:00")
		if _, err := tw.db.Act(ctx, d.Code, dossier.Action{Kind: dossier.ActAnswer, ConsultationID: cs[0].ID, Note: "lần 2"}, tw.chungthuc); apperr.KindOf(err) != apperr.Conflict {
			t.Errorf("answering twice: %v", err)
		}
		// Only the lead proposes; the leader approves.
		if _, err := tw.db.Act(ctx, d.Code, dossier.Action{Kind: dossier.ActPropose}, tw.chungthuc); apperr.KindOf(err) != apperr.Forbidden {
			t.Errorf("the coordinator proposes: %v", err)
		}
		d = tw.act(t, d.Code, dossier.Action{Kind: dossier.ActPropose}, tw.hotich)
		d = tw.act(t, d.Code, dossier.Action{Kind: dossier.ActApprove}, tw.leader)
		if d.Status != dossier.Resolved {
			t.Errorf("status %d", d.Status)
		}
	})
}

// TestForbiddenActionsChangeNothing: each refused action leaves the dossier
// and its log exactly as they were.
func TestForbiddenActionsChangeNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		tw := newTown(t, e)
		ctx := context.Background()
		tw.clk.Set("2025-03-03 09:00")
		d := tw.intake(t, "1.004873", dossier.Counter, tw.reception)
		before, _ := tw.db.Dossier(ctx, d.Code)
		beforeLog := tw.history(t, d)
		cases := []struct {
			name  string
			a     dossier.Action
			actor *staff.Officer
			kind  apperr.Kind
		}{
			{"return before resolved", dossier.Action{Kind: dossier.ActReturn}, tw.reception, apperr.Conflict},
			{"a specialist approves", dossier.Action{Kind: dossier.ActApprove}, tw.hotich, apperr.Forbidden},
			{"another unit's officer", dossier.Action{Kind: dossier.ActWithdraw, Reason: "x"}, tw.foreign, apperr.Forbidden},
			{"receive twice", dossier.Action{Kind: dossier.ActReceive}, tw.reception, apperr.Conflict},
			{"resume what is not stopped", dossier.Action{Kind: dossier.ActResume}, tw.leader, apperr.Conflict},
			{"approve before proposal", dossier.Action{Kind: dossier.ActApprove}, tw.leader, apperr.Conflict},
			{"a citizen rates too early", dossier.Action{Kind: dossier.ActRate, Rating: dossier.Satisfied}, nil, apperr.Conflict},
			{"the other specialist asks for a supplement", dossier.Action{Kind: dossier.ActRequestSupplement, Reason: "x", Items: []string{"y"}}, tw.hotich2, apperr.Forbidden},
			{"an unknown action", dossier.Action{Kind: "teleport"}, tw.leader, apperr.Invalid},
		}
		for _, c := range cases {
			_, err := tw.db.Act(ctx, d.Code, c.a, c.actor)
			if apperr.KindOf(err) != c.kind {
				t.Errorf("%s: err = %v (%v), want %v", c.name, err, apperr.KindOf(err), c.kind)
			}
		}
		after, _ := tw.db.Dossier(ctx, d.Code)
		if diff := cmp.Diff(before, after); diff != "" {
			t.Errorf("refused actions changed the dossier (-before +after):\n%s", diff)
		}
		if diff := cmp.Diff(beforeLog, tw.history(t, d)); diff != "" {
			t.Errorf("refused actions changed the log:\n%s", diff)
		}
		// An officer of another unit cannot take in a dossier here.
		req := tw.request(t, "1.004873", dossier.Counter, tw.foreign)
		if _, err := tw.db.Intake(ctx, req); apperr.KindOf(err) != apperr.Forbidden {
			t.Errorf("foreign intake: %v", err)
		}
		// Bad applicant data: every field named, nothing stored.
		req = tw.request(t, "1.004873", dossier.Counter, tw.reception)
		req.Intake.Applicant.IDNumber = "12345"
		req.Intake.Applicant.Phone = "abc"
		req.Intake.Components = nil
		_, err := tw.db.Intake(ctx, req)
		fe, ok := err.(*apperr.FieldsError)
		if !ok || fe.Fields["applicant.id_number"] == "" || fe.Fields["applicant.phone"] == "" || fe.Fields["components.0"] == "" {
			t.Errorf("bad intake: %v", err)
		}
		list, _ := tw.db.Dossiers(ctx, store.DossierFilter{UnitID: tw.unit.ID})
		if len(list) != 1 {
			t.Errorf("%d dossiers stored, want 1", len(list))
		}
	})
}

// TestConcurrentIntakeCodes: 200 concurrent intakes for one unit on one day
// give codes 0001 to 0200, none repeated.
func TestConcurrentIntakeCodes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		tw := newTown(t, e)
		tw.clk.Set("2025-03-03 09:00")
		const n = 200
		codes := make(chan string, n)
		errs := make(chan error, n)
		var wg sync.WaitGroup
		for i := 0; i < n; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				d, err := tw.db.Intake(context.Background(), tw.request(t, "2.000815", dossier.Online, nil))
				if err != nil {
					errs <- err
					return
				}
				codes <- d.Code
			}()
		}
		wg.Wait()
		close(codes)
		close(errs)
		for err := range errs {
			t.Errorf("intake: %v", err)
		}
		seen := map[string]bool{}
		for c := range codes {
			if seen[c] {
				t.Errorf("code %s issued twice", c)
			}
			seen[c] = true
		}
		for i := 1; i <= n; i++ {
			if c := fmt.Sprintf("000.21.37.H56-250303-%04d", i); !seen[c] {
				t.Errorf("code %s missing", c)
			}
		}
	})
}

// TestIdempotentSubmission: a retried online submission with the same key
// gives one dossier, also when the retries race.
func TestIdempotentSubmission(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		tw := newTown(t, e)
		ctx := context.Background()
		req := tw.request(t, "1.004873", dossier.Online, nil)
		req.Intake.IdempotencyKey = "browser-7f3a"
		var wg sync.WaitGroup
		got := make(chan string, 8)
		for i := 0; i < 8; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				d, err := tw.db.Intake(ctx, req)
				if err != nil {
					t.Errorf("retry: %v", err)
					return
				}
				got <- d.Code
			}()
		}
		wg.Wait()
		close(got)
		first := ""
		for c := range got {
			if first == "" {
				first = c
			}
			if c != first {
				t.Errorf("retries gave %s and %s", first, c)
			}
		}
		list, _ := tw.db.Dossiers(ctx, store.DossierFilter{UnitID: tw.unit.ID})
		if len(list) != 1 {
			t.Errorf("%d dossiers, want 1", len(list))
		}
	})
}

// TestLookupNeedsSecondFactor: the code alone finds nothing.
func TestLookupNeedsSecondFactor(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		tw := newTown(t, e)
		ctx := context.Background()
		d := tw.intake(t, "1.004873", dossier.Counter, tw.reception)
		for _, secret := range []string{"", "0000", "5679", "12345"} {
			if _, _, err := tw.db.Lookup(ctx, d.Code, secret); apperr.KindOf(err) != apperr.NotFound {
				t.Errorf("lookup with %q: %v", secret, err)
			}
		}
		for _, secret := range []string{"5678", "1234"} { // phone, ID
			got, events, err := tw.db.Lookup(ctx, d.Code, secret)
			if err != nil || got.Code != d.Code || len(events) == 0 {
				t.Errorf("lookup with %q: %v", secret, err)
			}
			for _, e := range events {
				if !e.Public {
					t.Errorf("lookup shows a private event %s", e.Kind)
				}
			}
		}
	})
}

// TestIdempotencyKeyAnswersOnlyItsOwnRequest: a key already used by another
// unit's submission returns nothing of it.
func TestIdempotencyKeyAnswersOnlyItsOwnRequest(t *testing.T) {
	tw := newTown(t, storetest.Engine{Name: "sqlite", Open: storetest.OpenSQLite})
	ctx := context.Background()
	req := tw.request(t, "1.004873", dossier.Online, nil)
	req.Intake.IdempotencyKey = "shared-key"
	if _, err := tw.db.Intake(ctx, req); err != nil {
		t.Fatal(err)
	}
	other := req
	other.UnitID = tw.other.ID
	if d, err := tw.db.Intake(ctx, other); apperr.FieldOf(err) != "idempotency_key" || d != nil {
		t.Errorf("the key replayed across units: %v, %v", d, err)
	}
}

func TestDossierFilterByProcedureAndChannel(t *testing.T) {
	tw := newTown(t, storetest.Engine{Name: "sqlite", Open: storetest.OpenSQLite})
	ctx := context.Background()
	tw.intake(t, "1.004873", dossier.Counter, tw.reception)
	tw.intake(t, "1.004873", dossier.Online, nil)
	tw.intake(t, "2.000815", dossier.Online, nil)
	for _, c := range []struct {
		f    store.DossierFilter
		want int
	}{
		{store.DossierFilter{UnitID: tw.unit.ID}, 3},
		{store.DossierFilter{UnitID: tw.unit.ID, Procedure: "1.004873"}, 2},
		{store.DossierFilter{UnitID: tw.unit.ID, Channel: dossier.Online}, 2},
		{store.DossierFilter{UnitID: tw.unit.ID, Procedure: "1.004873", Channel: dossier.Online}, 1},
	} {
		list, err := tw.db.Dossiers(ctx, c.f)
		if err != nil || len(list) != c.want {
			t.Errorf("%+v: %d dossiers, %v; want %d", c.f, len(list), err, c.want)
		}
	}
}

package dossier

import (
	"slices"
	"sort"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/catalogue"
	"github.com/motcua/motcua/internal/staff"
)

var ict = time.FixedZone("ICT", 7*3600)

func testEnv(t *testing.T) (Env, map[string]*staff.Officer) {
	t.Helper()
	cal, err := calendar.Default()
	if err != nil {
		t.Fatal(err)
	}
	proc := &catalogue.Procedure{Code: "1.004873", TimeLimit: calendar.Days(3), Steps: []catalogue.Step{
		{Name: "Tiếp nhận", Role: catalogue.RoleReception, Share: 10}, {Name: "Xử lý", Role: catalogue.RoleSpecialist, Share: 50},
		{Name: "Phê duyệt", Role: catalogue.RoleLeader, Share: 30}, {Name: "Trả kết quả", Role: catalogue.RoleReception, Share: 10}}}
	people := map[string]*staff.Officer{
		"reception": {ID: "r", UnitID: "u", Roles: []staff.Role{staff.Reception}, Active: true},
		"lead":      {ID: "s1", UnitID: "u", Roles: []staff.Role{staff.Specialist}, Fields: []string{"HT"}, Active: true},
		"other":     {ID: "s2", UnitID: "u", Roles: []staff.Role{staff.Specialist}, Fields: []string{"CT"}, Active: true},
		"leader":    {ID: "l", UnitID: "u", Roles: []staff.Role{staff.Leader}, Active: true},
		"foreigner": {ID: "x", UnitID: "elsewhere", Roles: []staff.Role{staff.Reception, staff.Leader, staff.Specialist}, Active: true},
		"applicant": nil,
	}
	return Env{Now: time.Date(2025, 3, 4, 9, 0, 0, 0, ict), Cal: cal, Proc: proc}, people
}

// dossierIn returns a dossier in status s, as the lifecycle would have left it.
func dossierIn(s Status) *Dossier {
	d := &Dossier{Code: "c", ReceivingUnitID: "u", ResolvingUnitID: "u", FieldCode: "HT", Status: s, Limit: calendar.Days(3),
		Components: []Component{{Name: "Tờ khai", Digitisation: NotDigitised}},
		Payment:    Payment{Due: 8000, State: Unpaid}}
	received := time.Date(2025, 3, 3, 9, 0, 0, 0, ict)
	if s != New && s != Refused {
		d.ReceivedAt, d.AppointmentAt = received, time.Date(2025, 3, 6, 9, 0, 0, 0, ict)
	}
	switch s {
	case Processing:
		d.AssigneeID, d.LeadID = "s1", "s1"
	case Supplement, AwaitingPayment, Stopped:
		d.AssigneeID, d.LeadID, d.PrevStatus, d.PausedAt = "s1", "s1", Processing, received.Add(time.Hour)
	case Resolved, Returned:
		d.LeadID, d.EndedAt = "s1", received.Add(24*time.Hour)
		if s == Returned {
			d.ReturnedAt, d.Payment.State = received.Add(25*time.Hour), Paid
		}
	case Refused, Withdrawn:
		d.EndedAt = received
	}
	return d
}

// probe is, for each action, a valid request and who is entitled to make it.
var probe = []struct {
	a  Action
	by string
}{
	{Action{Kind: ActReceive}, "reception"},
	{Action{Kind: ActAssign, OfficerID: "s1"}, "leader"},
	{Action{Kind: ActRefuse, Reason: "Sai thẩm quyền"}, "reception"},
	{Action{Kind: ActRequestSupplement, Reason: "Thiếu giấy tờ", Items: []string{"Bản sao"}}, "reception"},
	{Action{Kind: ActSupplement}, "reception"},
	{Action{Kind: ActRequestPayment}, "lead"},
	{Action{Kind: ActRecordPayment, Method: Cash}, "reception"},
	{Action{Kind: ActWithdraw, Reason: "Công dân rút"}, "reception"},
	{Action{Kind: ActStop, Reason: "Chờ xác minh"}, "leader"},
	{Action{Kind: ActResume}, "leader"},
	{Action{Kind: ActAddCoordinator, OfficerID: "s2"}, "lead"},
	{Action{Kind: ActConsult, OfficerID: "s2", Note: "Xin ý kiến", DueDays: 1}, "lead"},
	{Action{Kind: ActPropose}, "lead"},
	{Action{Kind: ActSendBack, Reason: "Bổ sung nhận xét"}, "leader"},
	{Action{Kind: ActApprove}, "leader"},
	{Action{Kind: ActDraftApology, Reason: "Cần xác minh", ExtendDays: 2}, "lead"},
	{Action{Kind: ActApproveApology}, "leader"},
	{Action{Kind: ActReturn}, "reception"},
	{Action{Kind: ActRate, Rating: Satisfied}, "applicant"},
	{Action{Kind: ActDigitise, Component: 0, Digitisation: Digitised, PaperID: "p1"}, "reception"},
}

// TestStatusMachine: from each status, exactly these actions are allowed to
// the officer entitled to them; everything else is refused and changes nothing.
func TestStatusMachine(t *testing.T) {
	env, people := testEnv(t)
	want := map[Status][]ActionKind{
		New: {ActReceive, ActRefuse, ActRequestSupplement, ActRecordPayment, ActWithdraw, ActDigitise},
		// No specialist holds it yet: the probe's specialist may not ask for payment or draft an apology.
		Received:        {ActAssign, ActRefuse, ActRequestSupplement, ActRecordPayment, ActWithdraw, ActDigitise},
		Refused:         nil,
		Processing:      {ActAssign, ActRequestSupplement, ActRequestPayment, ActRecordPayment, ActWithdraw, ActStop, ActAddCoordinator, ActConsult, ActPropose, ActDraftApology, ActDigitise},
		Supplement:      {ActSupplement, ActRecordPayment, ActWithdraw, ActStop, ActDraftApology, ActDigitise},
		AwaitingPayment: {ActRecordPayment, ActWithdraw, ActStop, ActDraftApology, ActDigitise},
		Withdrawn:       nil,
		Stopped:         {ActResume, ActDraftApology, ActDigitise},
		// The fee is not paid yet: the result is not handed over before it is.
		Resolved: {ActRecordPayment, ActDigitise},
		Returned: {ActRate},
	}
	for _, s := range Statuses {
		var got []ActionKind
		for _, p := range probe {
			d := dossierIn(s)
			before := d.Clone()
			e := env
			e.Actor = people[p.by]
			if p.a.OfficerID != "" {
				for _, o := range people {
					if o != nil && o.ID == p.a.OfficerID {
						e.Target = o
					}
				}
			}
			events, err := Apply(d, p.a, e)
			if err == nil {
				got = append(got, p.a.Kind)
				if len(events) == 0 {
					t.Errorf("%s from %d: no event", p.a.Kind, s)
				}
				continue
			}
			if k := apperr.KindOf(err); k == apperr.Internal {
				t.Errorf("%s from %d: internal error %v", p.a.Kind, s, err)
			}
			if diff := cmp.Diff(before, d); diff != "" {
				t.Errorf("%s from %d was refused but changed the dossier:\n%s", p.a.Kind, s, diff)
			}
		}
		sort.Slice(got, func(i, j int) bool { return got[i] < got[j] })
		exp := slices.Clone(want[s])
		sort.Slice(exp, func(i, j int) bool { return exp[i] < exp[j] })
		if diff := cmp.Diff(exp, got); diff != "" {
			t.Errorf("actions allowed from status %d %s (-want +got):\n%s", s, s.Label(), diff)
		}
	}
}

// TestReturnNeedsThePayment: the result is handed over once the fee is paid.
func TestReturnNeedsThePayment(t *testing.T) {
	env, people := testEnv(t)
	d := dossierIn(Resolved)
	e := env
	e.Actor = people["reception"]
	if _, err := Apply(d, Action{Kind: ActReturn}, e); apperr.KindOf(err) != apperr.Conflict {
		t.Fatalf("return unpaid: %v", err)
	}
	if _, err := Apply(d, Action{Kind: ActRecordPayment, Method: Cash, Receipt: "BL-01"}, e); err != nil {
		t.Fatal(err)
	}
	if _, err := Apply(d, Action{Kind: ActReturn}, e); err != nil || d.Status != Returned {
		t.Errorf("return after payment: %v, status %d", err, d.Status)
	}
}

// TestWrongActorsAreRefused: each action by someone not entitled is Forbidden.
func TestWrongActorsAreRefused(t *testing.T) {
	env, people := testEnv(t)
	cases := []struct {
		s     Status
		a     Action
		by    string
		wants apperr.Kind
	}{
		{New, Action{Kind: ActReceive}, "lead", apperr.Forbidden},
		{New, Action{Kind: ActReceive}, "foreigner", apperr.Forbidden},
		{Processing, Action{Kind: ActPropose}, "other", apperr.Forbidden},
		{Processing, Action{Kind: ActStop, Reason: "x"}, "lead", apperr.Forbidden},
		{Processing, Action{Kind: ActAssign, OfficerID: "s2"}, "lead", apperr.Forbidden},
		{Resolved, Action{Kind: ActReturn}, "leader", apperr.Forbidden},
		{Returned, Action{Kind: ActRate, Rating: Satisfied}, "reception", apperr.Forbidden},
		{Processing, Action{Kind: ActApprove}, "lead", apperr.Forbidden},
		{Processing, Action{Kind: ActApprove}, "foreigner", apperr.Forbidden},
		{Processing, Action{Kind: ActRequestSupplement, Reason: "x", Items: []string{"y"}}, "applicant", apperr.Forbidden},
	}
	for _, c := range cases {
		d := dossierIn(c.s)
		e := env
		e.Actor = people[c.by]
		if _, err := Apply(d, c.a, e); apperr.KindOf(err) != c.wants {
			t.Errorf("%s by %s from %d: %v, want %v", c.a.Kind, c.by, c.s, err, c.wants)
		}
	}
}

// TestPauseNeverBringsTheAppointmentEarlier: resume moves the appointment
// later by the paused working time, or leaves it.
func TestPauseNeverBringsTheAppointmentEarlier(t *testing.T) {
	env, people := testEnv(t)
	for _, pause := range []time.Duration{0, time.Minute, 3 * time.Hour, 26 * time.Hour, 9 * 24 * time.Hour} {
		d := dossierIn(Processing)
		e := env
		e.Actor = people["lead"]
		if _, err := Apply(d, Action{Kind: ActRequestSupplement, Reason: "x", Items: []string{"y"}}, e); err != nil {
			t.Fatal(err)
		}
		was := d.AppointmentAt
		e.Now = e.Now.Add(pause)
		e.Actor = people["reception"]
		if _, err := Apply(d, Action{Kind: ActSupplement}, e); err != nil {
			t.Fatalf("resume after %s: %v", pause, err)
		}
		worked, _ := env.Cal.WorkingTime(env.Now, e.Now)
		moved, _ := env.Cal.WorkingTime(was, d.AppointmentAt)
		if d.AppointmentAt.Before(was) || moved != worked {
			t.Errorf("pause %s: appointment %v -> %v, moved %s of working time, paused %s", pause, was, d.AppointmentAt, moved, worked)
		}
	}
}

// TestResumeKeepsAnOpeningAppointment: an appointment at 13:30 (a dossier
// received in the lunch break) paused for exactly a working day comes back
// at 13:30 the next working day, not at 11:30.
func TestResumeKeepsAnOpeningAppointment(t *testing.T) {
	env, people := testEnv(t)
	d := dossierIn(Processing)
	d.AppointmentAt = time.Date(2025, 3, 6, 13, 30, 0, 0, ict) // Thu 13:30
	e := env
	e.Now = time.Date(2025, 3, 4, 9, 0, 0, 0, ict) // Tue 09:00
	e.Actor = people["lead"]
	if _, err := Apply(d, Action{Kind: ActRequestSupplement, Reason: "x", Items: []string{"y"}}, e); err != nil {
		t.Fatal(err)
	}
	e.Now = time.Date(2025, 3, 5, 9, 0, 0, 0, ict) // Wed 09:00: 8 working hours later
	e.Actor = people["reception"]
	if _, err := Apply(d, Action{Kind: ActSupplement}, e); err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2025, 3, 7, 13, 30, 0, 0, ict); !d.AppointmentAt.Equal(want) {
		t.Errorf("appointment = %v, want %v", d.AppointmentAt, want)
	}
}

// TestStopNeedsReception: a dossier never received cannot be stopped (and so
// cannot reach processing without a clock).
func TestStopNeedsReception(t *testing.T) {
	env, people := testEnv(t)
	d := dossierIn(New)
	e := env
	e.Actor = people["reception"]
	if _, err := Apply(d, Action{Kind: ActRequestSupplement, Reason: "x", Items: []string{"y"}}, e); err != nil {
		t.Fatal(err)
	}
	e.Actor = people["leader"]
	if _, err := Apply(d, Action{Kind: ActStop, Reason: "x"}, e); apperr.KindOf(err) != apperr.Conflict {
		t.Errorf("stop before reception: %v, want Conflict", err)
	}
	// A received dossier waiting for a supplement, once stopped and resumed,
	// goes back to processing with its clock.
	d = dossierIn(Supplement)
	if _, err := Apply(d, Action{Kind: ActStop, Reason: "Chờ xác minh"}, e); err != nil {
		t.Fatal(err)
	}
	if d.StoppedAt.IsZero() || d.PrevStatus != Processing {
		t.Errorf("stopped: at %v, back to %d", d.StoppedAt, d.PrevStatus)
	}
}

// TestDatesAreVietnamDates: at 06:30 in Vietnam (23:30 UTC the day before),
// a death on today's date is not in the future.
func TestDatesAreVietnamDates(t *testing.T) {
	proc := &catalogue.Procedure{Code: "1.000656", Letter: catalogue.LetterCondolence, TimeLimit: calendar.Days(1),
		Fee: catalogue.FeeSchedule{Kind: catalogue.FeeFree}}
	now := time.Date(2025, 3, 4, 6, 30, 0, 0, ict)
	in := Intake{Channel: Online, Applicant: Applicant{FullName: "Lê Văn Tâm", IDNumber: "068090001111", BirthDate: "2025-03-04"},
		Declaration: map[string]string{"deceased_name": "Lê Văn Hùng", "death_date": "2025-03-04"}}
	if _, _, err := Create(in, proc, nil, now); err != nil {
		t.Errorf("today's date refused at 06:30 Vietnam time: %v", err)
	}
	in.Declaration["death_date"] = "2025-03-05"
	if _, _, err := Create(in, proc, nil, now); err == nil {
		t.Error("tomorrow's date accepted")
	}
}

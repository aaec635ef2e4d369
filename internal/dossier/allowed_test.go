package dossier

import (
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/catalogue"
	"github.com/motcua/motcua/internal/staff"
)

func allowedFixture(t *testing.T) (*Dossier, Env, map[string]*staff.Officer) {
	t.Helper()
	cal, err := calendar.New(calendar.Config{})
	if err != nil {
		t.Fatal(err)
	}
	proc := &catalogue.Procedure{
		Code: "2.000635", Name: "Cấp bản sao trích lục", FieldCode: "HT",
		TimeLimit: calendar.Days(3), Fee: catalogue.FeeSchedule{Kind: catalogue.FeeFree},
		Components: []catalogue.Component{{Name: "Tờ khai", Kind: catalogue.ComponentOriginal, Count: 1, Required: true}},
		Steps: []catalogue.Step{{Name: "Tiếp nhận", Role: catalogue.RoleReception, Share: 10},
			{Name: "Xử lý", Role: catalogue.RoleSpecialist, Share: 50}, {Name: "Ký", Role: catalogue.RoleLeader, Share: 30},
			{Name: "Trả", Role: catalogue.RoleReception, Share: 10}},
	}
	officers := map[string]*staff.Officer{
		"reception":  {ID: "r1", UnitID: "u1", FullName: "Tiếp nhận", Roles: []staff.Role{staff.Reception}, Active: true},
		"specialist": {ID: "s1", UnitID: "u1", FullName: "Chuyên viên", Roles: []staff.Role{staff.Specialist}, Fields: []string{"HT"}, Active: true},
		"leader":     {ID: "l1", UnitID: "u1", FullName: "Lãnh đạo", Roles: []staff.Role{staff.Leader}, Active: true},
		"other":      {ID: "x1", UnitID: "u2", FullName: "Đơn vị khác", Roles: []staff.Role{staff.Reception, staff.Leader}, Active: true},
	}
	now := time.Date(2025, 3, 4, 9, 0, 0, 0, time.FixedZone("ICT", 7*3600))
	in := Intake{Channel: Online, Applicant: Applicant{FullName: "Nguyễn Văn A", IDNumber: "001203004005"},
		Components: []Component{{Name: "Tờ khai"}}}
	d, _, err := Create(in, proc, nil, now)
	if err != nil {
		t.Fatal(err)
	}
	d.ReceivingUnitID, d.ResolvingUnitID, d.Code = "u1", "u1", "000.21.37.H56-250304-0001"
	return d, Env{Now: now, Cal: cal, Proc: proc}, officers
}

func allowedFor(d *Dossier, env Env, o *staff.Officer) []ActionKind {
	env.Actor = o
	return Allowed(d, env)
}

func TestAllowedFollowsTheRules(t *testing.T) {
	d, env, o := allowedFixture(t)
	before := d.Clone()

	// A new online dossier: reception of the unit receives, refuses, asks
	// for a supplement, records a withdrawal, digitises; nobody else acts.
	want := []ActionKind{ActReceive, ActRefuse, ActRequestSupplement, ActWithdraw, ActDigitise}
	if diff := cmp.Diff(want, allowedFor(d, env, o["reception"])); diff != "" {
		t.Errorf("reception on a new dossier (-want +got):\n%s", diff)
	}
	for _, who := range []string{"specialist", "other"} {
		if got := allowedFor(d, env, o[who]); len(got) != 0 {
			t.Errorf("%s on a new dossier may %v, want nothing", who, got)
		}
	}
	if got := Allowed(d, env); got != nil {
		t.Errorf("no actor may %v", got)
	}
	if diff := cmp.Diff(before, d); diff != "" {
		t.Errorf("Allowed changed the dossier (-before +after):\n%s", diff)
	}

	// Received and routed to the specialist: the specialist proposes, the
	// leader cannot approve yet.
	env.Actor, env.Candidates = o["reception"], []Candidate{{OfficerID: "s1"}}
	if _, err := Apply(d, Action{Kind: ActReceive}, env); err != nil {
		t.Fatal(err)
	}
	env.Candidates = nil
	spec := allowedFor(d, env, o["specialist"])
	for _, k := range []ActionKind{ActPropose, ActRequestSupplement, ActConsult, ActDraftApology} {
		if !slices.Contains(spec, k) {
			t.Errorf("the lead specialist may not %s: %v", k, spec)
		}
	}
	for _, k := range []ActionKind{ActApprove, ActReceive, ActReturn, ActAssign} {
		if slices.Contains(spec, k) {
			t.Errorf("the specialist may %s: %v", k, spec)
		}
	}
	if lead := allowedFor(d, env, o["leader"]); slices.Contains(lead, ActApprove) || !slices.Contains(lead, ActAssign) {
		t.Errorf("leader before the proposal: %v, want assign and not approve", lead)
	}

	// Proposed: the leader approves or sends back; the specialist cannot approve.
	env.Actor = o["specialist"]
	if _, err := Apply(d, Action{Kind: ActPropose}, env); err != nil {
		t.Fatal(err)
	}
	lead := allowedFor(d, env, o["leader"])
	if !slices.Contains(lead, ActApprove) || !slices.Contains(lead, ActSendBack) {
		t.Errorf("leader after the proposal: %v, want approve and send_back", lead)
	}
	if spec := allowedFor(d, env, o["specialist"]); slices.Contains(spec, ActApprove) || slices.Contains(spec, ActPropose) {
		t.Errorf("specialist after the proposal: %v", spec)
	}

	// Approved: reception returns the result.
	env.Actor = o["leader"]
	if _, err := Apply(d, Action{Kind: ActApprove}, env); err != nil {
		t.Fatal(err)
	}
	if got := allowedFor(d, env, o["reception"]); !slices.Contains(got, ActReturn) {
		t.Errorf("reception on a resolved dossier: %v, want return", got)
	}
	if got := allowedFor(d, env, o["other"]); len(got) != 0 {
		t.Errorf("an officer of another unit may %v", got)
	}
}

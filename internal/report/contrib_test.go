package report

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/motcua/motcua/internal/dossier"
)

var ict = time.FixedZone("ICT", 7*3600)

func at(s string) time.Time {
	t, _ := time.ParseInLocation("2006-01-02 15:04", s, ict)
	return t
}

// TestColumns: every counter is listed once, under its JSON name.
func TestColumns(t *testing.T) {
	var c Counts
	names, ptrs := c.Columns()
	for i, p := range ptrs {
		*p = int64(i + 1)
	}
	b, _ := json.Marshal(c)
	var m map[string]int64
	json.Unmarshal(b, &m)
	if len(m) != len(names) {
		t.Fatalf("%d columns for %d JSON fields", len(names), len(m))
	}
	for i, n := range names {
		if m[n] != int64(i+1) {
			t.Errorf("column %d %q holds %d in JSON", i, n, m[n])
		}
	}
	if got := c.Add(c.Neg()); got != (Counts{}) {
		t.Errorf("c + (−c) = %+v", got)
	}
}

func TestContribute(t *testing.T) {
	d := &dossier.Dossier{ReceivingUnitID: "u", ResolvingUnitID: "u", FieldCode: "HT", ProcedureCode: "1.001193",
		LeadID: "o", Channel: dossier.Online, Status: dossier.Processing,
		ReceivedAt: at("2024-03-04 09:00"), AppointmentAt: at("2024-03-06 09:00"),
		Components: []dossier.Component{{Digitisation: dossier.Digitised, MustDigitise: true, PaperID: "p1"}, {Digitisation: dossier.NotDigitised}},
		Payment:    dossier.Payment{Due: 8000, State: dossier.Unpaid}}
	k := func(day string) Key {
		return Key{UnitID: "u", Day: day, Field: "HT", Procedure: "1.001193", Officer: "o", Channel: 2}
	}
	received := Contribute(d)
	want := Contribution{k("2024-03-04"): {Received: 1, ReceivedOnline: 1, ReceivedWithDigitised: 1, FeeBearing: 1}}
	if diff := cmp.Diff(want, received); diff != "" {
		t.Errorf("received (-want +got):\n%s", diff)
	}

	// Paid online, resolved on the appointment's date, returned the next day, rated.
	after := *d
	after.Payment = dossier.Payment{Due: 8000, State: dossier.Paid, Method: dossier.OnlinePay}
	after.Status, after.EndedAt, after.ReturnedAt = dossier.Returned, at("2024-03-06 16:00"), at("2024-03-07 08:00")
	after.Rating, after.ElectronicResult = dossier.NotSatisfied, true
	want = Contribution{
		k("2024-03-04"): {Received: 1, ReceivedOnline: 1, ReceivedWithDigitised: 1, FeeBearing: 1, PaidOnline: 1},
		k("2024-03-06"): {Resolved: 1, ResolvedOnTime: 1, UnderCompetence: 1, ResolvedPerRules: 1, ResolvedWithElectronicResult: 1,
			Rated: 1, RatedNotSatisfied: 1, NotSatisfiedOrComplained: 1},
		k("2024-03-07"): {Returned: 1},
	}
	if diff := cmp.Diff(want, Contribute(&after)); diff != "" {
		t.Errorf("returned (-want +got):\n%s", diff)
	}
	delta := Delta(received, Contribute(&after))
	if delta[k("2024-03-04")] != (Counts{PaidOnline: 1}) || len(delta) != 3 {
		t.Errorf("delta = %+v", delta)
	}

	// Late, with an approved apology whose new date was kept: overdue against
	// the original appointment (which stays on record for the statistics),
	// yet handled per the rules, as docs/indicators.md defines C_r.
	late := *d
	late.Status, late.EndedAt, late.NewAppointmentAt = dossier.Resolved, at("2024-03-08 10:00"), at("2024-03-11 09:00")
	got := Contribute(&late)[k("2024-03-08")]
	if got.ResolvedOverdue != 1 || got.ResolvedPerRules != 1 {
		t.Errorf("late with apology: %+v, want overdue and per the rules", got)
	}
	late.NewAppointmentAt = at("2024-03-07 17:00") // a new date that was not kept either
	if got := Contribute(&late)[k("2024-03-08")]; got.ResolvedPerRules != 0 {
		t.Errorf("late after the apology's new date counted per the rules")
	}
	late.NewAppointmentAt = time.Time{}
	if got := Contribute(&late)[k("2024-03-08")]; got.ResolvedPerRules != 0 {
		t.Errorf("late without apology counted per the rules")
	}

	// A compliment is not a complaint: "very satisfied" with a comment is
	// satisfied; "not satisfied" with a reason is a complaint, counted once.
	praised := after
	praised.Rating, praised.Complaint = dossier.VerySatisfied, "Cán bộ nhiệt tình, hướng dẫn rõ ràng"
	if got := Contribute(&praised)[k("2024-03-06")]; got.Complaints != 0 || got.NotSatisfiedOrComplained != 0 || got.RatedVerySatisfied != 1 {
		t.Errorf("very satisfied with a comment: %+v", got)
	}
	unhappy := after
	unhappy.Complaint = "Chờ lâu"
	if got := Contribute(&unhappy)[k("2024-03-06")]; got.Complaints != 1 || got.NotSatisfiedOrComplained != 1 {
		t.Errorf("not satisfied with a reason: %+v", got)
	}

	// Refused before reception: only Refused.
	ref := &dossier.Dossier{ReceivingUnitID: "u", Status: dossier.Refused, EndedAt: at("2024-03-05 10:00"), FieldCode: "HT",
		ProcedureCode: "1.001193", Channel: dossier.Online}
	if got := Contribute(ref); len(got) != 1 || got[Key{UnitID: "u", Day: "2024-03-05", Field: "HT", Procedure: "1.001193", Channel: 2}] != (Counts{Refused: 1}) {
		t.Errorf("refused: %+v", got)
	}
}

// TestEveryRowHasALabel: no figure is shown under its bare key.
func TestEveryRowHasALabel(t *testing.T) {
	for _, r := range Compute(Facts{}).Rows() {
		if Label(r.Key, "vi") == r.Key || Label(r.Key, "en") == r.Key {
			t.Errorf("figure %q has no label", r.Key)
		}
	}
}

func TestDigitisedNeedsARecordForEveryRequiredComponent(t *testing.T) {
	rec := func(must bool, paper string, dg dossier.Digitisation) dossier.Component {
		return dossier.Component{MustDigitise: must, PaperID: paper, Digitisation: dg}
	}
	for _, c := range []struct {
		name string
		cs   []dossier.Component
		want bool
	}{
		{"no component", nil, false},
		{"the required one has a record", []dossier.Component{rec(true, "p", dossier.Digitised), rec(false, "", dossier.NotDigitised)}, true},
		{"one of two required lacks a record", []dossier.Component{rec(true, "p", dossier.Digitised), rec(true, "", dossier.NotDigitised)}, false},
		{"flag ticked without a record", []dossier.Component{rec(true, "", dossier.Digitised)}, false},
		{"required one reused from the data store", []dossier.Component{rec(true, "", dossier.ReusedStore)}, true},
		{"none marked: all need a record", []dossier.Component{rec(false, "p", dossier.Digitised), rec(false, "", dossier.NotDigitised)}, false},
		{"none marked: all have one", []dossier.Component{rec(false, "p", dossier.Digitised), rec(false, "q", dossier.Digitised)}, true},
	} {
		if got := Digitised(&dossier.Dossier{Components: c.cs}); got != c.want {
			t.Errorf("%s: Digitised = %v, want %v", c.name, got, c.want)
		}
	}
}

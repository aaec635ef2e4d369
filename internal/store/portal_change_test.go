package store

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/motcua/motcua/internal/dossier"
)

// TestPortalChangeReadsTheFirstFormat: testdata/portal_change_v1.json is a
// portal message as the first format wrote it (the whole dossier.Dossier
// under Go's field names, the events in full), taken from a supplement
// request. A message queued before an upgrade decodes to what the adapter
// and the sync count read, and encoding it again keeps all of that in less
// than half the bytes.
func TestPortalChangeReadsTheFirstFormat(t *testing.T) {
	old, err := os.ReadFile("testdata/portal_change_v1.json")
	if err != nil {
		t.Fatal(err)
	}
	var got DossierChange
	if err := json.Unmarshal(old, &got); err != nil {
		t.Fatal(err)
	}
	ict := time.FixedZone("", 7*3600)
	officer := "01a23bbd-caeb-7e5a-a09a-50b995d12444"
	want := DossierChange{
		Dossier: &dossier.Dossier{ID: "01a23bbd-caee-72e8-b80e-9df7255497ce", Code: "000.21.37.H56-250303-0001",
			ReceivingUnitID: "01a23bbd-caea-7388-96d3-b0e9a31bebb7", ResolvingUnitID: "01a23bbd-caea-7388-96d3-b0e9a31bebb7",
			ProcedureCode: "1.004873", ProcedureName: "Thủ tục cấp Giấy xác nhận tình trạng hôn nhân", FieldCode: "HT",
			Channel: dossier.Online, Status: dossier.Status(5),
			Applicant:   dossier.Applicant{Kind: dossier.Person, FullName: "Nguyễn Thị Lan", Phone: "0912345678"},
			SubmittedAt: time.Date(2025, 3, 3, 8, 0, 0, 0, ict), ReceivedAt: time.Date(2025, 3, 3, 8, 0, 0, 0, ict),
			AppointmentAt: time.Date(2025, 3, 6, 8, 0, 0, 0, ict), Supplements: 1,
			Payment: dossier.Payment{State: dossier.PaymentState("unpaid")}},
		Events: []StoredEvent{{Seq: 4, Event: dossier.Event{Kind: dossier.ActRequestSupplement,
			At: time.Date(2025, 3, 3, 8, 0, 0, 0, ict), ActorID: officer, ToStatus: dossier.Status(5),
			StepDueAt: time.Date(2025, 3, 4, 14, 0, 0, 0, ict)}}},
		ResolvingUnitCode: "000.21.37.H56",
		Actors:            map[string]Actor{officer: {Name: "hotich1", Title: "Chuyên viên", Department: "Chuyên viên"}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("decoded (-want +got):\n%s", diff)
	}
	again, err := json.Marshal(got)
	if err != nil {
		t.Fatal(err)
	}
	var back DossierChange
	if err := json.Unmarshal(again, &back); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, back); diff != "" {
		t.Errorf("encoded again and decoded (-want +got):\n%s", diff)
	}
	if len(again)*2 > len(old) {
		t.Errorf("encoded again in %d bytes, the first format's %d: want less than half", len(again), len(old))
	}
}

// TestPortalChangeLeavesOutWhatThePortalIsNotTold: a portal message carries
// the dossier's fields the portal's record names and no other: not the
// applicant's identity number, birth date or address, the declaration, the
// components, the idempotency key; nor an event's detail or its officers
// before and after.
func TestPortalChangeLeavesOutWhatThePortalIsNotTold(t *testing.T) {
	at := time.Date(2025, 3, 3, 9, 0, 0, 0, Zone)
	d := &dossier.Dossier{ID: "d1", Code: "000.21.37.H56-250303-0007", ReceivingUnitID: "u1", ResolvingUnitID: "u2",
		ProcedureID: "p1", ProcedureVer: 2, ProcedureCode: "2.000815", ProcedureName: "Chứng thực bản sao", FieldCode: "CT",
		Channel: dossier.Counter, Status: dossier.Status(10), PrevStatus: dossier.Status(4),
		Applicant: dossier.Applicant{Kind: dossier.Organisation, FullName: "Trần Văn Bình", IDNumber: "001099012345",
			BirthDate: "1990-05-06", Phone: "0987654321", Email: "binh@example.vn", Address: "Số 12, thôn Bí Mật",
			OrgName: "Hợp tác xã Đạ Tẻh", TaxCode: "5800123456"},
		Request: "Chứng thực 3 bản sao", Declaration: map[string]string{"ten_tre": "Trần Bí Mật"},
		Components:  []dossier.Component{{Name: "Giấy tờ riêng tư", Count: 1}},
		SubmittedAt: at, ReceivedAt: at, AppointmentAt: at.Add(48 * time.Hour), NewAppointmentAt: at.Add(72 * time.Hour),
		EndedAt: at.Add(24 * time.Hour), ReturnedAt: at.Add(25 * time.Hour), Supplements: 2,
		Payment:          dossier.Payment{Due: 6000, State: dossier.Paid, Method: dossier.Cash, Receipt: "BL-0001", PaidAt: at},
		ElectronicResult: true, IdempotencyKey: "khoa-bi-mat", Version: 9, AssigneeID: "o9", LeadID: "o9"}
	ev := StoredEvent{Seq: 12, Event: dossier.Event{Kind: dossier.ActReturn, At: at.Add(25 * time.Hour), ActorID: "o1",
		FromStatus: dossier.Status(9), ToStatus: dossier.Status(10), FromOfficer: "o-truoc", ToOfficer: "o-sau",
		StepDueAt: at.Add(26 * time.Hour), Note: "Đã trả", Public: true,
		Detail: &dossier.Action{Kind: dossier.ActReturn, Reason: "lý do riêng"}}}
	b, err := json.Marshal(DossierChange{Dossier: d, Events: []StoredEvent{ev}, ResolvingUnitCode: "000.21.38.H56",
		Actors: map[string]Actor{"o1": {Name: "Lê Thị Tiếp Nhận"}}, Resync: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, secret := range []string{"001099012345", "1990-05-06", "Bí Mật", "5800123456", "Giấy tờ riêng tư", "khoa-bi-mat",
		"BL-0001", "o-truoc", "o-sau", "lý do riêng", "p1", "o9"} {
		if strings.Contains(string(b), secret) {
			t.Errorf("the message carries %q: %s", secret, b)
		}
	}
	var got DossierChange
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	want := DossierChange{
		Dossier: &dossier.Dossier{ID: "d1", Code: "000.21.37.H56-250303-0007", ReceivingUnitID: "u1", ResolvingUnitID: "u2",
			ProcedureCode: "2.000815", ProcedureName: "Chứng thực bản sao", FieldCode: "CT", Channel: dossier.Counter,
			Status: dossier.Status(10), Applicant: dossier.Applicant{Kind: dossier.Organisation, FullName: "Trần Văn Bình",
				Phone: "0987654321", Email: "binh@example.vn", OrgName: "Hợp tác xã Đạ Tẻh"},
			Request: "Chứng thực 3 bản sao", SubmittedAt: at, ReceivedAt: at, AppointmentAt: at.Add(48 * time.Hour),
			NewAppointmentAt: at.Add(72 * time.Hour), EndedAt: at.Add(24 * time.Hour), ReturnedAt: at.Add(25 * time.Hour),
			Supplements: 2, Payment: dossier.Payment{Due: 6000, State: dossier.Paid}, ElectronicResult: true},
		Events: []StoredEvent{{Seq: 12, Event: dossier.Event{Kind: dossier.ActReturn, At: at.Add(25 * time.Hour), ActorID: "o1",
			ToStatus: dossier.Status(10), StepDueAt: at.Add(26 * time.Hour), Note: "Đã trả"}}},
		ResolvingUnitCode: "000.21.38.H56", Actors: map[string]Actor{"o1": {Name: "Lê Thị Tiếp Nhận"}}, Resync: true,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("decoded (-want +got):\n%s", diff)
	}
}

// TestPortalChangeEncodesAsBefore: a change with every instant set (with
// sub-second digits, in two zones), every field and two events encodes to
// testdata/portal_change_v2.json byte for byte, the bytes the encoder wrote
// before its instants went through stamp and sendLater stopped re-reading
// its output: a message written by either reads the same, and the adapter
// sends the same.
func TestPortalChangeEncodesAsBefore(t *testing.T) {
	ict := time.FixedZone("", 7*3600)
	at := func(day, ns int) time.Time { return time.Date(2025, 3, day, 8, 30, 15, ns, ict) }
	c := DossierChange{
		Dossier: &dossier.Dossier{ID: "01a23bbd-caee-72e8-b80e-9df7255497ce", Code: "000.21.37.H56-250303-0001",
			ReceivingUnitID: "01a23bbd-caea-7388-96d3-b0e9a31bebb7", ResolvingUnitID: "01a23bbd-caea-7388-96d3-b0e9a31bebb8",
			ProcedureCode: "1.004873", ProcedureName: "Thủ tục cấp Giấy xác nhận tình trạng hôn nhân <&>", FieldCode: "HT",
			Channel: dossier.Online, Status: dossier.Status(5), Request: "Xin cấp \"gấp\"",
			Applicant: dossier.Applicant{Kind: dossier.Person, FullName: "Nguyễn Thị Lan", OrgName: "HTX Đạ Tẻh",
				Phone: "0912345678", Email: "lan@example.vn"},
			SubmittedAt: at(3, 0), ReceivedAt: at(3, 123456789), AppointmentAt: at(6, 0).UTC(),
			NewAppointmentAt: at(7, 5000), EndedAt: at(8, 0), ReturnedAt: at(9, 1), Supplements: 2, ElectronicResult: true,
			Payment: dossier.Payment{Due: 20000, State: dossier.PaymentState("paid")}},
		Events: []StoredEvent{
			{Seq: 1, Event: dossier.Event{Kind: dossier.ActReceive, At: at(3, 0), ActorID: "a1", ToStatus: 2}},
			{Seq: 2, Event: dossier.Event{Kind: dossier.ActRequestSupplement, At: at(4, 999), ActorID: "a2", ToStatus: 5,
				StepDueAt: at(5, 0).UTC(), Note: "Thiếu bản chính"}},
		},
		ResolvingUnitCode: "000.21.37.H56",
		Actors:            map[string]Actor{"a1": {Name: "Trần Văn B", Title: "Tiếp nhận"}, "a2": {Name: "Lê C"}},
	}
	got, err := c.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	if os.Getenv("MOTCUA_UPDATE_GOLDEN") == "1" {
		if err := os.WriteFile("testdata/portal_change_v2.json", append(got, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile("testdata/portal_change_v2.json")
	if err != nil {
		t.Fatal(err)
	}
	if string(got)+"\n" != string(want) {
		t.Errorf("encoded\n%s\nwant\n%s", got, want)
	}
	// What json.Marshal, which sendLater called before, makes of it.
	if again, err := json.Marshal(c); err != nil || string(again) != string(got) {
		t.Errorf("json.Marshal gives\n%s (%v)\nMarshalJSON gives\n%s", again, err, got)
	}
	var back DossierChange
	if err := json.Unmarshal(got, &back); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(c, back); diff != "" {
		t.Errorf("decoded differs (-encoded +decoded):\n%s", diff)
	}
}

// TestPortalChangeEncoderMatchesEncodingJSON: the hand-written encoder of a
// portal message writes what json.Marshal writes of the same record, byte
// for byte, for empty and full records, nil and empty lists and maps, and
// every string field holding each of the strings encoding/json escapes.
func TestPortalChangeEncoderMatchesEncodingJSON(t *testing.T) {
	ict := time.FixedZone("", 7*3600)
	full := func() dossierChangeRecord {
		at := stamp(time.Date(2025, 3, 3, 8, 30, 15, 120000000, ict))
		return dossierChangeRecord{
			Dossier: &portalDossier{ID: "d", Code: "c", ReceivingUnitID: "u1", ResolvingUnitID: "u2", ProcedureCode: "p",
				ProcedureName: "Thủ tục", FieldCode: "HT", Channel: 2, Status: -1,
				Applicant: portalApplicant{Kind: "org", FullName: "Lan", OrgName: "HTX", Phone: "09", Email: "a@b"},
				Request:   "r", SubmittedAt: at, ReceivedAt: stamp(time.Time(at).UTC()), AppointmentAt: at, NewAppointmentAt: at,
				EndedAt: at, ReturnedAt: at, Supplements: 3, Payment: portalPayment{Due: -5, State: "paid"}, ElectronicResult: true},
			Events: []portalEvent{{Seq: 1, Kind: "receive", At: at, ActorID: "a", ToStatus: 2, StepDueAt: at, Note: "n"},
				{Seq: 2, Kind: "k", At: at}},
			ResolvingUnitCode: "000.21.37.H56",
			Actors:            map[string]Actor{"b": {Name: "B", Title: "T", Department: "D"}, "a": {Name: "A"}, "": {}},
			Resync:            true,
		}
	}
	cases := map[string]dossierChangeRecord{
		"empty":             {},
		"empty lists":       {Events: []portalEvent{}, Actors: map[string]Actor{}},
		"empty dossier":     {Dossier: &portalDossier{}, Events: []portalEvent{{}}},
		"full":              full(),
		"only payment due":  {Dossier: &portalDossier{Payment: portalPayment{Due: 7}}},
		"only payment kind": {Dossier: &portalDossier{Payment: portalPayment{State: "unpaid"}}},
	}
	nasty := []string{`"`, `\`, "a<b", "a>b", "a&b", "\x00", "a\nb", "\r", "\t", "\b", "\f", "\x1f", "a\u2028", "\u2029",
		"\xff hỏng", "\xe2\x80", "\x7f", "é\u0301", "😀"}
	// Each string field of the full record in turn holds each nasty string.
	setters := []func(r *dossierChangeRecord, s string){
		func(r *dossierChangeRecord, s string) { r.Dossier.ID = s },
		func(r *dossierChangeRecord, s string) { r.Dossier.Code = s },
		func(r *dossierChangeRecord, s string) { r.Dossier.ReceivingUnitID = s },
		func(r *dossierChangeRecord, s string) { r.Dossier.ResolvingUnitID = s },
		func(r *dossierChangeRecord, s string) { r.Dossier.ProcedureCode = s },
		func(r *dossierChangeRecord, s string) { r.Dossier.ProcedureName = s },
		func(r *dossierChangeRecord, s string) { r.Dossier.FieldCode = s },
		func(r *dossierChangeRecord, s string) { r.Dossier.Applicant.Kind = s },
		func(r *dossierChangeRecord, s string) { r.Dossier.Applicant.FullName = s },
		func(r *dossierChangeRecord, s string) { r.Dossier.Applicant.OrgName = s },
		func(r *dossierChangeRecord, s string) { r.Dossier.Applicant.Phone = s },
		func(r *dossierChangeRecord, s string) { r.Dossier.Applicant.Email = s },
		func(r *dossierChangeRecord, s string) { r.Dossier.Request = s },
		func(r *dossierChangeRecord, s string) { r.Dossier.Payment.State = s },
		func(r *dossierChangeRecord, s string) { r.Events[0].Kind = s },
		func(r *dossierChangeRecord, s string) { r.Events[0].ActorID = s },
		func(r *dossierChangeRecord, s string) { r.Events[0].Note = s },
		func(r *dossierChangeRecord, s string) { r.ResolvingUnitCode = s },
		func(r *dossierChangeRecord, s string) { r.Actors[s] = Actor{Name: s, Title: s, Department: s} },
	}
	for i, set := range setters {
		for j, s := range nasty {
			r := full()
			set(&r, s)
			cases[fmt.Sprintf("field %d, string %d", i, j)] = r
		}
	}
	for name, r := range cases {
		want, werr := json.Marshal(r)
		got, gerr := r.appendJSON(nil)
		if string(got) != string(want) || (werr == nil) != (gerr == nil) {
			t.Errorf("%s: encoded\n%s (%v)\nencoding/json\n%s (%v)", name, got, gerr, want, werr)
		}
	}
	// An instant encoding/json refuses is refused.
	bad := full()
	bad.Events[0].At = stamp(time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC))
	if _, err := json.Marshal(bad); err == nil {
		t.Fatal("encoding/json took the year 10000")
	}
	if b, err := bad.appendJSON(nil); err == nil {
		t.Errorf("the year 10000 encoded: %s", b)
	}
}

// TestPortalChangeReadsNullInstants: an instant written as null reads as
// the zero instant, as time.Time reads it.
func TestPortalChangeReadsNullInstants(t *testing.T) {
	var c DossierChange
	if err := json.Unmarshal([]byte(`{"dossier":{"ID":"d","ReceivedAt":null},"events":[{"seq":1,"at":null}]}`), &c); err != nil {
		t.Fatal(err)
	}
	if !c.Dossier.ReceivedAt.IsZero() || !c.Events[0].At.IsZero() || c.Dossier.ID != "d" {
		t.Errorf("decoded %+v %+v", c.Dossier, c.Events)
	}
}

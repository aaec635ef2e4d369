package store

import (
	"bytes"
	"encoding/json"
	"os"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/motcua/motcua/internal/dossier"
)

// sampleAction sets every field of an action, as testdata/event_detail_v1.json holds it.
func sampleAction() *dossier.Action {
	return &dossier.Action{Kind: dossier.ActDraftApology, Reason: "Chờ ý kiến của cơ quan phối hợp",
		Items: []string{"Bản sao giấy khai sinh", "Giấy xác nhận cư trú"}, OfficerID: "off-7", Amount: 12000,
		Method: dossier.OnlinePay, Receipt: "BL-0042", NewAppointment: time.Date(2025, 3, 14, 9, 30, 0, 0, time.UTC),
		ExtendDays: 2, Rating: dossier.Satisfied, Complaint: "Chờ lâu", Component: 1,
		Digitisation: dossier.Digitised, ElectronicResult: true, DueDays: 3, ConsultationID: "cons-1",
		Note: "Ghi chú"}
}

// sampleStoredEvents sets every field of an event, as testdata/portal_events_v1.json holds it.
func sampleStoredEvents() []StoredEvent {
	return []StoredEvent{
		{Seq: 3, Event: dossier.Event{Kind: dossier.ActDraftApology, At: time.Date(2025, 3, 10, 2, 0, 0, 0, time.UTC),
			ActorID: "off-2", FromStatus: dossier.Status(4), ToStatus: dossier.Status(4), FromOfficer: "off-2",
			ToOfficer: "off-3", StepDueAt: time.Date(2025, 3, 12, 10, 0, 0, 0, time.UTC), Note: "Xin lỗi",
			Public: true, Detail: sampleAction()}},
		// A receipt by the system: the optional parts absent.
		{Seq: 4, Event: dossier.Event{Kind: dossier.ActReceive, At: time.Date(2025, 3, 10, 3, 0, 0, 0, time.UTC),
			FromStatus: dossier.Status(1), ToStatus: dossier.Status(2)}},
	}
}

// TestEventDetailReadsTheFirstFormat: testdata/event_detail_v1.json was
// written by the code before the store had its own record (json.Marshal of
// dossier.Action with its then JSON tags, as the detail column holds it). It
// decodes to the same action, and encoding gives the same bytes back.
func TestEventDetailReadsTheFirstFormat(t *testing.T) {
	old, err := os.ReadFile("testdata/event_detail_v1.json")
	if err != nil {
		t.Fatal(err)
	}
	got, err := decodeDetail(string(bytes.TrimSpace(old)))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(sampleAction(), got); diff != "" {
		t.Errorf("decoded (-want +got):\n%s", diff)
	}
	again, err := encodeDetail(got)
	if err != nil {
		t.Fatal(err)
	}
	if again != string(bytes.TrimSpace(old)) {
		t.Errorf("encoding differs from the first format:\nold %s\nnew %s", old, again)
	}
	// The smallest detail the first code wrote, and none at all.
	if a, err := decodeDetail(`{"kind":"propose"}`); err != nil || a.Kind != dossier.ActPropose || a.Items != nil {
		t.Errorf("minimal detail = %+v, %v", a, err)
	}
	if s, _ := encodeDetail(&dossier.Action{Kind: dossier.ActPropose}); s != `{"kind":"propose"}` {
		t.Errorf("minimal detail encodes to %s", s)
	}
	if a, err := decodeDetail(""); a != nil || err != nil {
		t.Errorf("empty detail = %+v, %v", a, err)
	}
	if s, _ := encodeDetail(nil); s != "" {
		t.Errorf("no detail encodes to %q", s)
	}
}

// TestPortalEventsReadTheFirstFormat: testdata/portal_events_v1.json is the
// events part of a portal message as the code before wrote it (json.Marshal
// of []StoredEvent with dossier.Event's then JSON tags). It still decodes,
// and StoredEvent still encodes that shape; a whole portal message of the
// first format: TestPortalChangeReadsTheFirstFormat.
func TestPortalEventsReadTheFirstFormat(t *testing.T) {
	old, err := os.ReadFile("testdata/portal_events_v1.json")
	if err != nil {
		t.Fatal(err)
	}
	var got []StoredEvent
	if err := json.Unmarshal(old, &got); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(sampleStoredEvents(), got); diff != "" {
		t.Errorf("decoded (-want +got):\n%s", diff)
	}
	again, err := json.Marshal(got)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(bytes.TrimSpace(old), again) {
		t.Errorf("encoding differs from the first format:\nold %s\nnew %s", old, again)
	}
}

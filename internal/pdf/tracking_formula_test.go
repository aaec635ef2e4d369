package pdf

import (
	"bytes"
	"io"
	"testing"

	"github.com/xuri/excelize/v2"
)

// An applicant who names themselves like a spreadsheet formula stays text in
// the tracking book's XLSX (issue 17, defect 8).
func TestTrackingBookXLSXNeutralisesFormulas(t *testing.T) {
	b := sampleTrackingBook(1)
	b.Entries[0].Applicant = `=HYPERLINK("http://evil.example","bấm vào đây")`
	data := mustRender(t, func(w io.Writer) error { return WriteTrackingBookXLSX(w, b) })
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sh := f.GetSheetList()[0]
	got, err := f.GetCellValue(sh, "E6")
	if err != nil {
		t.Fatal(err)
	}
	if want := `'=HYPERLINK("http://evil.example","bấm vào đây")`; got != want {
		t.Errorf("E6 = %q, want %q", got, want)
	}
	if formula, _ := f.GetCellFormula(sh, "E6"); formula != "" {
		t.Errorf("E6 holds the formula %q", formula)
	}
}

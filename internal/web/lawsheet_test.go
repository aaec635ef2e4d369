package web_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/browsertest"
	"github.com/motcua/motcua/internal/pdf/pdftext"
)

// TestLawSheetDownload: any citizen downloads the one-page sheet of what the
// law asks next, for a procedure, as a PDF with the procedure's notes.
func TestLawSheetDownload(t *testing.T) {
	srv := browsertest.StartServer(t)
	resp, err := http.Get(srv.URL + "/thu-tuc/1.001193/huong-dan.pdf")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/pdf" {
		t.Fatalf("status %d, type %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	text, err := pdftext.Text(b)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"khai sinh", "thường trú", "bảo hiểm y tế"} {
		if !strings.Contains(text, want) {
			t.Errorf("the sheet lacks %q:\n%s", want, text)
		}
	}
	if resp, _ := http.Get(srv.URL + "/thu-tuc/9.999999/huong-dan.pdf"); resp.StatusCode != 404 {
		t.Errorf("unknown procedure: %d", resp.StatusCode)
	}
}

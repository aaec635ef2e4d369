package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/store/storetest"
)

// TestScanEachPaperAfterTheIntake: the page after a counter intake offers an
// upload for each paper received that reception digitises; a scan saved
// there comes back to the same page for the next one, a bad file is refused
// with the field named and records nothing, and the last scan leaves the
// page saying all are digitised.
func TestScanEachPaperAfterTheIntake(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		s := newTestServerOn(t, e, Options{})
		rec := s.officeLogin(t, "tiepnhan1")
		d := officeIntake(t, s.DB, officeBirthReg, dossier.Counter)
		var want []int
		for i, c := range d.Components {
			if c.MustDigitise && !c.Generated && c.PaperID == "" {
				want = append(want, i)
			}
		}
		if len(want) == 0 {
			t.Fatalf("birth registration received with nothing to digitise: %+v", d.Components)
		}
		done := "/can-bo/tiep-nhan/" + d.Code
		_, page := rec.get(t, done)
		for _, i := range want {
			if !strings.Contains(page, `id="scan-`+itoaT(i)+`"`) {
				t.Errorf("no scan upload for component %d (%s)", i, d.Components[i].Name)
			}
		}
		scan := func(i int, file portalFile) (*http.Response, string) {
			return rec.postMultipart(t, "/can-bo/ho-so/"+d.Code+"/digitise", rec.csrf,
				url.Values{"component": {itoaT(i)}, "digitisation": {"digitised"}, "back": {"intake"}}, []portalFile{file})
		}

		// A file that is not a scan: refused, the field named, nothing kept.
		resp, body := scan(want[0], portalFile{"file", "scan.pdf", []byte("not a pdf at all")})
		if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, `id="act-digitise-file-error"`) {
			t.Fatalf("a bad scan = %d, want 400 with the file's error", resp.StatusCode)
		}
		if got := officeDossierOf(t, s.DB, d.Code); got.Components[want[0]].PaperID != "" {
			t.Fatal("a refused scan was recorded")
		}

		for n, i := range want {
			resp, _ := scan(i, portalFile{"file", "scan.pdf", portalPDF})
			if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != done+"#scans-h" {
				t.Fatalf("scan %d = %d to %q, want 303 back to the intake's page", i, resp.StatusCode, resp.Header.Get("Location"))
			}
			_, page = rec.get(t, done)
			if strings.Contains(page, `id="scan-`+itoaT(i)+`"`) {
				t.Errorf("component %d is still offered for scanning after its scan", i)
			}
			if n == len(want)-1 && !strings.Contains(page, `id="scans-done"`) {
				t.Error("after the last scan the page does not say the papers are digitised")
			}
		}
		got := officeDossierOf(t, s.DB, d.Code)
		for _, i := range want {
			if got.Components[i].PaperID == "" || got.Components[i].Digitisation != dossier.Digitised {
				t.Errorf("component %d not digitised: %+v", i, got.Components[i])
			}
		}
		// The same scan again (a double click): refused, one record kept.
		if resp, _ := scan(want[0], portalFile{"file", "scan.pdf", portalPDF}); resp.StatusCode != http.StatusConflict {
			t.Errorf("a second scan of the same paper = %d, want 409", resp.StatusCode)
		}
	})
}

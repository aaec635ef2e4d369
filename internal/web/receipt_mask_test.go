package web

import (
	"net/http"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/pdf/pdftext"
)

// The receipt PDF on the officer's dossier page shows the whole ID number to
// reception of the receiving unit only, like the page and the API (issue 17,
// defect 6: specialists, leaders and administrators read it in full).
func TestOfficeReceiptMasksTheIDForOtherRoles(t *testing.T) {
	s := newTestServer(t, Options{BaseURL: func() string { return "http://motcua.test" }})
	d := officeIntake(t, s.DB, officeExtractCopy, dossier.Counter)
	id := d.Applicant.IDNumber
	if len(id) < 9 {
		t.Fatalf("the test dossier's ID number %q is too short to tell masked from whole", id)
	}
	masked := dossier.MaskID(id)
	for _, tc := range []struct {
		username string
		whole    bool
	}{{"tiepnhan1", true}, {"hotich", false}, {"chutich", false}, {"admin", false}} {
		o := s.officeLogin(t, tc.username)
		resp, body := o.get(t, "/can-bo/ho-so/"+d.Code+"/giay-to/receipt.pdf")
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("%s: receipt = %d", tc.username, resp.StatusCode)
		}
		text, err := pdftext.Text([]byte(body))
		if err != nil {
			t.Fatalf("%s: %v", tc.username, err)
		}
		text = strings.Join(strings.Fields(text), " ")
		if got := strings.Contains(text, id); got != tc.whole {
			t.Errorf("%s: whole ID on the receipt = %v, want %v", tc.username, got, tc.whole)
		}
		if !tc.whole && !strings.Contains(text, masked) {
			t.Errorf("%s: the masked ID %s is not on the receipt", tc.username, masked)
		}
	}
}

package web

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/demo"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/payment"
	"github.com/motcua/motcua/internal/store"
)

// TestOfficePaymentsLists: the reception officer sees the day's payments
// of the unit with their states and the total collected; a specialist may
// not open the page.
func TestOfficePaymentsLists(t *testing.T) {
	s := newTestServer(t, Options{})
	ctx := context.Background()
	u, err := s.DB.UnitByCode(ctx, demo.UnitCode)
	if err != nil {
		t.Fatal(err)
	}
	pv, err := s.DB.ProcedureByCode(ctx, "2.000635")
	if err != nil {
		t.Fatal(err)
	}
	in := dossier.Intake{Channel: dossier.Online, Applicant: dossier.Applicant{FullName: "Lê Văn Hùng", IDNumber: "068190007777",
		Phone: "0911222333", Address: "Thôn 1"}}
	for _, c := range pv.Procedure.Components {
		if c.Required {
			in.Components = append(in.Components, dossier.Component{Name: c.Name})
		}
	}
	var refs []string
	for i := 0; i < 2; i++ {
		d, err := s.DB.Intake(ctx, store.IntakeRequest{UnitID: u.ID, ProcedureCode: "2.000635", Intake: in})
		if err != nil {
			t.Fatal(err)
		}
		p, err := s.DB.StartPayment(ctx, d.Code, 15*time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		refs = append(refs, p.TxnRef)
	}
	if out, _, err := s.DB.ConfirmPayment(ctx, payment.Confirmation{TxnRef: refs[0], Amount: 8000, Success: true, GatewayTxn: "14009999", Via: "ipn"}); err != nil || out != payment.Confirmed {
		t.Fatalf("confirm: %v %v", out, err)
	}
	if resp, _ := s.login(t, "tiepnhan1", demo.Password); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("login: %d", resp.StatusCode)
	}
	resp, page := s.get(t, "/can-bo/thanh-toan?ngay="+time.Now().In(vnZone).Format("2006-01-02"))
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("payments page: %d", resp.StatusCode)
	}
	for _, want := range []string{refs[0], refs[1], "14009999", "Đã thanh toán", "Đang chờ xác nhận", "2 giao dịch; đã thu 8.000 đ",
		"/thanh-toan/" + refs[0] + "/bien-lai.pdf"} {
		if !strings.Contains(page, want) {
			t.Errorf("the payments page lacks %q", want)
		}
	}
	if strings.Contains(page, "/thanh-toan/"+refs[1]+"/bien-lai.pdf") {
		t.Error("the unpaid order has a receipt link")
	}
	if resp, _ := s.get(t, "/can-bo/thanh-toan?ngay=hom-qua"); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("a malformed day: %d, want 400", resp.StatusCode)
	}
}

package web

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/store"
)

// TestSyncPageShowsRefusedArrivals: what the portal sent and motcua refused
// shows on the sync page of the unit it was for, with its field and reason;
// a refusal with no unit (a wrong secret) shows to every unit; another
// unit's does not.
func TestSyncPageShowsRefusedArrivals(t *testing.T) {
	s := newTestServer(t, Options{})
	ctx := context.Background()
	o, err := s.DB.OfficerByUsername(ctx, "tiepnhan1")
	if err != nil {
		t.Fatal(err)
	}
	u, err := s.DB.Unit(ctx, o.UnitID)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range []store.PortalRejection{
		{PortalCode: "G22.99-241203-0007", UnitCode: u.Code, Source: "pull", Field: "MaTTHC", Reason: "không có thủ tục \"9.999999\""},
		{Source: "push", Reason: "thiếu hoặc sai mã bí mật của Cổng dịch vụ công (X-Portal-Secret)"},
		{PortalCode: "G22.99-241203-0008", UnitCode: "000.99.99.Z99", Source: "push", Field: "MaDonVi", Reason: "đơn vị khác"},
	} {
		if err := s.DB.RecordPortalRejection(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	resp, page := s.officeLogin(t, "tiepnhan1").get(t, "/can-bo/dong-bo")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("sync page: %d", resp.StatusCode)
	}
	i := strings.Index(page, `id="sync-refused"`)
	if i < 0 {
		t.Fatalf("no table of refused arrivals:\n%s", page)
	}
	table := page[i:]
	for _, want := range []string{"G22.99-241203-0007", "MaTTHC", "9.999999", "X-Portal-Secret", "Hệ thống lấy về", "Cổng gửi sang"} {
		if !strings.Contains(table, want) {
			t.Errorf("the refused table lacks %q", want)
		}
	}
	if strings.Contains(page, "G22.99-241203-0008") {
		t.Error("another unit's refusal shows")
	}
}

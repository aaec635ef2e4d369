package web

import (
	"context"
	"encoding/csv"
	"net/http"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/demo"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/staff"
	"github.com/motcua/motcua/internal/unit"
)

// TestProvinceView: the province's officer sees its communes side by side,
// ranked, with the CSV and a drill-down; a commune's officer is refused and
// is not offered the link.
func TestProvinceView(t *testing.T) {
	srv := newTestServer(t, Options{})
	ctx := context.Background()
	prov := &unit.Unit{Code: "000.00.00.H56", Name: "UBND tỉnh Lâm Đồng", Kind: unit.Province}
	if err := srv.DB.CreateUnit(ctx, prov, "test"); err != nil {
		t.Fatal(err)
	}
	town, err := srv.DB.UnitByCode(ctx, demo.UnitCode)
	if err != nil {
		t.Fatal(err)
	}
	town.ParentID = prov.ID
	if err := srv.DB.UpdateUnit(ctx, town, "test"); err != nil {
		t.Fatal(err)
	}
	an := &unit.Unit{Code: "000.21.38.H56", Name: "UBND xã An Nhơn", Kind: unit.Commune, ParentID: prov.ID}
	other := &unit.Unit{Code: "000.30.01.H57", Name: "UBND xã Ngoài Tỉnh", Kind: unit.Commune}
	for _, u := range []*unit.Unit{an, other} {
		if err := srv.DB.CreateUnit(ctx, u, "test"); err != nil {
			t.Fatal(err)
		}
	}
	if err := srv.DB.CreateOfficer(ctx, &staff.Officer{UnitID: prov.ID, Username: "tinh", FullName: "Lãnh đạo Tỉnh",
		Roles: []staff.Role{staff.Leader}, Active: true}, demo.Password, "test"); err != nil {
		t.Fatal(err)
	}
	officeIntake(t, srv.DB, officeExtractCopy, dossier.Counter)
	officeIntake(t, srv.DB, officeExtractCopy, dossier.Counter)

	commune := srv.officeLogin(t, "tiepnhan1")
	if resp, _ := commune.get(t, "/can-bo/tinh"); resp.StatusCode != http.StatusForbidden {
		t.Errorf("a commune's officer gets %d, want 403", resp.StatusCode)
	}
	if resp, _ := commune.get(t, "/can-bo/tinh/tinh.csv"); resp.StatusCode != http.StatusForbidden {
		t.Errorf("a commune's officer gets the CSV: %d", resp.StatusCode)
	}
	if _, page := commune.get(t, "/can-bo"); strings.Contains(page, `href="/can-bo/tinh"`) {
		t.Error("a commune's officer is offered the province's page")
	}

	p := srv.officeLogin(t, "tinh")
	year := srv.DB.Now().In(calendar.Location()).Format("2006")
	resp, page := p.get(t, "/can-bo/tinh")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("province page = %d", resp.StatusCode)
	}
	for _, want := range []string{`href="/can-bo/tinh"`, "UBND xã Đạ Tẻh", "UBND xã An Nhơn", "tinh.csv?den="} {
		if !strings.Contains(page, want) {
			t.Errorf("the province page lacks %q", want)
		}
	}
	if strings.Contains(page, "Ngoài Tỉnh") {
		t.Error("the province page shows a commune of another province")
	}
	resp, body := p.get(t, "/can-bo/tinh/tinh.csv?tu="+year+"-01-01&den="+year+"-12-31")
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/csv") {
		t.Fatalf("CSV = %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\uFEFF"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 || rows[0][3] != "Đơn vị" {
		t.Fatalf("CSV rows: %q", rows)
	}
	var townRow []string
	for _, r := range rows[1:] {
		if r[1] == demo.UnitCode {
			townRow = r
		}
	}
	if townRow == nil || townRow[4] != "2" || townRow[8] != "2" {
		t.Errorf("the town's CSV row %q, want 2 received and 2 pending", townRow)
	}
	if resp, page := p.get(t, "/can-bo/tinh?xa="+demo.UnitCode); resp.StatusCode != http.StatusOK || !strings.Contains(page, `id="commune"`) {
		t.Errorf("drill-down = %d", resp.StatusCode)
	}
	for _, code := range []string{other.Code, "000.99.99.H99"} {
		if resp, _ := p.get(t, "/can-bo/tinh?xa="+code); resp.StatusCode != http.StatusNotFound {
			t.Errorf("drill-down into %s = %d, want 404", code, resp.StatusCode)
		}
	}
	if resp, page := p.get(t, "/can-bo/tinh?tu=2025-13-01"); resp.StatusCode != http.StatusBadRequest || !strings.Contains(page, `id="f-tu-error"`) {
		t.Errorf("a bad date = %d", resp.StatusCode)
	}
}

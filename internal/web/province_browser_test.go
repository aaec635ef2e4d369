package web_test

import (
	"context"
	"net/http"
	"strconv"
	"testing"

	"github.com/motcua/motcua/internal/browsertest"
	"github.com/motcua/motcua/internal/demo"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/store"
)

// TestBrowserProvinceDemo: the province demo's data (Lâm Đồng imported,
// three communes with generated histories) in Chromium: the province's
// leader opens the page on the demo's year (2025) without choosing it, sees
// all 124 units side by side, the three ranked first with the number of
// dossiers each received, drills down into one, and axe-core finds nothing
// on either page.
func TestBrowserProvinceDemo(t *testing.T) {
	t.Parallel()
	clock := &demo.SimClock{}
	srv := browsertest.StartServerAt(t, clock.Now)
	ctx := context.Background()
	prov, err := demo.SeedProvince(ctx, srv.DB)
	if err != nil {
		t.Fatal(err)
	}
	communes := prov.Communes[:3]
	if _, err := demo.FillProvince(ctx, srv.DB, clock, communes, 8, nil); err != nil {
		t.Fatal(err)
	}
	received := map[string]int{}
	for _, c := range communes {
		ds, err := srv.DB.Dossiers(ctx, store.DossierFilter{UnitID: c.ID, Limit: 1000})
		if err != nil {
			t.Fatal(err)
		}
		received[c.Name] = 0
		for _, d := range ds {
			if d.Status != dossier.Refused {
				received[c.Name]++
			}
		}
	}

	b := browsertest.Start(t)
	b.Navigate(srv.URL + "/dang-nhap")
	b.Fill("#username", "tinh.lanhdao")
	b.Fill("#password", demo.Password)
	if got := b.ClickAndWait(`main form button[type=submit]`); got != http.StatusOK {
		t.Fatalf("login = %d", got)
	}
	// Without a period the page opens on the demo's year, not on the
	// current one, which has nothing.
	if got := b.Navigate(srv.URL + "/can-bo/tinh"); got != http.StatusOK {
		t.Fatalf("province page = %d", got)
	}
	if from, to := b.Value("#f-tu"), b.Value("#f-den"); from != "2025-01-01" || to != "2025-12-31" {
		t.Errorf("the page opens on %s – %s, want the demo's year 2025", from, to)
	}
	if th := b.Texts("#ranking thead th"); len(th) < 6 || th[4] != "Đúng và trước hạn (%)" || th[5] != "Giải quyết quá hạn (%)" {
		t.Errorf("ranking columns %q, want the on-time-or-early share beside the late one", th)
	}
	if got := b.Navigate(srv.URL + "/can-bo/tinh?tu=2025-07-01&den=2025-12-31"); got != http.StatusOK {
		t.Fatalf("province page = %d", got)
	}
	if n := b.Count("#ranking tbody tr"); n != 124 {
		t.Errorf("the ranking lists %d units, want 124", n)
	}
	for i := 1; i <= 3; i++ {
		row := "#ranking tbody tr:nth-child(" + strconv.Itoa(i) + ")"
		name := b.Text(row + " td:nth-child(2)")
		want, ok := received[name]
		if !ok || b.Text(row+" td:nth-child(1)") != strconv.Itoa(i) {
			t.Errorf("row %d: %q ranked %q, want one of the generated communes", i, name, b.Text(row+" td:nth-child(1)"))
			continue
		}
		if got := b.Text(row + " td:nth-child(3)"); got != strconv.Itoa(want) {
			t.Errorf("%s received %s on the page, %d in its report", name, got, want)
		}
	}
	b.ExpectAccessible("the province's ranking with the demo's communes")
	b.Screenshot("ranking")
	first := b.Text("#ranking tbody tr:nth-child(1) td:nth-child(2)")
	if got := b.ClickAndWait("#ranking tbody tr:nth-child(1) td:nth-child(2) a"); got != http.StatusOK {
		t.Fatalf("drill-down = %d", got)
	}
	if h := b.Text("#commune-h"); h == "" || b.Text("#commune-h span") != first {
		t.Errorf("drill-down heading %q, want %s", h, first)
	}
	b.ExpectAccessible("a commune of the province")
	b.Screenshot("commune")
}

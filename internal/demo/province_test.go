package demo_test

import (
	"context"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/demo"
	"github.com/motcua/motcua/internal/report"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/store/storetest"
)

// TestProvinceSmall: Lâm Đồng imported from the shipped lists (124 units in
// force under the province), its province officers, and four communes each
// given a small history through the real workflow: each commune's report
// counts exactly the dossiers filed under it, handled by its own officers,
// the communes differ, and filling again only verifies.
func TestProvinceSmall(t *testing.T) {
	storetest.Each(t, testProvinceSmall)
}

func testProvinceSmall(t *testing.T, e storetest.Engine) {
	ctx := context.Background()
	clock := &demo.SimClock{}
	db := e.Open(t, store.Options{Now: clock.Now})
	p, err := demo.SeedProvince(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Communes) != 124 || p.Unit.NSOCode != "68" {
		t.Fatalf("province %s (%s) with %d communes, want 68 with 124", p.Unit.Name, p.Unit.NSOCode, len(p.Communes))
	}
	lead, err := db.OfficerByUsername(ctx, "tinh.lanhdao")
	if err != nil || lead.UnitID != p.Unit.ID {
		t.Fatalf("the province's leader: %+v, %v", lead, err)
	}
	communes := p.Communes[:4]
	var dones []float64
	sum, err := demo.FillProvince(ctx, db, clock, communes, 10, func(d float64) { dones = append(dones, d) })
	if err != nil {
		t.Fatal(err)
	}
	if sum.Communes != 4 || sum.Skipped != 0 || len(dones) == 0 || dones[len(dones)-1] < 0.999 {
		t.Fatalf("fill: %+v, last progress %v", sum, dones[len(dones)-1])
	}
	period := report.Period{From: demo.ProvinceFrom, To: demo.ProvinceTo}
	total, overdue := 0, map[int64]bool{}
	for _, c := range communes {
		ds, err := db.Dossiers(ctx, store.DossierFilter{UnitID: c.ID, Limit: 1000})
		if err != nil {
			t.Fatal(err)
		}
		r, err := db.Report(ctx, store.ReportRequest{Period: period, UnitCode: c.Code, Config: report.DefaultConfig()})
		if err != nil {
			t.Fatal(err)
		}
		prof := demo.ProvinceProfile(c.NSOCode, 10)
		if got := r.Counts.Received + r.Counts.Refused; int(got) != len(ds) || len(ds) != prof.Finished+prof.Refused || len(ds) < 5 {
			t.Errorf("%s: report counts %d received + refused, %d dossiers filed under it, profile %d + %d",
				c.Name, got, len(ds), prof.Finished, prof.Refused)
		}
		for _, d := range ds {
			if d.ReceivingUnitID != c.ID || d.ResolvingUnitID != c.ID {
				t.Errorf("%s: dossier %s received by %s, resolved by %s", c.Name, d.Code, d.ReceivingUnitID, d.ResolvingUnitID)
			}
			if d.LeadID == "" {
				continue
			}
			o, err := db.Officer(ctx, d.LeadID)
			if err != nil || o.UnitID != c.ID || !strings.HasPrefix(o.Username, "xa"+c.NSOCode+".") {
				t.Errorf("%s: dossier %s handled by %+v (%v)", c.Name, d.Code, o, err)
			}
		}
		total += len(ds)
		overdue[r.Counts.ResolvedOverdue] = true
	}
	if total != sum.Dossiers {
		t.Errorf("the communes have %d dossiers, the fill made %d", total, sum.Dossiers)
	}
	if len(overdue) < 2 {
		t.Errorf("the four communes have the same number of late dossiers: %v", overdue)
	}
	again, err := demo.FillProvince(ctx, db, clock, communes, 10, nil)
	if err != nil || again.Skipped != 4 || again.Dossiers != 0 {
		t.Errorf("filling again: %+v, %v", again, err)
	}
}

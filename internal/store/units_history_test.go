package store_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/store/storetest"
	"github.com/motcua/motcua/internal/unit"
)

func lamDongPlan(t *testing.T) *unit.ImportPlan {
	t.Helper()
	communes, conversion := unit.ShippedLamDong()
	plan, err := unit.PlanImport(communes, conversion, "lam_dong")
	if err != nil {
		t.Fatal(err)
	}
	return plan
}

// unitsSnapshot is everything an import may write: every unit with its
// stamps, every link, and the count of settings-change events.
func unitsSnapshot(t *testing.T, db *store.DB) (units []*unit.Unit, links map[string][]unit.Link, events int) {
	t.Helper()
	ctx := context.Background()
	units, err := db.Units(ctx)
	if err != nil {
		t.Fatal(err)
	}
	links = map[string][]unit.Link{}
	for _, u := range units {
		pred, _, err := db.UnitLinks(ctx, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(pred) > 0 {
			links[u.ID] = pred
		}
	}
	if err := db.QueryRowRaw(ctx, `SELECT COUNT(*) FROM admin_events`).Scan(&events); err != nil {
		t.Fatal(err)
	}
	return units, links, events
}

func TestImportLamDong(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		ctx := context.Background()
		db := e.Open(t, store.Options{})
		res, err := db.ImportUnits(ctx, lamDongPlan(t), "test")
		if err != nil {
			t.Fatal(err)
		}
		// 1 province + 124 communes of the official list + 330 rows' former communes
		// (one of which, Xã Phong Phú, went in part to two new communes).
		if res.Created != 1+124+329 || res.LinksCreated != 330 || res.Updated != 0 {
			t.Fatalf("first import: %+v, want 454 units and 330 links created", res)
		}
		dateh, err := db.UnitByCode(ctx, "NSO.25126")
		if err != nil {
			t.Fatal(err)
		}
		if dateh.Name != "Xã Đạ Tẻh" || dateh.Kind != unit.Commune || dateh.ValidFrom != "2025-07-01" || dateh.ParentID != res.Province {
			t.Errorf("Xã Đạ Tẻh = %+v", dateh)
		}
		// An imported unit prints a head and a signature block from its first
		// day; the chairperson's name is the administrator's to write.
		if want := (unit.Letterhead{ParentBody: "ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG", IssuingBody: "ỦY BAN NHÂN DÂN XÃ ĐẠ TẺH",
			Place: "Đạ Tẻh", SignerTitle: "CHỦ TỊCH"}); dateh.Letterhead != want {
			t.Errorf("Xã Đạ Tẻh's letterhead = %+v, want %+v", dateh.Letterhead, want)
		}
		pred, succ, err := db.UnitLinks(ctx, dateh.ID)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, l := range pred {
			u, err := db.Unit(ctx, l.PredecessorID)
			if err != nil {
				t.Fatal(err)
			}
			if !l.Whole || l.Effective != "2025-07-01" || l.Note != "Nhập toàn bộ" {
				t.Errorf("link from %s = %+v", u.Name, l)
			}
			if u.SuccessorID != dateh.ID || u.ValidTo != "2025-06-30" || u.Active() {
				t.Errorf("%s: successor %q, valid to %q", u.Name, u.SuccessorID, u.ValidTo)
			}
			if u.Letterhead.ParentBody != "ỦY BAN NHÂN DÂN HUYỆN ĐẠ HUOAI" || !strings.HasPrefix(u.Letterhead.IssuingBody, "ỦY BAN NHÂN DÂN ") {
				t.Errorf("%s's letterhead = %+v, want its committee under the district's", u.Name, u.Letterhead)
			}
			got = append(got, u.NSOCode+" "+u.Name)
		}
		want := []string{"25126 Thị trấn Đạ Tẻh", "25129 Xã An Nhơn", "25141 Xã Đạ Lây"}
		if d := cmp.Diff(want, slices.Sorted(slices.Values(got))); d != "" || len(succ) != 0 {
			t.Errorf("predecessors of Xã Đạ Tẻh (-want +got):\n%s successors: %v", d, succ)
		}
		// Xã Phong Phú (22978) was split: part to Xã Phan Rí Cửa, part to Xã Tuy Phong.
		phongPhu, err := db.UnitByCode(ctx, "NSO.22978.CU")
		if err != nil {
			t.Fatal(err)
		}
		_, succ, err = db.UnitLinks(ctx, phongPhu.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(succ) != 2 || succ[0].Whole || succ[1].Whole {
			t.Errorf("Xã Phong Phú's successors = %+v, want two parts", succ)
		}

		units, links, events := unitsSnapshot(t, db)
		res, err = db.ImportUnits(ctx, lamDongPlan(t), "test")
		if err != nil {
			t.Fatal(err)
		}
		if res.Changed() || res.Unchanged != 454 || res.LinksSame != 330 {
			t.Errorf("second import: %+v, want nothing changed", res)
		}
		units2, links2, events2 := unitsSnapshot(t, db)
		if d := cmp.Diff(units, units2); d != "" {
			t.Errorf("second import changed units (-first +second):\n%s", d)
		}
		if d := cmp.Diff(links, links2); d != "" || events2 != events {
			t.Errorf("second import changed links (-first +second):\n%s; events %d -> %d", d, events, events2)
		}
	})
}

// A unit entered by hand and given its NSO code is the one the import links:
// the demo town becomes the predecessor, not a duplicate, and keeps receiving
// until it is merged.
func TestImportLinksUnitEnteredByHand(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		ctx := context.Background()
		db := e.Open(t, store.Options{})
		town := &unit.Unit{Code: "000.21.37.H56", Name: "UBND thị trấn Đạ Tẻh", Kind: unit.Commune}
		if err := db.CreateUnit(ctx, town, "test"); err != nil {
			t.Fatal(err)
		}
		if err := db.SetUnitNSO(ctx, town.ID, "25126", "", "2025-06-30", "test"); err != nil {
			t.Fatal(err)
		}
		if _, err := db.ImportUnits(ctx, lamDongPlan(t), "test"); err != nil {
			t.Fatal(err)
		}
		dateh, err := db.UnitByCode(ctx, "NSO.25126")
		if err != nil {
			t.Fatal(err)
		}
		pred, _, err := db.UnitLinks(ctx, dateh.ID)
		if err != nil {
			t.Fatal(err)
		}
		var linked bool
		for _, l := range pred {
			linked = linked || l.PredecessorID == town.ID
		}
		if !linked {
			t.Errorf("the town entered by hand is not a predecessor of Xã Đạ Tẻh: %+v", pred)
		}
		if _, err := db.UnitByCode(ctx, "NSO.25126.CU"); err == nil {
			t.Error("the import created a second Thị trấn Đạ Tẻh")
		}
		got, err := db.Unit(ctx, town.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !got.Active() || got.Name != "UBND thị trấn Đạ Tẻh" || !got.Letterhead.Empty() {
			t.Errorf("the town after import: active %v, name %q; the import must leave it to the merge", got.Active(), got.Name)
		}
		err = db.SetUnitNSO(ctx, town.ID, "25126", "2025-07-01", "", "test")
		if err == nil || !strings.Contains(err.Error(), "25126") {
			t.Errorf("giving the town the new commune's code and date: %v, want a conflict", err)
		}
	})
}

// A malformed row is reported with its line, and the plan is refused before
// anything is stored.
func TestImportMalformedRowStoresNothing(t *testing.T) {
	communes, conversion := unit.ShippedLamDong()
	lines := strings.Split(string(conversion), "\n")
	for i, l := range lines {
		if strings.Contains(l, "Xã An Nhơn,25129") {
			lines[i] = strings.Replace(l, "25129", "25I29", 1)
			_, err := unit.PlanImport(communes, []byte(strings.Join(lines, "\n")), "Lâm Đồng")
			var ie *unit.ImportError
			if !errors.As(err, &ie) || len(ie.Problems) != 1 || ie.Problems[0].Line != i+1 ||
				!strings.Contains(ie.Problems[0].Message, "25I29") {
				t.Fatalf("err = %v, want one problem at conversion line %d naming 25I29", err, i+1)
			}
			return
		}
	}
	t.Fatal("Xã An Nhơn not found in the shipped conversion table")
}

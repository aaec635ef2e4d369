package demo_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/demo"
	"github.com/motcua/motcua/internal/report"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/unit"
)

// TestStory2025: the merger of the town with An Nhơn and Đạ Lây into Xã Đạ
// Tẻh, told through the real services: the new commune's report with its
// predecessors' history equals the sum of the three for the period before
// the merge, the officers moved, and telling it again changes nothing.
func TestStory2025(t *testing.T) {
	ctx := context.Background()
	clock := &demo.SimClock{}
	db, err := store.Open(ctx, "sqlite:"+filepath.Join(t.TempDir(), "motcua.db"), store.Options{Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := demo.Seed(ctx, db); err != nil {
		t.Fatal(err)
	}
	sum, err := demo.Story2025(ctx, db, clock)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Skipped || sum.Before < 100 || sum.After < 30 || sum.Officers != 11+6 || sum.Merged < 1 {
		t.Fatalf("story: %+v", sum)
	}
	period := report.Period{From: calendar.Date{Year: 2024, Month: 1, Day: 1}, To: calendar.Date{Year: 2025, Month: 6, Day: 30}}
	counts := func(code string, history bool) report.Counts {
		r, err := db.Report(ctx, store.ReportRequest{Period: period, UnitCode: code, WithHistory: history, Config: report.DefaultConfig()})
		if err != nil {
			t.Fatal(err)
		}
		return r.Counts
	}
	var total report.Counts
	for _, code := range []string{demo.UnitCode, unit.StandInCode("25129", true), unit.StandInCode("25141", true)} {
		total = total.Add(counts(code, false))
	}
	if total.Received != int64(sum.Before) {
		t.Errorf("the three received %d before the merge, the story made %d", total.Received, sum.Before)
	}
	if d := cmp.Diff(total, counts(sum.NewCode, true)); d != "" {
		t.Errorf("Xã Đạ Tẻh with history != the three (-sum +got):\n%s", d)
	}
	o, err := db.OfficerByUsername(ctx, "tiepnhan1")
	if err != nil {
		t.Fatal(err)
	}
	xa, err := db.UnitByCode(ctx, sum.NewCode)
	if err != nil {
		t.Fatal(err)
	}
	if o.UnitID != xa.ID || xa.Name != "UBND xã Đạ Tẻh" {
		t.Errorf("after the story: tiepnhan1 in %s, the new commune %q", o.UnitID, xa.Name)
	}
	again, err := demo.Story2025(ctx, db, clock)
	if err != nil || !again.Skipped {
		t.Errorf("telling it again: %+v, %v", again, err)
	}
}

package demo_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/demo"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/report"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/testenv"
)

// published returns the report's rows as published (Row.Text), by key.
func published(in report.Indicators) map[string]string {
	out := map[string]string{}
	for _, r := range in.Rows() {
		out[r.Key] = r.Text()
	}
	return out
}

// smallModelProfile is four weeks of a small town with the model's kinds of
// figures: a share guided to submit online, a share on time or early with
// two decimals, a share paid online with two. 300 dossiers cannot make
// 92.65 % (278/300 is 92.67): the targets are ones 300 can reach.
func smallModelProfile() demo.Profile {
	p := demo.ModelProfile()
	p.From, p.To = calendar.Date{Year: 2025, Month: 3, Day: 3}, calendar.Date{Year: 2025, Month: 3, Day: 30}
	p.Finished, p.Withdrawn, p.Pending, p.Refused = 300, 2, 0, 2
	p.BeforePct, p.OnTimePct, p.OverduePct, p.OnTimeOrEarlyPct = 86.0, 6.7, 7.3, 92.67
	p.MinLetters = 15
	p.Seed = 11
	return p
}

// TestGenerateAssistedOnline: a profile with assisted online submissions is
// realised through the real intake (the reception officer records each
// assisted one), and the report read back gives the targets, counted from
// the dossiers themselves too.
func TestGenerateAssistedOnline(t *testing.T) {
	db, clock, town := newTown(t)
	ctx := context.Background()
	p := smallModelProfile()
	sum, err := demo.Generate(ctx, db, p, clock)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d dossiers, %d transactions in %s", sum.Dossiers, sum.Transactions, sum.Elapsed.Round(time.Millisecond))
	facts, in := reportOn(t, db, town, p)
	if err := facts.Counts.Check(); err != nil {
		t.Errorf("counts break an invariant: %v", err)
	}
	got := published(in)
	want := map[string]string{"assisted_online_pct": "91.0", "on_time_or_early_pct": "92.67", "online_payment_pct": "98.11",
		"satisfaction_pct": "100.0", "overdue_pct": "7.3", "before_deadline_pct": "86.0", "on_time_pct": "6.7"}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s = %q, want %q", k, got[k], w)
		}
	}
	// Counted again from the dossiers, not from the roll-ups: assisted ones
	// are online, received by a reception officer at their submission, and
	// marked by that officer.
	ds, err := db.Dossiers(ctx, store.DossierFilter{UnitID: town.Unit.ID, Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	var assisted, counter int64
	for _, d := range ds {
		if d.ReceivedAt.IsZero() || d.ReceivedAt.Before(p.From.At(0)) {
			continue
		}
		switch {
		case d.AssistedBy != "":
			assisted++
			o, err := db.Officer(ctx, d.AssistedBy)
			if err != nil || d.Channel != dossier.Online || !d.SubmittedAt.Equal(d.ReceivedAt) {
				t.Errorf("%s: assisted by %v (%v), channel %d, submitted %s received %s", d.Code, o, err, d.Channel, d.SubmittedAt, d.ReceivedAt)
			}
		case d.Channel == dossier.Counter:
			counter++
		}
	}
	if diff := cmp.Diff([2]int64{facts.Counts.ReceivedAssisted, facts.Counts.ReceivedCounter}, [2]int64{assisted, counter}); diff != "" || assisted == 0 {
		t.Errorf("assisted and counter dossiers: roll-ups vs dossiers (-roll-ups +dossiers):\n%s", diff)
	}
	checkOfficerHours(t, db, town, p)
}

// TestGenerateModel2025 generates the model's own period, 1 January to 13
// May 2025, and reads the article's four figures back through the report:
// 91 % guided to submit online, 92.65 % on time or early, 98.11 % paid
// online, 100 % satisfied. In the long suite, like TestGenerateBrief.
func TestGenerateModel2025(t *testing.T) {
	testenv.Long(t, "generating the model's 2025 takes 10 to 30 s")
	t.Parallel() // its own database and clock
	db, clock, town := newTown(t)
	p := demo.ModelProfile()
	sum, err := demo.Generate(context.Background(), db, p, clock)
	if errors.Is(err, demo.ErrFiguresOff) {
		t.Fatalf("figures off: %v", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d dossiers, %d transactions, %d letters in %s", sum.Dossiers, sum.Transactions, sum.Letters, sum.Elapsed.Round(time.Millisecond))
	_, in := reportOn(t, db, town, p)
	got := published(in)
	for k, w := range map[string]string{"assisted_online_pct": "91.0", "on_time_or_early_pct": "92.65",
		"online_payment_pct": "98.11", "satisfaction_pct": "100.0"} {
		if got[k] != w {
			t.Errorf("%s = %q, want %q", k, got[k], w)
		}
	}
	checkOfficerHours(t, db, town, p)
}

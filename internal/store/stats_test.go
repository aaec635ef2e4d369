package store_test

import (
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/report"
	"github.com/motcua/motcua/internal/staff"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/store/storetest"
)

// TestIndicatorsFromDossiers drives a handful of dossiers with known
// outcomes through the real lifecycle and checks the report against values
// worked out by hand.
func TestIndicatorsFromDossiers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		tw := newTown(t, e)
		ctx := context.Background()
		resolve := func(code string, when string) {
			tw.clk.Set(when)
			tw.act(t, code, dossier.Action{Kind: dossier.ActPropose}, lead(t, tw, code))
			tw.act(t, code, dossier.Action{Kind: dossier.ActApprove}, tw.leader)
		}
		// A: counter, Mon 3 Mar 09:00, due Thu 09:00; a component digitised;
		// resolved Tue (before); returned; very satisfied.
		tw.clk.Set("2025-03-03 09:00")
		a := tw.intake(t, "1.004873", dossier.Counter, tw.reception)
		storetest.DigitiseAll(t, tw.db, a.Code, tw.reception)
		resolve(a.Code, "2025-03-04 10:00")
		tw.act(t, a.Code, dossier.Action{Kind: dossier.ActReturn}, tw.reception)
		tw.act(t, a.Code, dossier.Action{Kind: dossier.ActRate, Rating: dossier.VerySatisfied}, nil)
		// B: online, received Mon 10:00, due Thu 10:00; resolved Thu 15:00
		// (on time: the same date); returned; not satisfied.
		tw.clk.Set("2025-03-03 10:00")
		b := tw.intake(t, "1.004873", dossier.Online, nil)
		tw.act(t, b.Code, dossier.Action{Kind: dossier.ActReceive}, tw.reception)
		resolve(b.Code, "2025-03-06 15:00")
		tw.act(t, b.Code, dossier.Action{Kind: dossier.ActReturn}, tw.reception)
		tw.act(t, b.Code, dossier.Action{Kind: dossier.ActRate, Rating: dossier.NotSatisfied}, nil)
		// C: counter, Mon 11:00, due Thu 11:00; resolved Fri (overdue).
		tw.clk.Set("2025-03-03 11:00")
		c := tw.intake(t, "1.004873", dossier.Counter, tw.reception)
		resolve(c.Code, "2025-03-07 09:00")
		// D: counter, withdrawn Tue.
		tw.clk.Set("2025-03-03 13:30")
		d := tw.intake(t, "1.004873", dossier.Counter, tw.reception)
		tw.clk.Set("2025-03-04 09:00")
		tw.act(t, d.Code, dossier.Action{Kind: dossier.ActWithdraw, Reason: "Công dân rút hồ sơ"}, tw.reception)
		// E: online, refused: not received.
		e2 := tw.intake(t, "1.004873", dossier.Online, nil)
		tw.act(t, e2.Code, dossier.Action{Kind: dossier.ActRefuse, Reason: "Sai thẩm quyền"}, tw.reception)
		// F: certification at the counter, Mon 3 Mar 14:00, same day (due 17:00);
		// 2,000 VND paid online; still pending.
		tw.clk.Set("2025-03-03 14:00")
		f := tw.intake(t, "2.000815", dossier.Counter, tw.reception)
		tw.act(t, f.Code, dossier.Action{Kind: dossier.ActRecordPayment, Method: dossier.OnlinePay, Receipt: "VNP-0001"}, tw.reception)

		p, err := report.ParsePeriod("2025-03-01", "2025-03-31")
		if err != nil {
			t.Fatal(err)
		}
		tw.clk.Set("2025-03-07 17:00")
		facts, err := tw.db.ReportFacts(ctx, p, store.ReportScope{UnitIDs: []string{tw.unit.ID}}, tw.clk.Now())
		if err != nil {
			t.Fatal(err)
		}
		if err := facts.Counts.Check(); err != nil {
			t.Errorf("counts break an invariant: %v", err)
		}
		want := report.Counts{Received: 5, ReceivedCounter: 4, ReceivedOnline: 1, Refused: 1, Withdrawn: 1,
			Resolved: 3, ResolvedBefore: 1, ResolvedOnTime: 1, ResolvedOverdue: 1, Returned: 2,
			ReceivedWithDigitised: 1, FeeBearing: 1, PaidOnline: 1, Rated: 2, RatedVerySatisfied: 1, RatedNotSatisfied: 1,
			NotSatisfiedOrComplained: 1, UnderCompetence: 3, ResolvedPerRules: 2}
		if diff := cmp.Diff(want, facts.Counts); diff != "" {
			t.Errorf("counts (-want +got):\n%s", diff)
		}
		if want := (report.Pending{Overdue: 1}); facts.Pending != want {
			t.Errorf("pending = %+v, want %+v", facts.Pending, want)
		}
		in := report.Compute(facts).Rounded()
		// By hand: finished = 3 resolved + 1 withdrawn = 4; before 1/4, on time
		// (1 + 1 withdrawn)/4, overdue 1/4; digitised 1/5; online 1/5; paid
		// online 1/1; satisfaction (3 − 1)/3.
		for _, c := range []struct {
			name      string
			got, want float64
		}{
			{"before", in.BeforeDeadlinePct, 25.0}, {"on time", in.OnTimePct, 50.0}, {"overdue", in.OverduePct, 25.0},
			{"digitised", in.DigitisedPct, 20.0}, {"online", in.OnlinePct, 20.0}, {"online payment", in.OnlinePaymentPct, 100.0},
			{"satisfaction", in.SatisfactionPct, 66.7},
		} {
			if c.got != c.want {
				t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
			}
		}
		// Breakdown by officer: the three resolved dossiers are the specialists'.
		bd, err := tw.db.ReportBreakdown(ctx, p.From, p.To, store.ReportScope{UnitIDs: []string{tw.unit.ID}}, "officer")
		if err != nil {
			t.Fatal(err)
		}
		var resolved int64
		for _, row := range bd {
			resolved += row.Counts.Resolved
		}
		if resolved != 3 {
			t.Errorf("breakdown by officer sums to %d resolved", resolved)
		}
		// A scope by field reads the detailed table and agrees.
		ht, err := tw.db.ReportCounts(ctx, p.From, p.To, store.ReportScope{UnitIDs: []string{tw.unit.ID}, Field: "HT"})
		if err != nil || ht.Resolved != 3 || ht.Received != 4 {
			t.Errorf("field HT: %+v %v", ht, err)
		}
	})
}

func lead(t *testing.T, tw *town, code string) *staff.Officer {
	t.Helper()
	d, err := tw.db.Dossier(context.Background(), code)
	if err != nil {
		t.Fatal(err)
	}
	o, err := tw.db.Officer(context.Background(), d.LeadID)
	if err != nil {
		t.Fatal(err)
	}
	return o
}

func TestPeriodValidation(t *testing.T) {
	for _, c := range []struct{ from, to, field, mention string }{
		{"2024-10-20", "2024-01-01", "to", "trước khi bắt đầu"},
		{"2018-01-01", "2024-10-20", "to", "quá 5 năm"},
		{"2024-02-30", "2024-10-20", "from", "2024-02-30"},
		{"2024-01-01", "20/10/2024", "to", "20/10/2024"},
	} {
		_, err := report.ParsePeriod(c.from, c.to)
		if apperr.FieldOf(err) != c.field || !strings.Contains(apperr.PublicMessage(err), c.mention) {
			t.Errorf("ParsePeriod(%s, %s) = %v", c.from, c.to, err)
		}
	}
}

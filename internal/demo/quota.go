package demo

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/motcua/motcua/internal/report"
)

// quota are the exact counts the plan must produce.
type quota struct {
	finished, withdrawn, received               int
	before, onTime, overdue                     int
	online, post, digitised, assisted           int
	feeBearing, paidOnline                      int
	rated, notSatisfied, apologies, perRulesGap int
}

// counts returns the roll-up counts the history must produce.
func (q quota) counts() report.Counts {
	resolved := int64(q.finished - q.withdrawn)
	return report.Counts{
		Received: int64(q.received), ReceivedOnline: int64(q.online), ReceivedPost: int64(q.post),
		ReceivedCounter: int64(q.received - q.online - q.post),
		Withdrawn:       int64(q.withdrawn), Resolved: resolved, UnderCompetence: resolved,
		ResolvedBefore: int64(q.before), ResolvedOnTime: int64(q.onTime), ResolvedOverdue: int64(q.overdue),
		ResolvedPerRules: resolved - int64(q.perRulesGap), ReceivedAssisted: int64(q.assisted),
		ReceivedWithDigitised: int64(q.digitised), FeeBearing: int64(q.feeBearing), PaidOnline: int64(q.paidOnline),
		Rated: int64(q.rated), RatedNotSatisfied: int64(q.notSatisfied), NotSatisfiedOrComplained: int64(q.notSatisfied),
	}
}

// rounds reports whether a computed percentage, rounded as published, is
// the target rounded likewise.
func rounds(v float64, ok bool, target float64, decimals int) bool {
	return ok && report.Round(v, decimals) == report.Round(target, decimals)
}

// nearest returns the integer in [lo, hi] nearest to x for which good holds.
func nearest(x float64, lo, hi int, good func(int) bool) (int, bool) {
	c := min(max(int(math.Round(x)), lo), hi)
	for d := 0; c-d >= lo || c+d <= hi; d++ {
		for _, k := range []int{c - d, c + d} {
			if k >= lo && k <= hi && good(k) {
				return k, true
			}
		}
	}
	return 0, false
}

// quotas turns the profile's percentages into exact counts whose shares,
// computed by the report's own formulas and rounded as published, are the
// profile's.
func quotas(p Profile) (quota, error) {
	q := quota{finished: p.Finished, withdrawn: p.Withdrawn, received: p.Finished + p.Pending}
	N, W, V, R := p.Finished, p.Withdrawn, p.Finished-p.Withdrawn, p.Finished+p.Pending
	share := func(c report.Counts) report.Counts { c.Resolved, c.Withdrawn = int64(V), int64(W); return c }
	var overdues, befores []int
	for k := 0; k <= V; k++ {
		v, ok := report.OverduePct(share(report.Counts{ResolvedOverdue: int64(k)}))
		// The share on time or early, when published, is the complement
		// of the overdue one, with two decimals: it narrows the late count.
		early, eok := report.OnTimeOrEarlyPct(share(report.Counts{ResolvedBefore: int64(V - k)}))
		if rounds(v, ok, p.OverduePct, report.PctDecimals) &&
			(p.OnTimeOrEarlyPct == 0 || rounds(early, eok, p.OnTimeOrEarlyPct, report.OnTimeOrEarlyDecimals)) {
			overdues = append(overdues, k)
		}
		if v, ok := report.BeforeDeadlinePct(share(report.Counts{ResolvedBefore: int64(k)})); rounds(v, ok, p.BeforePct, report.PctDecimals) {
			befores = append(befores, k)
		}
	}
	byDistance := func(ks []int, x float64) {
		slices.SortStableFunc(ks, func(a, b int) int { return cmp.Compare(math.Abs(float64(a)-x), math.Abs(float64(b)-x)) })
	}
	byDistance(overdues, p.OverduePct*float64(N)/100)
	byDistance(befores, p.BeforePct*float64(N)/100)
	found := false
	for _, l := range overdues {
		for _, b := range befores {
			t := V - b - l
			if t < 0 {
				continue
			}
			if v, ok := report.OnTimePct(share(report.Counts{ResolvedOnTime: int64(t)})); rounds(v, ok, p.OnTimePct, report.PctDecimals) {
				q.before, q.onTime, q.overdue, found = b, t, l, true
				break
			}
		}
		if found {
			break
		}
	}
	if !found {
		return q, fmt.Errorf("demo plan: no split of %d finished dossiers rounds to %v / %v / %v %%", N, p.BeforePct, p.OnTimePct, p.OverduePct)
	}
	var ok bool
	if q.online, ok = nearest(p.OnlinePct*float64(R)/100, 0, R, func(k int) bool {
		v, ok := report.OnlinePct(report.Counts{Received: int64(R), ReceivedOnline: int64(k)})
		return rounds(v, ok, p.OnlinePct, report.PctDecimals)
	}); !ok {
		return q, fmt.Errorf("demo plan: no count of %d received rounds to %v %% online", R, p.OnlinePct)
	}
	q.post = int(math.Round(p.PostShare * float64(R-q.online)))
	if p.AssistedPct > 0 {
		// Of the people in person (counter + assisted), AssistedPct were
		// helped to submit online: the assisted are among the online ones.
		counter := R - q.online - q.post
		x := float64(q.online)
		if p.AssistedPct < 100 {
			x = p.AssistedPct * float64(counter) / (100 - p.AssistedPct)
		}
		if q.assisted, ok = nearest(x, 0, q.online, func(k int) bool {
			v, ok := report.AssistedOnlinePct(report.Counts{ReceivedCounter: int64(counter), ReceivedAssisted: int64(k)})
			return rounds(v, ok, p.AssistedPct, report.PctDecimals)
		}); !ok {
			return q, fmt.Errorf("demo plan: no count of %d online dossiers with %d at the counter rounds to %v %% guided online",
				q.online, counter, p.AssistedPct)
		}
	}
	if q.digitised, ok = nearest(p.DigitisedPct*float64(R)/100, 0, R, func(k int) bool {
		v, ok := report.DigitisedPct(report.Counts{Received: int64(R), ReceivedWithDigitised: int64(k)})
		return rounds(v, ok, p.DigitisedPct, report.PctDecimals)
	}); !ok {
		return q, fmt.Errorf("demo plan: no count of %d received rounds to %v %% digitised", R, p.DigitisedPct)
	}
	// Fee-bearing dossiers: the letter dossiers are free, and those not paid
	// online are handed in at the counter or by post.
	nonLetter, offline := R-p.MinLetters, R-q.online
	if p.FeeShare > 0 {
		found = false
		base := int(math.Round(p.FeeShare * float64(R)))
		for d := 0; !found && (base-d >= 1 || base+d <= nonLetter); d++ {
			for _, pf := range []int{base - d, base + d} {
				if pf < 1 || pf > nonLetter {
					continue
				}
				po, ok := nearest(p.OnlinePaymentPct*float64(pf)/100, 0, pf, func(k int) bool {
					v, ok := report.OnlinePaymentPct(report.Counts{FeeBearing: int64(pf), PaidOnline: int64(k)})
					return rounds(v, ok, p.OnlinePaymentPct, report.OnlinePaymentDecimals)
				})
				if ok && pf-po <= offline {
					q.feeBearing, q.paidOnline, found = pf, po, true
					break
				}
			}
		}
		if !found {
			return q, fmt.Errorf("demo plan: no number of fee-bearing dossiers near %v of %d rounds to %v %% paid online",
				p.FeeShare, R, p.OnlinePaymentPct)
		}
	}
	if q.notSatisfied, ok = nearest((100-p.SatisfactionPct)*float64(V)/100, 0, V, func(k int) bool {
		v, ok := report.SatisfactionPct(report.Counts{UnderCompetence: int64(V), NotSatisfiedOrComplained: int64(k)})
		return rounds(v, ok, p.SatisfactionPct, report.PctDecimals)
	}); !ok {
		return q, fmt.Errorf("demo plan: no count of %d resolved rounds to %v %% satisfaction", V, p.SatisfactionPct)
	}
	q.rated = max(int(math.Round(p.RatedShare*float64(V))), q.notSatisfied)
	q.apologies = int(math.Round(p.ApologyShare * float64(q.overdue)))
	q.perRulesGap = q.overdue - q.apologies
	if p.MinLetters > q.before+q.onTime {
		return q, fmt.Errorf("demo plan: %d letters wanted, only %d dossiers are resolved in time", p.MinLetters, q.before+q.onTime)
	}
	return q, nil
}

// verify compares the report on the generated history with the plan: the
// counts exactly, and the published figures rounded as published.
func (pl *plan) verify(f report.Facts, letters int) error {
	got, want := f.Counts, pl.want
	var off []string
	check := func(name string, g, w int64) {
		if g != w {
			off = append(off, fmt.Sprintf("%s %d, want %d", name, g, w))
		}
	}
	check("received", got.Received, want.Received)
	check("received_online", got.ReceivedOnline, want.ReceivedOnline)
	check("received_post", got.ReceivedPost, want.ReceivedPost)
	check("received_assisted", got.ReceivedAssisted, want.ReceivedAssisted)
	check("received_counter", got.ReceivedCounter, want.ReceivedCounter)
	check("refused", got.Refused, int64(pl.p.Refused))
	check("withdrawn", got.Withdrawn, want.Withdrawn)
	check("resolved", got.Resolved, want.Resolved)
	check("resolved_before", got.ResolvedBefore, want.ResolvedBefore)
	check("resolved_on_time", got.ResolvedOnTime, want.ResolvedOnTime)
	check("resolved_overdue", got.ResolvedOverdue, want.ResolvedOverdue)
	check("resolved_per_rules", got.ResolvedPerRules, want.ResolvedPerRules)
	check("received_with_digitised", got.ReceivedWithDigitised, want.ReceivedWithDigitised)
	check("fee_bearing", got.FeeBearing, want.FeeBearing)
	check("paid_online", got.PaidOnline, want.PaidOnline)
	check("rated", got.Rated, want.Rated)
	check("not_satisfied_or_complained", got.NotSatisfiedOrComplained, want.NotSatisfiedOrComplained)
	check("under_competence", got.UnderCompetence, want.UnderCompetence)
	if got.Stopped != 0 {
		off = append(off, fmt.Sprintf("stopped %d, want 0", got.Stopped))
	}
	if err := got.Check(); err != nil {
		off = append(off, "counts break an invariant: "+err.Error())
	}
	in := report.Compute(f).Rounded()
	pct := func(key string, g, target float64, decimals int) {
		if g != report.Round(target, decimals) {
			off = append(off, fmt.Sprintf("%s %v, want %v", key, g, report.Round(target, decimals)))
		}
	}
	p := pl.p
	pct("before_deadline_pct", in.BeforeDeadlinePct, p.BeforePct, report.PctDecimals)
	pct("on_time_pct", in.OnTimePct, p.OnTimePct, report.PctDecimals)
	pct("overdue_pct", in.OverduePct, p.OverduePct, report.PctDecimals)
	pct("digitised_pct", in.DigitisedPct, p.DigitisedPct, report.PctDecimals)
	pct("online_pct", in.OnlinePct, p.OnlinePct, report.PctDecimals)
	if p.AssistedPct > 0 {
		pct("assisted_online_pct", in.AssistedOnlinePct, p.AssistedPct, report.PctDecimals)
	}
	if p.OnTimeOrEarlyPct > 0 {
		pct("on_time_or_early_pct", in.OnTimeOrEarlyPct, p.OnTimeOrEarlyPct, report.OnTimeOrEarlyDecimals)
	}
	if want.FeeBearing > 0 {
		pct("online_payment_pct", in.OnlinePaymentPct, p.OnlinePaymentPct, report.OnlinePaymentDecimals)
	}
	pct("satisfaction_pct", in.SatisfactionPct, p.SatisfactionPct, report.PctDecimals)
	if letters < p.MinLetters {
		off = append(off, fmt.Sprintf("%d letters in the register, want at least %d", letters, p.MinLetters))
	}
	// The roll-ups count letters once the letter register reports them;
	// until then they read 0.
	if got.Letters != 0 && got.Letters != int64(letters) {
		off = append(off, fmt.Sprintf("letters %d in the roll-ups, %d in the register", got.Letters, letters))
	}
	if len(off) > 0 {
		return fmt.Errorf("%w: %s", ErrFiguresOff, strings.Join(off, "; "))
	}
	return nil
}

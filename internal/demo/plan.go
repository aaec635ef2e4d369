package demo

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/report"
	"github.com/motcua/motcua/internal/staff"
)

// fate is what becomes of a planned dossier.
type fate int

const (
	fateBefore    fate = iota // resolved on a date before its appointment's
	fateOnTime                // resolved on its appointment's date
	fateOverdue               // resolved after its appointment's date
	fateWithdrawn             // withdrawn by the applicant
	fatePending               // received, still open at the end of the period
	fateRefused               // submitted online, refused before reception
)

func (f fate) String() string {
	return [...]string{"before", "on time", "overdue", "withdrawn", "pending", "refused"}[f]
}

func (f fate) resolved() bool { return f <= fateOverdue }

// planned is one dossier's fate and attributes, fixed before the simulation.
type planned struct {
	n          int // position in the plan, for messages
	fate       fate
	channel    dossier.Channel
	assisted   bool // online with the reception officer's help at the counter
	letter     bool
	fee        bool
	payOnline  bool
	digitised  bool
	supplement bool
	apology    bool
	rating     dossier.Rating
	complaint  string
	proc       *procInfo
	day        int // index of the arrival day in plan.work
	submitAt   time.Time
	receiveAt  time.Time // reception; for a refused dossier, the refusal
	reception  *staff.Officer
	leader     *staff.Officer
	electronic bool
	intake     dossier.Intake
	reuse      bool // digitised by reusing the citizen's data store
}

// plan is the whole history to generate, and the counts it must produce.
type plan struct {
	p        Profile
	work     []calendar.Date // the working days of the period
	endAt    time.Time       // the last instant of the period
	dossiers []*planned
	want     report.Counts // the roll-up counts the history must produce
}

// Working hours of the demo unit (the calendar's defaults).
const (
	openMin   = 7 * 60
	lunchFrom = 11*60 + 30
	lunchTo   = 13*60 + 30
	closeMin  = 17 * 60
)

// newPlan fixes every dossier's fate with exact quotas, then its channel,
// fee and payment, letter, digitisation, supplement, apology and rating,
// its procedure (compatible with all of those), its arrival and its people.
func newPlan(p Profile, cal *calendar.Calendar, procs []*procInfo, t *crew) (*plan, error) {
	pl := &plan{p: p, endAt: p.To.At(24 * 60).Add(-time.Second)}
	for d := p.From; d.Compare(p.To) <= 0; d = d.AddDays(1) {
		ok, err := cal.IsWorkingDay(d)
		if err != nil {
			return nil, fmt.Errorf("demo plan: %w", err)
		}
		if ok {
			pl.work = append(pl.work, d)
		}
	}
	if len(pl.work) < 5 {
		return nil, fmt.Errorf("demo plan: the period has %d working days, want at least 5", len(pl.work))
	}
	rng := rand.New(rand.NewPCG(p.Seed, p.Seed^0x9e3779b97f4a7c15))
	q, err := quotas(p)
	if err != nil {
		return nil, err
	}
	pl.want = q.counts()

	R := p.Finished + p.Pending
	ds := make([]*planned, R)
	for i := range ds {
		f := fatePending
		switch {
		case i < q.before:
			f = fateBefore
		case i < q.before+q.onTime:
			f = fateOnTime
		case i < q.before+q.onTime+q.overdue:
			f = fateOverdue
		case i < p.Finished:
			f = fateWithdrawn
		}
		ds[i] = &planned{n: i, fate: f, channel: dossier.Counter}
	}
	where := func(keep func(*planned) bool) []*planned {
		var out []*planned
		for _, d := range ds {
			if keep(d) {
				out = append(out, d)
			}
		}
		return out
	}
	// take shuffles pool and returns its first k.
	take := func(pool []*planned, k int, what string) ([]*planned, error) {
		if k > len(pool) {
			return nil, fmt.Errorf("demo plan: %d %s wanted, only %d dossiers can be", k, what, len(pool))
		}
		rng.Shuffle(len(pool), func(i, j int) { pool[i], pool[j] = pool[j], pool[i] })
		return pool[:k], nil
	}
	set := func(pool []*planned, k int, what string, f func(*planned)) error {
		chosen, err := take(pool, k, what)
		for _, d := range chosen {
			f(d)
		}
		return err
	}
	steps := []func() error{
		// Letters: birth, marriage and death registrations, resolved in time (same-day procedures).
		func() error {
			return set(where(func(d *planned) bool { return d.fate == fateBefore || d.fate == fateOnTime }), p.MinLetters,
				"letter dossiers", func(d *planned) { d.letter = true })
		},
		// Channels.
		func() error {
			return set(slices.Clone(ds), q.online, "online dossiers", func(d *planned) { d.channel = dossier.Online })
		},
		func() error {
			return set(where(func(d *planned) bool { return d.channel != dossier.Online }), q.post, "postal dossiers",
				func(d *planned) { d.channel = dossier.Post })
		},
		// Assisted online: among the online ones, drawn only when the
		// profile has some (so that a profile without keeps its draws).
		func() error {
			if q.assisted == 0 {
				return nil
			}
			return set(where(func(d *planned) bool { return d.channel == dossier.Online }), q.assisted, "assisted online dossiers",
				func(d *planned) { d.assisted = true })
		},
		// Fees: those paid otherwise than online are paid at the counter or by post.
		func() error {
			return set(where(func(d *planned) bool { return !d.letter && d.channel != dossier.Online }), q.feeBearing-q.paidOnline,
				"dossiers paid in cash or by transfer", func(d *planned) { d.fee = true })
		},
		func() error {
			return set(where(func(d *planned) bool { return !d.letter && !d.fee }), q.paidOnline, "dossiers paid online",
				func(d *planned) { d.fee, d.payOnline = true, true })
		},
		func() error {
			return set(slices.Clone(ds), q.digitised, "digitised dossiers", func(d *planned) { d.digitised = true })
		},
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return nil, err
		}
	}
	// Procedures, compatible with everything decided so far.
	for _, d := range ds {
		if d.proc, err = pickProcedure(rng, procs, d, len(pl.work)); err != nil {
			return nil, err
		}
	}
	// Supplements (procedures of three working days or more, so that a
	// dossier can still finish before its deadline), apologies, ratings.
	multiDay := where(func(d *planned) bool { return d.fate != fatePending && d.proc.days >= 3 })
	if err := set(multiDay, int(math.Round(p.SupplementShare*float64(len(multiDay)))), "supplement requests",
		func(d *planned) { d.supplement = true }); err != nil {
		return nil, err
	}
	if err := set(where(func(d *planned) bool { return d.fate == fateOverdue }), q.apologies, "apologies",
		func(d *planned) { d.apology = true }); err != nil {
		return nil, err
	}
	rated, err := take(where(func(d *planned) bool { return d.fate.resolved() }), q.rated, "ratings")
	if err != nil {
		return nil, err
	}
	for i, d := range rated {
		switch {
		case i < q.notSatisfied:
			d.rating = dossier.NotSatisfied
			if i%3 == 0 {
				d.complaint = complaints[rng.IntN(len(complaints))]
			}
		case rng.Float64() < 0.68:
			d.rating = dossier.VerySatisfied
		default:
			d.rating = dossier.Satisfied
		}
	}
	// Refused online submissions: in no share.
	for i := range p.Refused {
		d := &planned{n: R + i, fate: fateRefused, channel: dossier.Online}
		if d.proc, err = pickProcedure(rng, procs, d, len(pl.work)); err != nil {
			return nil, err
		}
		ds = append(ds, d)
	}
	// Arrivals, officers and the people, in plan order.
	people := &namer{rng: rng}
	for _, d := range ds {
		if err := pl.schedule(rng, d); err != nil {
			return nil, err
		}
		d.reception = t.reception[rng.IntN(len(t.reception))]
		d.leader = t.leaders[0]
		if len(t.leaders) > 1 && rng.Float64() < 0.4 {
			d.leader = t.leaders[1+rng.IntN(len(t.leaders)-1)]
		}
		d.electronic = d.proc.electronic && rng.Float64() < 0.9
		d.reuse = d.channel == dossier.Online && rng.Float64() < 0.15
		d.intake = people.intake(d)
	}
	pl.dossiers = ds
	return pl, nil
}

// pickProcedure draws the procedure of d, in proportion to the mix, among
// those compatible with its fate, channel, fee and letter, and short enough
// for its fate to play out in a period of workDays working days.
func pickProcedure(rng *rand.Rand, procs []*procInfo, d *planned, workDays int) (*procInfo, error) {
	total := 0
	weights := make([]int, len(procs))
	for i, pi := range procs {
		switch {
		case pi.letter != d.letter, pi.fee != d.fee && d.fate != fateRefused,
			d.channel == dossier.Online && !pi.online,
			(d.fate == fateOverdue || d.fate == fatePending) && pi.sameDay,
			d.fate == fatePending && pi.days < 3,
			span(d.fate, pi, true) >= workDays:
			continue
		}
		w := pi.weight * 100
		if d.fate == fateBefore && pi.sameDay {
			// Before the deadline, a same-day procedure needs a receipt
			// after the cut-off: rarer than a multi-day one resolved early.
			w = pi.weight * 35
		}
		weights[i] = w
		total += w
	}
	if total == 0 {
		return nil, fmt.Errorf("demo plan: no procedure of the mix fits a dossier %s, %s, fee %v, letter %v",
			d.fate, d.channel.Label(), d.fee, d.letter)
	}
	r := rng.IntN(total)
	for i, w := range weights {
		if r < w {
			return procs[i], nil
		}
		r -= w
	}
	panic("unreachable")
}

// schedule picks d's arrival day and the instants of its submission and
// reception, leaving it the working days its fate needs inside the period.
func (pl *plan) schedule(rng *rand.Rand, d *planned) error {
	n := len(pl.work)
	span := span(d.fate, d.proc, d.supplement)
	switch {
	case d.fate == fatePending:
		d.day = n - 1 - rng.IntN(min(3, n))
	case span >= n:
		return fmt.Errorf("demo plan: the period is too short for a %s dossier of %s (%d working days)", d.fate, d.proc.code, span)
	default:
		d.day = rng.IntN(n - span)
	}
	from, to := openMin+10, 16*60+10
	if d.proc.sameDay {
		if d.fate == fateBefore {
			from = max(d.proc.cutoff, openMin) // after the cut-off: due the next working day
		} else {
			to = min(d.proc.cutoff, closeMin) - 20
		}
	}
	m := workingMinute(rng, from, to)
	d.receiveAt = pl.work[d.day].At(m).Add(time.Duration(rng.IntN(60)) * time.Second)
	if d.channel == dossier.Online && !d.assisted {
		d.submitAt = d.receiveAt.Add(-time.Duration(5+rng.IntN(20*60)) * time.Minute)
		if first := pl.p.From.At(0); d.submitAt.Before(first) {
			d.submitAt = first.Add(time.Duration(rng.IntN(int(d.receiveAt.Sub(first)/time.Second))) * time.Second)
		}
	}
	return nil
}

// span is the number of working days a dossier of procedure pi needs after
// its arrival day for its fate to play out: a supplement request and answer
// take up to four.
func span(f fate, pi *procInfo, supplement bool) int {
	n := 0
	switch f {
	case fateOnTime:
		n = pi.days
	case fateOverdue:
		n = pi.days + 2
	case fateWithdrawn:
		n = min(pi.days, 2)
	}
	if supplement {
		n += 4
	}
	return n
}

// workingMinute draws a minute of the day in [from, to], outside the lunch break.
func workingMinute(rng *rand.Rand, from, to int) int {
	lunch := 0
	if from < lunchTo && to > lunchFrom {
		lunch = min(to, lunchTo) - max(from, lunchFrom)
	}
	m := from + rng.IntN(to-from+1-lunch)
	if m >= lunchFrom && lunch > 0 {
		m += lunch
	}
	return m
}

package demo

import (
	"cmp"
	"container/heap"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/catalogue"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/jobs"
	"github.com/motcua/motcua/internal/report"
	"github.com/motcua/motcua/internal/staff"
	"github.com/motcua/motcua/internal/store"
)

// SimClock is the store's clock for the demo: it reads the real time until
// Set is called, then the instant last set, until Release. Construct the
// demo's store with store.Options{Now: clock.Now} so that every transaction
// Generate makes is stamped with the simulated instant. The zero value reads
// the real time. It is safe for concurrent use.
type SimClock struct {
	mu  sync.RWMutex
	at  time.Time
	sim bool
}

// Now returns the simulated instant while simulating, the real time otherwise.
func (c *SimClock) Now() time.Time {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if !c.sim {
		return time.Now()
	}
	return c.at
}

// Set makes Now return t until the next Set or Release.
func (c *SimClock) Set(t time.Time) {
	c.mu.Lock()
	c.at, c.sim = t, true
	c.mu.Unlock()
}

// Release makes Now read the real time again.
func (c *SimClock) Release() {
	c.mu.Lock()
	c.at, c.sim = time.Time{}, false
	c.mu.Unlock()
}

// Simulating reports whether Now returns a simulated instant.
func (c *SimClock) Simulating() bool {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.sim
}

// Option tunes Generate.
type Option func(*options)

type options struct {
	log      *slog.Logger
	unitCode string
}

// WithLogger sends progress (one line per simulated month) and the
// summary to log; by default nothing is logged.
func WithLogger(log *slog.Logger) Option { return func(o *options) { o.log = log } }

// WithUnitCode generates the history of the unit with this identifier
// instead of the demo commune (UnitCode). The unit needs the demo's team
// (Seed), or at least officers with the same usernames.
func WithUnitCode(code string) Option { return func(o *options) { o.unitCode = code } }

// Summary is what Generate did, and the report it verified.
type Summary struct {
	// Skipped is true when the period already had a history: nothing was
	// generated, the existing history was verified.
	Skipped bool `json:"skipped"`
	// Period is the period of the history and of the report.
	Period report.Period `json:"period"`
	// Dossiers is the number of dossiers created (received or refused).
	Dossiers int `json:"dossiers"`
	// Transactions is the number of store calls that changed a dossier
	// (db.Intake and db.Act), each its own transaction.
	Transactions int `json:"transactions"`
	// Letters is the number of letters in the register produced in the period.
	Letters int `json:"letters"`
	// Figures is the report on the period, rounded as published.
	Figures report.Indicators `json:"figures"`
	// Elapsed is how long Generate took.
	Elapsed time.Duration `json:"elapsed"`
}

// ErrFiguresOff is wrapped by Generate's error when the report on the
// generated (or existing) history does not reproduce the profile.
var ErrFiguresOff = errors.New("demo history does not reproduce the profile's figures")

// Generate gives the demo unit the history p describes, by driving the real
// dossier services on the simulated clock: every dossier goes through
// db.Intake and db.Act (each its own transaction) with clock set to the
// instant the action happens, and letter jobs are run by the job runner's
// letter handler when they are enqueued. Nothing is written to the roll-ups
// or the dossiers directly: the figures come out of the real code path.
//
// A planner first fixes each dossier's fate with exact quotas drawn from p
// (so many before the deadline, so many online, ...), using p.Seed for every
// random choice; the simulator then realises the fates in time order, on
// working days and in working hours of the unit's calendar. Finally the
// report on the period is computed (db.ReportFacts, report.Compute) and
// compared with p: any figure off is an error wrapping ErrFiguresOff.
//
// db must have been opened with store.Options{Now: clock.Now}; Generate
// checks it on its first dossier. The unit and its officers must exist
// (Seed). Generate is idempotent: when the unit already has dossiers
// received or refused in the period, it generates nothing and verifies the
// existing history instead (Summary.Skipped). An interrupted run leaves a
// partial history, which then fails verification: start from an empty
// database. The clock is released (reads the real time) when Generate returns.
func Generate(ctx context.Context, db *store.DB, p Profile, clock *SimClock, opts ...Option) (Summary, error) {
	start := time.Now()
	o := options{log: slog.New(slog.NewTextHandler(io.Discard, nil)), unitCode: UnitCode}
	for _, opt := range opts {
		opt(&o)
	}
	if clock == nil {
		return Summary{}, fmt.Errorf("demo generate: nil clock")
	}
	if err := p.Validate(); err != nil {
		return Summary{}, err
	}
	if p.Mix == nil {
		p.Mix = DefaultMix()
	}
	sum := Summary{Period: report.Period{From: p.From, To: p.To}}
	u, err := db.UnitByCode(ctx, o.unitCode)
	if err != nil {
		return sum, fmt.Errorf("demo generate: unit %s: %w", o.unitCode, err)
	}
	existing, err := db.ReportCounts(ctx, p.From, p.To, store.ReportScope{UnitIDs: []string{u.ID}})
	if err != nil {
		return sum, fmt.Errorf("demo generate: %w", err)
	}
	cal, err := db.Calendar(ctx, u.ID)
	if err != nil {
		return sum, fmt.Errorf("demo generate: %w", err)
	}
	t, err := loadTeam(ctx, db, u.ID)
	if err != nil {
		return sum, err
	}
	procs, err := loadProcedures(ctx, db, p.Mix)
	if err != nil {
		return sum, err
	}
	pl, err := newPlan(p, cal, procs, t)
	if err != nil {
		return sum, err
	}
	if existing.Received > 0 || existing.Refused > 0 {
		sum.Skipped = true
		o.log.InfoContext(ctx, "demo history exists, verifying it", "period", sum.Period.String(), "received", existing.Received)
	} else {
		o.log.InfoContext(ctx, "generating the demo history", "period", sum.Period.String(), "dossiers", len(pl.dossiers))
		s := &sim{db: db, clock: clock, cal: cal, team: t, plan: pl, unit: u.ID, log: o.log,
			runner: jobs.New(db, o.log, jobs.DefaultHandlers(db))}
		err := s.run(ctx)
		clock.Release()
		sum.Dossiers, sum.Transactions = s.created, s.txs
		if err != nil {
			return sum, err
		}
	}
	facts, err := db.ReportFacts(ctx, sum.Period, store.ReportScope{UnitIDs: []string{u.ID}}, pl.endAt)
	if err != nil {
		return sum, fmt.Errorf("demo generate: report: %w", err)
	}
	if sum.Letters, err = countLetters(ctx, db, u.ID, p.From.At(0), pl.endAt); err != nil {
		return sum, err
	}
	sum.Figures = report.Compute(facts).Rounded()
	sum.Elapsed = time.Since(start)
	if err := pl.verify(facts, sum.Letters); err != nil {
		return sum, err
	}
	o.log.InfoContext(ctx, "demo history verified", "received", sum.Figures.Received, "resolved", sum.Figures.Resolved,
		"letters", sum.Letters, "transactions", sum.Transactions, "elapsed", sum.Elapsed.Round(time.Millisecond))
	return sum, nil
}

// countLetters counts the unit's letters produced in [from, to].
func countLetters(ctx context.Context, db *store.DB, unitID string, from, to time.Time) (int, error) {
	n := 0
	for {
		ls, err := db.Letters(ctx, store.LetterFilter{UnitID: unitID, ProducedFrom: from, ProducedTo: to.Add(time.Millisecond),
			Limit: 1000, Offset: n})
		if err != nil {
			return n, fmt.Errorf("demo generate: letters: %w", err)
		}
		n += len(ls)
		if len(ls) < 1000 {
			return n, nil
		}
	}
}

// ---------------------------------------------------------------- the team

// crew is the demo unit's officers Generate acts as.
type crew struct {
	reception []*staff.Officer // tiepnhan1, tiepnhan2
	leaders   []*staff.Officer // chutich, phochutich
	byID      map[string]*staff.Officer
}

func loadTeam(ctx context.Context, db *store.DB, unitID string) (*crew, error) {
	t := &crew{byID: map[string]*staff.Officer{}}
	for _, p := range team {
		o, err := db.OfficerByUsername(ctx, p.username)
		if err != nil {
			return nil, fmt.Errorf("demo generate: officer %s (run Seed first): %w", p.username, err)
		}
		if o.UnitID != unitID {
			return nil, fmt.Errorf("demo generate: officer %s belongs to another unit", p.username)
		}
		t.byID[o.ID] = o
		switch {
		case o.Has(staff.Reception):
			t.reception = append(t.reception, o)
		case o.Has(staff.Leader):
			t.leaders = append(t.leaders, o)
		}
	}
	if len(t.reception) == 0 || len(t.leaders) == 0 {
		return nil, fmt.Errorf("demo generate: the unit needs reception officers and leaders")
	}
	return t, nil
}

// ---------------------------------------------------------------- procedures

// procInfo is a procedure of the mix, with what the planner needs to know.
type procInfo struct {
	code    string
	proc    *catalogue.Procedure
	weight  int
	sameDay bool // a same-day limit (due at the close, the next day after the cut-off)
	cutoff  int  // minutes after midnight, for same-day limits
	days    int  // working days of the limit (hours rounded up to days); 0 for same-day
	fee     bool // a fee is due without an exemption
	online  bool // may be submitted online
	letter  bool // a letter rule (birth, marriage, death)
	// electronic says the result can be issued electronically.
	electronic bool
}

func loadProcedures(ctx context.Context, db *store.DB, mix map[string]int) ([]*procInfo, error) {
	codes := make([]string, 0, len(mix))
	for c, w := range mix {
		if w < 0 {
			return nil, fmt.Errorf("demo generate: weight of %s is negative", c)
		}
		if w > 0 {
			codes = append(codes, c)
		}
	}
	slices.Sort(codes) // a stable order: the plan must not depend on map order
	var out []*procInfo
	for _, c := range codes {
		pv, err := db.ProcedureByCode(ctx, c)
		if err != nil {
			return nil, fmt.Errorf("demo generate: procedure %s: %w", c, err)
		}
		pr := pv.Procedure
		limit := pr.TimeLimit
		if pr.ServiceNorm != nil {
			limit = *pr.ServiceNorm
		}
		fee, err := pr.Fee.Charge(1, 1)
		if err != nil {
			return nil, fmt.Errorf("demo generate: fee of %s: %w", c, err)
		}
		pi := &procInfo{code: c, proc: &pr, weight: mix[c], fee: fee > 0, online: pr.Online != catalogue.OnlineCounter,
			letter: pr.Letter != "" && pr.Letter != catalogue.LetterNone}
		switch limit.Kind {
		case calendar.SameDay:
			pi.sameDay, pi.cutoff = true, limit.Cutoff
		case calendar.WorkingDays:
			pi.days = limit.N
		case calendar.WorkingHours:
			pi.days = (limit.N + 7) / 8
		}
		for _, r := range pr.Results {
			pi.electronic = pi.electronic || r.Electronic
		}
		out = append(out, pi)
	}
	return out, nil
}

// ---------------------------------------------------------------- the plan

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
	if d.channel == dossier.Online {
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

// quota are the exact counts the plan must produce.
type quota struct {
	finished, withdrawn, received               int
	before, onTime, overdue                     int
	online, post, digitised                     int
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
		ResolvedPerRules:      resolved - int64(q.perRulesGap),
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
		if v, ok := report.OverduePct(share(report.Counts{ResolvedOverdue: int64(k)})); rounds(v, ok, p.OverduePct, report.PctDecimals) {
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
	q.perRulesGap = q.overdue // a late dossier is not per the rules, apology or not (docs/indicators.md)
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

// ---------------------------------------------------------------- the simulation

// phase is a step of a dossier's simulated life, in the order they happen.
type phase int

const (
	phStart          phase = iota
	phSubmit               // online submission (db.Intake, no officer)
	phPaySubmit            // paid online with the submission
	phReceive              // reception: db.Act receive (online), db.Intake (counter, post)
	phDigitise             // a component digitised at reception
	phPayCounter           // paid at the counter: online (QR), cash or transfer
	phRequestSupp          // the specialist asks for a supplement
	phSupply               // the applicant completes the dossier
	phDraftApology         // the specialist drafts an apology with a new appointment
	phApproveApology       // a leader approves it, before the appointment passes
	phPropose              // the specialist proposes the result
	phApprove              // a leader approves and signs: resolved
	phReturn               // reception returns the result
	phRate                 // the applicant rates the service
	phWithdraw             // the applicant withdraws the dossier
	phRefuse               // reception refuses an online submission
	phDone
)

var phaseNames = [...]string{"start", "submit", "pay", "receive", "digitise", "pay", "request supplement", "supplement",
	"draft apology", "approve apology", "propose", "approve", "return", "rate", "withdraw", "refuse", "done"}

// life is one dossier being simulated.
type life struct {
	p         *planned
	d         *dossier.Dossier
	phase     phase
	last      time.Time // the instant of the last action
	resolveAt time.Time
	returnAt  time.Time
}

// applies reports whether phase ph is part of l's planned life.
func (l *life) applies(ph phase) bool {
	p := l.p
	switch ph {
	case phSubmit:
		return p.channel == dossier.Online
	case phPaySubmit:
		return p.channel == dossier.Online && p.fee
	case phReceive:
		return p.fate != fateRefused
	case phDigitise:
		return p.digitised
	case phPayCounter:
		return p.channel != dossier.Online && p.fee
	case phRequestSupp, phSupply:
		return p.supplement
	case phDraftApology, phApproveApology:
		return p.apology
	case phPropose, phApprove, phReturn:
		return p.fate.resolved()
	case phRate:
		return p.rating != ""
	case phWithdraw:
		return p.fate == fateWithdrawn
	case phRefuse:
		return p.fate == fateRefused
	}
	return false
}

// agenda orders the next action of every dossier by instant, then by the
// order it was scheduled: a deterministic time line.
type agenda []*entry

type entry struct {
	at  time.Time
	seq uint64
	l   *life
}

func (a agenda) Len() int { return len(a) }
func (a agenda) Less(i, j int) bool {
	if c := a[i].at.Compare(a[j].at); c != 0 {
		return c < 0
	}
	return a[i].seq < a[j].seq
}
func (a agenda) Swap(i, j int) { a[i], a[j] = a[j], a[i] }
func (a *agenda) Push(x any)   { *a = append(*a, x.(*entry)) }
func (a *agenda) Pop() any {
	old := *a
	e := old[len(old)-1]
	*a = old[:len(old)-1]
	return e
}

// sim plays the plan through the store.
type sim struct {
	db      *store.DB
	clock   *SimClock
	cal     *calendar.Calendar
	team    *crew
	plan    *plan
	unit    string
	log     *slog.Logger
	runner  *jobs.Runner
	rng     *rand.Rand
	agenda  agenda
	seq     uint64
	created int
	txs     int
	paid    int
	checked bool
}

func (s *sim) run(ctx context.Context) error {
	s.rng = rand.New(rand.NewPCG(s.plan.p.Seed^0x5bd1e995, s.plan.p.Seed))
	for _, p := range s.plan.dossiers {
		l := &life{p: p, phase: phStart}
		if err := s.next(l); err != nil {
			return err
		}
	}
	month := time.Month(0)
	for s.agenda.Len() > 0 {
		if err := ctx.Err(); err != nil {
			return err
		}
		e := heap.Pop(&s.agenda).(*entry)
		if m := e.at.In(store.Zone).Month(); m != month {
			month = m
			s.log.InfoContext(ctx, "demo history", "month", e.at.In(store.Zone).Format("2006-01"), "transactions", s.txs)
		}
		s.clock.Set(e.at)
		if err := s.act(ctx, e.l, e.at); err != nil {
			code := "(new)"
			if e.l.d != nil {
				code = e.l.d.Code
			}
			return fmt.Errorf("demo generate: dossier %d %s (%s, %s) at %s, %s: %w", e.l.p.n, code, e.l.p.proc.code, e.l.p.fate,
				e.at.In(store.Zone).Format("2006-01-02 15:04"), phaseNames[e.l.phase], err)
		}
		e.l.last = e.at
		if err := s.next(e.l); err != nil {
			return fmt.Errorf("demo generate: dossier %d %s (%s, %s): %w", e.l.p.n, e.l.d.Code, e.l.p.proc.code, e.l.p.fate, err)
		}
	}
	// Letters enqueued at the last instant, or retried, run now.
	s.clock.Set(s.plan.endAt)
	return s.runLetterJobs(ctx)
}

// runLetterJobs runs the queued jobs due at the simulated instant, with the
// job runner's handlers: the letter handler produces each resolved birth,
// marriage or death registration's letter, dated now.
func (s *sim) runLetterJobs(ctx context.Context) error {
	if _, err := s.runner.RunDue(ctx); err != nil {
		return fmt.Errorf("run letter jobs: %w", err)
	}
	return nil
}

// next moves l to its next applicable phase and puts it on the agenda at
// the instant that phase happens.
func (s *sim) next(l *life) error {
	for ph := l.phase + 1; ph < phDone; ph++ {
		if !l.applies(ph) {
			continue
		}
		at, skip, err := s.when(l, ph)
		if err != nil {
			return fmt.Errorf("%s: %w", phaseNames[ph], err)
		}
		if skip {
			continue
		}
		if !l.last.IsZero() && at.Before(l.last) {
			return fmt.Errorf("%s at %s, before the previous action at %s", phaseNames[ph], at, l.last)
		}
		l.phase = ph
		s.seq++
		heap.Push(&s.agenda, &entry{at: at, seq: s.seq, l: l})
		return nil
	}
	l.phase = phDone
	return nil
}

// minutes is a random duration of lo to hi minutes.
func (s *sim) minutes(lo, hi int) time.Duration {
	return time.Duration(lo*60+s.rng.IntN((hi-lo)*60+1)) * time.Second
}

// after is the instant d of working time after t.
func (s *sim) after(t time.Time, d time.Duration) (time.Time, error) {
	return s.cal.AddWorkingTime(t, max(d, time.Second))
}

// within is an instant a random share [lo, hi] of the working time between
// the last action and until, later than the last action.
func (s *sim) within(l *life, until time.Time, lo, hi float64) (time.Time, error) {
	left, err := s.cal.WorkingTime(l.last, until)
	if err != nil {
		return time.Time{}, err
	}
	if left < 2*time.Minute {
		return time.Time{}, fmt.Errorf("only %s of working time left before %s", left, until.In(store.Zone).Format("2006-01-02 15:04"))
	}
	share := lo + s.rng.Float64()*(hi-lo)
	return s.after(l.last, time.Duration(float64(left)*share).Truncate(time.Second))
}

// when returns the instant of phase ph of l, or skip when it does not happen.
func (s *sim) when(l *life, ph phase) (at time.Time, skip bool, err error) {
	p := l.p
	switch ph {
	case phSubmit:
		return p.submitAt, false, nil
	case phPaySubmit:
		gap := p.receiveAt.Sub(p.submitAt)
		return p.submitAt.Add(min(s.minutes(1, 6), gap/2)), false, nil
	case phReceive, phRefuse:
		return p.receiveAt, false, nil
	case phDigitise:
		at, err = s.after(l.last, s.minutes(1, 3))
	case phPayCounter:
		at, err = s.after(l.last, s.minutes(1, 4))
	case phRequestSupp:
		at, err = s.within(l, l.d.Appointment(), 0.05, 0.35)
	case phSupply:
		at, err = s.after(l.last, s.minutes(120, 16*60))
	case phDraftApology:
		at, err = s.within(l, l.d.Appointment(), 0.4, 0.7)
	case phApproveApology:
		at, err = s.within(l, l.d.Appointment(), 0.2, 0.6)
	case phWithdraw:
		at, err = s.within(l, l.d.Appointment(), 0.2, 0.6)
	case phPropose:
		if l.resolveAt, err = s.resolution(l); err != nil {
			return at, false, err
		}
		at, err = s.within(l, l.resolveAt, 0.3, 0.8)
	case phApprove:
		return l.resolveAt, false, nil
	case phReturn:
		// Online results are returned electronically at once; the others
		// when the applicant comes, within a working day or so.
		wait := s.minutes(2, 30)
		if p.channel != dossier.Online {
			wait = s.minutes(10, 12*60)
		}
		if at, err = s.after(l.resolveAt, wait); err != nil {
			return at, false, err
		}
		if at.After(s.plan.endAt) {
			if p.rating == "" {
				return at, true, nil // still waiting for collection at the end of the period
			}
			at = l.resolveAt
		}
		l.returnAt = at
		return at, false, nil
	case phRate:
		at = l.returnAt.Add(s.minutes(1, 48*60))
		if at.After(s.plan.endAt) {
			at = s.plan.endAt
		}
		return at, false, nil
	}
	if err == nil && at.After(s.plan.endAt) {
		err = fmt.Errorf("%s at %s, after the period", phaseNames[ph], at.In(store.Zone).Format("2006-01-02 15:04"))
	}
	return at, false, err
}

// resolution picks the instant l is resolved at, realising its fate against
// its appointment as it stands now (moved by any supplement): before the
// appointment's date, on it, or after it (by the apology's new appointment).
func (s *sim) resolution(l *life) (time.Time, error) {
	appt := l.d.AppointmentAt
	day := calendar.DateOf(appt)
	last := s.plan.work[len(s.plan.work)-1]
	switch l.p.fate {
	case fateBefore:
		// By the close of the working day before the appointment's date.
		prev, err := s.workingDay(day, -1)
		if err != nil {
			return time.Time{}, err
		}
		if prev.Compare(last) > 0 {
			prev = last
		}
		return s.within(l, prev.At(closeMin), 0.1, 1)
	case fateOnTime:
		if day.Compare(last) > 0 {
			return time.Time{}, fmt.Errorf("appointment %s after the period", day)
		}
		return s.onDay(l, day, appt)
	default: // overdue
		next, err := s.workingDay(day, 1)
		if err != nil {
			return time.Time{}, err
		}
		if next.Compare(last) > 0 {
			return time.Time{}, fmt.Errorf("appointment %s leaves no working day in the period to be late", day)
		}
		until := next.At(closeMin)
		if !l.d.NewAppointmentAt.IsZero() && l.d.NewAppointmentAt.Before(until) {
			until = l.d.NewAppointmentAt // kept: resolved per the rules
		}
		return s.onDay(l, next, until)
	}
}

// onDay is a random instant on day, after the last action, at or before until.
func (s *sim) onDay(l *life, day calendar.Date, until time.Time) (time.Time, error) {
	from := day.At(openMin)
	if l.last.After(from) {
		from = l.last
	}
	lo, err := s.cal.WorkingTime(l.last, from)
	if err != nil {
		return time.Time{}, err
	}
	hi, err := s.cal.WorkingTime(l.last, until)
	if err != nil {
		return time.Time{}, err
	}
	lo += 2 * time.Minute
	if hi < lo {
		return time.Time{}, fmt.Errorf("no working time on %s before %s", day, until.In(store.Zone).Format("15:04"))
	}
	u := lo + time.Duration(s.rng.Int64N(int64(hi-lo)/int64(time.Second)+1))*time.Second
	return s.after(l.last, u)
}

// workingDay is the working day step (+1 or −1) days from day.
func (s *sim) workingDay(day calendar.Date, step int) (calendar.Date, error) {
	for range 60 {
		day = day.AddDays(step)
		ok, err := s.cal.IsWorkingDay(day)
		if err != nil {
			return day, err
		}
		if ok {
			return day, nil
		}
	}
	return day, fmt.Errorf("no working day within 60 days of %s", day)
}

// act performs l's current phase at instant at, through the store.
func (s *sim) act(ctx context.Context, l *life, at time.Time) error {
	p := l.p
	reception := p.reception
	var applicantSide *staff.Officer // who acts for the applicant: nobody online, reception otherwise
	if p.channel != dossier.Online {
		applicantSide = reception
	}
	a := dossier.Action{}
	var actor *staff.Officer
	switch l.phase {
	case phSubmit:
		return s.intake(ctx, l, at, nil)
	case phReceive:
		if p.channel != dossier.Online {
			return s.intake(ctx, l, at, reception)
		}
		a, actor = dossier.Action{Kind: dossier.ActReceive}, reception
	case phRefuse:
		a, actor = dossier.Action{Kind: dossier.ActRefuse, Reason: "Hồ sơ không thuộc thẩm quyền giải quyết của UBND xã, đề nghị nộp tại cơ quan có thẩm quyền"}, reception
	case phPaySubmit, phPayCounter:
		s.paid++
		a = dossier.Action{Kind: dossier.ActRecordPayment, Method: dossier.OnlinePay,
			Receipt: fmt.Sprintf("VNPAY%s%05d", at.In(store.Zone).Format("060102"), s.paid)}
		switch {
		case p.channel == dossier.Online:
		case !p.payOnline && p.channel == dossier.Post:
			a.Method, a.Receipt = dossier.Transfer, fmt.Sprintf("CK%s%05d", at.In(store.Zone).Format("060102"), s.paid)
		case !p.payOnline:
			a.Method, a.Receipt = dossier.Cash, fmt.Sprintf("BL%06d", s.paid)
		}
		actor = applicantSide
	case phDigitise:
		a, actor = dossier.Action{Kind: dossier.ActDigitise, Component: digitiseIndex(l.d, p.proc.proc), Digitisation: dossier.Digitised}, reception
		if p.reuse {
			a.Digitisation = dossier.ReusedStore
		}
	case phRequestSupp:
		a, actor = dossier.Action{Kind: dossier.ActRequestSupplement, Reason: "Hồ sơ chưa đầy đủ, cần bổ sung giấy tờ theo quy định",
			Items: []string{supplementItem(l.d)}}, s.lead(l)
	case phSupply:
		a, actor = dossier.Action{Kind: dossier.ActSupplement, Note: "Người nộp đã bổ sung giấy tờ"}, applicantSide
	case phDraftApology:
		a, actor = dossier.Action{Kind: dossier.ActDraftApology, ExtendDays: 1 + s.rng.IntN(3),
			Reason: apologies[s.rng.IntN(len(apologies))]}, s.lead(l)
	case phApproveApology:
		a, actor = dossier.Action{Kind: dossier.ActApproveApology}, p.leader
	case phPropose:
		a, actor = dossier.Action{Kind: dossier.ActPropose}, s.lead(l)
	case phApprove:
		a, actor = dossier.Action{Kind: dossier.ActApprove, ElectronicResult: p.electronic}, p.leader
	case phReturn:
		a, actor = dossier.Action{Kind: dossier.ActReturn}, reception
	case phRate:
		a = dossier.Action{Kind: dossier.ActRate, Rating: p.rating, Complaint: p.complaint}
	case phWithdraw:
		a, actor = dossier.Action{Kind: dossier.ActWithdraw, Reason: "Công dân đề nghị rút hồ sơ để hoàn thiện lại giấy tờ"}, applicantSide
	default:
		return fmt.Errorf("no action for phase %d", l.phase)
	}
	if actor == nil && a.Kind != dossier.ActRate && a.Kind != dossier.ActSupplement && a.Kind != dossier.ActRecordPayment &&
		a.Kind != dossier.ActWithdraw {
		return fmt.Errorf("%s: no officer to act", a.Kind)
	}
	d, err := s.db.Act(ctx, l.d.Code, a, actor)
	s.txs++
	if err != nil {
		return err
	}
	l.d = d
	if a.Kind == dossier.ActApprove {
		want := map[fate]calendar.Outcome{fateBefore: calendar.FinishedBefore, fateOnTime: calendar.FinishedOnTime,
			fateOverdue: calendar.FinishedOverdue}[p.fate]
		if got := calendar.ClassifyFinished(d.AppointmentAt, d.EndedAt); got != want {
			return fmt.Errorf("resolved %s (appointment %s), planned %s", got, d.AppointmentAt.In(store.Zone).Format("2006-01-02 15:04"), want)
		}
		if p.letter {
			// The store enqueued the letter job in the approval's
			// transaction; the runner's letter handler produces it now.
			return s.runLetterJobs(ctx)
		}
	}
	return nil
}

// intake creates l's dossier: online with no officer, at the counter or by
// post with the reception officer (who receives it at once).
func (s *sim) intake(ctx context.Context, l *life, at time.Time, actor *staff.Officer) error {
	in := l.p.intake
	in.Channel = l.p.channel
	d, err := s.db.Intake(ctx, store.IntakeRequest{UnitID: s.unit, ProcedureCode: l.p.proc.code, Intake: in, Actor: actor})
	s.txs++
	if err != nil {
		return err
	}
	s.created++
	if !s.checked {
		// The store must run on this clock, or nothing lands where planned.
		stamp := d.SubmittedAt
		if stamp.IsZero() {
			stamp = d.ReceivedAt
		}
		if !stamp.Equal(at.Truncate(time.Millisecond)) {
			return fmt.Errorf("the store's clock is not the SimClock (dossier stamped %s, simulated %s): open it with store.Options{Now: clock.Now}",
				stamp.Format(time.RFC3339), at.Format(time.RFC3339))
		}
		s.checked = true
	}
	l.d = d
	return nil
}

// lead is the specialist in charge of l's dossier.
func (s *sim) lead(l *life) *staff.Officer {
	return s.team.byID[l.d.LeadID]
}

// digitiseIndex is the component to digitise: the first the procedure says
// must be digitised at reception, else the first.
func digitiseIndex(d *dossier.Dossier, proc *catalogue.Procedure) int {
	must := map[string]bool{}
	for _, c := range proc.Components {
		must[c.Name] = c.MustDigitise
	}
	for i, c := range d.Components {
		if must[c.Name] {
			return i
		}
	}
	return 0
}

// supplementItem names what an applicant must complete: an optional
// component the dossier lacks, else a certified copy of the first.
func supplementItem(d *dossier.Dossier) string {
	if len(d.Components) == 0 {
		return "Giấy tờ chứng minh nơi cư trú"
	}
	return "Bản sao có chứng thực: " + d.Components[len(d.Components)-1].Name
}

var (
	apologies = []string{
		"Cần xác minh thêm thông tin với cơ quan có liên quan",
		"Hệ thống dịch vụ công gặp lỗi kết nối, hồ sơ chậm đồng bộ",
		"Chờ ý kiến phối hợp của cơ quan chuyên môn cấp trên",
	}
	complaints = []string{
		"Thời gian chờ trả kết quả còn lâu",
		"Cán bộ hướng dẫn chưa rõ ràng",
		"Phải đi lại nhiều lần để bổ sung giấy tờ",
	}
)

// ---------------------------------------------------------------- people

// namer makes up applicants and the people their declarations name, with
// common Vietnamese names, valid 12-digit personal identification numbers
// (Lâm Đồng's province code 068) and mobile numbers.
type namer struct {
	rng *rand.Rand
}

var (
	families = []struct {
		name   string
		weight int
	}{{"Nguyễn", 38}, {"Trần", 11}, {"Lê", 9}, {"Phạm", 7}, {"Hoàng", 5}, {"Huỳnh", 4}, {"Phan", 4}, {"Vũ", 4},
		{"Võ", 3}, {"Đặng", 2}, {"Bùi", 2}, {"Đỗ", 2}, {"Hồ", 2}, {"Ngô", 2}, {"Dương", 2}, {"Lý", 1}, {"K'", 2}}
	middleMale   = []string{"Văn", "Văn", "Đức", "Minh", "Quang", "Hữu", "Công", "Thanh", "Ngọc", "Xuân"}
	middleFemale = []string{"Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Mỹ", "Kim", "Hồng", "Bích"}
	givenMale    = []string{"An", "Bình", "Cường", "Dũng", "Hải", "Hùng", "Khang", "Khoa", "Long", "Minh", "Nam", "Phong",
		"Phúc", "Quân", "Sơn", "Tài", "Thắng", "Toàn", "Trung", "Tuấn", "Việt", "Vinh", "Đạt", "Hiếu", "Lộc"}
	givenFemale = []string{"Anh", "Chi", "Dung", "Giang", "Hà", "Hạnh", "Hoa", "Hương", "Lan", "Linh", "Mai", "Ngân",
		"Nhung", "Phương", "Quỳnh", "Thảo", "Trang", "Trinh", "Uyên", "Vy", "Yến", "Loan", "Huyền", "Oanh"}
	childMale   = []string{"Gia Huy", "Minh Khang", "Đăng Khoa", "Hoàng Phúc", "Anh Quân", "Bảo An", "Minh Khôi", "Gia Bảo", "Đức Anh", "Nhật Minh"}
	childFemale = []string{"Bảo Ngọc", "Khánh Linh", "Minh Anh", "Ngọc Hân", "Gia Hân", "Thảo Vy", "An Nhiên", "Tuệ Lâm", "Bảo Châu", "Mai Anh"}
	mobile      = []string{"032", "033", "034", "035", "036", "037", "038", "039", "070", "076", "077", "078", "079",
		"081", "082", "083", "084", "085", "086", "088", "089", "090", "091", "093", "094", "096", "097", "098"}
	hamlets   = []string{"Thôn 1", "Thôn 2", "Thôn 3", "Thôn 4", "Thôn 5", "Thôn 6", "Thôn 7", "Thôn 8", "Tổ dân phố 1A", "Tổ dân phố 2B", "Tổ dân phố 3", "Tổ dân phố 4"}
	relations = []string{"Con", "Con", "Vợ", "Chồng", "Cháu", "Anh", "Chị"}
)

func (g *namer) family() string {
	total := 0
	for _, f := range families {
		total += f.weight
	}
	r := g.rng.IntN(total)
	for _, f := range families {
		if r < f.weight {
			return f.name
		}
		r -= f.weight
	}
	return families[0].name
}

func (g *namer) pick(list []string) string { return list[g.rng.IntN(len(list))] }

// name makes up a full name of the given sex with family name fam ("" for any).
func (g *namer) name(male bool, fam string) string {
	if fam == "" {
		fam = g.family()
	}
	if fam == "K'" {
		// A K'Ho name of Lâm Đồng: K'Brơi, Ka Ngọc...
		if male {
			return "K'" + g.pick([]string{"Brơi", "Điểu", "Tuấn", "Hoàng", "Sơn"})
		}
		return "Ka " + g.pick([]string{"Ngọc", "Hương", "Thi", "Lan", "Nhiên"})
	}
	if male {
		return fam + " " + g.pick(middleMale) + " " + g.pick(givenMale)
	}
	return fam + " " + g.pick(middleFemale) + " " + g.pick(givenFemale)
}

// person is an applicant of the given sex born in year.
func (g *namer) person(male bool, name string, year int) dossier.Applicant {
	century := 0 // 1900s: 0 male, 1 female; 2000s: 2 male, 3 female
	if year >= 2000 {
		century = 2
	}
	if !male {
		century++
	}
	id := fmt.Sprintf("068%d%02d%06d", century, year%100, g.rng.IntN(1_000_000))
	birth := time.Date(year, time.Month(1+g.rng.IntN(12)), 1+g.rng.IntN(28), 0, 0, 0, 0, time.UTC)
	a := dossier.Applicant{Kind: dossier.Person, FullName: name, IDNumber: id, BirthDate: birth.Format("2006-01-02"),
		Phone:   g.pick(mobile) + fmt.Sprintf("%07d", g.rng.IntN(10_000_000)),
		Address: g.pick(hamlets) + ", xã Đạ Tẻh, tỉnh Lâm Đồng"}
	return a
}

// intake makes up d's applicant, declaration and components.
func (g *namer) intake(d *planned) dossier.Intake {
	year := d.receiveAt.Year()
	first := d.receiveAt
	if !d.submitAt.IsZero() {
		first = d.submitAt
	}
	daysBefore := func(lo, hi int) string {
		return first.In(store.Zone).AddDate(0, 0, -(lo + g.rng.IntN(hi-lo+1))).Format("2006-01-02")
	}
	var in dossier.Intake
	pr := d.proc.proc
	switch pr.Letter {
	case catalogue.LetterCongratulationBirth:
		fam := g.family()
		father, mother := g.name(true, fam), g.name(false, "")
		boy := g.rng.IntN(2) == 0
		child, sex := fam+" "+g.pick(childFemale), "Nữ"
		if boy {
			child, sex = fam+" "+g.pick(childMale), "Nam"
		}
		if strings.HasPrefix(fam, "K'") {
			child = g.name(boy, fam)
		}
		in.Declaration = map[string]string{"child_name": child, "child_birth_date": daysBefore(1, 55), "child_sex": sex,
			"mother_name": mother}
		if g.rng.Float64() < 0.93 {
			in.Declaration["father_name"] = father
			if g.rng.Float64() < 0.6 {
				in.Applicant = g.person(true, father, year-22-g.rng.IntN(15))
				break
			}
		}
		in.Applicant = g.person(false, mother, year-20-g.rng.IntN(15))
	case catalogue.LetterCongratulationMarriage:
		husband, wife := g.name(true, ""), g.name(false, "")
		in.Declaration = map[string]string{"husband_name": husband, "wife_name": wife}
		if g.rng.IntN(2) == 0 {
			in.Applicant = g.person(true, husband, year-22-g.rng.IntN(12))
		} else {
			in.Applicant = g.person(false, wife, year-20-g.rng.IntN(12))
		}
	case catalogue.LetterCondolence:
		deceasedMale := g.rng.IntN(2) == 0
		rel := g.pick(relations)
		male := g.rng.IntN(2) == 0
		switch rel {
		case "Vợ":
			deceasedMale, male = true, false
		case "Chồng":
			deceasedMale, male = false, true
		case "Anh":
			male = true
		case "Chị":
			male = false
		}
		in.Declaration = map[string]string{"deceased_name": g.name(deceasedMale, ""), "death_date": daysBefore(1, 12), "relation": rel}
		in.Applicant = g.person(male, g.name(male, ""), year-25-g.rng.IntN(40))
	default:
		male := g.rng.IntN(2) == 0
		in.Applicant = g.person(male, g.name(male, ""), year-18-g.rng.IntN(55))
	}
	for _, c := range pr.Components {
		if c.Required || g.rng.Float64() < 0.3 {
			in.Components = append(in.Components, dossier.Component{Name: c.Name})
		}
	}
	switch pr.Fee.Kind {
	case catalogue.FeePerPage:
		in.Pages, in.Copies = 1+g.rng.IntN(8), 1+g.rng.IntN(4)
	case catalogue.FeeFixed:
		if pr.Code == "2.000635" {
			in.Copies = 1 + g.rng.IntN(3)
		}
	}
	return in
}

package demo

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/catalogue"
	"github.com/motcua/motcua/internal/filestore"
	"github.com/motcua/motcua/internal/jobs"
	"github.com/motcua/motcua/internal/report"
	"github.com/motcua/motcua/internal/staff"
	"github.com/motcua/motcua/internal/store"
)

// Option tunes Generate.
type Option func(*options)

type options struct {
	log      *slog.Logger
	unitCode string
	progress func(done float64)
	shared   bool
	unitTeam bool            // WithUnitTeam
	files    filestore.Store // WithFiles
}

// WithLogger sends progress (one line per simulated month) and the
// summary to log; by default nothing is logged.
func WithLogger(log *slog.Logger) Option { return func(o *options) { o.log = log } }

// WithUnitCode generates the history of the unit with this identifier
// instead of the demo commune (UnitCode). The unit needs the demo's team
// (Seed), or at least officers with the same usernames.
func WithUnitCode(code string) Option { return func(o *options) { o.unitCode = code } }

// WithUnitTeam makes Generate act as the unit's own active officers,
// whatever their usernames, instead of the demo's team: its reception
// officers receive and return, its leaders approve, its specialists (the
// store routes each dossier to the one owning its field) handle. The
// province demo's communes have such teams (SeedProvinceTeam).
func WithUnitTeam() Option { return func(o *options) { o.unitTeam = true } }

// WithProgress calls f, from Generate's goroutine, with the share of the
// period simulated so far: from 0 to 1, at most once per simulated day and
// once more with 1 when the history is complete (before it is verified).
func WithProgress(f func(done float64)) Option { return func(o *options) { o.progress = f } }

// WithOfficersAtWork says that people use the unit while Generate runs (the
// demo serves its site while the year fills). An officer may then act on a
// generated dossier before the simulation does: when an action fails and
// the dossier's version shows that someone else changed it, Generate leaves
// the dossier as they made it (Summary.LeftToOfficers) instead of failing.
// The figures of such a history may then differ from the profile's, and
// Generate's error wraps ErrFiguresOff.
func WithOfficersAtWork() Option { return func(o *options) { o.shared = true } }

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
	// LeftToOfficers is the number of generated dossiers Generate stopped
	// simulating because someone else acted on them (WithOfficersAtWork).
	LeftToOfficers int `json:"left_to_officers"`
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
	load := loadTeam
	if o.unitTeam {
		load = loadUnitTeam
	}
	t, err := load(ctx, db, u.ID)
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
			runner: jobs.New(db, o.log, jobs.DefaultHandlers(db)), progress: o.progress, shared: o.shared, files: o.files}
		if s.files == nil {
			s.files = db.Blobs()
		}
		err := s.run(ctx)
		clock.Release()
		sum.Dossiers, sum.Transactions, sum.LeftToOfficers = s.created, s.txs, s.left
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

// HasHistory reports whether the unit with this code (UnitCode when "")
// has dossiers received or refused in p's period: whether Generate would
// only verify. It does not say whether that history is complete.
func HasHistory(ctx context.Context, db *store.DB, p Profile, unitCode string) (bool, error) {
	if unitCode == "" {
		unitCode = UnitCode
	}
	u, err := db.UnitByCode(ctx, unitCode)
	if err != nil {
		return false, fmt.Errorf("demo: unit %s: %w", unitCode, err)
	}
	c, err := db.ReportCounts(ctx, p.From, p.To, store.ReportScope{UnitIDs: []string{u.ID}})
	if err != nil {
		return false, fmt.Errorf("demo: %w", err)
	}
	return c.Received > 0 || c.Refused > 0, nil
}

// countLetters counts the unit's letters produced in [from, to].
func countLetters(ctx context.Context, db *store.DB, unitID string, from, to time.Time) (int, error) {
	n, _, err := db.CountLetters(ctx, store.LetterFilter{UnitID: unitID, ProducedFrom: from, ProducedTo: to.Add(time.Millisecond)}, math.MaxInt32)
	if err != nil {
		return 0, fmt.Errorf("demo generate: letters: %w", err)
	}
	return n, nil
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

// loadUnitTeam is the unit's own active officers (WithUnitTeam), in the
// order of their usernames.
func loadUnitTeam(ctx context.Context, db *store.DB, unitID string) (*crew, error) {
	active := true
	all, err := db.Officers(ctx, store.OfficerFilter{UnitID: unitID, Active: &active})
	if err != nil {
		return nil, fmt.Errorf("demo generate: officers: %w", err)
	}
	slices.SortFunc(all, func(a, b *staff.Officer) int { return strings.Compare(a.Username, b.Username) })
	t := &crew{byID: map[string]*staff.Officer{}}
	for _, o := range all {
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

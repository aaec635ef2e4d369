package demo_test

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/demo"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/report"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/store/storetest"
	"github.com/motcua/motcua/internal/testenv"
)

// newTown seeds the demo commune on a fresh SQLite database whose store
// runs on the returned simulated clock.
func newTown(t *testing.T) (*store.DB, *demo.SimClock, *demo.Town) {
	t.Helper()
	clock := &demo.SimClock{}
	db := storetest.OpenSQLite(t, store.Options{Now: clock.Now})
	town, err := demo.Seed(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	return db, clock, town
}

// smallProfile is four weeks of a small town, with targets a history of
// this size can hit exactly (94.5 % of 300 cannot be: 283/300 rounds to
// 94.3 and 284/300 to 94.7).
func smallProfile() demo.Profile {
	p := demo.BriefProfile()
	p.From, p.To = calendar.Date{Year: 2024, Month: 3, Day: 4}, calendar.Date{Year: 2024, Month: 3, Day: 31}
	p.Finished, p.Withdrawn, p.Pending, p.Refused = 300, 2, 6, 3
	p.BeforePct, p.OnTimePct, p.OverduePct = 94.3, 5.3, 0.3
	p.DigitisedPct, p.OnlinePct, p.OnlinePaymentPct, p.SatisfactionPct = 82.0, 87.9, 98.34, 99.3
	p.MinLetters = 20
	p.Seed = 7
	return p
}

// reportOn reads the report on p's period, at its last instant.
func reportOn(t *testing.T, db *store.DB, town *demo.Town, p demo.Profile) (report.Facts, report.Indicators) {
	t.Helper()
	period := report.Period{From: p.From, To: p.To}
	facts, err := db.ReportFacts(context.Background(), period, store.ReportScope{UnitIDs: []string{town.Unit.ID}},
		p.To.At(24*60).Add(-time.Second))
	if err != nil {
		t.Fatal(err)
	}
	return facts, report.Compute(facts).Rounded()
}

// TestGenerateSmall: a small profile generated through the real services
// reproduces its figures exactly, read back independently through the
// roll-ups; a second run is skipped; the clock is released.
func TestGenerateSmall(t *testing.T) {
	db, clock, town := newTown(t)
	ctx := context.Background()
	p := smallProfile()
	start := time.Now()
	sum, err := demo.Generate(ctx, db, p, clock)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d dossiers, %d transactions in %s", sum.Dossiers, sum.Transactions, time.Since(start).Round(time.Millisecond))
	if clock.Simulating() {
		t.Error("the clock still simulates after Generate")
	}
	facts, in := reportOn(t, db, town, p)
	if err := facts.Counts.Check(); err != nil {
		t.Errorf("counts break an invariant: %v", err)
	}
	got := map[string]float64{
		"received": float64(in.Received), "finished": float64(in.Resolved + in.Withdrawn), "withdrawn": float64(in.Withdrawn),
		"refused": float64(in.Refused), "pending": float64(in.PendingTotal),
		"before": in.BeforeDeadlinePct, "on_time": in.OnTimePct, "overdue": in.OverduePct, "digitised": in.DigitisedPct,
		"online": in.OnlinePct, "online_payment": in.OnlinePaymentPct, "satisfaction": in.SatisfactionPct,
		"per_rules": in.ResolvedPerRulesPct,
	}
	want := map[string]float64{
		"received": 306, "finished": 300, "withdrawn": 2, "refused": 3, "pending": 6,
		"before": 94.3, "on_time": 5.3, "overdue": 0.3, "digitised": 82.0,
		"online": 87.9, "online_payment": 98.34, "satisfaction": 99.3, "per_rules": 100,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("figures (-want +got):\n%s", diff)
	}
	if sum.Letters < p.MinLetters {
		t.Errorf("%d letters, want at least %d", sum.Letters, p.MinLetters)
	}
	// The digitised figure comes from the digitised paper records: counted
	// here from the records and the catalogue's marks alone.
	if n := digitisedFromRecords(t, db, town); n != facts.Counts.ReceivedWithDigitised {
		t.Errorf("the report counts %d digitised dossiers, the records %d", facts.Counts.ReceivedWithDigitised, n)
	}
	if sum.Figures.Received != in.Received || sum.Figures.BeforeDeadlinePct != in.BeforeDeadlinePct {
		t.Errorf("summary figures %+v differ from the report", sum.Figures)
	}

	checkOfficerHours(t, db, town, p)

	// Every dossier went through the real lifecycle: a resolved one has its
	// events, a late one its approved apology.
	ds, err := db.Dossiers(ctx, store.DossierFilter{UnitID: town.Unit.ID, Statuses: []dossier.Status{dossier.Resolved, dossier.Returned},
		Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	late := 0
	for _, d := range ds {
		evs, err := db.Events(ctx, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		kinds := map[dossier.ActionKind]bool{}
		for _, e := range evs {
			kinds[e.Kind] = true
		}
		for _, k := range []dossier.ActionKind{dossier.ActReceive, dossier.ActPropose, dossier.ActApprove} {
			if !kinds[k] {
				t.Errorf("%s: no %s event", d.Code, k)
			}
		}
		if d.Outcome(d.EndedAt) == string(calendar.FinishedOverdue) {
			late++
			if !kinds[dossier.ActApproveApology] || d.NewAppointmentAt.IsZero() {
				t.Errorf("%s is late without an approved apology", d.Code)
			}
		}
		if ok, _ := mustCal(t, db, town).IsWorkingDay(calendar.DateOf(d.EndedAt)); !ok {
			t.Errorf("%s resolved on a day off, %s", d.Code, d.EndedAt)
		}
	}
	if late != 1 {
		t.Errorf("%d late dossiers, want 1", late)
	}

	// Idempotent: the history exists, nothing is generated again.
	again, err := demo.Generate(ctx, db, p, clock)
	if err != nil {
		t.Fatal(err)
	}
	if !again.Skipped || again.Transactions != 0 {
		t.Errorf("second run: skipped %v, %d transactions", again.Skipped, again.Transactions)
	}
	facts2, _ := reportOn(t, db, town, p)
	if facts2.Counts != facts.Counts {
		t.Errorf("second run changed the counts")
	}
}

// checkOfficerHours fails the test for every officer's action outside the
// unit's working days and hours, and every event outside the period.
func checkOfficerHours(t *testing.T, db *store.DB, town *demo.Town, p demo.Profile) {
	t.Helper()
	ctx := context.Background()
	cal := mustCal(t, db, town)
	bad := 0
	for offset := 0; ; offset += 1000 {
		ds, err := db.Dossiers(ctx, store.DossierFilter{UnitID: town.Unit.ID, Limit: 1000, Offset: offset})
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range ds {
			evs, err := db.Events(ctx, d.ID)
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range evs {
				if e.At.Before(p.From.At(0)) || e.At.After(p.To.At(24*60)) {
					t.Errorf("%s: %s at %s, outside the period", d.Code, e.Kind, e.At)
				}
				if e.ActorID == "" {
					continue // the applicant: online, at any hour
				}
				local := e.At.In(store.Zone)
				m := local.Hour()*60 + local.Minute()
				working, err := cal.IsWorkingDay(calendar.DateOf(e.At))
				if err != nil {
					t.Fatal(err)
				}
				inHours := (m >= 7*60 && m <= 11*60+30) || (m >= 13*60+30 && m <= 17*60)
				if (!working || !inHours) && bad < 10 {
					bad++
					t.Errorf("%s: %s by an officer at %s, outside working time", d.Code, e.Kind, local.Format("Mon 2006-01-02 15:04"))
				}
			}
		}
		if len(ds) < 1000 {
			return
		}
	}
}

func mustCal(t *testing.T, db *store.DB, town *demo.Town) *calendar.Calendar {
	t.Helper()
	c, err := db.Calendar(context.Background(), town.Unit.ID)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestGenerateDeterministic: the same seed gives the same dossiers (codes,
// procedures, applicants, statuses, instants) and the same figures.
func TestGenerateDeterministic(t *testing.T) {
	p := smallProfile()
	p.Finished, p.Withdrawn, p.Pending, p.Refused, p.MinLetters = 120, 0, 0, 1, 8
	p.BeforePct, p.OnTimePct, p.OverduePct = 95.0, 4.2, 0.8 // 114, 5, 1 of 120
	p.DigitisedPct, p.OnlinePct, p.SatisfactionPct = 82.5, 87.5, 99.2
	p.OnlinePaymentPct = 97.5
	type row struct {
		Code, Procedure, Applicant, ID string
		Status                         dossier.Status
		Received, Ended                time.Time
	}
	history := func() ([]row, report.Indicators) {
		db, clock, town := newTown(t)
		if _, err := demo.Generate(context.Background(), db, p, clock); err != nil {
			t.Fatal(err)
		}
		ds, err := db.Dossiers(context.Background(), store.DossierFilter{UnitID: town.Unit.ID, Limit: 1000})
		if err != nil {
			t.Fatal(err)
		}
		var rows []row
		for _, d := range ds {
			rows = append(rows, row{d.Code, d.ProcedureCode, d.Applicant.FullName, d.Applicant.IDNumber, d.Status, d.ReceivedAt.UTC(), d.EndedAt.UTC()})
		}
		_, in := reportOn(t, db, town, p)
		return rows, in
	}
	a, inA := history()
	b, inB := history()
	if len(a) != 121 {
		t.Errorf("%d dossiers, want 121", len(a))
	}
	if diff := cmp.Diff(a, b); diff != "" {
		t.Errorf("two runs with the same seed differ (-first +second):\n%s", diff)
	}
	if diff := cmp.Diff(inA, inB); diff != "" {
		t.Errorf("figures differ (-first +second):\n%s", diff)
	}
}

// TestGenerateWrongClock: a store that does not run on the SimClock is
// refused before it fills with misdated dossiers.
func TestGenerateWrongClock(t *testing.T) {
	db := storetest.OpenSQLite(t, store.Options{})
	if _, err := demo.Seed(context.Background(), db); err != nil {
		t.Fatal(err)
	}
	_, err := demo.Generate(context.Background(), db, smallProfile(), &demo.SimClock{})
	if err == nil {
		t.Fatal("Generate on a store with the real clock succeeded")
	}
	t.Log(err)
}

// TestProfileValidate: impossible profiles are refused with a reason.
func TestProfileValidate(t *testing.T) {
	if err := demo.BriefProfile().Validate(); err != nil {
		t.Fatalf("BriefProfile: %v", err)
	}
	for name, change := range map[string]func(*demo.Profile){
		"reversed period":   func(p *demo.Profile) { p.From, p.To = p.To, p.From },
		"no dossiers":       func(p *demo.Profile) { p.Finished = 0 },
		"all withdrawn":     func(p *demo.Profile) { p.Withdrawn = p.Finished },
		"share above 1":     func(p *demo.Profile) { p.RatedShare = 1.5 },
		"percent above 100": func(p *demo.Profile) { p.OnlinePct = 120 },
		"shares not 100":    func(p *demo.Profile) { p.BeforePct = 80 },
		"negative letters":  func(p *demo.Profile) { p.MinLetters = -1 },
	} {
		p := demo.BriefProfile()
		change(&p)
		if err := p.Validate(); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

// TestGenerateUnreachable: a target no count can round to fails at
// planning, before anything is written.
func TestGenerateUnreachable(t *testing.T) {
	db, clock, town := newTown(t)
	p := smallProfile()
	p.BeforePct, p.OnTimePct, p.OverduePct = 94.5, 5.4, 0.1 // impossible with 300
	if _, err := demo.Generate(context.Background(), db, p, clock); err == nil {
		t.Fatal("an unreachable profile was generated")
	}
	facts, _ := reportOn(t, db, town, p)
	if facts.Counts.Received != 0 {
		t.Errorf("%d dossiers written by a failed plan", facts.Counts.Received)
	}
}

// TestGenerateBrief generates the town of the product brief, 1 January to 20 October
// 2024, and checks every published figure. It takes 15 s to a minute on two
// cores, so it is in the long suite (MOTCUA_LONG=1, which CI runs).
func TestGenerateBrief(t *testing.T) {
	testenv.Long(t, "generating the brief's year takes 15 s to a minute")
	t.Parallel() // its own database and clock; beside TestGenerateModel2025 in CI's long step
	db, clock, town := newTown(t)
	p := demo.BriefProfile()
	sum, err := demo.Generate(context.Background(), db, p, clock)
	if errors.Is(err, demo.ErrFiguresOff) {
		t.Fatalf("figures off: %v", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d dossiers, %d transactions, %d letters in %s", sum.Dossiers, sum.Transactions, sum.Letters, sum.Elapsed.Round(time.Millisecond))
	_, in := reportOn(t, db, town, p)
	b, _ := json.MarshalIndent(in, "", "  ")
	t.Logf("report.Compute(facts).Rounded():\n%s", b)
	got := map[string]float64{
		"resolved": float64(in.Resolved + in.Withdrawn), "received": float64(in.Received),
		"before": in.BeforeDeadlinePct, "on_time": in.OnTimePct, "overdue": in.OverduePct, "digitised": in.DigitisedPct,
		"satisfaction": in.SatisfactionPct, "online": in.OnlinePct, "online_payment": in.OnlinePaymentPct,
		"per_rules": in.ResolvedPerRulesPct,
	}
	want := map[string]float64{
		"resolved": 7008, "received": 7008,
		"before": 94.5, "on_time": 5.4, "overdue": 0.1, "digitised": 82.0,
		"satisfaction": 99.1, "online": 87.7, "online_payment": 98.34, "per_rules": 100,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("the brief's figures (-want +got):\n%s", diff)
	}
	if sum.Letters <= 330 {
		t.Errorf("%d letters, want more than 330", sum.Letters)
	}
	checkOfficerHours(t, db, town, p)
}

// TestSimClock: the zero clock reads the real time; Set fixes it, from any
// goroutine; Release returns to the real time.
func TestSimClock(t *testing.T) {
	var c demo.SimClock
	if c.Simulating() || time.Since(c.Now()) > time.Minute {
		t.Fatalf("zero clock: simulating %v, now %s", c.Simulating(), c.Now())
	}
	at := time.Date(2024, 2, 15, 9, 0, 0, 0, store.Zone)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for range 100 {
			c.Set(at)
		}
	}()
	for range 100 {
		_ = c.Now()
	}
	<-done
	if !c.Now().Equal(at) || !c.Simulating() {
		t.Errorf("after Set: %s, simulating %v", c.Now(), c.Simulating())
	}
	c.Release()
	if c.Simulating() || time.Since(c.Now()) > time.Minute {
		t.Errorf("after Release: %s", c.Now())
	}
}

// digitisedFromRecords counts the received dossiers each of whose
// components the catalogue marks "must digitise" (all, when it marks none)
// has a digitised paper record, or was reused from the data store.
func digitisedFromRecords(t *testing.T, db *store.DB, town *demo.Town) int64 {
	t.Helper()
	ctx := context.Background()
	ds, err := db.Dossiers(ctx, store.DossierFilter{UnitID: town.Unit.ID, Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	var n int64
	for _, d := range ds {
		if d.ReceivedAt.IsZero() || d.Status == dossier.Refused {
			continue
		}
		pv, err := db.ProcedureByCode(ctx, d.ProcedureCode)
		if err != nil {
			t.Fatal(err)
		}
		must := map[string]bool{}
		for _, c := range pv.Procedure.Components {
			must[c.Name] = c.MustDigitise
		}
		papers, err := db.DossierPapers(ctx, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		has := map[string]bool{}
		for _, p := range papers {
			has[p.ComponentName] = true
		}
		marked := false
		for _, c := range d.Components {
			marked = marked || must[c.Name]
		}
		ok, count := true, 0
		for _, c := range d.Components {
			if marked && !must[c.Name] {
				continue
			}
			count++
			ok = ok && (has[c.Name] || c.Digitisation == dossier.ReusedStore)
		}
		if ok && count > 0 {
			n++
		}
	}
	return n
}

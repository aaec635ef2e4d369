package storetest

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/catalogue"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/filestore"
	"github.com/motcua/motcua/internal/filestore/filestoretest"
	"github.com/motcua/motcua/internal/staff"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/unit"
)

// Clock is a settable clock for a store under test.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// Now returns the clock's time.
func (c *Clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

// Set sets the clock to s, "YYYY-MM-DD HH:MM" in Vietnam time.
func (c *Clock) Set(t testing.TB, s string) {
	t.Helper()
	v, err := time.ParseInLocation("2006-01-02 15:04", s, calendar.Location())
	if err != nil {
		t.Fatal(err)
	}
	c.mu.Lock()
	c.t = v
	c.mu.Unlock()
}

// Town is a commune with its staff on a fresh, migrated database of one
// engine, whose DSN a command (motcua report --db DSN) can open too. Its
// officers' password is Password.
type Town struct {
	DSN       string
	DB        *store.DB
	Clock     *Clock
	Unit      *unit.Unit
	Reception *staff.Officer
	Leader    *staff.Officer
}

// Password is every Town officer's password.
const Password = "mat-khau-thu"

// NewTown opens a fresh database of engine e (by name: "sqlite" or
// "postgres"), imports the shipped catalogue and creates a commune with a
// reception officer ("tiepnhan"), two civil-status specialists and a leader
// ("chutich").
func NewTown(t testing.TB, e Engine) *Town {
	t.Helper()
	ctx := context.Background()
	tw := &Town{Clock: &Clock{}}
	tw.Clock.Set(t, "2025-03-03 08:00")
	tw.DSN = dsn(t, e.Name)
	db, err := store.Open(ctx, tw.DSN, store.Options{Now: tw.Clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	tw.DB = db
	c, err := catalogue.LoadShipped()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.ImportCatalogue(ctx, c, "test"); err != nil {
		t.Fatal(err)
	}
	tw.Unit = &unit.Unit{Code: "000.21.37.H56", Name: "UBND xã Đạ Tẻh", Kind: unit.Commune}
	if err := db.CreateUnit(ctx, tw.Unit, "test"); err != nil {
		t.Fatal(err)
	}
	mk := func(username string, role staff.Role, fields ...string) *staff.Officer {
		o := &staff.Officer{UnitID: tw.Unit.ID, Username: username, FullName: username, Roles: []staff.Role{role}, Fields: fields, Active: true}
		if err := db.CreateOfficer(ctx, o, Password, "test"); err != nil {
			t.Fatal(err)
		}
		return o
	}
	tw.Reception = mk("tiepnhan", staff.Reception)
	mk("hotich1", staff.Specialist, "HT")
	mk("hotich2", staff.Specialist, "HT")
	mk("chungthuc", staff.Specialist, "CT")
	tw.Leader = mk("chutich", staff.Leader)
	return tw
}

// dsn creates an empty database of the named engine and returns its DSN: a
// SQLite file in a temporary directory, or a new PostgreSQL schema of
// MOTCUA_TEST_POSTGRES dropped when the test ends.
func dsn(t testing.TB, engine string) string {
	t.Helper()
	if engine != "postgres" {
		return "sqlite:" + filepath.Join(t.TempDir(), "motcua.db")
	}
	return PostgresSchema(t)
}

// Path is what happens to one dossier of a Town.
type Path struct {
	Procedure string          // national code, e.g. "1.004873"
	Channel   dossier.Channel // counter, or online (received by the reception officer)
	Received  string          // "YYYY-MM-DD HH:MM", Vietnam time
	Digitised bool            // its components digitised at reception (DigitiseAll)
	Resolved  string          // when the leader approves it; "" leaves it pending
	Returned  bool            // the result handed over right after
	Rating    dossier.Rating  // given after the hand-over, "" for none
	Comment   string          // the comment given with the rating
}

// Drive takes one dossier through the real lifecycle of p: intake (and
// reception when online), digitisation, proposal by its lead specialist,
// approval by the leader, hand-over and rating, each at its time.
func (tw *Town) Drive(t testing.TB, p Path) *dossier.Dossier {
	t.Helper()
	ctx := context.Background()
	tw.Clock.Set(t, p.Received)
	pv, err := tw.DB.ProcedureByCode(ctx, p.Procedure)
	if err != nil {
		t.Fatal(err)
	}
	in := dossier.Intake{Channel: p.Channel, Applicant: dossier.Applicant{FullName: "Nguyễn Thị Lan", IDNumber: "068190001234",
		Phone: "0912345678", Address: "Thôn 3, xã Đạ Tẻh"}}
	for _, c := range pv.Procedure.Components {
		if c.Required {
			in.Components = append(in.Components, dossier.Component{Name: c.Name})
		}
	}
	var actor *staff.Officer
	if p.Channel != dossier.Online {
		actor = tw.Reception
	}
	d, err := tw.DB.Intake(ctx, store.IntakeRequest{UnitID: tw.Unit.ID, ProcedureCode: p.Procedure, Intake: in, Actor: actor})
	if err != nil {
		t.Fatalf("intake %s: %v", p.Procedure, err)
	}
	act := func(a dossier.Action, by *staff.Officer) {
		t.Helper()
		code := d.Code
		var err error
		if d, err = tw.DB.Act(ctx, code, a, by); err != nil {
			t.Fatalf("%s on %s: %v", a.Kind, code, err)
		}
	}
	if p.Channel == dossier.Online {
		act(dossier.Action{Kind: dossier.ActReceive}, tw.Reception)
	}
	if p.Digitised {
		d = DigitiseAll(t, tw.DB, d.Code, tw.Reception)
	}
	if p.Resolved == "" {
		return d
	}
	tw.Clock.Set(t, p.Resolved)
	lead, err := tw.DB.Officer(ctx, d.LeadID)
	if err != nil {
		t.Fatal(err)
	}
	act(dossier.Action{Kind: dossier.ActPropose}, lead)
	act(dossier.Action{Kind: dossier.ActApprove}, tw.Leader)
	if !p.Returned {
		return d
	}
	act(dossier.Action{Kind: dossier.ActReturn}, tw.Reception)
	if p.Rating != "" {
		act(dossier.Action{Kind: dossier.ActRate, Rating: p.Rating, Complaint: p.Comment}, nil)
	}
	return d
}

// DigitiseAll digitises, with a one-page scan each kept in the database's
// file store, every component of a dossier that report.Digitised requires
// (those marked must digitise, or all when none is), and returns the
// dossier after.
func DigitiseAll(t testing.TB, db *store.DB, code string, by *staff.Officer) *dossier.Dossier {
	t.Helper()
	ctx := context.Background()
	d, err := db.Dossier(ctx, code)
	if err != nil {
		t.Fatal(err)
	}
	marked := false
	for _, c := range d.Components {
		marked = marked || c.MustDigitise
	}
	for i, c := range d.Components {
		if marked && !c.MustDigitise {
			continue
		}
		f, err := filestore.Check(filestoretest.PDF(t, 1, fmt.Sprintf("%s component %d", code, i)), filestore.Limits{}, "file")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.Digitise(ctx, code, i, f, db.Blobs(), by); err != nil {
			t.Fatalf("digitise %s #%d: %v", code, i, err)
		}
	}
	if d, err = db.Dossier(ctx, code); err != nil {
		t.Fatal(err)
	}
	return d
}

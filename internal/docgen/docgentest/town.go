// Package docgentest builds a commune with staff and the shipped catalogue
// on a real database, and drives dossiers through their lifecycle, for the
// tests of the packages that turn stored data into documents and letters
// (docgen, jobs, cli). It is imported by tests only.
package docgentest

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/catalogue"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/staff"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/store/storetest"
	"github.com/motcua/motcua/internal/unit"
)

// ICT is UTC+7, the zone of every date and time the town's documents print.
var ICT = calendar.Location()

// At parses "2006-01-02 15:04" in UTC+7; it panics on a bad literal.
func At(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, ICT)
	if err != nil {
		panic(err)
	}
	return t
}

// Clock is a settable clock for the store.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// Now returns the clock's time.
func (c *Clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

// Set sets the clock to "2006-01-02 15:04" in UTC+7.
func (c *Clock) Set(s string) { c.mu.Lock(); c.t = At(s); c.mu.Unlock() }

// Advance moves the clock on by d.
func (c *Clock) Advance(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

// Town is a commune on a fresh database: the shipped catalogue, a unit
// with a full letterhead, and one officer per role.
type Town struct {
	DB    *store.DB
	Clock *Clock
	Unit  *unit.Unit
	// Reception receives and returns; Hotich is the civil-status specialist
	// (field HT, so routing gives her every HT dossier), ChungThuc the
	// certification specialist; Leader approves.
	Reception, Hotich, ChungThuc, Leader *staff.Officer
}

// New opens a fresh database on engine e with a clock set to Mon 3 Mar 2025
// 08:00 and builds the town on it.
func New(t testing.TB, e storetest.Engine) *Town {
	t.Helper()
	clk := &Clock{}
	clk.Set("2025-03-03 08:00")
	return Build(t, e.Open(t, store.Options{Now: clk.Now}), clk)
}

// Build builds the town on db, whose clock is clk.
func Build(t testing.TB, db *store.DB, clk *Clock) *Town {
	t.Helper()
	ctx := context.Background()
	c, err := catalogue.LoadShipped()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.ImportCatalogue(ctx, c, "test"); err != nil {
		t.Fatal(err)
	}
	tw := &Town{DB: db, Clock: clk}
	tw.Unit = &unit.Unit{Code: "000.21.37.H56", Name: "UBND xã Đạ Tẻh", Kind: unit.Commune,
		Address: "Số 1 đường Nguyễn Tất Thành, xã Đạ Tẻh, tỉnh Lâm Đồng", Phone: "0263 3880 123",
		Letterhead: unit.Letterhead{ParentBody: "UBND tỉnh Lâm Đồng", IssuingBody: "UBND xã Đạ Tẻh", Place: "Đạ Tẻh",
			SignerTitle: "Chủ tịch", SignerName: "Nguyễn Văn Minh"}}
	if err := db.CreateUnit(ctx, tw.Unit, "test"); err != nil {
		t.Fatal(err)
	}
	mk := func(username, name, title, phone string, role staff.Role, fields ...string) *staff.Officer {
		o := &staff.Officer{UnitID: tw.Unit.ID, Username: username, FullName: name, Title: title, Phone: phone,
			Roles: []staff.Role{role}, Fields: fields, Active: true}
		if err := db.CreateOfficer(ctx, o, "mat-khau-thu", "test"); err != nil {
			t.Fatal(err)
		}
		return o
	}
	tw.Reception = mk("tiepnhan", "Lê Thị Đặng Ựa", "Công chức Văn phòng - Thống kê", "0912 000 111", staff.Reception)
	tw.Hotich = mk("hotich", "Phạm Thị Hoa", "Công chức Tư pháp - Hộ tịch", "0912 000 222", staff.Specialist, "HT")
	tw.ChungThuc = mk("chungthuc", "Võ Văn Chung", "Công chức Tư pháp - Hộ tịch", "0912 000 333", staff.Specialist, "CT")
	tw.Leader = mk("chutich", "Nguyễn Văn Minh", "Chủ tịch UBND xã", "", staff.Leader)
	return tw
}

// Applicant is the applicant of the town's dossiers.
func Applicant() dossier.Applicant {
	return dossier.Applicant{FullName: "Trần Văn Ễnh", IDNumber: "068190001234", Phone: "0912345678",
		Address: "Thôn 3, xã Đạ Tẻh", Email: "tranvanenh@example.vn"}
}

// Intake takes in a dossier of procedure code at the counter (or online,
// with no officer): the applicant, every required component, and the
// declaration given. edit, when not nil, changes the intake first.
func (tw *Town) Intake(t testing.TB, procCode string, ch dossier.Channel, declaration map[string]string, edit func(*dossier.Intake)) *dossier.Dossier {
	t.Helper()
	ctx := context.Background()
	pv, err := tw.DB.ProcedureByCode(ctx, procCode)
	if err != nil {
		t.Fatal(err)
	}
	in := dossier.Intake{Channel: ch, Applicant: Applicant(), Declaration: declaration}
	for _, c := range pv.Procedure.Components {
		if c.Required {
			in.Components = append(in.Components, dossier.Component{Name: c.Name})
		}
	}
	if edit != nil {
		edit(&in)
	}
	var actor *staff.Officer
	if ch != dossier.Online || in.Assisted {
		actor = tw.Reception
	}
	d, err := tw.DB.Intake(ctx, store.IntakeRequest{UnitID: tw.Unit.ID, ProcedureCode: procCode, Intake: in, Actor: actor})
	if err != nil {
		t.Fatalf("intake %s: %v", procCode, err)
	}
	return d
}

// Act applies an action, failing the test on error.
func (tw *Town) Act(t testing.TB, code string, a dossier.Action, actor *staff.Officer) *dossier.Dossier {
	t.Helper()
	d, err := tw.DB.Act(context.Background(), code, a, actor)
	if err != nil {
		t.Fatalf("%s on %s: %v", a.Kind, code, err)
	}
	return d
}

// Resolve has the specialist propose and the leader approve: the dossier is
// resolved (and a letter job enqueued when its procedure has a letter rule).
func (tw *Town) Resolve(t testing.TB, code string) *dossier.Dossier {
	t.Helper()
	tw.Act(t, code, dossier.Action{Kind: dossier.ActPropose, Note: "Đủ điều kiện"}, tw.Hotich)
	return tw.Act(t, code, dossier.Action{Kind: dossier.ActApprove}, tw.Leader)
}

// Birth, Marriage and Death are declarations of the three civil-status
// procedures that call for letters, events shortly before 3 March 2025.
func Birth() map[string]string {
	return map[string]string{"child_name": "Trần Minh Khang", "child_birth_date": "2025-02-20", "child_sex": "male",
		"father_name": "Trần Văn Ễnh", "mother_name": "Lê Thị Bình"}
}

// Marriage is a marriage registration's declaration.
func Marriage() map[string]string {
	return map[string]string{"husband_name": "Trần Văn Ễnh", "wife_name": "Hoàng Thị Cúc"}
}

// Death is a death registration's declaration.
func Death() map[string]string {
	return map[string]string{"deceased_name": "Trần Văn Đức", "death_date": "2025-02-27", "relation": "con"}
}

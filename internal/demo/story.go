package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/staff"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/unit"
)

// StoryProcedure is the procedure of the story's smaller histories: a
// marital-status certificate, free, three working days.
const StoryProcedure = "1.004873"

// StorySummary says what Story2025 did.
type StorySummary struct {
	Skipped  bool   // the story was already told
	Before   int    // dossiers of An Nhơn and Đạ Lây before the merge
	After    int    // dossiers of the new Xã Đạ Tẻh after it
	Merged   int    // open dossiers moved by the merge
	Officers int    // officers moved by the merge
	NewCode  string // the new commune's identifier
}

// storyCommune is one of the two communes merged with the town.
type storyCommune struct {
	nso, name, prefix, village string
	every                      int // a dossier every this many working days
}

var storyCommunes = []storyCommune{
	{"25129", "UBND xã An Nhơn", "annhon", "Thôn An Nhơn", 4},
	{"25141", "UBND xã Đạ Lây", "dalay", "Thôn Đạ Lây", 6},
}

// Story2025 tells the demo's 2025: Thị trấn Đạ Tẻh (the seeded town, its
// 2024 untouched), Xã An Nhơn and Xã Đạ Lây (each a smaller history from
// January 2024 to June 2025) merge whole into Xã Đạ Tẻh on 1 July 2025 (the
// official lists of Lâm Đồng imported, the merge moving officers and open
// dossiers), and the new commune's dossiers follow until December 2025. db
// must run on clock (store.Options{Now: clock.Now}); every dossier goes
// through db.Intake and db.Act. Told once: a second call does nothing.
func Story2025(ctx context.Context, db *store.DB, clock *SimClock) (StorySummary, error) {
	var sum StorySummary
	defer clock.Release()
	if xa, err := db.UnitByCode(ctx, unit.StandInCode("25126", false)); err == nil {
		pred, _, err := db.UnitLinks(ctx, xa.ID)
		if err != nil {
			return sum, err
		}
		for _, l := range pred {
			if p, err := db.Unit(ctx, l.PredecessorID); err == nil && p.Code == UnitCode && !p.Active() {
				return StorySummary{Skipped: true, NewCode: xa.Code}, nil
			}
		}
	}
	town, err := db.UnitByCode(ctx, UnitCode)
	if err != nil {
		return sum, fmt.Errorf("story: the town (run Seed first): %w", err)
	}
	cal, err := db.Calendar(ctx, town.ID)
	if err != nil {
		return sum, err
	}
	at := func(day calendar.Date, hh, mm int) {
		clock.Set(time.Date(day.Year, day.Month, day.Day, hh, mm, 0, 0, calendar.Location()))
	}
	clock.Set(time.Date(2024, 1, 1, 7, 0, 0, 0, calendar.Location()))

	// The two communes, with their own staff, and their histories.
	units := []string{town.ID}
	for _, c := range storyCommunes {
		u, crew, err := storyUnit(ctx, db, c)
		if err != nil {
			return sum, err
		}
		units = append(units, u.ID)
		n := 0
		for day := (calendar.Date{Year: 2024, Month: 1, Day: 2}); day.Compare(calendar.Date{Year: 2025, Month: 6, Day: 30}) <= 0; day = day.AddDays(1) {
			if ok, err := cal.IsWorkingDay(day); err != nil {
				return sum, err
			} else if !ok {
				continue
			}
			if n++; n%c.every != 0 {
				continue
			}
			open := day.Compare(calendar.Date{Year: 2025, Month: 6, Day: 25}) >= 0
			if err := storyDossier(ctx, db, at, day, u.ID, crew, c.village, !open); err != nil {
				return sum, err
			}
			sum.Before++
		}
	}

	// The town ends on 30 June 2025; the lists link the three to Xã Đạ Tẻh.
	clock.Set(time.Date(2025, 6, 30, 17, 0, 0, 0, calendar.Location()))
	if err := db.SetUnitNSO(ctx, town.ID, "25126", "", unit.LastDayBefore2025, "demo"); err != nil {
		return sum, err
	}
	communes, conversion := unit.ShippedLamDong()
	plan, err := unit.PlanImport(communes, conversion, "lam_dong")
	if err != nil {
		return sum, err
	}
	if _, err := db.ImportUnits(ctx, plan, "demo"); err != nil {
		return sum, err
	}
	xa, err := db.UnitByCode(ctx, unit.StandInCode("25126", false))
	if err != nil {
		return sum, err
	}
	xa.Name, xa.Address, xa.Phone, xa.Email = "UBND xã Đạ Tẻh", town.Address, town.Phone, town.Email
	xa.Letterhead = town.Letterhead
	if err := db.UpdateUnit(ctx, xa, "demo"); err != nil {
		return sum, err
	}
	town.Name = "UBND thị trấn Đạ Tẻh"
	town.Letterhead.IssuingBody = "ỦY BAN NHÂN DÂN THỊ TRẤN ĐẠ TẺH"
	if err := db.UpdateUnit(ctx, town, "demo"); err != nil {
		return sum, err
	}
	clock.Set(time.Date(2025, 7, 1, 7, 0, 0, 0, calendar.Location()))
	res, err := db.MergeUnits(ctx, store.MergeRequest{From: units, Into: xa.ID, At: unit.Reorganisation2025}, "demo")
	if err != nil {
		return sum, err
	}
	sum.Merged, sum.Officers, sum.NewCode = res.Dossiers, res.Officers, xa.Code

	// The new commune works with the town's team (moved) and finishes the
	// dossiers it inherited.
	crew, err := storyCrew(ctx, db, "tiepnhan1", "hotich", "chutich")
	if err != nil {
		return sum, err
	}
	inherited, err := db.Dossiers(ctx, store.DossierFilter{UnitID: xa.ID, Statuses: []dossier.Status{dossier.Processing}})
	if err != nil {
		return sum, err
	}
	for _, d := range inherited {
		at(calendar.Date{Year: 2025, Month: 7, Day: 1}, 10, 0)
		if err := storyFinish(ctx, db, d, crew); err != nil {
			return sum, err
		}
	}
	n := 0
	for day := (calendar.Date{Year: 2025, Month: 7, Day: 2}); day.Compare(calendar.Date{Year: 2025, Month: 12, Day: 31}) <= 0; day = day.AddDays(1) {
		if ok, err := cal.IsWorkingDay(day); err != nil {
			return sum, err
		} else if !ok {
			continue
		}
		if n++; n%2 != 0 {
			continue
		}
		if err := storyDossier(ctx, db, at, day, xa.ID, crew, "Thôn 1, xã Đạ Tẻh", true); err != nil {
			return sum, err
		}
		sum.After++
	}
	return sum, nil
}

// storyTeam is who a story commune needs: reception, a civil-status
// specialist, a leader.
type storyTeam struct{ reception, specialist, leader *staff.Officer }

func storyUnit(ctx context.Context, db *store.DB, c storyCommune) (*unit.Unit, storyTeam, error) {
	u, err := db.UnitByCode(ctx, unit.StandInCode(c.nso, true))
	if apperr.KindOf(err) == apperr.NotFound {
		u = &unit.Unit{Code: unit.StandInCode(c.nso, true), NSOCode: c.nso, ValidTo: unit.LastDayBefore2025, Name: c.name,
			Kind: unit.Commune, Letterhead: unit.Letterhead{ParentBody: "ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG",
				IssuingBody: "ỦY BAN NHÂN DÂN " + c.name[len("UBND "):], Place: c.name[len("UBND xã "):], SignerTitle: "CHỦ TỊCH"}}
		err = db.CreateUnit(ctx, u, "demo")
	}
	if err != nil {
		return nil, storyTeam{}, fmt.Errorf("story: %s: %w", c.name, err)
	}
	for _, o := range []*staff.Officer{
		{Username: c.prefix + "_tiepnhan", FullName: "Cán bộ Một cửa " + c.name, Roles: []staff.Role{staff.Reception}},
		{Username: c.prefix + "_hotich", FullName: "Công chức Hộ tịch " + c.name, Roles: []staff.Role{staff.Specialist}, Fields: []string{"HT"}},
		{Username: c.prefix + "_chutich", FullName: "Chủ tịch " + c.name, Roles: []staff.Role{staff.Leader}},
	} {
		if _, err := db.OfficerByUsername(ctx, o.Username); apperr.KindOf(err) == apperr.NotFound {
			o.UnitID, o.Active = u.ID, true
			if err := db.CreateOfficer(ctx, o, Password, "demo"); err != nil {
				return nil, storyTeam{}, err
			}
		}
	}
	t, err := storyCrew(ctx, db, c.prefix+"_tiepnhan", c.prefix+"_hotich", c.prefix+"_chutich")
	return u, t, err
}

func storyCrew(ctx context.Context, db *store.DB, reception, specialist, leader string) (storyTeam, error) {
	var t storyTeam
	var err error
	if t.reception, err = db.OfficerByUsername(ctx, reception); err != nil {
		return t, err
	}
	if t.specialist, err = db.OfficerByUsername(ctx, specialist); err != nil {
		return t, err
	}
	t.leader, err = db.OfficerByUsername(ctx, leader)
	return t, err
}

// storyDossier receives a marital-status certificate at 09:00 on day and,
// when finish, resolves it at 14:00 and returns it at 16:00.
func storyDossier(ctx context.Context, db *store.DB, at func(calendar.Date, int, int), day calendar.Date, unitID string,
	t storyTeam, village string, finish bool) error {
	pv, err := db.ProcedureByCode(ctx, StoryProcedure)
	if err != nil {
		return err
	}
	in := dossier.Intake{Channel: dossier.Counter, Applicant: dossier.Applicant{
		FullName: fmt.Sprintf("Công dân %s %s", village, day), IDNumber: fmt.Sprintf("0681900%05d", day.Year%100*400+int(day.Month)*31+day.Day),
		Phone: "0912345678", Address: village}}
	for _, c := range pv.Procedure.Components {
		if c.Required {
			in.Components = append(in.Components, dossier.Component{Name: c.Name})
		}
	}
	at(day, 9, 0)
	d, err := db.Intake(ctx, store.IntakeRequest{UnitID: unitID, ProcedureCode: StoryProcedure, Intake: in, Actor: t.reception})
	if err != nil {
		return fmt.Errorf("story: intake on %s: %w", day, err)
	}
	if !finish {
		return nil
	}
	at(day, 14, 0)
	return storyFinish(ctx, db, d, t)
}

// storyFinish takes a dossier in processing to its return: the lead
// proposes, the leader approves, reception returns.
func storyFinish(ctx context.Context, db *store.DB, d *dossier.Dossier, t storyTeam) error {
	lead := t.specialist
	if d.LeadID != "" && d.LeadID != lead.ID {
		o, err := db.Officer(ctx, d.LeadID)
		if err != nil {
			return err
		}
		lead = o
	}
	var err error
	for _, step := range []struct {
		kind dossier.ActionKind
		by   *staff.Officer
	}{{dossier.ActPropose, lead}, {dossier.ActApprove, t.leader}, {dossier.ActReturn, t.reception}} {
		if d, err = db.Act(ctx, d.Code, dossier.Action{Kind: step.kind}, step.by); err != nil {
			return fmt.Errorf("story: %s %s: %w", step.kind, d.Code, err)
		}
	}
	return nil
}

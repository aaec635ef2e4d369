package store_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/staff"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/store/storetest"
	"github.com/motcua/motcua/internal/unit"
)

// TestGovernance: an administrator governs their unit and the units below
// it, not the units above or beside; only a top-level unit's administrator
// maintains the catalogue; the change log shows each unit's own changes.
func TestGovernance(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		db := e.Open(t, store.Options{})
		ctx := context.Background()
		mk := func(code, parent string) *unit.Unit {
			t.Helper()
			u := &unit.Unit{Code: code, Name: "Đơn vị " + code, Kind: unit.Commune, ParentID: parent}
			if err := db.CreateUnit(ctx, u, "test"); err != nil {
				t.Fatal(err)
			}
			return u
		}
		province := mk("000.00.00.H56", "")
		a := mk("000.00.01.H56", province.ID)
		a1 := mk("000.00.11.H56", a.ID)
		b := mk("000.00.02.H56", province.ID)
		other := mk("000.00.00.H57", "")

		for _, c := range []struct {
			admin, target *unit.Unit
			want          bool
		}{
			{province, province, true}, {province, a, true}, {province, a1, true}, {province, b, true},
			{a, a, true}, {a, a1, true}, {a, province, false}, {a, b, false},
			{a1, a, false}, {other, a, false}, {province, other, false},
		} {
			got, err := db.Governs(ctx, c.admin.ID, c.target.ID)
			if err != nil || got != c.want {
				t.Errorf("Governs(%s, %s) = %v, %v; want %v", c.admin.Code, c.target.Code, got, err, c.want)
			}
			err = db.RequireGoverns(ctx, c.admin.ID, c.target.ID)
			if c.want && err != nil || !c.want && apperr.KindOf(err) != apperr.Forbidden {
				t.Errorf("RequireGoverns(%s, %s) = %v", c.admin.Code, c.target.Code, err)
			}
		}
		if _, err := db.Governs(ctx, a.ID, "no-such-unit"); apperr.KindOf(err) != apperr.NotFound {
			t.Errorf("Governs of a missing unit: %v, want NotFound", err)
		}
		for u, want := range map[*unit.Unit]bool{province: true, other: true, a: false, a1: false} {
			if got, err := db.MaintainsCatalogue(ctx, u.ID); err != nil || got != want {
				t.Errorf("MaintainsCatalogue(%s) = %v, %v; want %v", u.Code, got, err, want)
			}
		}

		// Each admin's changes are logged under their name; a filter by
		// units keeps that tree's officers' changes and the tools' ones.
		adminA := &staff.Officer{UnitID: a.ID, Username: "qta", FullName: "Quản trị A", Roles: []staff.Role{staff.Admin}, Active: true}
		adminB := &staff.Officer{UnitID: b.ID, Username: "qtb", FullName: "Quản trị B", Roles: []staff.Role{staff.Admin}, Active: true}
		for _, o := range []*staff.Officer{adminA, adminB} {
			if err := db.CreateOfficer(ctx, o, "mật khẩu dài", "test"); err != nil {
				t.Fatal(err)
			}
		}
		if err := db.SetUnitDay(ctx, a.ID, store.UnitDay{Date: "2026-06-15", Name: "Ngày hội xã"}, adminA.ID); err != nil {
			t.Fatal(err)
		}
		if err := db.SetUnitDay(ctx, b.ID, store.UnitDay{Date: "2026-06-16", Name: "Ngày hội phường"}, adminB.ID); err != nil {
			t.Fatal(err)
		}
		all, err := db.AdminEvents(ctx, store.AdminEventFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(all) < 9 || all[0].OfficerID != adminB.ID || all[0].OfficerName != "Quản trị B" || all[0].Entity != "unit_day" ||
			all[0].Detail != "2026-06-16 Ngày hội phường" || all[0].At.IsZero() {
			t.Fatalf("newest event = %+v of %d", all[0], len(all))
		}
		tree, err := db.UnitTree(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		mine, err := db.AdminEvents(ctx, store.AdminEventFilter{UnitIDs: tree, Limit: 3})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, e := range mine {
			got = append(got, e.OfficerID+" "+e.Entity+" "+e.Action)
		}
		want := []string{adminA.ID + " unit_day set", "test officer create", "test officer create"}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("A's events (-want +got):\n%s", diff)
		}
	})
}

package store_test

import (
	"context"
	"slices"
	"testing"

	"github.com/motcua/motcua/internal/staff"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/store/storetest"
)

// TestOfficerNames: the names of a unit's officers, as Officers gives them
// and in its order, and none of another unit's.
func TestOfficerNames(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			ctx := context.Background()
			tw := storetest.NewTown(t, e)
			names, err := tw.DB.OfficerNames(ctx, tw.Unit.ID)
			if err != nil {
				t.Fatal(err)
			}
			all, err := tw.DB.Officers(ctx, store.OfficerFilter{UnitID: tw.Unit.ID})
			if err != nil {
				t.Fatal(err)
			}
			if len(names) != len(all) || len(all) < 2 {
				t.Fatalf("%d names for %d officers", len(names), len(all))
			}
			for i, o := range all {
				if names[i] != (store.OfficerName{ID: o.ID, FullName: o.FullName}) {
					t.Errorf("%d: %+v, want %s %q (Officers' order)", i, names[i], o.ID, o.FullName)
				}
			}
			if names, err := tw.DB.OfficerNames(ctx, "no-such-unit"); err != nil || len(names) != 0 {
				t.Errorf("another unit: %v, %v", names, err)
			}
		})
	}
}

// TestOfficersListTheirFields: each listed officer carries the fields
// Officer gives it, whatever the filter, and an officer of none has none.
func TestOfficersListTheirFields(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			ctx := context.Background()
			tw := storetest.NewTown(t, e)
			active, inactive := true, false
			for _, f := range []store.OfficerFilter{{}, {UnitID: tw.Unit.ID}, {UnitID: tw.Unit.ID, Active: &active}, {Role: staff.Specialist},
				{UnitID: tw.Unit.ID, Role: staff.Specialist, Field: "HT", Active: &active}, {Field: "HT"}} {
				all, err := tw.DB.Officers(ctx, f)
				if err != nil {
					t.Fatal(err)
				}
				withFields, without := 0, 0
				for _, o := range all {
					one, err := tw.DB.Officer(ctx, o.ID)
					if err != nil {
						t.Fatal(err)
					}
					if !slices.Equal(o.Fields, one.Fields) {
						t.Errorf("filter %+v: %s has fields %v, Officer gives %v", f, o.Username, o.Fields, one.Fields)
					}
					if len(o.Fields) > 0 {
						withFields++
					} else {
						without++
					}
				}
				if withFields == 0 || (f.Role == "" && f.Field == "" && without == 0) {
					t.Errorf("filter %+v: %d officers with fields, %d without: the town has both", f, withFields, without)
				}
			}
			if none, err := tw.DB.Officers(ctx, store.OfficerFilter{UnitID: tw.Unit.ID, Active: &inactive}); err != nil || len(none) != 0 {
				t.Errorf("inactive officers of a town with none: %d, %v", len(none), err)
			}
		})
	}
}

package store_test

import (
	"context"
	"testing"

	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/store/storetest"
	"github.com/motcua/motcua/internal/unit"
)

// Units are kept in memory between writes, yet a unit created, renamed or
// merged through another handle on the same database (another node, a
// command) shows on the very next call, and what a caller does to the
// units it got changes nothing for the next one.
func TestUnitsSeeOtherHandlesWrites(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		ctx := context.Background()
		tw := storetest.NewTown(t, e)
		other, err := store.Open(ctx, tw.DSN, store.Options{Now: tw.Clock.Now})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { other.Close() })
		byCode := func() map[string]*unit.Unit {
			t.Helper()
			us, err := tw.DB.Units(ctx)
			if err != nil {
				t.Fatal(err)
			}
			out := map[string]*unit.Unit{}
			for _, u := range us {
				out[u.Code] = u
			}
			return out
		}
		first := byCode()
		if len(first) == 0 {
			t.Fatal("the town has no units")
		}

		// A caller's changes stay its own.
		for _, u := range first {
			u.Name = "changed by a caller"
			u.Working.Weekdays = nil
		}
		for code, u := range byCode() {
			if u.Name == "changed by a caller" || len(u.Working.Weekdays) == 0 {
				t.Errorf("unit %s: a caller's change to its copy came back: %+v", code, u)
			}
		}

		// Created elsewhere.
		neighbour := &unit.Unit{Code: "000.00.99.H99", Name: "Xã Láng Giềng", Kind: unit.Commune}
		if err := other.CreateUnit(ctx, neighbour, "test"); err != nil {
			t.Fatal(err)
		}
		got, ok := byCode()["000.00.99.H99"]
		if !ok {
			t.Fatal("a unit created through another handle is missing from Units")
		}

		// Renamed elsewhere.
		got.Name = "Xã Láng Giềng Mới"
		if err := other.UpdateUnit(ctx, got, "test"); err != nil {
			t.Fatal(err)
		}
		if name := byCode()["000.00.99.H99"].Name; name != "Xã Láng Giềng Mới" {
			t.Errorf("after a rename through another handle Units says %q", name)
		}

		// Merged elsewhere: its successor is set.
		var survivor *unit.Unit
		for _, u := range first {
			if u.Code != "000.00.99.H99" {
				survivor = u
				break
			}
		}
		if err := other.MergeUnit(ctx, got.ID, survivor.ID, "test"); err != nil {
			t.Fatal(err)
		}
		if s := byCode()["000.00.99.H99"].SuccessorID; s != survivor.ID {
			t.Errorf("after a merge through another handle the unit's successor is %q, want %q", s, survivor.ID)
		}
	})
}

package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/store/storetest"
)

// TestOpenChangeDoesNotStallItsUnit: on PostgreSQL, a change left open in
// the middle of its transaction (an officer's request that waits on a slow
// disk, a lock, a long statement) does not stop the unit's other officers:
// the rows every change of the unit writes (its audit chain's head, its
// roll-ups, its day's counter) are written at the end of each transaction
// (shared.go), so the open one holds none of them yet. Another dossier's
// change and a new intake in the same unit go through, and the unit's chain
// holds once both are done, with the open change's events after theirs.
// SQLite has one writer: there, the others wait by design.
func TestOpenChangeDoesNotStallItsUnit(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		if e.Name != "postgres" {
			continue
		}
		t.Run(e.Name, func(t *testing.T) {
			tw := newTown(t, e)
			ctx := context.Background()
			d1 := tw.intake(t, "1.004873", dossier.Counter, tw.reception)
			d2 := tw.intake(t, "1.004873", dossier.Counter, tw.reception)
			lead1, err := tw.db.Officer(ctx, d1.LeadID)
			if err != nil {
				t.Fatal(err)
			}
			lead2, err := tw.db.Officer(ctx, d2.LeadID)
			if err != nil {
				t.Fatal(err)
			}
			supplement := dossier.Action{Kind: dossier.ActRequestSupplement, Reason: "Thiếu bản chính", Items: []string{"Bản chính"}}

			held, release, done := make(chan struct{}), make(chan struct{}), make(chan error, 1)
			holdCtx, cancelHold := context.WithTimeout(ctx, time.Minute)
			defer cancelHold()
			go func() { done <- tw.db.ActAndHold(holdCtx, d1.Code, supplement, lead1, held, release) }()
			select {
			case <-held:
			case err := <-done:
				t.Fatalf("the held change ended before holding: %v", err)
			}

			// While d1's change is open: a deadline long enough for any
			// machine, which only a change blocked until d1's ends misses.
			others, cancel := context.WithTimeout(ctx, 20*time.Second)
			defer cancel()
			if _, err := tw.db.Act(others, d2.Code, supplement, lead2); err != nil {
				t.Fatalf("another dossier's change in the unit, while one is open: %v", err)
			}
			d3, err := tw.db.Intake(others, tw.request(t, "1.004873", dossier.Counter, tw.reception))
			if err != nil {
				t.Fatalf("an intake in the unit, while a change is open: %v", err)
			}
			close(release)
			if err := <-done; err != nil {
				t.Fatalf("the held change: %v", err)
			}

			for _, d := range []*dossier.Dossier{d1, d2} {
				got, err := tw.db.Dossier(ctx, d.Code)
				if err != nil {
					t.Fatal(err)
				}
				if got.Status != dossier.Supplement {
					t.Errorf("%s: status %v, want the supplement requested", d.Code, got.Status)
				}
			}
			if d3.Code == d1.Code || d3.Code == d2.Code {
				t.Errorf("the new intake took code %s, already given", d3.Code)
			}
			rep := mustVerify(t, tw.db)
			if rep.Broken != nil {
				t.Fatalf("the unit's chain after the interleaved changes: %v", rep.Broken)
			}
			// Each dossier's events stay numbered without gaps.
			for _, d := range []*dossier.Dossier{d1, d2, d3} {
				evs, err := tw.db.Events(ctx, d.ID)
				if err != nil {
					t.Fatal(err)
				}
				for i, ev := range evs {
					if ev.Seq != i+1 {
						t.Errorf("%s: event %d numbered %d", d.Code, i+1, ev.Seq)
					}
				}
			}
		})
	}
}

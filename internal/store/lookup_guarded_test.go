package store_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/store/storetest"
)

// TestLookupGuardedAsksTheOwnerForTheWholeNumber: ten wrong four-digit
// guesses at a code, from ten addresses, spend the code's four-digit tries:
// the right four digits are then refused on field "so", but the owner's whole
// phone or ID number still opens the dossier; a wrong whole number does not.
func TestLookupGuardedAsksTheOwnerForTheWholeNumber(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		ctx := context.Background()
		tw := storetest.NewTown(t, e)
		d := tw.Drive(t, storetest.Path{Procedure: "1.004873", Channel: dossier.Counter, Received: "2025-03-03 09:00"})
		if _, _, err := tw.DB.LookupGuarded(ctx, d.Code, "5678", "owner"); err != nil {
			t.Fatalf("the owner before any attack: %v", err)
		}
		for i := range 10 {
			_, _, err := tw.DB.LookupGuarded(ctx, d.Code, fmt.Sprintf("%04d", i), fmt.Sprintf("attacker-%d", i))
			if apperr.KindOf(err) != apperr.NotFound {
				t.Fatalf("guess %d: %v", i, err)
			}
		}
		_, _, err := tw.DB.LookupGuarded(ctx, d.Code, "5678", "owner")
		if apperr.KindOf(err) != apperr.Throttled || apperr.FieldOf(err) != "so" {
			t.Fatalf("four digits after the attack: %v, want Throttled on so", err)
		}
		for _, whole := range []string{"0912345678", "068190001234", " 0912 345 678 "} {
			got, events, err := tw.DB.LookupGuarded(ctx, d.Code, whole, "owner")
			if err != nil || got.ID != d.ID || len(events) == 0 {
				t.Errorf("the whole number %q: %v", whole, err)
			}
		}
		for _, wrong := range []string{"0900005678", "068190005678", "12345"} {
			if _, _, err := tw.DB.LookupGuarded(ctx, d.Code, wrong, "owner"); apperr.KindOf(err) != apperr.NotFound {
				t.Errorf("a wrong whole number %q: %v, want NotFound", wrong, err)
			}
		}
		// The owner's wrong tries count against their address like any other.
		n, err := tw.DB.Attempts(ctx, "lookup:owner", tw.Clock.Now().Add(-time.Hour))
		if err != nil || n != 3 {
			t.Errorf("failures of the owner's address = %d, %v; want 3", n, err)
		}
	})
}

// Guesses sent all at once from one address are counted one after the
// other: of 30 concurrent wrong guesses, exactly the allowance (20) are
// looked up and counted, the rest are refused; a right one from another
// address writes nothing.
func TestLookupGuardedCountsConcurrentGuesses(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		ctx := context.Background()
		tw := storetest.NewTown(t, e)
		d := tw.Drive(t, storetest.Path{Procedure: "1.004873", Channel: dossier.Counter, Received: "2025-03-03 09:00"})
		if _, _, err := tw.DB.LookupGuarded(ctx, d.Code, "5678", "owner"); err != nil {
			t.Fatalf("the owner: %v", err)
		}
		if n, err := tw.DB.Attempts(ctx, "lookup:owner", tw.Clock.Now().Add(-time.Hour)); err != nil || n != 0 {
			t.Errorf("a lookup that found its dossier left %d attempts (%v), want 0", n, err)
		}
		kinds := make(chan apperr.Kind, 30)
		var wg sync.WaitGroup
		for i := range 30 {
			wg.Go(func() {
				// Other codes, so that only the address's allowance applies.
				_, _, err := tw.DB.LookupGuarded(ctx, fmt.Sprintf("%s-X%02d", d.Code, i), "0000", "attacker")
				kinds <- apperr.KindOf(err)
			})
		}
		wg.Wait()
		close(kinds)
		count := map[apperr.Kind]int{}
		for k := range kinds {
			count[k]++
		}
		if count[apperr.NotFound] != 20 || count[apperr.Throttled] != 10 {
			t.Errorf("30 concurrent guesses: %v, want 20 not found and 10 throttled", count)
		}
		if n, err := tw.DB.Attempts(ctx, "lookup:attacker", tw.Clock.Now().Add(-time.Hour)); err != nil || n != 20 {
			t.Errorf("attempts of the attacker's address = %d, %v; want 20", n, err)
		}
		// A spent address is refused even the right pair, and the refusal
		// is not counted.
		if _, _, err := tw.DB.LookupGuarded(ctx, d.Code, "5678", "attacker"); apperr.KindOf(err) != apperr.Throttled {
			t.Errorf("the right pair from the spent address: %v, want Throttled", err)
		}
		if n, err := tw.DB.Attempts(ctx, "lookup:attacker", tw.Clock.Now().Add(-time.Hour)); err != nil || n != 20 {
			t.Errorf("attempts of the attacker's address after its refusal = %d, %v; want 20", n, err)
		}
	})
}

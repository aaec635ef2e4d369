package store_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/store/storetest"
)

// However many callers reserve at once, each allowance lets through at most
// its Max within the window; the others are Throttled and record nothing. A
// released reservation frees its place.
func TestReserveAttemptIsAtomicUnderConcurrency(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		db := e.Open(t, store.Options{})
		ctx := context.Background()
		const callers, max = 60, 10
		var mu sync.Mutex
		var ok, throttled int
		var wg sync.WaitGroup
		start := make(chan struct{})
		for i := range callers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				_, err := db.ReserveAttempt(ctx, "chậm lại",
					store.Allowance{Key: "ip:203.0.113.9", Max: max, Window: time.Hour},
					store.Allowance{Key: "user:u" + string(rune('a'+i%26)) + "@203.0.113.9", Max: 100, Window: time.Hour})
				mu.Lock()
				defer mu.Unlock()
				switch apperr.KindOf(err) {
				case apperr.Throttled:
					throttled++
				default:
					if err != nil {
						t.Error(err)
						return
					}
					ok++
				}
			}()
		}
		close(start)
		wg.Wait()
		if ok != max || throttled != callers-max {
			t.Fatalf("%d reserved, %d throttled; want %d and %d", ok, throttled, max, callers-max)
		}
		if n, err := db.Attempts(ctx, "ip:203.0.113.9", time.Now().Add(-time.Hour)); err != nil || n != max {
			t.Errorf("recorded %d attempts, want %d (%v)", n, max, err)
		}
		// Releasing one frees exactly one place.
		other := store.Allowance{Key: "ip:198.51.100.1", Max: 1, Window: time.Hour}
		res, err := db.ReserveAttempt(ctx, "chậm lại", other)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.ReserveAttempt(ctx, "chậm lại", other); apperr.KindOf(err) != apperr.Throttled {
			t.Fatalf("second reservation over Max 1: %v", err)
		}
		if err := db.ReleaseAttempt(ctx, res); err != nil {
			t.Fatal(err)
		}
		if _, err := db.ReserveAttempt(ctx, "chậm lại", other); err != nil {
			t.Errorf("after release: %v", err)
		}
	})
}

// A reservation is released even when the request that made it was
// cancelled in the meantime (a client hanging up after its lookup was
// answered): otherwise each such lookup stayed counted and locked the
// address out for the window.
func TestReleaseAttemptAfterTheCallerHungUp(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		db := e.Open(t, store.Options{})
		a := store.Allowance{Key: "lookup:192.0.2.7", Max: 3, Window: time.Hour}
		for range 10 {
			ctx, cancel := context.WithCancel(context.Background())
			res, err := db.ReserveAttempt(ctx, "chậm lại", a)
			if err != nil {
				t.Fatal(err)
			}
			cancel()
			if err := db.ReleaseAttempt(ctx, res); err != nil {
				t.Fatalf("release after the caller hung up: %v", err)
			}
		}
		if n, err := db.Attempts(context.Background(), a.Key, time.Now().Add(-time.Hour)); err != nil || n != 0 {
			t.Errorf("%d attempts left counted, want 0 (%v)", n, err)
		}
	})
}

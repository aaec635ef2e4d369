package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/store/storetest"
)

// A key made of what a visitor typed can be of any length: an 11 kB
// username once broke PostgreSQL's index (500). Long keys are stored by
// their digest and still count as themselves.
func TestLongAttemptKeysAreCounted(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		db := e.Open(t, store.Options{})
		ctx := context.Background()
		long := "user:" + strings.Repeat("a", 11000) + "@127.0.0.1"
		other := "user:" + strings.Repeat("a", 10999) + "b@127.0.0.1"
		allow := func(k string) store.Allowance { return store.Allowance{Key: k, Max: 2, Window: time.Hour} }
		for i := range 2 {
			if _, err := db.ReserveAttempt(ctx, "quá nhiều lần thử", allow(long)); err != nil {
				t.Fatalf("attempt %d: %v", i+1, err)
			}
		}
		if _, err := db.ReserveAttempt(ctx, "quá nhiều lần thử", allow(long)); apperr.KindOf(err) != apperr.Throttled {
			t.Fatalf("third attempt under a long key: %v, want Throttled", err)
		}
		if _, err := db.ReserveAttempt(ctx, "quá nhiều lần thử", allow(other)); err != nil {
			t.Fatalf("another long key shares the first one's count: %v", err)
		}
	})
}

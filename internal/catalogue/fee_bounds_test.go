package catalogue

import (
	"errors"
	"math"
	"testing"
)

// TestChargeNeverWrapsAround: the copies the security probe sent (which made
// a fee of 0 and a negative fee) are refused, and a schedule whose product
// does not fit in int64 fails with ErrFeeOverflow instead of wrapping.
func TestChargeNeverWrapsAround(t *testing.T) {
	extract := FeeSchedule{Kind: FeeFixed, Amount: 8000}
	for _, copies := range []int{288230376151711744, 1152921504606847, MaxCopies + 1, -1} {
		if got, err := extract.Charge(1, copies); err == nil {
			t.Errorf("8,000 × %d copies = %d, want an error", copies, got)
		}
	}
	if got, err := extract.Charge(1, MaxCopies); err != nil || got != 8000*MaxCopies {
		t.Errorf("8,000 × %d copies = %d, %v", MaxCopies, got, err)
	}
	huge := FeeSchedule{Kind: FeeFixed, Amount: math.MaxInt64 / 2}
	if got, err := huge.Charge(1, 3); !errors.Is(err, ErrFeeOverflow) {
		t.Errorf("MaxInt64/2 × 3 = %d, %v; want ErrFeeOverflow", got, err)
	}
	pages := FeeSchedule{Kind: FeePerPage, Tiers: []FeeTier{{FromPage: 1, PerPage: math.MaxInt64 / 4}, {FromPage: 3, PerPage: math.MaxInt64 / 2}}}
	if got, err := pages.Charge(4, 1); !errors.Is(err, ErrFeeOverflow) {
		t.Errorf("tiers summing past MaxInt64 = %d, %v; want ErrFeeOverflow", got, err)
	}
}

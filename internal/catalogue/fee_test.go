package catalogue

import (
	"strings"
	"testing"
)

// certificationFee is the fee for certifying a copy from its original:
// 2,000 VND a page for pages 1–2, 1,000 VND a page from page 3, at most
// 200,000 VND a copy.
func certificationFee() FeeSchedule {
	return FeeSchedule{
		Kind:  FeePerPage,
		Tiers: []FeeTier{{FromPage: 1, PerPage: 2000}, {FromPage: 3, PerPage: 1000}},
		Cap:   200000,
	}
}

func TestChargePerPage(t *testing.T) {
	for _, tc := range []struct {
		pages, copies int
		want          int64
	}{
		{1, 1, 2000},
		{2, 1, 4000},
		{3, 1, 5000},
		{10, 1, 12000},
		{198, 1, 200000}, // exactly the cap
		{199, 1, 200000},
		{300, 1, 200000},
		{3, 2, 10000},
		{300, 3, 600000}, // the cap is per copy
	} {
		got, err := certificationFee().Charge(tc.pages, tc.copies)
		if err != nil {
			t.Errorf("Charge(%d, %d): %v", tc.pages, tc.copies, err)
			continue
		}
		if got != tc.want {
			t.Errorf("Charge(%d, %d) = %d, want %d", tc.pages, tc.copies, got, tc.want)
		}
	}
}

func TestChargeWithoutCap(t *testing.T) {
	f := certificationFee()
	f.Cap = 0
	got, err := f.Charge(300, 1)
	if err != nil {
		t.Fatal(err)
	}
	if got != 302000 {
		t.Errorf("Charge(300, 1) without cap = %d, want 302000", got)
	}
}

func TestChargeFixedAndFree(t *testing.T) {
	extract := FeeSchedule{Kind: FeeFixed, Amount: 8000}
	if got, err := extract.Charge(0, 3); err != nil || got != 24000 {
		t.Errorf("fixed 8,000 for 3 copies = %d, %v; want 24000", got, err)
	}
	free := FeeSchedule{Kind: FeeFree}
	if got, err := free.Charge(0, 1); err != nil || got != 0 {
		t.Errorf("free = %d, %v; want 0", got, err)
	}
}

func TestChargeErrors(t *testing.T) {
	for _, tc := range []struct {
		name          string
		f             FeeSchedule
		pages, copies int
		want          string
	}{
		{"no copies", certificationFee(), 1, 0, "0 copies"},
		{"no pages", certificationFee(), 0, 1, "0 pages"},
		{"too many pages", certificationFee(), MaxPages + 1, 1, "pages"},
		{"negative amount", FeeSchedule{Kind: FeeFixed, Amount: -1}, 1, 1, "amount: must not be negative"},
		{"negative rate", FeeSchedule{Kind: FeePerPage, Tiers: []FeeTier{{FromPage: 1, PerPage: -2000}}}, 1, 1, "tiers[0].per_page: must not be negative"},
		{"tier not from page 1", FeeSchedule{Kind: FeePerPage, Tiers: []FeeTier{{FromPage: 2, PerPage: 2000}}}, 1, 1, "tiers[0].from_page"},
		{"tiers out of order", FeeSchedule{Kind: FeePerPage, Tiers: []FeeTier{{FromPage: 1, PerPage: 2000}, {FromPage: 1, PerPage: 1000}}}, 1, 1, "tiers[1].from_page"},
		{"unknown kind", FeeSchedule{Kind: "weekly"}, 1, 1, `kind: unknown "weekly"`},
	} {
		_, err := tc.f.Charge(tc.pages, tc.copies)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one containing %q", tc.name, err, tc.want)
		}
	}
}

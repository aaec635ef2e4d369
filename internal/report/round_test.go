package report

import (
	"math"
	"testing"
)

// TestPublishedRounding rounds shares as the town publishes them.
func TestPublishedRounding(t *testing.T) {
	for _, tc := range []struct {
		num, den int64
		decimals int
		want     float64
		text     string
	}{
		{6622, 7008, 1, 94.5, "94.5"}, // 94.492…
		{378, 7008, 1, 5.4, "5.4"},    // 5.393…
		{7, 7008, 1, 0.1, "0.1"},      // 0.0998…
		{5747, 7008, 1, 82, "82.0"},   // 82.006…
		{6146, 7008, 1, 87.7, "87.7"}, // 87.6997…
		{4917, 5000, 2, 98.34, "98.34"},
		{19667, 20000, 2, 98.34, "98.34"}, // 98.335 exactly: half away from zero
		{19665, 20000, 2, 98.33, "98.33"}, // 98.325 exactly: up, not to even
		{1, 2000, 1, 0.1, "0.1"},          // 0.05 exactly
		{1, 3, 1, 33.3, "33.3"},
		{2, 3, 1, 66.7, "66.7"},
		{19999, 20000, 1, 100, "100.0"}, // 99.995: the carry reaches the hundreds
		{0, 5, 1, 0, "0.0"},
	} {
		pct, ok := percent(tc.num, tc.den)
		if !ok {
			t.Fatalf("percent(%d, %d) undefined", tc.num, tc.den)
		}
		if got := Round(pct, tc.decimals); got != tc.want {
			t.Errorf("Round(%d/%d, %d) = %v, want %v", tc.num, tc.den, tc.decimals, got, tc.want)
		}
		r := Row{Value: pct, Decimals: tc.decimals, Percent: true}
		if got := r.Text(); got != tc.text {
			t.Errorf("Text(%d/%d, %d) = %q, want %q", tc.num, tc.den, tc.decimals, got, tc.text)
		}
	}
}

func TestRound(t *testing.T) {
	for _, tc := range []struct {
		x        float64
		decimals int
		want     float64
	}{
		{2.675, 2, 2.68}, // the binary value is 2.67499…; the printed one rounds up
		{1.005, 2, 1.01},
		{-1.25, 1, -1.3},
		{99.96, 1, 100},
		{9.995, 2, 10},
		{12.5, 0, 13},
		{1234.5678, -1, 1235}, // negative decimals count as 0
		{0.123456, 4, 0.1235},
		{17.6, 2, 17.6}, // fewer decimals than asked: unchanged
		{81.09035087719299, 2, 81.09},
		{1e21, 1, 1e21},
		{1e-7, 1, 0},
	} {
		if got := Round(tc.x, tc.decimals); got != tc.want {
			t.Errorf("Round(%v, %d) = %v, want %v", tc.x, tc.decimals, got, tc.want)
		}
	}
	if got := Round(-0.04, 1); got != 0 || math.Signbit(got) {
		t.Errorf("Round(-0.04, 1) = %v, want +0", got)
	}
	if got := Round(math.NaN(), 1); !math.IsNaN(got) {
		t.Errorf("Round(NaN) = %v, want NaN", got)
	}
	if got := Round(math.Inf(1), 1); !math.IsInf(got, 1) {
		t.Errorf("Round(+Inf) = %v, want +Inf", got)
	}
}

func TestRowText(t *testing.T) {
	for _, tc := range []struct {
		row  Row
		want string
	}{
		{Row{Key: "received", Value: 7008}, "7008"},
		{Row{Key: "online_payment_pct", Value: 91.66666666666667, Decimals: 2, Percent: true}, "91.67"},
		{Row{Key: "digitised_pct", Value: 80, Decimals: 1, Percent: true}, "80.0"},
		{Row{Key: "online_pct", Decimals: 1, Percent: true, Undefined: true}, ""},
	} {
		if got := tc.row.Text(); got != tc.want {
			t.Errorf("%s: Text() = %q, want %q", tc.row.Key, got, tc.want)
		}
	}
}

// TestRoundedLeavesOriginal: Rounded returns a copy.
func TestRoundedLeavesOriginal(t *testing.T) {
	in := Compute(sampleFacts())
	_ = in.Rounded()
	if in.OnlinePaymentPct != 91.66666666666667 {
		t.Errorf("Rounded modified its receiver: OnlinePaymentPct = %v", in.OnlinePaymentPct)
	}
}

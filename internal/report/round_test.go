package report

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
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

// TestRoundedLeavesOriginal: Rounded returns a rounded copy, every
// percentage at its published decimals and every count as it was, and leaves
// its receiver (including the Undefined list it shares no memory with)
// exactly as it was.
func TestRoundedLeavesOriginal(t *testing.T) {
	in := Compute(sampleFacts())
	in.Undefined = append(in.Undefined, "test_pct")
	before := in
	before.Undefined = slices.Clone(in.Undefined)

	out := in.Rounded()

	if diff := cmp.Diff(before, in); diff != "" {
		t.Errorf("Rounded modified its receiver (-before +after):\n%s", diff)
	}
	out.Undefined[0] = "changed"
	if in.Undefined[0] == "changed" {
		t.Error("the copy shares its Undefined list with the original")
	}
	// The copy is rounded, figure by figure, computed here from the
	// original's exact values.
	exact, rounded := in.Rows(), out.Rows()
	if len(exact) != len(rounded) {
		t.Fatalf("%d rows, rounded %d", len(exact), len(rounded))
	}
	changed := 0
	for i, r := range exact {
		want := r.Value
		if r.Percent {
			want = Round(r.Value, r.Decimals)
		}
		if rounded[i].Value != want {
			t.Errorf("%s: rounded %v, want %v (from %v)", r.Key, rounded[i].Value, want, r.Value)
		}
		if rounded[i].Value != r.Value {
			changed++
		}
	}
	if changed == 0 {
		t.Error("no figure of the sample needed rounding: the test proves nothing")
	}
	// The sample's online-payment share, 91.666...%, is published with two decimals.
	if in.OnlinePaymentPct != 91.66666666666667 || out.OnlinePaymentPct != 91.67 {
		t.Errorf("OnlinePaymentPct: original %v, rounded %v; want 91.66666666666667 and 91.67", in.OnlinePaymentPct, out.OnlinePaymentPct)
	}
}

// TestRoundFastPathRoundsThePrintedDigits: Round's fast path on the binary
// value (roundBinary) gives what rounding the printed digits gives
// (roundPrinted), for every figure it answers: shares of small whole
// numbers as the reports compute them, decimals with a 5 in every place
// (the near-halves), and random values of every magnitude up to its limit.
func TestRoundFastPathRoundsThePrintedDigits(t *testing.T) {
	var xs []float64
	for den := 1; den <= 400; den++ {
		for num := 0; num <= den; num++ {
			xs = append(xs, float64(num)*100/float64(den), -float64(num)*100/float64(den))
		}
	}
	for whole := 0; whole <= 2000; whole++ {
		for _, tail := range []float64{0.5, 0.05, 0.005, 0.0005, 0.15, 0.25, 0.35, 0.45, 0.55, 0.65, 0.75, 0.85, 0.95, 0.675, 0.335, 0.125, 0.995} {
			xs = append(xs, float64(whole)+tail, float64(whole)/7+tail)
		}
	}
	rnd := rand.New(rand.NewPCG(1, 2))
	for range 200_000 {
		xs = append(xs, math.Ldexp(rnd.Float64(), rnd.IntN(60)-20))
	}
	answered := 0
	for _, x := range xs {
		for decimals := 0; decimals <= 4; decimals++ {
			got, ok := roundBinary(x, decimals)
			if !ok {
				continue
			}
			answered++
			if want := roundPrinted(x, decimals); got != want || math.Signbit(got) != math.Signbit(want) {
				t.Fatalf("roundBinary(%v, %d) = %v, the printed digits round to %v", x, decimals, got, want)
			}
		}
	}
	if answered < len(xs)*4 {
		t.Errorf("the fast path answered %d of %d roundings", answered, len(xs)*5)
	}
}

// BenchmarkRound rounds a share as the reports do, on the fast path and on
// the printed digits.
func BenchmarkRound(b *testing.B) {
	x := 100 * 7001.0 / 7493
	b.Run("Round", func(b *testing.B) {
		for b.Loop() {
			Round(x, 1)
		}
	})
	b.Run("printed", func(b *testing.B) {
		for b.Loop() {
			roundPrinted(x, 1)
		}
	})
}

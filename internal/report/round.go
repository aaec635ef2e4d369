package report

import (
	"math"
	"slices"
	"strconv"
	"strings"
)

// The number of decimals each figure is published with, as in the figures a
// unit reports (94.5 %, 82.0 %, 98.34 %).
const (
	// PctDecimals is the default for a percentage: one decimal (94.5).
	PctDecimals = 1
	// OnlinePaymentDecimals is the online-payment share's: two decimals
	// (98.34), as published.
	OnlinePaymentDecimals = 2
	// OnTimeOrEarlyDecimals is the share finished on time or early's: two
	// decimals (92.65), as published.
	OnTimeOrEarlyDecimals = 2
	// ScoreDecimals is the Decision 766 points': two decimals (17.05).
	ScoreDecimals = 2
)

// Round returns x rounded to the given number of decimals, half away from
// zero, on the shortest decimal representation of x (the digits
// strconv.FormatFloat(x, 'f', -1, 64) prints): 94.492 → 94.5, 98.335 → 98.34,
// 2.675 → 2.68, -1.25 → -1.3, 99.96 → 100.0. Rounding the printed digits
// rather than the binary value gives what a person rounding the printed
// figure by hand gets. decimals below 0 count as 0; NaN and infinities are
// returned unchanged; a result of zero is +0, never -0.
func Round(x float64, decimals int) float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return x
	}
	decimals = max(decimals, 0)
	if v, ok := roundBinary(x, decimals); ok {
		return v
	}
	return roundPrinted(x, decimals)
}

// pow10 are the powers of ten a float64 holds exactly.
var pow10 = [...]float64{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15}

// roundBinary is Round's fast path, for all but the figures a hair from
// half a unit of the last decimal kept. x is within half a unit in its last
// place of its printed digits, and x scaled by 10^decimals within half a
// unit of the product: below 2^30 the scaled value is within 2^-21 of the
// printed digits scaled, so the two round alike unless it is that close to
// a half. The quotient of a whole number by an exact power of ten is the
// float64 nearest that decimal, which is what parsing its digits gives (and
// x itself when its printed digits have no more decimals than kept). ok is
// false when it cannot tell: a near-half, or a value too large.
func roundBinary(x float64, decimals int) (v float64, ok bool) {
	if decimals >= len(pow10) {
		return 0, false
	}
	p := pow10[decimals]
	y := math.Abs(x) * p
	if y >= 1<<30 {
		return 0, false
	}
	whole := math.Floor(y)
	switch frac := y - whole; {
	case math.Abs(frac-0.5) < 1e-5:
		return 0, false
	case frac > 0.5:
		whole++
	}
	if whole == 0 {
		if x == 0 {
			return x, true // -0 as it is, as roundPrinted leaves it
		}
		return 0, true
	}
	return math.Copysign(whole/p, x), true
}

// roundPrinted rounds the digits strconv prints for x (Round).
func roundPrinted(x float64, decimals int) float64 {
	s := strconv.FormatFloat(math.Abs(x), 'f', -1, 64)
	whole, frac, _ := strings.Cut(s, ".")
	if len(frac) <= decimals {
		return x
	}
	digits := []byte(whole + frac[:decimals])
	if frac[decimals] >= '5' {
		i := len(digits) - 1
		for ; i >= 0 && digits[i] == '9'; i-- {
			digits[i] = '0'
		}
		if i >= 0 {
			digits[i]++
		} else {
			digits = slices.Insert(digits, 0, '1')
		}
	}
	text := string(digits)
	if decimals > 0 {
		cut := len(text) - decimals
		text = text[:cut] + "." + text[cut:]
	}
	v, err := strconv.ParseFloat(text, 64)
	if err != nil || v == 0 {
		// text is digits with at most one point: ParseFloat cannot fail.
		return 0
	}
	return math.Copysign(v, x)
}

// Rounded returns a copy of in with every percentage rounded to its
// published number of decimals (OnlinePaymentDecimals for the online-payment
// share, OnTimeOrEarlyDecimals for the share on time or early, PctDecimals
// for the others). This is what a table, a spreadsheet
// or a JSON answer shows.
func (in Indicators) Rounded() Indicators {
	out := in
	out.Undefined = slices.Clone(in.Undefined)
	for _, pc := range out.percentages() {
		*pc.value = Round(*pc.value, pc.decimals)
	}
	return out
}

// Row is one figure of the indicators, ready for a table or a spreadsheet.
type Row struct {
	Key       string  // the JSON key, e.g. "before_deadline_pct"
	Value     float64 // unrounded; a count is a whole number
	Decimals  int     // published decimals: 0 for a count
	Percent   bool    // Value is a percentage in [0, 100]
	Undefined bool    // a percentage with a zero denominator: show "no data"
}

// Text returns the figure as published: rounded to its decimals, with a
// point as the decimal separator and no percent sign ("94.5", "82.0",
// "98.34", "7008"), or "" when the figure is undefined. Localising the
// separator is the presentation's job.
func (r Row) Text() string {
	if r.Undefined {
		return ""
	}
	return strconv.FormatFloat(Round(r.Value, r.Decimals), 'f', r.Decimals, 64)
}

// Rows returns every figure of in, the counts then the percentages, in a
// fixed order, each with its published number of decimals.
func (in Indicators) Rows() []Row {
	var rows []Row
	for _, c := range in.counts() {
		rows = append(rows, Row{Key: c.key, Value: float64(c.value)})
	}
	for _, pc := range in.percentages() {
		rows = append(rows, Row{
			Key:       pc.key,
			Value:     *pc.value,
			Decimals:  pc.decimals,
			Percent:   true,
			Undefined: slices.Contains(in.Undefined, pc.key),
		})
	}
	return rows
}

// Package report turns the facts of a period and a scope into the published
// indicators of a one-stop department and its Decision 766/QĐ-TTg
// service-quality score.
//
// It is a pure domain package: no SQL, no HTTP, no I/O. The store keeps
// per-day roll-up counters, maintained in the same transaction as each
// dossier change, and sums them for a period and a scope (unit, field,
// procedure, officer) into [Counts]; it counts the pending dossiers at an
// instant into [Pending], and the unit's procedures into [Offer]. This
// package computes:
//
//   - [Compute]: every indicator, one named function per formula
//     ([BeforeDeadlinePct], [OnTimePct], [OverduePct], [DigitisedPct], ...);
//   - [ScoreOf]: the Decision 766 group points under a [Config];
//   - [Round] and [Indicators.Rounded], [Score.Rounded]: the figures as
//     they are published, with a fixed number of decimals per indicator.
//
// Every formula is written once, in words and symbols, with its source, in
// docs/indicators.md.
//
// Percentages are float64 in [0, 100]. A percentage whose denominator is zero
// is 0 and its key is listed in Indicators.Undefined: no formula returns NaN
// or an infinity.
package report

package demo

import (
	"fmt"
	"math"

	"github.com/motcua/motcua/internal/calendar"
)

// Profile is the target of a generated history: what a town's published
// figures say about a period. Generate plans exact quotas from it (how many
// dossiers finish before the deadline, how many are received online, ...)
// so that the report on the period, computed by the real formulas from the
// roll-ups the real dossier transactions maintain, rounds to the published
// figures. Percentages are given as published (94.5 means 94.5 %), and are
// matched after rounding with the report's own rounding (one decimal, two
// for online payment).
//
// To simulate another town, start from BriefProfile and change the figures;
// Validate says what cannot be planned.
type Profile struct {
	// From and To bound the period (Vietnam dates, both included). Every
	// dossier is submitted, received and finished inside it; the report is
	// read over it.
	From, To calendar.Date

	// Finished is the number of dossiers whose processing ended in the
	// period: resolved (V) plus withdrawn (W), the denominator of the three
	// before / on-time / overdue shares. BRIEF: 7,008 "received and
	// resolved".
	Finished int
	// Withdrawn of the Finished dossiers were withdrawn at the applicant's
	// request; they count as on time (docs/indicators.md). BRIEF: 0.
	Withdrawn int
	// Pending dossiers are received in the last working days of the period
	// and still open at its end (with appointments after it). They count as
	// received (R), so in the digitised and online shares. BRIEF: 0, so that
	// received = resolved = 7,008 as the town reports both.
	Pending int
	// Refused dossiers are submitted online and refused before reception:
	// they are in no share (not received). BRIEF: a handful, for realism.
	Refused int

	// BeforePct, OnTimePct and OverduePct are the shares of Finished
	// resolved before the appointment's date, on it (plus the withdrawn), and
	// after it. BRIEF: 94.5, 5.4, 0.1.
	BeforePct, OnTimePct, OverduePct float64
	// OnTimeOrEarlyPct, when not 0, is the share of Finished resolved on
	// time or early (plus the withdrawn), published with two decimals:
	// (V_b + V_t + W) ÷ (V + W). BRIEF: not published (0); the model's
	// 2025: 92.65.
	OnTimeOrEarlyPct float64
	// DigitisedPct is the share of received dossiers with at least one
	// component digitised (or reused) at reception. BRIEF: 82.0.
	DigitisedPct float64
	// OnlinePct is the share of received dossiers submitted online. BRIEF: 87.7.
	OnlinePct float64
	// AssistedPct is the share of the people who came in person (at the
	// counter on paper, or helped by the officer to submit online) whom the
	// officer guided to submit online: R_a ÷ (R_c + R_a). 0 means nobody was
	// (assisted online was not recorded). BRIEF: 0; the model's 2025: 91.
	AssistedPct float64
	// PostShare is the share of the dossiers not submitted online that
	// arrive by post; the rest are handed in at the counter. Not published;
	// BRIEF: 0.05.
	PostShare float64
	// FeeShare is roughly the share of received dossiers that carry a fee
	// (certifications, extract copies, residence, household business); the
	// planner moves it by a few dossiers so that OnlinePaymentPct can be
	// hit exactly. Not published; BRIEF: 0.35.
	FeeShare float64
	// OnlinePaymentPct is the share of fee-bearing dossiers paid online
	// (two decimals). BRIEF: 98.34.
	OnlinePaymentPct float64
	// SatisfactionPct is (resolved − rated "not satisfied" or complained
	// about) ÷ resolved. BRIEF: 99.1.
	SatisfactionPct float64
	// RatedShare is the share of resolved dossiers whose applicant rates the
	// service after the result is returned; it must leave room for the "not
	// satisfied" ratings SatisfactionPct implies. BRIEF: 0.4.
	RatedShare float64
	// SupplementShare is the share of finished dossiers with a limit of
	// three working days or more whose handler asks for a supplement (the clock pauses until the
	// applicant completes the dossier). BRIEF: 0.06.
	SupplementShare float64
	// ApologyShare is the share of overdue dossiers whose handler drafted
	// an apology with a new appointment, approved by a leader before the
	// appointment passed, and which were resolved by the new appointment:
	// those count as resolved per the rules. BRIEF: 1 (every late dossier),
	// which is what makes the town's "100 % processed per the rules".
	ApologyShare float64
	// MinLetters is the number of birth, marriage and death registrations
	// resolved in the period, each of which gets its congratulatory or
	// condolence letter: at least that many letters. BRIEF: "more than 330",
	// 336.
	MinLetters int

	// Mix weighs the procedures by the town's relative volume, by procedure
	// code; a dossier's procedure is drawn from the procedures compatible
	// with its planned fate, channel, fee and letter, in proportion to these
	// weights. Procedures not listed (or weighted 0) are not used; nil means
	// DefaultMix(). The letter procedures (birth, marriage, death) are drawn
	// among themselves for the MinLetters letter dossiers only.
	Mix map[string]int

	// Seed fixes every random choice: the same profile and seed give the
	// same dossiers, codes and figures.
	Seed uint64
}

// BriefProfile returns the figures the town of the product brief reports for 1
// January to 20 October 2024, with the unpublished parameters set to
// plausible values.
func BriefProfile() Profile {
	return Profile{
		From:             calendar.Date{Year: 2024, Month: 1, Day: 1},
		To:               calendar.Date{Year: 2024, Month: 10, Day: 20},
		Finished:         7008,
		Withdrawn:        0,
		Pending:          0,
		Refused:          12,
		BeforePct:        94.5,
		OnTimePct:        5.4,
		OverduePct:       0.1,
		DigitisedPct:     82.0,
		OnlinePct:        87.7,
		PostShare:        0.05,
		FeeShare:         0.35,
		OnlinePaymentPct: 98.34,
		SatisfactionPct:  99.1,
		RatedShare:       0.4,
		SupplementShare:  0.06,
		ApologyShare:     1,
		MinLetters:       336,
		Mix:              DefaultMix(),
		Seed:             20241020,
	}
}

// ModelProfile returns the figures the article gives for the model itself,
// without a period: we take 1 January to 13 May 2025, the day before the
// article (BRIEF.md). 91 % of the people guided to submit online, 92.65 %
// of the dossiers on time or early, 98.11 % paid online, 100 % satisfied.
// The number of dossiers is ours (about the 2024 pace, 2,720 of which
// exactly 200 late make 92.65 %), and so are the unpublished shares.
func ModelProfile() Profile {
	return Profile{
		From:             calendar.Date{Year: 2025, Month: 1, Day: 1},
		To:               calendar.Date{Year: 2025, Month: 5, Day: 13},
		Finished:         2720,
		Withdrawn:        2,
		Pending:          0,
		Refused:          5,
		BeforePct:        85.9,
		OnTimePct:        6.7,
		OverduePct:       7.4,
		OnTimeOrEarlyPct: 92.65,
		DigitisedPct:     85.0,
		OnlinePct:        93.0,
		AssistedPct:      91.0,
		PostShare:        0.05,
		FeeShare:         0.35,
		OnlinePaymentPct: 98.11,
		SatisfactionPct:  100,
		RatedShare:       0.4,
		SupplementShare:  0.06,
		ApologyShare:     1,
		MinLetters:       130,
		Mix:              DefaultMix(),
		Seed:             20250513,
	}
}

// Profiles are the periods the demo town's history covers, in order: the
// brief's 2024 and the model's 2025 (BriefProfile, ModelProfile).
func Profiles() []Profile { return []Profile{BriefProfile(), ModelProfile()} }

// DefaultMix is a commune's plausible volume by procedure of the shipped
// catalogue: certifications first, then civil status and residence. Not a
// published figure.
func DefaultMix() map[string]int {
	return map[string]int{
		// Civil status; the three letter procedures share the letter dossiers.
		"1.001193": 55, "1.000894": 25, "1.000656": 20,
		"1.004772": 1, "1.004884": 1, "1.004746": 1, "1.005461": 1,
		"2.000635": 10, "1.004873": 8, "1.004859": 2, "1.004837": 1, "1.001022": 1,
		// Certification.
		"2.000815": 30, "2.000884": 8, "2.001035": 4, "2.000927": 1,
		// Social protection, residence, land, household business.
		"1.001776": 4, "1.001731": 2,
		"1.004222": 6, "1.003197": 3, "1.004194": 5,
		"1.012812": 1,
		"1.001612": 3,
	}
}

// Validate reports the first thing that makes the profile impossible to
// plan: an empty or reversed period, negative counts, shares outside [0, 1]
// or percentages outside [0, 100], before + on time + overdue not near 100.
func (p Profile) Validate() error {
	if p.From.IsZero() || p.To.IsZero() || p.To.Compare(p.From) < 0 {
		return fmt.Errorf("demo profile: period %s to %s is empty or reversed", p.From, p.To)
	}
	if p.Finished <= 0 {
		return fmt.Errorf("demo profile: Finished must be positive, got %d", p.Finished)
	}
	for name, n := range map[string]int{"Withdrawn": p.Withdrawn, "Pending": p.Pending, "Refused": p.Refused, "MinLetters": p.MinLetters} {
		if n < 0 {
			return fmt.Errorf("demo profile: %s must not be negative, got %d", name, n)
		}
	}
	if p.Withdrawn >= p.Finished {
		return fmt.Errorf("demo profile: %d withdrawn of %d finished leaves none resolved", p.Withdrawn, p.Finished)
	}
	for name, v := range map[string]float64{"BeforePct": p.BeforePct, "OnTimePct": p.OnTimePct, "OverduePct": p.OverduePct,
		"DigitisedPct": p.DigitisedPct, "OnlinePct": p.OnlinePct, "OnlinePaymentPct": p.OnlinePaymentPct,
		"SatisfactionPct": p.SatisfactionPct, "OnTimeOrEarlyPct": p.OnTimeOrEarlyPct, "AssistedPct": p.AssistedPct} {
		if math.IsNaN(v) || v < 0 || v > 100 {
			return fmt.Errorf("demo profile: %s %v is not a percentage", name, v)
		}
	}
	for name, v := range map[string]float64{"PostShare": p.PostShare, "FeeShare": p.FeeShare, "RatedShare": p.RatedShare,
		"SupplementShare": p.SupplementShare, "ApologyShare": p.ApologyShare} {
		if math.IsNaN(v) || v < 0 || v > 1 {
			return fmt.Errorf("demo profile: %s %v is not a share between 0 and 1", name, v)
		}
	}
	if s := p.BeforePct + p.OnTimePct + p.OverduePct; math.Abs(s-100) > 0.3 {
		return fmt.Errorf("demo profile: before + on time + overdue = %v %%, not 100", s)
	}
	return nil
}

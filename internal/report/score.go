package report

import (
	"errors"
	"fmt"
	"math"
)

// Criterion is one scored part of a Decision 766 group: the points it is
// worth and the share at which it earns them all.
type Criterion struct {
	// Points is the most the criterion earns.
	Points float64 `json:"points"`
	// Target is the share, in (0, 1], at and above which the criterion earns
	// all its Points; below it the points fall linearly to 0 at a share of
	// 0: Points × min(1, share ÷ Target). A Target of 1 makes the points
	// proportional to the share.
	Target float64 `json:"target"`
}

// earned returns the points c earns for a percentage pct (0–100).
func (c Criterion) earned(pct float64) float64 {
	if c.Target <= 0 || pct >= 100*c.Target {
		return c.Points
	}
	return c.Points * max(0, pct/100/c.Target)
}

// Config is the Decision 766/QĐ-TTg scoring: the points and target of every
// criterion, in the five groups of the published decision. A group's weight
// is the sum of its criteria's points; the weights add up to 100. The split
// of a group between its criteria, the targets and PublishWithinDays are
// unverified: they are configuration, with DefaultConfig as the starting
// point (docs/indicators.md).
type Config struct {
	// Public transparency: procedures posted publicly with complete
	// information (ProceduresPublishedPct), published in time after their
	// legal basis takes effect (ProceduresPublishedTimelyPct), and dossiers
	// whose record reached the national portal (SyncedPct).
	ProceduresPublished       Criterion `json:"procedures_published"`
	ProceduresPublishedTimely Criterion `json:"procedures_published_timely"`
	DossiersSynced            Criterion `json:"dossiers_synced"`
	// Progress and results: ProgressPct.
	Progress Criterion `json:"progress"`
	// Digitisation: DigitisedPct, ElectronicResultPct and ReusePct.
	Digitised        Criterion `json:"digitised"`
	ElectronicResult Criterion `json:"electronic_result"`
	Reuse            Criterion `json:"reuse"`
	// Online services: procedures offered online (ProceduresOnlinePct),
	// dossiers received online (OnlinePct) and paid online
	// (OnlinePaymentPct).
	ProceduresOnline Criterion `json:"procedures_online"`
	ReceivedOnline   Criterion `json:"received_online"`
	OnlinePayment    Criterion `json:"online_payment"`
	// Satisfaction: with the handling of procedures (SatisfactionPct), and
	// with the handling of feedback and petitions: answered on time
	// (FeedbackOnTimePct) and rated satisfied (FeedbackSatisfiedPct).
	Satisfaction         Criterion `json:"satisfaction"`
	FeedbackOnTime       Criterion `json:"feedback_on_time"`
	FeedbackSatisfaction Criterion `json:"feedback_satisfaction"`

	// PublishWithinDays is how many calendar days after its legal basis
	// takes effect a procedure version may be published and still count as
	// published in time (see PublishedInTime). [ours, unverified]
	PublishWithinDays int `json:"publish_within_days"`
	// MinAvailablePoints is the least number of points whose criteria must
	// have data for the score to have a total: below it (say an empty
	// period, where only the catalogue's criteria have data) the total shows
	// "no data" rather than a figure over a few points. [ours, unverified]
	MinAvailablePoints float64 `json:"min_available_points"`
}

// DefaultConfig returns the scoring this package starts with: the five
// groups of Decision 766 as published, transparency 18, progress 20,
// digitisation 22, online services 22, satisfaction 18; satisfaction split
// 6 for procedures and 6 + 6 for the handling of feedback (on time,
// satisfied) [reported]; transparency split 6 + 6 + 6 between published,
// published in time and synced [unverified: our choice]; digitisation
// 8 + 7 + 7 between digitised dossiers, electronic results and reuse
// [unverified: our choice]; online services 6 + 6 + 10 between procedures
// online, dossiers online and online payment [unverified: our choice];
// every Target 1 (points proportional to the share); a procedure published
// in time within 5 days of its legal basis taking effect [unverified].
func DefaultConfig() Config {
	proportional := func(points float64) Criterion { return Criterion{Points: points, Target: 1} }
	return Config{
		ProceduresPublished:       proportional(6),
		ProceduresPublishedTimely: proportional(6),
		DossiersSynced:            proportional(6),
		Progress:                  proportional(20),
		Digitised:                 proportional(8),
		ElectronicResult:          proportional(7),
		Reuse:                     proportional(7),
		ProceduresOnline:          proportional(6),
		ReceivedOnline:            proportional(6),
		OnlinePayment:             proportional(10),
		Satisfaction:              proportional(6),
		FeedbackOnTime:            proportional(6),
		FeedbackSatisfaction:      proportional(6),
		PublishWithinDays:         5,
		MinAvailablePoints:        50,
	}
}

// criterion ties a criterion of Config to its key, its group, its share and
// the decimals of that share.
type criterion struct {
	key, group string
	c          Criterion
	share      share
	decimals   int
}

// criteria lists the criteria of cfg, in the order of Score.Criteria.
func (cfg Config) criteria() []criterion {
	return []criterion{
		{"procedures_published", "transparency", cfg.ProceduresPublished, ofOffer(ProceduresPublishedPct), PctDecimals},
		{"procedures_published_timely", "transparency", cfg.ProceduresPublishedTimely, ofOffer(ProceduresPublishedTimelyPct), PctDecimals},
		{"dossiers_synced", "transparency", cfg.DossiersSynced, ofCounts(SyncedPct), PctDecimals},
		{"progress", "progress", cfg.Progress, share{facts: progressShare}, PctDecimals},
		{"digitised", "digitisation", cfg.Digitised, ofCounts(DigitisedPct), PctDecimals},
		{"electronic_result", "digitisation", cfg.ElectronicResult, ofCounts(ElectronicResultPct), PctDecimals},
		{"reuse", "digitisation", cfg.Reuse, ofCounts(ReusePct), PctDecimals},
		{"procedures_online", "online", cfg.ProceduresOnline, ofOffer(ProceduresOnlinePct), PctDecimals},
		{"received_online", "online", cfg.ReceivedOnline, ofCounts(OnlinePct), PctDecimals},
		{"online_payment", "online", cfg.OnlinePayment, ofCounts(OnlinePaymentPct), OnlinePaymentDecimals},
		{"satisfaction", "satisfaction", cfg.Satisfaction, ofCounts(SatisfactionPct), PctDecimals},
		{"feedback_on_time", "satisfaction", cfg.FeedbackOnTime, ofFeedback(FeedbackOnTimePct), PctDecimals},
		{"feedback_satisfaction", "satisfaction", cfg.FeedbackSatisfaction, ofFeedback(FeedbackSatisfiedPct), PctDecimals},
	}
}

// Validate reports, joined in one error, every criterion whose Points is
// negative or not finite or whose Target is outside (0, 1], points that do
// not add up to 100 (within 1e-9), and a negative PublishWithinDays. It
// returns nil for a usable Config.
func (cfg Config) Validate() error {
	var errs []error
	total := 0.0
	for _, k := range cfg.criteria() {
		if math.IsNaN(k.c.Points) || math.IsInf(k.c.Points, 0) || k.c.Points < 0 {
			errs = append(errs, fmt.Errorf("%s: points %v must be a number ≥ 0", k.key, k.c.Points))
		}
		if !(k.c.Target > 0 && k.c.Target <= 1) {
			errs = append(errs, fmt.Errorf("%s: target %v must be in (0, 1]", k.key, k.c.Target))
		}
		total += k.c.Points
	}
	if math.Abs(total-100) > 1e-9 {
		errs = append(errs, fmt.Errorf("the points of the criteria add up to %v, not 100", total))
	}
	if !(cfg.MinAvailablePoints >= 0 && cfg.MinAvailablePoints <= 100) {
		errs = append(errs, fmt.Errorf("min_available_points: %v must be in [0, 100]", cfg.MinAvailablePoints))
	}
	if cfg.PublishWithinDays < 0 {
		errs = append(errs, fmt.Errorf("publish_within_days: %d must be ≥ 0", cfg.PublishWithinDays))
	}
	return errors.Join(errs...)
}

// CriterionScore is what one criterion earned. A criterion without data
// (its share has a zero denominator) has Undefined set, Pct and Points 0,
// and is left out of the total: it shows "no data", never points.
type CriterionScore struct {
	Key       string  `json:"key"`       // as in Config's JSON, e.g. "online_payment"
	Group     string  `json:"group"`     // the Score field's JSON key, e.g. "online"
	Pct       float64 `json:"pct"`       // the share it is scored on, 0–100
	Undefined bool    `json:"undefined"` // no data: the share had a zero denominator
	Points    float64 `json:"points"`    // earned; 0 when Undefined
	Max       float64 `json:"max"`       // Config's Points
}

// Score is a Decision 766 service-quality score: the points earned by each
// of the five groups, and the total out of 100 over the criteria with data.
type Score struct {
	Transparency float64 `json:"transparency"`
	Progress     float64 `json:"progress"`
	Digitisation float64 `json:"digitisation"`
	Online       float64 `json:"online"`
	Satisfaction float64 `json:"satisfaction"`
	// Earned is the sum of the points of the criteria with data, out of
	// Available, the sum of their maximum points (100 when every criterion
	// has data).
	Earned    float64 `json:"earned"`
	Available float64 `json:"available"`
	// Total is Earned ÷ Available × 100: the score out of 100 over the
	// criteria with data. When no criterion has data, or those with data
	// are worth fewer than Config.MinAvailablePoints, Total is 0 and
	// Undefined is set: the score shows "no data".
	Total     float64 `json:"total"`
	Undefined bool    `json:"undefined"`
	// NoData lists the keys of the criteria without data, in order.
	NoData []string `json:"no_data"`
	// Criteria details every criterion, in the order of Config's fields.
	Criteria []CriterionScore `json:"criteria"`
}

// ScoreOf returns the Decision 766 score of f under cfg, unrounded. Each
// criterion with data earns Points × min(1, share ÷ Target), the share being
// the indicator named in Config; a criterion without data earns nothing and
// is left out; a group earns the sum of its criteria; Total is the points
// earned ÷ the points of the criteria with data × 100, undefined when those
// points are fewer than cfg.MinAvailablePoints. cfg should satisfy
// Validate; ScoreOf does not check it: a Target ≤ 0 gives full points, and
// no input gives NaN.
func ScoreOf(f Facts, cfg Config) Score {
	list := cfg.criteria()
	s := Score{NoData: []string{}, Criteria: make([]CriterionScore, 0, len(list))}
	group := func(name string) *float64 {
		switch name {
		case "transparency":
			return &s.Transparency
		case "progress":
			return &s.Progress
		case "digitisation":
			return &s.Digitisation
		case "online":
			return &s.Online
		case "satisfaction":
			return &s.Satisfaction
		}
		panic("report: criterion group " + name) // criteria() names only these
	}
	for _, k := range list {
		pct, ok := k.share.of(f)
		cs := CriterionScore{Key: k.key, Group: k.group, Undefined: !ok, Max: k.c.Points}
		if ok {
			cs.Pct, cs.Points = pct, k.c.earned(pct)
			*group(k.group) += cs.Points
			s.Earned += cs.Points
			s.Available += k.c.Points
		} else {
			s.NoData = append(s.NoData, k.key)
		}
		s.Criteria = append(s.Criteria, cs)
	}
	if s.Available > 0 && s.Available >= cfg.MinAvailablePoints {
		s.Total = min(100, s.Earned*100/s.Available)
	} else {
		s.Undefined = true
	}
	return s
}

// Rounded returns a copy of s with every figure rounded as published:
// points to ScoreDecimals, shares to their indicator's decimals
// (OnlinePaymentDecimals for online payment, PctDecimals for the others).
// The total is rounded from the unrounded quotient, so it may differ from
// one computed from the rounded groups by a few hundredths.
func (s Score) Rounded() Score {
	out := s
	for _, p := range []*float64{
		&out.Transparency, &out.Progress, &out.Digitisation, &out.Online, &out.Satisfaction,
		&out.Earned, &out.Available, &out.Total,
	} {
		*p = Round(*p, ScoreDecimals)
	}
	out.NoData = append([]string{}, s.NoData...)
	out.Criteria = make([]CriterionScore, len(s.Criteria))
	for i, k := range s.Criteria {
		decimals := PctDecimals
		if k.Key == "online_payment" {
			decimals = OnlinePaymentDecimals
		}
		k.Pct = Round(k.Pct, decimals)
		k.Points = Round(k.Points, ScoreDecimals)
		k.Max = Round(k.Max, ScoreDecimals)
		out.Criteria[i] = k
	}
	return out
}

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

// earned returns the points c earns for a percentage pct (0–100) with a
// defined denominator, or for an undefined one under the config's rule.
func (c Criterion) earned(pct float64, ok, undefinedEarnsFull bool) float64 {
	if !ok {
		if undefinedEarnsFull {
			return c.Points
		}
		return 0
	}
	if c.Target <= 0 || pct >= 100*c.Target {
		return c.Points
	}
	return c.Points * max(0, pct/100/c.Target)
}

// Config is the Decision 766/QĐ-TTg scoring: the points and target of every
// criterion. A group's weight is the sum of its criteria's points; the
// weights add up to 100. The weights, the split of a group between its
// criteria, the targets and UndefinedEarnsFull are all unverified: they are
// configuration, with DefaultConfig as the starting point.
type Config struct {
	// Public transparency: procedures posted publicly with complete
	// information (ProceduresPublishedPct) and dossiers whose record reached
	// the national portal, where the applicant can follow them (SyncedPct).
	ProceduresPublished Criterion `json:"procedures_published"`
	DossiersSynced      Criterion `json:"dossiers_synced"`
	// Progress and results: ProgressPct.
	Progress Criterion `json:"progress"`
	// Online service: procedures offered online (ProceduresOnlinePct) and
	// dossiers received online (OnlinePct).
	ProceduresOnline Criterion `json:"procedures_online"`
	ReceivedOnline   Criterion `json:"received_online"`
	// Online payment: OnlinePaymentPct.
	OnlinePayment Criterion `json:"online_payment"`
	// Digitisation: DigitisedPct, ElectronicResultPct and ReusePct.
	Digitised        Criterion `json:"digitised"`
	ElectronicResult Criterion `json:"electronic_result"`
	Reuse            Criterion `json:"reuse"`
	// Satisfaction: SatisfactionPct.
	Satisfaction Criterion `json:"satisfaction"`

	// UndefinedEarnsFull says what a criterion earns when its share is
	// undefined (a zero denominator: no fee-bearing dossier, no dossier
	// received, ...): all its points when true (nothing was done badly),
	// none when false.
	UndefinedEarnsFull bool `json:"undefined_earns_full"`
}

// DefaultConfig returns the scoring this package starts with: group weights
// transparency 18, progress 20, online service 12, online payment 10,
// digitisation 22, satisfaction 18 [unverified]; transparency split 9 + 9
// between published procedures and synced dossiers [unverified: our
// choice]; online service split 6 + 6 between procedures offered online and
// dossiers received online [unverified: our choice]; digitisation split
// 8 + 7 + 7 between digitised dossiers, electronic results and reuse
// [unverified: our choice]; every Target 1 (points proportional to the
// share); an undefined share earns full points [unverified: our choice].
func DefaultConfig() Config {
	proportional := func(points float64) Criterion { return Criterion{Points: points, Target: 1} }
	return Config{
		ProceduresPublished: proportional(9),
		DossiersSynced:      proportional(9),
		Progress:            proportional(20),
		ProceduresOnline:    proportional(6),
		ReceivedOnline:      proportional(6),
		OnlinePayment:       proportional(10),
		Digitised:           proportional(8),
		ElectronicResult:    proportional(7),
		Reuse:               proportional(7),
		Satisfaction:        proportional(18),
		UndefinedEarnsFull:  true,
	}
}

type namedCriterion struct {
	key string
	c   Criterion
}

// criteria lists the criteria of cfg with their keys, in the order of
// Score.Criteria.
func (cfg Config) criteria() []namedCriterion {
	return []namedCriterion{
		{"procedures_published", cfg.ProceduresPublished},
		{"dossiers_synced", cfg.DossiersSynced},
		{"progress", cfg.Progress},
		{"procedures_online", cfg.ProceduresOnline},
		{"received_online", cfg.ReceivedOnline},
		{"online_payment", cfg.OnlinePayment},
		{"digitised", cfg.Digitised},
		{"electronic_result", cfg.ElectronicResult},
		{"reuse", cfg.Reuse},
		{"satisfaction", cfg.Satisfaction},
	}
}

// Validate reports, joined in one error, every criterion whose Points is
// negative or not finite or whose Target is outside (0, 1], and points that
// do not add up to 100 (within 1e-9). It returns nil for a usable Config.
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
	return errors.Join(errs...)
}

// CriterionScore is what one criterion earned.
type CriterionScore struct {
	Key       string  `json:"key"`       // as in Config's JSON, e.g. "online_payment"
	Group     string  `json:"group"`     // the Score field's JSON key, e.g. "online_service"
	Pct       float64 `json:"pct"`       // the share it is scored on, 0–100
	Undefined bool    `json:"undefined"` // the share had a zero denominator
	Points    float64 `json:"points"`    // earned
	Max       float64 `json:"max"`       // Config's Points
}

// Score is a Decision 766 service-quality score: the points earned by each
// group and their total out of 100.
type Score struct {
	Transparency  float64 `json:"transparency"`
	Progress      float64 `json:"progress"`
	OnlineService float64 `json:"online_service"`
	OnlinePayment float64 `json:"online_payment"`
	Digitisation  float64 `json:"digitisation"`
	Satisfaction  float64 `json:"satisfaction"`
	// Total is the sum of the six groups, out of 100.
	Total float64 `json:"total"`
	// Criteria details every criterion, in the order of Config's fields.
	Criteria []CriterionScore `json:"criteria"`
}

// ScoreOf returns the Decision 766 score of f under cfg, unrounded. Each
// criterion earns Points × min(1, share ÷ Target), the share being the
// indicator named in Config; a group earns the sum of its criteria; Total
// is the sum of the groups. cfg should satisfy Validate; ScoreOf does not
// check it: a Target ≤ 0 gives full points, and no input gives NaN.
func ScoreOf(f Facts, cfg Config) Score {
	c, p, o := f.Counts, f.Pending, f.Offer
	var s Score
	add := func(key, group string, dst *float64, k Criterion, pct float64, ok bool) {
		pts := k.earned(pct, ok, cfg.UndefinedEarnsFull)
		*dst += pts
		s.Total += pts
		s.Criteria = append(s.Criteria, CriterionScore{
			Key: key, Group: group, Pct: pct, Undefined: !ok, Points: pts, Max: k.Points,
		})
	}
	pct, ok := ProceduresPublishedPct(o)
	add("procedures_published", "transparency", &s.Transparency, cfg.ProceduresPublished, pct, ok)
	pct, ok = SyncedPct(c)
	add("dossiers_synced", "transparency", &s.Transparency, cfg.DossiersSynced, pct, ok)
	pct, ok = ProgressPct(c, p)
	add("progress", "progress", &s.Progress, cfg.Progress, pct, ok)
	pct, ok = ProceduresOnlinePct(o)
	add("procedures_online", "online_service", &s.OnlineService, cfg.ProceduresOnline, pct, ok)
	pct, ok = OnlinePct(c)
	add("received_online", "online_service", &s.OnlineService, cfg.ReceivedOnline, pct, ok)
	pct, ok = OnlinePaymentPct(c)
	add("online_payment", "online_payment", &s.OnlinePayment, cfg.OnlinePayment, pct, ok)
	pct, ok = DigitisedPct(c)
	add("digitised", "digitisation", &s.Digitisation, cfg.Digitised, pct, ok)
	pct, ok = ElectronicResultPct(c)
	add("electronic_result", "digitisation", &s.Digitisation, cfg.ElectronicResult, pct, ok)
	pct, ok = ReusePct(c)
	add("reuse", "digitisation", &s.Digitisation, cfg.Reuse, pct, ok)
	pct, ok = SatisfactionPct(c)
	add("satisfaction", "satisfaction", &s.Satisfaction, cfg.Satisfaction, pct, ok)
	return s
}

// Rounded returns a copy of s with every figure rounded as published:
// points to ScoreDecimals, shares to their indicator's decimals
// (OnlinePaymentDecimals for online payment, PctDecimals for the others).
// The total is rounded from the unrounded sum, so the rounded groups may
// differ from it by a few hundredths.
func (s Score) Rounded() Score {
	out := s
	for _, p := range []*float64{
		&out.Transparency, &out.Progress, &out.OnlineService,
		&out.OnlinePayment, &out.Digitisation, &out.Satisfaction, &out.Total,
	} {
		*p = Round(*p, ScoreDecimals)
	}
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

package report

// Each formula below returns a percentage in [0, 100] and ok == true, or
// 0 and ok == false when its denominator is zero (the indicator is undefined
// for the period and scope: nothing to measure). A numerator larger than its
// denominator (possible only when the two are dated by different events, see
// ProgressPct) is capped at 100 %; a negative one gives 0.

// percent returns num ÷ den × 100 capped to [0, 100], or 0, false when den
// is not positive. It multiplies before dividing, so that the result is the
// float64 nearest the exact quotient and Round sees the exact decimals (for
// example 4917 ÷ 5000 gives exactly the float64 printed 98.34).
func percent(num, den int64) (float64, bool) {
	if den <= 0 {
		return 0, false
	}
	if num <= 0 {
		return 0, true
	}
	if num >= den {
		return 100, true
	}
	return float64(num) * 100 / float64(den), true
}

// finished returns the dossiers whose processing ended in the period, the
// denominator of the before/on-time/overdue shares: resolved plus withdrawn.
func finished(c Counts) int64 { return c.Resolved + c.Withdrawn }

// BeforeDeadlinePct is the share of dossiers finished before their deadline:
// ResolvedBefore ÷ (Resolved + Withdrawn) × 100. [practice]
//
// Withdrawn dossiers count as on time (DOMAIN.md, "Time limits"), so they are
// in the denominator of the three shares and in the numerator of OnTimePct:
// BeforeDeadlinePct + OnTimePct + OverduePct = 100 whenever Resolved is
// split consistently.
func BeforeDeadlinePct(c Counts) (float64, bool) {
	return percent(c.ResolvedBefore, finished(c))
}

// OnTimePct is the share of dossiers finished on the due date:
// (ResolvedOnTime + Withdrawn) ÷ (Resolved + Withdrawn) × 100. [practice]
func OnTimePct(c Counts) (float64, bool) {
	return percent(c.ResolvedOnTime+c.Withdrawn, finished(c))
}

// OverduePct is the share of dossiers finished late:
// ResolvedOverdue ÷ (Resolved + Withdrawn) × 100. [practice]
func OverduePct(c Counts) (float64, bool) {
	return percent(c.ResolvedOverdue, finished(c))
}

// OnTimeOrEarlyPct is the share of dossiers finished on time or early, the
// complement of OverduePct: (ResolvedBefore + ResolvedOnTime + Withdrawn) ÷
// (Resolved + Withdrawn) × 100, published with two decimals (92.65 %,
// OnTimeOrEarlyDecimals). [practice]
func OnTimeOrEarlyPct(c Counts) (float64, bool) {
	return percent(c.ResolvedBefore+c.ResolvedOnTime+c.Withdrawn, finished(c))
}

// DigitisedPct is the share of received dossiers with at least one
// digitised component: ReceivedWithDigitised ÷ Received × 100.
// [law: Circular 01/2023/TT-VPCP]
func DigitisedPct(c Counts) (float64, bool) {
	return percent(c.ReceivedWithDigitised, c.Received)
}

// ElectronicResultPct is the share of resolved dossiers with an electronic
// result: ResolvedWithElectronicResult ÷ Resolved × 100.
// [law: Circular 01/2023/TT-VPCP]
func ElectronicResultPct(c Counts) (float64, bool) {
	return percent(c.ResolvedWithElectronicResult, c.Resolved)
}

// ReusePct is the share of received dossiers reusing data (the citizen's
// data store or another dossier's result): ReceivedReusingData ÷ Received ×
// 100. [law: Circular 01/2023/TT-VPCP]
func ReusePct(c Counts) (float64, bool) {
	return percent(c.ReceivedReusingData, c.Received)
}

// OnlinePct is the share of dossiers received online:
// ReceivedOnline ÷ Received × 100. [practice]
func OnlinePct(c Counts) (float64, bool) {
	return percent(c.ReceivedOnline, c.Received)
}

// AssistedOnlinePct is the share of the people who came to the counter
// whom an officer guided to submit online: ReceivedAssisted ÷
// (ReceivedCounter + ReceivedAssisted) × 100. [ours: our reading of "người
// dân được hướng dẫn nộp hồ sơ trực tuyến", docs/indicators.md]
//
// The denominator is the dossiers handed in person: on paper at the counter
// or online with an officer's help. Dossiers submitted online from home and
// postal ones are in neither.
func AssistedOnlinePct(c Counts) (float64, bool) {
	return percent(c.ReceivedAssisted, c.ReceivedCounter+c.ReceivedAssisted)
}

// ProceduresOnlinePct is the share of the scope's procedures offered online,
// fully or partly: ProceduresOnline ÷ ProceduresTotal × 100. [practice]
func ProceduresOnlinePct(o Offer) (float64, bool) {
	return percent(o.ProceduresOnline, o.ProceduresTotal)
}

// ProceduresPublishedPct is the share of the scope's procedures posted
// publicly with complete information:
// ProceduresPublished ÷ ProceduresTotal × 100. [law: procedures, fees, time
// limits and competence must be posted publicly]
func ProceduresPublishedPct(o Offer) (float64, bool) {
	return percent(o.ProceduresPublished, o.ProceduresTotal)
}

// SyncedPct is the share of received dossiers whose record reached the
// national portal: ReceivedSynced ÷ Received × 100. [practice]
func SyncedPct(c Counts) (float64, bool) {
	return percent(c.ReceivedSynced, c.Received)
}

// OnlinePaymentPct is the share of fee-bearing dossiers paid online:
// PaidOnline ÷ FeeBearing × 100. [practice]
func OnlinePaymentPct(c Counts) (float64, bool) {
	return percent(c.PaidOnline, c.FeeBearing)
}

// SatisfactionPct is the citizens' and businesses' satisfaction, the
// Decision 766 formula: (UnderCompetence − NotSatisfiedOrComplained) ÷
// UnderCompetence × 100. [law: Decision 766/QĐ-TTg]
//
// A dossier nobody rated counts as satisfied: only a "not satisfied" rating
// or a complaint takes it out of the numerator.
func SatisfactionPct(c Counts) (float64, bool) {
	return percent(c.UnderCompetence-c.NotSatisfiedOrComplained, c.UnderCompetence)
}

// RatedSatisfiedPct is the share of ratings that are "very satisfied" or
// "satisfied": (RatedVerySatisfied + RatedSatisfied) ÷ Rated × 100. It
// describes the ratings themselves, not the Decision 766 satisfaction.
// [practice]
func RatedSatisfiedPct(c Counts) (float64, bool) {
	return percent(c.RatedVerySatisfied+c.RatedSatisfied, c.Rated)
}

// ResolvedPerRulesPct is the share of the dossiers under the scope's
// competence resolved and returned per the rules (not overdue):
// ResolvedPerRules ÷ UnderCompetence × 100. [practice]
func ResolvedPerRulesPct(c Counts) (float64, bool) {
	return percent(c.ResolvedPerRules, c.UnderCompetence)
}

// ProgressPct is the share used for the Decision 766 "progress and results"
// group: (Pending.InTime + Pending.InSupplement + ResolvedBefore +
// ResolvedOnTime + Withdrawn) ÷ Received × 100. [practice: a production
// provincial system]
//
// The numerator mixes dossiers received before the period (pending or
// finished in it) with a denominator of dossiers received in it, so it can
// exceed the denominator; the share is then capped at 100 %.
func ProgressPct(c Counts, p Pending) (float64, bool) {
	num := p.InTime + p.InSupplement + c.ResolvedBefore + c.ResolvedOnTime + c.Withdrawn
	return percent(num, c.Received)
}

// Indicators are the published figures of a period and a scope. Compute
// fills them unrounded (for charts and further arithmetic);
// [Indicators.Rounded] gives the figures as published, and is what a table,
// a spreadsheet or a JSON answer shows.
type Indicators struct {
	// The facts, from Counts (embedded: its JSON keys stand at the top
	// level), Pending and Offer.
	Counts
	PendingInTime       int64 `json:"pending_in_time"`
	PendingDueSoon      int64 `json:"pending_due_soon"`
	PendingOverdue      int64 `json:"pending_overdue"`
	PendingInSupplement int64 `json:"pending_in_supplement"`
	PendingTotal        int64 `json:"pending_total"`
	ProceduresTotal     int64 `json:"procedures_total"`
	ProceduresOnline    int64 `json:"procedures_online"`
	ProceduresPublished int64 `json:"procedures_published"`
	// From Offer and Feedback.
	ProceduresDated           int64 `json:"procedures_dated"`
	ProceduresPublishedTimely int64 `json:"procedures_published_timely"`
	Feedback

	// The percentages, each from the function of the same name.
	BeforeDeadlinePct      float64 `json:"before_deadline_pct"`
	OnTimePct              float64 `json:"on_time_pct"`
	OverduePct             float64 `json:"overdue_pct"`
	OnTimeOrEarlyPct       float64 `json:"on_time_or_early_pct"`
	DigitisedPct           float64 `json:"digitised_pct"`
	ElectronicResultPct    float64 `json:"electronic_result_pct"`
	ReusePct               float64 `json:"reuse_pct"`
	SyncedPct              float64 `json:"synced_pct"`
	OnlinePct              float64 `json:"online_pct"`
	AssistedOnlinePct      float64 `json:"assisted_online_pct"`
	ProceduresOnlinePct    float64 `json:"procedures_online_pct"`
	ProceduresPublishedPct float64 `json:"procedures_published_pct"`
	OnlinePaymentPct       float64 `json:"online_payment_pct"`
	SatisfactionPct        float64 `json:"satisfaction_pct"`
	RatedSatisfiedPct      float64 `json:"rated_satisfied_pct"`
	ResolvedPerRulesPct    float64 `json:"resolved_per_rules_pct"`
	ProgressPct            float64 `json:"progress_pct"`
	// The Decision 766 shares of the publication of procedures and of the
	// handling of feedback, each from the function of the same name.
	ProceduresPublishedTimelyPct float64 `json:"procedures_published_timely_pct"`
	FeedbackOnTimePct            float64 `json:"feedback_on_time_pct"`
	FeedbackSatisfiedPct         float64 `json:"feedback_satisfied_pct"`

	// Undefined lists, in the order of Rows, the JSON keys of the
	// percentages whose denominator is zero; those are 0 and should be shown
	// as "no data" (for example "—"), not as 0 %.
	Undefined []string `json:"undefined,omitempty"`
}

// Compute returns the indicators of f, unrounded. It is a pure function of
// its argument.
func Compute(f Facts) Indicators {
	c, p, o := f.Counts, f.Pending, f.Offer
	in := Indicators{
		Counts:              c,
		PendingInTime:       p.InTime,
		PendingDueSoon:      p.DueSoon,
		PendingOverdue:      p.Overdue,
		PendingInSupplement: p.InSupplement,
		PendingTotal:        p.Total(),
		ProceduresTotal:     o.ProceduresTotal,
		ProceduresOnline:    o.ProceduresOnline,
		ProceduresPublished: o.ProceduresPublished,

		ProceduresDated:           o.ProceduresDated,
		ProceduresPublishedTimely: o.ProceduresPublishedTimely,
		Feedback:                  f.Feedback,
	}
	for _, pc := range in.percentages() {
		v, ok := pc.formula.of(f)
		*pc.value = v
		if !ok {
			in.Undefined = append(in.Undefined, pc.key)
		}
	}
	return in
}

// percentage ties a percentage of Indicators to its JSON key, its formula
// and the number of decimals it is published with.
type percentage struct {
	key      string
	value    *float64
	formula  share
	decimals int
}

// percentages lists the percentages of in, in the order of Rows: the one
// table that Compute, Rounded and Rows share.
func (in *Indicators) percentages() []percentage {
	return []percentage{
		{"before_deadline_pct", &in.BeforeDeadlinePct, ofCounts(BeforeDeadlinePct), PctDecimals},
		{"on_time_pct", &in.OnTimePct, ofCounts(OnTimePct), PctDecimals},
		{"overdue_pct", &in.OverduePct, ofCounts(OverduePct), PctDecimals},
		{"on_time_or_early_pct", &in.OnTimeOrEarlyPct, ofCounts(OnTimeOrEarlyPct), OnTimeOrEarlyDecimals},
		{"digitised_pct", &in.DigitisedPct, ofCounts(DigitisedPct), PctDecimals},
		{"electronic_result_pct", &in.ElectronicResultPct, ofCounts(ElectronicResultPct), PctDecimals},
		{"reuse_pct", &in.ReusePct, ofCounts(ReusePct), PctDecimals},
		{"synced_pct", &in.SyncedPct, ofCounts(SyncedPct), PctDecimals},
		{"online_pct", &in.OnlinePct, ofCounts(OnlinePct), PctDecimals},
		{"assisted_online_pct", &in.AssistedOnlinePct, ofCounts(AssistedOnlinePct), PctDecimals},
		{"procedures_online_pct", &in.ProceduresOnlinePct, ofOffer(ProceduresOnlinePct), PctDecimals},
		{"procedures_published_pct", &in.ProceduresPublishedPct, ofOffer(ProceduresPublishedPct), PctDecimals},
		{"online_payment_pct", &in.OnlinePaymentPct, ofCounts(OnlinePaymentPct), OnlinePaymentDecimals},
		{"satisfaction_pct", &in.SatisfactionPct, ofCounts(SatisfactionPct), PctDecimals},
		{"rated_satisfied_pct", &in.RatedSatisfiedPct, ofCounts(RatedSatisfiedPct), PctDecimals},
		{"resolved_per_rules_pct", &in.ResolvedPerRulesPct, ofCounts(ResolvedPerRulesPct), PctDecimals},
		{"progress_pct", &in.ProgressPct, share{facts: progressShare}, PctDecimals},
		{"procedures_published_timely_pct", &in.ProceduresPublishedTimelyPct, ofOffer(ProceduresPublishedTimelyPct), PctDecimals},
		{"feedback_on_time_pct", &in.FeedbackOnTimePct, ofFeedback(FeedbackOnTimePct), PctDecimals},
		{"feedback_satisfied_pct", &in.FeedbackSatisfiedPct, ofFeedback(FeedbackSatisfiedPct), PctDecimals},
	}
}

// share is a percentage's formula over the facts it needs, one of them set.
// A value, where a closure over the formula was made (and allocated) on
// each of the tables' uses: a province's page computes every commune's.
type share struct {
	counts   func(Counts) (float64, bool)
	offer    func(Offer) (float64, bool)
	feedback func(Feedback) (float64, bool)
	facts    func(Facts) (float64, bool)
}

func (s share) of(f Facts) (float64, bool) {
	switch {
	case s.counts != nil:
		return s.counts(f.Counts)
	case s.offer != nil:
		return s.offer(f.Offer)
	case s.feedback != nil:
		return s.feedback(f.Feedback)
	}
	return s.facts(f)
}

func ofCounts(formula func(Counts) (float64, bool)) share { return share{counts: formula} }

func ofOffer(formula func(Offer) (float64, bool)) share { return share{offer: formula} }

func progressShare(f Facts) (float64, bool) { return ProgressPct(f.Counts, f.Pending) }

// count ties a count of Indicators to its JSON key.
type count struct {
	key   string
	value int64
}

// counts lists the counts of in, in the order of Rows.
func (in *Indicators) counts() []count {
	names, ptrs := in.Counts.Columns()
	out := make([]count, 0, len(names)+8)
	for i, n := range names {
		out = append(out, count{n, *ptrs[i]})
	}
	return append(out, []count{
		{"pending_in_time", in.PendingInTime},
		{"pending_due_soon", in.PendingDueSoon},
		{"pending_overdue", in.PendingOverdue},
		{"pending_in_supplement", in.PendingInSupplement},
		{"pending_total", in.PendingTotal},
		{"procedures_total", in.ProceduresTotal},
		{"procedures_online", in.ProceduresOnline},
		{"procedures_published", in.ProceduresPublished},
		{"procedures_dated", in.ProceduresDated},
		{"procedures_published_timely", in.ProceduresPublishedTimely},
		{"feedback_answered", in.FeedbackAnswered},
		{"feedback_answered_on_time", in.FeedbackAnsweredOnTime},
		{"feedback_rated", in.FeedbackRated},
		{"feedback_rated_satisfied", in.FeedbackRatedSatisfied},
	}...)
}

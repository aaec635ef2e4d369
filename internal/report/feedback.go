package report

import "github.com/motcua/motcua/internal/calendar"

// Feedback counts the citizens' feedback and petitions (phản ánh, kiến
// nghị) of a period, the facts of the two Decision 766 criteria on their
// handling. motcua does not receive feedback yet, so every count is 0 and
// both criteria show "no data" until that feature fills them.
type Feedback struct {
	// FeedbackAnswered counts the feedback answered in the period, dated by the
	// answer; FeedbackAnsweredOnTime those answered within their time limit, a
	// subset of Answered.
	FeedbackAnswered       int64 `json:"feedback_answered"`
	FeedbackAnsweredOnTime int64 `json:"feedback_answered_on_time"`
	// FeedbackRated counts the answers the citizen rated, FeedbackRatedSatisfied those
	// rated "satisfied" or "very satisfied", a subset of Rated.
	FeedbackRated          int64 `json:"feedback_rated"`
	FeedbackRatedSatisfied int64 `json:"feedback_rated_satisfied"`
}

// FeedbackOnTimePct is the share of feedback answered on time:
// FeedbackAnsweredOnTime ÷ FeedbackAnswered × 100. [766]
func FeedbackOnTimePct(f Feedback) (float64, bool) {
	return percent(f.FeedbackAnsweredOnTime, f.FeedbackAnswered)
}

// FeedbackSatisfiedPct is the citizens' satisfaction with the handling of
// their feedback: FeedbackRatedSatisfied ÷ FeedbackRated × 100. [766; the formula is ours,
// unverified]
func FeedbackSatisfiedPct(f Feedback) (float64, bool) {
	return percent(f.FeedbackRatedSatisfied, f.FeedbackRated)
}

// ProceduresPublishedTimelyPct is the share of procedures published in time
// after their legal basis took effect: ProceduresPublishedTimely ÷
// ProceduresDated × 100. [766: timeliness of publication; the measure is
// ours, unverified]
func ProceduresPublishedTimelyPct(o Offer) (float64, bool) {
	return percent(o.ProceduresPublishedTimely, o.ProceduresDated)
}

// PublishedInTime reports whether a procedure version published on day
// published was published in time for a legal basis taking effect on day
// effective: no later than withinDays calendar days after it (before it is
// in time too). [ours, unverified; Config.PublishWithinDays]
func PublishedInTime(published, effective calendar.Date, withinDays int) bool {
	return published.Compare(effective.AddDays(withinDays)) <= 0
}

func ofFeedback(formula func(Feedback) (float64, bool)) share { return share{feedback: formula} }

package report

import "time"

// Report is the indicators of a period and scope, as every output shows
// them: rounded as published, with the Decision 766 score. Its JSON has the
// indicators' keys at the top level.
type Report struct {
	From        string    `json:"from"`
	To          string    `json:"to"`
	Unit        string    `json:"unit,omitempty"` // the unit identifier, or empty for every unit
	UnitName    string    `json:"unit_name,omitempty"`
	GeneratedAt time.Time `json:"generated_at"`
	// PendingAt is the instant the pending dossiers were counted at: the end
	// of the period, or now when the period has not ended.
	PendingAt time.Time `json:"pending_at"`
	Indicators
	Score Score `json:"score"`
}

// New computes the report of facts f for period p.
func New(p Period, f Facts, cfg Config, generatedAt, pendingAt time.Time) *Report {
	return &Report{
		From: p.From.String(), To: p.To.String(), GeneratedAt: generatedAt, PendingAt: pendingAt,
		Indicators: Compute(f).Rounded(), Score: ScoreOf(f, cfg).Rounded(),
	}
}

// PendingInstant is when a report over p counts pending dossiers: the end of
// its last day, or now if that is later than now.
func (p Period) PendingInstant(now time.Time) time.Time {
	end := p.To.AddDays(1).At(0).Add(-time.Second)
	if end.After(now) {
		return now
	}
	return end
}

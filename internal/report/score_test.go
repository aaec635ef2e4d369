package report

import (
	"strings"

	"github.com/motcua/motcua/internal/calendar"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestScoreSample(t *testing.T) {
	// Points by hand, default config (every target 1: points = max × share);
	// the sample has no feedback and no dated legal basis, so three
	// criteria have no data, earn nothing and leave the total:
	//   transparency   6 × 38/40 + (no data) + 6 × 24/25   = 5.7 + 5.76    = 11.46
	//   progress       20 × 22/25                                        = 17.6
	//   digitisation   8 × 20/25 + 7 × 12/19 + 7 × 5/25
	//                                 = 6.4 + 4.4210… + 1.4 = 12.2210…    → 12.22
	//   online         6 × 30/40 + 6 × 14/25 + 10 × 11/12
	//                                 = 4.5 + 3.36 + 9.1666… = 17.0266…   → 17.03
	//   satisfaction   6 × 18/19 + (no data) + (no data)   = 5.6842…      → 5.68
	//   earned         182377/2850 = 63.9919…  → 63.99, of 100 − 18 = 82 available
	//   total          earned × 100 ÷ 82 = 182377/2337 = 78.0389…         → 78.04
	want := Score{
		Transparency: 11.46,
		Progress:     17.6,
		Digitisation: 12.22,
		Online:       17.03,
		Satisfaction: 5.68,
		Earned:       63.99,
		Available:    82,
		Total:        78.04,
		NoData:       []string{"procedures_published_timely", "feedback_on_time", "feedback_satisfaction"},
		Criteria: []CriterionScore{
			{Key: "procedures_published", Group: "transparency", Pct: 95, Points: 5.7, Max: 6},
			{Key: "procedures_published_timely", Group: "transparency", Undefined: true, Max: 6},
			{Key: "dossiers_synced", Group: "transparency", Pct: 96, Points: 5.76, Max: 6},
			{Key: "progress", Group: "progress", Pct: 88, Points: 17.6, Max: 20},
			{Key: "digitised", Group: "digitisation", Pct: 80, Points: 6.4, Max: 8},
			{Key: "electronic_result", Group: "digitisation", Pct: 63.2, Points: 4.42, Max: 7},
			{Key: "reuse", Group: "digitisation", Pct: 20, Points: 1.4, Max: 7},
			{Key: "procedures_online", Group: "online", Pct: 75, Points: 4.5, Max: 6},
			{Key: "received_online", Group: "online", Pct: 56, Points: 3.36, Max: 6},
			{Key: "online_payment", Group: "online", Pct: 91.67, Points: 9.17, Max: 10},
			{Key: "satisfaction", Group: "satisfaction", Pct: 94.7, Points: 5.68, Max: 6},
			{Key: "feedback_on_time", Group: "satisfaction", Undefined: true, Max: 6},
			{Key: "feedback_satisfaction", Group: "satisfaction", Undefined: true, Max: 6},
		},
	}
	got := ScoreOf(sampleFacts(), DefaultConfig()).Rounded()
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ScoreOf(sample).Rounded() mismatch (-want +got):\n%s", diff)
	}
	if raw := ScoreOf(sampleFacts(), DefaultConfig()).Total; abs(raw-182377.0/2337) > 1e-9 {
		t.Errorf("unrounded Total = %v, want %v (182377/2337)", raw, 182377.0/2337)
	}

	// With feedback and dated procedures every criterion has data and the
	// total is the points earned out of 100:
	//   182377/2850 + 6 × 18/20 + 6 × 9/10 + 6 × 4/5 = 226837/2850 = 79.5919… → 79.59
	f := sampleFacts()
	f.Offer.ProceduresDated, f.Offer.ProceduresPublishedTimely = 20, 18
	f.Feedback = Feedback{FeedbackAnswered: 10, FeedbackAnsweredOnTime: 9, FeedbackRated: 5, FeedbackRatedSatisfied: 4}
	full := ScoreOf(f, DefaultConfig()).Rounded()
	if full.Total != 79.59 || full.Available != 100 || len(full.NoData) != 0 || full.Satisfaction != 5.68+5.4+4.8 {
		t.Errorf("with every criterion: total %v of %v available, no data %v, satisfaction %v; want 79.59 of 100, none, 15.88",
			full.Total, full.Available, full.NoData, full.Satisfaction)
	}
}

func TestScoreTargets(t *testing.T) {
	cfg := DefaultConfig()
	cfg.Digitised.Target = 0.8        // 80 % digitised reaches it: 8 points
	cfg.ReceivedOnline.Target = 0.5   // 56 % online passes it: 6 points
	cfg.ProceduresOnline.Target = 0.9 // 75 % of 90 %: 6 × 0.75/0.9 = 5 points
	got := ScoreOf(sampleFacts(), cfg).Rounded()
	// digitisation 8 + 4.4210… + 1.4 = 13.8210… → 13.82
	// online 5 + 6 + 9.1666… = 20.1666… → 20.17
	// total (11.46 + 17.6 + 13.8210… + 20.1666… + 5.6842…) × 100 ÷ 82
	//     = 68.7318… × 100 ÷ 82 = 83.8193… → 83.82
	if got.Digitisation != 13.82 || got.Online != 20.17 || got.Total != 83.82 {
		t.Errorf("digitisation, online, total = %v, %v, %v; want 13.82, 20.17, 83.82",
			got.Digitisation, got.Online, got.Total)
	}
}

// TestScoreUndefined: a criterion without data earns no points and leaves
// the total; with no data at all the score itself has none.
func TestScoreUndefined(t *testing.T) {
	got := ScoreOf(Facts{}, DefaultConfig())
	for _, k := range got.Criteria {
		if !k.Undefined || k.Points != 0 {
			t.Errorf("criterion %s = %+v, want undefined with no points", k.Key, k)
		}
	}
	if !got.Undefined || got.Total != 0 || got.Earned != 0 || got.Available != 0 || len(got.NoData) != 13 {
		t.Errorf("ScoreOf(zero) = %+v, want undefined, 0 of 0, 13 criteria without data", got)
	}
	// An empty period with a catalogue: only the two criteria of the
	// catalogue have data, 12 points, fewer than the 50 needed: no total.
	empty := ScoreOf(Facts{Offer: Offer{ProceduresTotal: 10, ProceduresOnline: 10, ProceduresPublished: 10}}, DefaultConfig())
	if !empty.Undefined || empty.Total != 0 || empty.Available != 12 || empty.Earned != 12 {
		t.Errorf("ScoreOf(empty period) = total %v, undefined %v, %v of %v; want no total, 12 of 12",
			empty.Total, empty.Undefined, empty.Earned, empty.Available)
	}
	// The five published group weights: 18/20/22/22/18.
	weights := map[string]float64{}
	for _, k := range got.Criteria {
		weights[k.Group] += k.Max
	}
	if diff := cmp.Diff(map[string]float64{"transparency": 18, "progress": 20, "digitisation": 22, "online": 22, "satisfaction": 18}, weights); diff != "" {
		t.Errorf("group weights (-want +got):\n%s", diff)
	}
}

func TestPublishedInTime(t *testing.T) {
	d := func(s string) calendar.Date {
		v, err := calendar.ParseDate(s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	for _, c := range []struct {
		published, effective string
		within               int
		want                 bool
	}{
		{"2025-06-25", "2025-07-01", 5, true},  // before it takes effect
		{"2025-07-06", "2025-07-01", 5, true},  // the fifth day after
		{"2025-07-07", "2025-07-01", 5, false}, // the sixth
		{"2025-07-01", "2025-07-01", 0, true},
	} {
		if got := PublishedInTime(d(c.published), d(c.effective), c.within); got != c.want {
			t.Errorf("PublishedInTime(%s, %s, %d) = %v, want %v", c.published, c.effective, c.within, got, c.want)
		}
	}
}

func TestConfigValidate(t *testing.T) {
	if err := DefaultConfig().Validate(); err != nil {
		t.Errorf("DefaultConfig().Validate() = %v", err)
	}
	cfg := DefaultConfig()
	cfg.Reuse.Target = 0
	cfg.Progress.Points = -1
	err := cfg.Validate()
	if err == nil {
		t.Fatal("Validate(bad) = nil, want an error")
	}
	for _, s := range []string{
		"reuse: target 0 must be in (0, 1]",
		"progress: points -1 must be a number ≥ 0",
		"add up to 79, not 100",
	} {
		if !strings.Contains(err.Error(), s) {
			t.Errorf("Validate(bad) = %q, want it to mention %q", err, s)
		}
	}
}

// TestScoreNaNFree: a zero Target (an invalid Config) still gives numbers.
func TestScoreNaNFree(t *testing.T) {
	cfg := DefaultConfig()
	cfg.OnlinePayment.Target = 0
	f := sampleFacts()
	f.Counts.PaidOnline = 0
	if got := ScoreOf(f, cfg).Criteria[9]; got.Key != "online_payment" || got.Points != 10 {
		t.Errorf("online payment with target 0 = %+v, want 10 points", got)
	}
}

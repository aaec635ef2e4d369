package report

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestScoreSample(t *testing.T) {
	// Points by hand, default config (every target 1: points = max × share):
	//   transparency   9 × 38/40 + 9 × 24/25       = 8.55 + 8.64        = 17.19
	//   progress       20 × 22/25                                      = 17.6
	//   online service 6 × 30/40 + 6 × 14/25       = 4.5 + 3.36         = 7.86
	//   online payment 10 × 11/12                  = 9.1666…            → 9.17
	//   digitisation   8 × 20/25 + 7 × 12/19 + 7 × 5/25
	//                                 = 6.4 + 4.4210… + 1.4 = 12.2210…  → 12.22
	//   satisfaction   18 × 18/19                  = 17.0526…           → 17.05
	//   total          92443/1140                  = 81.0903…           → 81.09
	want := Score{
		Transparency:  17.19,
		Progress:      17.6,
		OnlineService: 7.86,
		OnlinePayment: 9.17,
		Digitisation:  12.22,
		Satisfaction:  17.05,
		Total:         81.09,
		Criteria: []CriterionScore{
			{Key: "procedures_published", Group: "transparency", Pct: 95, Points: 8.55, Max: 9},
			{Key: "dossiers_synced", Group: "transparency", Pct: 96, Points: 8.64, Max: 9},
			{Key: "progress", Group: "progress", Pct: 88, Points: 17.6, Max: 20},
			{Key: "procedures_online", Group: "online_service", Pct: 75, Points: 4.5, Max: 6},
			{Key: "received_online", Group: "online_service", Pct: 56, Points: 3.36, Max: 6},
			{Key: "online_payment", Group: "online_payment", Pct: 91.67, Points: 9.17, Max: 10},
			{Key: "digitised", Group: "digitisation", Pct: 80, Points: 6.4, Max: 8},
			{Key: "electronic_result", Group: "digitisation", Pct: 63.2, Points: 4.42, Max: 7},
			{Key: "reuse", Group: "digitisation", Pct: 20, Points: 1.4, Max: 7},
			{Key: "satisfaction", Group: "satisfaction", Pct: 94.7, Points: 17.05, Max: 18},
		},
	}
	got := ScoreOf(sampleFacts(), DefaultConfig()).Rounded()
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ScoreOf(sample).Rounded() mismatch (-want +got):\n%s", diff)
	}
	if raw := ScoreOf(sampleFacts(), DefaultConfig()).Total; abs(raw-81.09035087719299) > 1e-9 {
		t.Errorf("unrounded Total = %v, want 81.09035087719299 (92443/1140)", raw)
	}
}

func TestScoreTargets(t *testing.T) {
	cfg := DefaultConfig()
	cfg.Digitised.Target = 0.8        // 80 % digitised reaches it: 8 points
	cfg.ReceivedOnline.Target = 0.5   // 56 % online passes it: 6 points
	cfg.ProceduresOnline.Target = 0.9 // 75 % of 90 %: 6 × 0.75/0.9 = 5 points
	got := ScoreOf(sampleFacts(), cfg).Rounded()
	// digitisation 8 + 4.4210… + 1.4 = 13.8210… → 13.82
	// online service 5 + 6 = 11
	// total 17.19 + 17.6 + 11 + 9.1666… + 13.8210… + 17.0526… = 85.8304… → 85.83
	if got.Digitisation != 13.82 || got.OnlineService != 11 || got.Total != 85.83 {
		t.Errorf("digitisation, online service, total = %v, %v, %v; want 13.82, 11, 85.83",
			got.Digitisation, got.OnlineService, got.Total)
	}
}

func TestScoreUndefined(t *testing.T) {
	cfg := DefaultConfig()
	got := ScoreOf(Facts{}, cfg)
	for _, k := range got.Criteria {
		if !k.Undefined || k.Points != k.Max {
			t.Errorf("criterion %s = %+v, want undefined with full points", k.Key, k)
		}
	}
	got.Criteria = nil
	// The default group weights: 18/20/12/10/22/18.
	full := Score{
		Transparency: 18, Progress: 20, OnlineService: 12,
		OnlinePayment: 10, Digitisation: 22, Satisfaction: 18, Total: 100,
	}
	if diff := cmp.Diff(full, got); diff != "" {
		t.Errorf("ScoreOf(zero), undefined earns full: mismatch (-want +got):\n%s", diff)
	}

	cfg.UndefinedEarnsFull = false
	got = ScoreOf(Facts{}, cfg)
	got.Criteria = nil
	if diff := cmp.Diff(Score{}, got); diff != "" {
		t.Errorf("ScoreOf(zero), undefined earns nothing: mismatch (-want +got):\n%s", diff)
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
	if got := ScoreOf(f, cfg).OnlinePayment; got != 10 {
		t.Errorf("online payment with target 0 = %v, want 10", got)
	}
}

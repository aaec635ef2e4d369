package web

import (
	"net/http"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/demo"
)

// TestDashboardEmptyPeriodHasNoScore: with no dossier in the period, the
// Decision 766 score is shown as "no data", not as a near-perfect number.
func TestDashboardEmptyPeriodHasNoScore(t *testing.T) {
	s := newTestServer(t, Options{})
	s.login(t, "chutich", demo.Password)
	resp, page := s.get(t, "/can-bo/thong-ke?from=2020-01-01&to=2020-12-31")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("dashboard: %d", resp.StatusCode)
	}
	if !strings.Contains(page, `data-key="score_total" data-value="không có dữ liệu"`) {
		i := strings.Index(page, "score_total")
		t.Errorf("the score of an empty period is not shown as no data: %q", page[max(i-20, 0):min(i+120, len(page))])
	}
}

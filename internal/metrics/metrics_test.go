package metrics

import (
	"strings"
	"testing"
)

func TestExposition(t *testing.T) {
	r := New()
	r.Help("http_requests_total", "Requests served.")
	r.Add("http_requests_total", Labels("route", "GET /", "code", "200"), 1)
	r.Add("http_requests_total", Labels("route", "GET /", "code", "200"), 2)
	r.Observe("http_request_duration_seconds", Labels("route", "GET /"), 0.003)
	r.Observe("http_request_duration_seconds", Labels("route", "GET /"), 0.3)
	var b strings.Builder
	if _, err := r.WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		"# HELP http_requests_total Requests served.\n# TYPE http_requests_total counter\n",
		`http_requests_total{route="GET /",code="200"} 3` + "\n",
		`http_request_duration_seconds_bucket{route="GET /",le="0.0025"} 0` + "\n",
		`http_request_duration_seconds_bucket{route="GET /",le="0.005"} 1` + "\n",
		`http_request_duration_seconds_bucket{route="GET /",le="+Inf"} 2` + "\n",
		`http_request_duration_seconds_count{route="GET /"} 2` + "\n",
		"# TYPE go_goroutines gauge\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("exposition lacks %q:\n%s", want, out)
		}
	}
}

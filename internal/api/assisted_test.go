package api

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/store/storetest"
)

// TestAssistedOnlineAPI: a reception officer records over the API that they
// helped the citizen submit online; the dossier comes back online, assisted
// by them and received. A citizen's own submission cannot say it (403) and
// the channel must be online (422 naming intake.channel).
func TestAssistedOnlineAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		f := newFixture(t, e)
		intake := func(channel int) map[string]any {
			return map[string]any{"unit_code": "000.21.37.H56", "procedure_code": "1.004873", "intake": map[string]any{
				"channel": channel, "assisted": true,
				"applicant":  map[string]any{"full_name": "Trần Văn Bình", "id_number": "068090001122", "phone": "0987654321"},
				"components": []map[string]any{{"name": "Tờ khai cấp Giấy xác nhận tình trạng hôn nhân"}, {"name": "Giấy tờ tùy thân của người yêu cầu (xuất trình)"}},
			}}
		}
		if c, body := f.do(t, "POST", "/api/v1/dossiers", "", intake(2)); c != 403 {
			t.Errorf("a citizen marks their submission assisted: %d %v, want 403", c, body)
		}
		if c, body := f.do(t, "POST", "/api/v1/dossiers", f.expert, intake(2)); c != 403 {
			t.Errorf("a specialist records an assisted submission: %d %v, want 403", c, body)
		}
		c, body := f.do(t, "POST", "/api/v1/dossiers", f.clerk, intake(1))
		fields, _ := body["error"].(map[string]any)["fields"].(map[string]any)
		if msg, _ := fields["channel"].(string); c != 422 || !strings.Contains(msg, "chỉ hồ sơ nộp trực tuyến") {
			t.Errorf("assisted counter dossier: %d %v, want 422 naming the channel", c, body)
		}
		c, body = f.do(t, "POST", "/api/v1/dossiers", f.clerk, intake(2))
		if c != 201 {
			t.Fatalf("assisted intake: %d %v", c, body)
		}
		if body["channel"] != float64(2) || body["assisted_by"] == nil || body["assisted_by"] == "" || body["status"] != float64(4) {
			t.Errorf("assisted dossier: channel %v assisted_by %v status %v; want 2, the clerk, 4", body["channel"], body["assisted_by"], body["status"])
		}
		// The report: 1 of 1 handed in person was guided online; a year
		// without dossiers has no data for it.
		received, err := time.Parse(time.RFC3339Nano, body["received_at"].(string))
		if err != nil {
			t.Fatal(err)
		}
		day := received.In(store.Zone).Format("2006-01-02")
		c, rep := f.do(t, "GET", "/api/v1/report?from="+day+"&to="+day, f.chief, nil)
		if c != 200 || rep["received_assisted"] != float64(1) || rep["assisted_online_pct"] != float64(100) {
			t.Errorf("report: %d received_assisted %v assisted_online_pct %v, want 1 and 100", c, rep["received_assisted"], rep["assisted_online_pct"])
		}
		_, rep = f.do(t, "GET", "/api/v1/report?from=2020-01-01&to=2020-12-31", f.chief, nil)
		if undefined, _ := rep["undefined"].([]any); !slices.Contains(undefined, any("assisted_online_pct")) {
			t.Errorf("report of an empty year: undefined %v, want assisted_online_pct in it", rep["undefined"])
		}
	})
}

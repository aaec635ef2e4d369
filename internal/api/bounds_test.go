package api

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/store/storetest"
)

// extractIntake is an online request for copies of a civil-status extract,
// whose fee is 8,000 VND a copy.
func extractIntake(copies int, components []map[string]any) map[string]any {
	if components == nil {
		components = []map[string]any{{"name": "Tờ khai cấp bản sao trích lục hộ tịch"}, {"name": "Giấy tờ tùy thân của người yêu cầu (xuất trình)"}}
	}
	return map[string]any{"unit_code": "000.21.37.H56", "procedure_code": "2.000635", "intake": map[string]any{
		"channel": 2, "copies": copies, "components": components,
		"applicant": map[string]any{"full_name": "Trần Văn Bình", "id_number": "068090001122", "phone": "0987654321"},
	}}
}

// errorField returns the message the error body gives for field, from
// "fields" or from the single "field".
func errorField(body map[string]any, field string) string {
	e, _ := body["error"].(map[string]any)
	if fs, ok := e["fields"].(map[string]any); ok {
		if m, ok := fs[field].(string); ok {
			return m
		}
	}
	if e["field"] == field {
		m, _ := e["message"].(string)
		return m
	}
	return ""
}

// TestAPIRefusesAbsurdValues replays the values of the security probe (issue
// 17, defect 2): each is refused with 422 and a Vietnamese message naming the
// field, and nothing is stored.
func TestAPIRefusesAbsurdValues(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		f := newFixture(t, e)
		ctx := context.Background()
		countDossiers := func() int {
			t.Helper()
			_, body := f.do(t, "GET", "/api/v1/dossiers", f.clerk, nil)
			list, _ := body["dossiers"].([]any)
			return len(list)
		}

		manyComponents := make([]map[string]any, 5000)
		for i := range manyComponents {
			manyComponents[i] = map[string]any{"name": fmt.Sprintf("Giấy tờ %d", i)}
		}
		longName := []map[string]any{{"name": strings.Repeat("a", 500_000)}}
		for _, tc := range []struct {
			name, field string
			body        map[string]any
		}{
			{"copies that made the fee 0", "copies", extractIntake(288230376151711744, nil)},
			{"copies that made the fee negative", "copies", extractIntake(1152921504606847, nil)},
			{"copies beyond the bound", "copies", extractIntake(1001, nil)},
			{"5,000 components", "components", extractIntake(1, manyComponents)},
			{"a 500 kB component name", "components.0.name", extractIntake(1, longName)},
		} {
			code, body := f.do(t, "POST", "/api/v1/dossiers", "", tc.body)
			if code != 422 {
				t.Errorf("%s: %d %.300v, want 422", tc.name, code, body)
				continue
			}
			if msg := errorField(body, tc.field); msg == "" || !strings.ContainsAny(msg, "ốảạđ") {
				t.Errorf("%s: no Vietnamese message for field %q in %.300v", tc.name, tc.field, body)
			}
		}
		if n := countDossiers(); n != 0 {
			t.Fatalf("refused intakes stored %d dossiers", n)
		}

		// Within the bounds, the fee is the schedule's.
		code, body := f.do(t, "POST", "/api/v1/dossiers", "", extractIntake(3, nil))
		if code != 201 {
			t.Fatalf("3 copies: %d %v", code, body)
		}
		dcode := body["code"].(string)
		d, err := f.db.Dossier(ctx, dcode)
		if err != nil {
			t.Fatal(err)
		}
		if d.Payment.Due != 24000 {
			t.Errorf("fee of 3 copies = %d, want 24000", d.Payment.Due)
		}

		// Actions: received by reception, then absurd values from the handler.
		act := func(token string, a map[string]any) (int, map[string]any) {
			return f.do(t, "POST", "/api/v1/dossiers/"+dcode+"/actions", token, a)
		}
		if c, b := act(f.clerk, map[string]any{"kind": "receive"}); c != 200 {
			t.Fatalf("receive: %d %v", c, b)
		}
		events := func() int {
			evs, err := f.db.Events(ctx, d.ID)
			if err != nil {
				t.Fatal(err)
			}
			return len(evs)
		}
		before := events()
		received, err := f.db.Dossier(ctx, dcode)
		if err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			name, field string
			action      map[string]any
		}{
			{"a 900 kB note", "note", map[string]any{"kind": "request_supplement", "reason": "Thiếu giấy tờ", "items": []string{"Tờ khai"}, "note": strings.Repeat("ghi chú ", 900_000/10)}},
			{"an apology of a million days", "extend_days", map[string]any{"kind": "draft_apology", "reason": "Chờ xác minh", "extend_days": 1_000_000}},
			{"an apology to the year 9999", "new_appointment", map[string]any{"kind": "draft_apology", "reason": "Chờ xác minh", "new_appointment": "9999-01-01T08:00:00+07:00"}},
			{"a fee of 10^18", "amount", map[string]any{"kind": "request_payment", "amount": 1_000_000_000_000_000_000}},
			{"6,000 supplement items", "items", map[string]any{"kind": "request_supplement", "reason": "Thiếu giấy tờ", "items": make([]string, 6000)}},
		} {
			if tc.field == "items" {
				items := tc.action["items"].([]string)
				for i := range items {
					items[i] = fmt.Sprintf("Giấy tờ %d", i)
				}
			}
			who := f.chief
			if tc.action["kind"] == "request_supplement" {
				who = f.clerk
			}
			code, body := act(who, tc.action)
			if code != 422 {
				t.Errorf("%s: %d %.300v, want 422", tc.name, code, body)
				continue
			}
			if msg := errorField(body, tc.field); msg == "" {
				t.Errorf("%s: no message for field %q in %.300v", tc.name, tc.field, body)
			}
		}
		if n := events(); n != before {
			t.Errorf("refused actions appended %d events", n-before)
		}
		after, err := f.db.Dossier(ctx, dcode)
		if err != nil {
			t.Fatal(err)
		}
		if after.Apology != nil || after.Version != received.Version || after.Status != received.Status {
			t.Errorf("refused actions changed the dossier: apology %v, version %d (was %d)", after.Apology, after.Version, received.Version)
		}

		// Letter templates: a 500 kB draft is refused for saving and for a preview.
		big := map[string]any{"body": "THƯ\n\nKính gửi: {{nguoi_nhan}}\n\n" + strings.Repeat("chúc mừng ", 50_000)}
		for _, path := range []string{"/api/v1/letter-templates/congratulation_birth", "/api/v1/letter-templates/congratulation_birth/preview"} {
			if code, body := f.do(t, "POST", path, f.chief, big); code != 422 || errorField(body, "body") == "" {
				t.Errorf("POST %s with 500 kB: %d %.300v, want 422 naming body", path, code, body)
			}
		}
	})
}

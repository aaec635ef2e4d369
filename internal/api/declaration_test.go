package api

import (
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/store/storetest"
)

// TestOnlineFormOverTheAPI: an online birth registration sent with the
// answers to the procedure's form and without the declaration has it
// generated (shown as such); a wrong answer is refused, naming its field.
func TestOnlineFormOverTheAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		f := newFixture(t, e)
		answers := map[string]any{"declarant_relation": "Cha", "child_name": "Lê Minh An", "child_birth_date": "2025-02-20",
			"child_sex": "male", "child_birth_place": "Bệnh viện huyện", "child_ethnicity": "Kinh", "child_nationality": "Việt Nam",
			"child_home_town": "xã Đạ Tẻh"}
		intake := func() map[string]any {
			return map[string]any{"unit_code": "000.21.37.H56", "procedure_code": "1.001193", "intake": map[string]any{
				"channel": 2, "applicant": map[string]any{"full_name": "Lê Văn Cường", "id_number": "068090001122", "phone": "0987654321", "address": "Thôn 1"},
				"declaration": answers,
				"components": []map[string]any{{"name": "Giấy chứng sinh hoặc giấy tờ thay thế Giấy chứng sinh"},
					{"name": "Giấy tờ tùy thân của người đi đăng ký (xuất trình: căn cước, hộ chiếu)"}},
			}}
		}
		code, body := f.do(t, "POST", "/api/v1/dossiers", "", intake())
		if code != 201 {
			t.Fatalf("online submission: %d %v", code, body)
		}
		// The officer's view shows the components.
		code, body = f.do(t, "GET", "/api/v1/dossiers/"+body["code"].(string), f.clerk, nil)
		if code != 200 {
			t.Fatalf("the officer's view: %d %v", code, body)
		}
		comps, _ := body["components"].([]any)
		if len(comps) == 0 {
			t.Fatalf("no components in %v", body)
		}
		first, _ := comps[0].(map[string]any)
		if len(comps) != 3 || first["name"] != "Tờ khai đăng ký khai sinh" || first["generated"] != true {
			t.Errorf("components %v, want the declaration first, generated", comps)
		}
		if decl, _ := body["declaration"].(map[string]any); decl["child_sex"] != "Nam" {
			t.Errorf("child_sex stored as %v, want Nam", decl["child_sex"])
		}

		answers["father_birth_year"] = "1850"
		code, body = f.do(t, "POST", "/api/v1/dossiers", "", intake())
		fields, _ := body["error"].(map[string]any)["fields"].(map[string]any)
		if msg, _ := fields["declaration.father_birth_year"].(string); code != 422 || !strings.HasPrefix(msg, "“Năm sinh (Cha)” phải từ 1900 đến ") {
			t.Errorf("a year 1850: %d %v", code, fields)
		}
	})
}

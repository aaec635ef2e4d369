package api

import (
	"slices"
	"testing"

	"github.com/motcua/motcua/internal/store/storetest"
)

// keysOf is the sorted set of keys of a JSON object.
func keysOf(m map[string]any) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

// TestUnitAndOfficerViewsKeepTheirKeys pins the JSON keys of a unit (its
// working time and letterhead included) and of an officer, so the API's views
// can change apart from the domain without clients noticing; and checks that
// working time and letterhead go in through the view and come back out.
func TestUnitAndOfficerViewsKeepTheirKeys(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		f := newFixture(t, e)
		in := map[string]any{"code": "000.21.38.H56", "name": "Xã Quốc Oai", "kind": "commune", "parent_id": f.unit.ID,
			"address": "Thôn 1", "working": map[string]any{"weekdays": []int{1, 2, 3, 4, 5},
				"hours": []map[string]any{{"start": "07:30", "end": "11:30"}}},
			"letterhead": map[string]any{"parent_body": "UBND HUYỆN", "issuing_body": "UBND XÃ QUỐC OAI", "place": "Quốc Oai",
				"signer_title": "CHỦ TỊCH", "signer_name": "Nguyễn Văn A"}}
		if code, body := f.do(t, "POST", "/api/v1/units", f.admin, in); code != 201 {
			t.Fatalf("create unit: %d %v", code, body)
		}
		code, u := f.do(t, "GET", "/api/v1/units/000.21.38.H56", "", nil)
		if code != 200 {
			t.Fatalf("get unit: %d %v", code, u)
		}
		want := []string{"address", "code", "created_at", "id", "kind", "letterhead", "name", "parent_id", "updated_at", "working"}
		if got := keysOf(u); !slices.Equal(got, want) {
			t.Errorf("unit keys %v, want %v", got, want)
		}
		w := u["working"].(map[string]any)
		if got := keysOf(w); !slices.Equal(got, []string{"hours", "weekdays"}) || len(w["weekdays"].([]any)) != 5 ||
			w["hours"].([]any)[0].(map[string]any)["end"] != "11:30" {
			t.Errorf("working time came back as %v", w)
		}
		lh := u["letterhead"].(map[string]any)
		if got := keysOf(lh); !slices.Equal(got, []string{"issuing_body", "parent_body", "place", "signer_name", "signer_title"}) ||
			lh["signer_name"] != "Nguyễn Văn A" {
			t.Errorf("letterhead came back as %v", lh)
		}
		in["name"] = "Xã Quốc Oai mới"
		if code, body := f.do(t, "PUT", "/api/v1/units/000.21.38.H56", f.admin, in); code != 200 || body["name"] != "Xã Quốc Oai mới" ||
			body["letterhead"].(map[string]any)["place"] != "Quốc Oai" {
			t.Errorf("update unit: %d %v", code, body)
		}

		code, o := f.do(t, "POST", "/api/v1/officers", f.admin, map[string]any{"username": "moi", "full_name": "Cán Bộ Mới",
			"title": "Công chức", "roles": []string{"specialist"}, "fields": []string{"HT"}, "password": "mat-khau-moi"})
		if code != 201 {
			t.Fatalf("create officer: %d %v", code, o)
		}
		want = []string{"active", "created_at", "fields", "full_name", "id", "roles", "title", "unit_id", "username"}
		if got := keysOf(o); !slices.Equal(got, want) {
			t.Errorf("officer keys %v, want %v", got, want)
		}
		if o["unit_id"] != f.unit.ID || o["active"] != true {
			t.Errorf("created officer %v", o)
		}
		code, me := f.do(t, "GET", "/api/v1/me", f.expert, nil)
		want = []string{"active", "created_at", "fields", "full_name", "id", "roles", "unit_id", "username"}
		if got := keysOf(me); code != 200 || !slices.Equal(got, want) {
			t.Errorf("me: %d keys %v, want %v", code, got, want)
		}
	})
}

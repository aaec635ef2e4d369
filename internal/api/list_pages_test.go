package api

import (
	"net/url"
	"slices"
	"testing"

	"github.com/motcua/motcua/internal/store/storetest"
)

// TestDossierListPagesByCursor: following next gives the unit's whole list
// once, in the order of one long page; a forged cursor, a cursor with an
// offset, or a cursor on a search is refused naming its field; a search still
// pages with offset and has no next.
func TestDossierListPagesByCursor(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		f := newFixture(t, e)
		for range 7 {
			if code, body := f.doRaw(t, "POST", "/api/v1/dossiers", "", onlineIntake(`"Trần Văn Bình"`)); code != 201 {
				t.Fatalf("submit: %d %v", code, body)
			}
		}
		codes := func(body map[string]any) []string {
			var out []string
			for _, d := range body["dossiers"].([]any) {
				out = append(out, d.(map[string]any)["code"].(string))
			}
			return out
		}
		_, whole := f.do(t, "GET", "/api/v1/dossiers?limit=100", f.clerk, nil)
		if _, ok := whole["next"]; ok || len(codes(whole)) != 7 {
			t.Fatalf("one long page: %d dossiers, next %v", len(codes(whole)), whole["next"])
		}
		var got []string
		path, pages := "/api/v1/dossiers?limit=3", 0
		for {
			code, body := f.do(t, "GET", path, f.clerk, nil)
			if code != 200 {
				t.Fatalf("%s: %d %v", path, code, body)
			}
			got = append(got, codes(body)...)
			pages++
			next, _ := body["next"].(string)
			if next == "" || pages > 5 {
				break
			}
			path = "/api/v1/dossiers?limit=3&after=" + url.QueryEscape(next)
		}
		if pages != 3 || !slices.Equal(got, codes(whole)) {
			t.Errorf("%d pages of 3: %v, want %v", pages, got, codes(whole))
		}

		_, first := f.do(t, "GET", "/api/v1/dossiers?limit=3", f.clerk, nil)
		next := url.QueryEscape(first["next"].(string))
		for path, field := range map[string]string{
			"/api/v1/dossiers?after=xyz":                      "after",
			"/api/v1/dossiers?limit=3&offset=3&after=" + next: "offset",
			"/api/v1/dossiers?q=binh&after=" + next:           "after",
		} {
			code, body := f.do(t, "GET", path, f.clerk, nil)
			if e, _ := body["error"].(map[string]any); code != 422 || e["field"] != field {
				t.Errorf("%s: %d %v, want 422 on %q", path, code, body, field)
			}
		}
		code, body := f.do(t, "GET", "/api/v1/dossiers?q=binh&limit=5&offset=5", f.clerk, nil)
		if _, ok := body["next"]; code != 200 || ok || len(codes(body)) != 2 {
			t.Errorf("a search's second page: %d, %d dossiers, next %v", code, len(codes(body)), body["next"])
		}
	})
}

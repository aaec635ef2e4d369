package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/demo"
	"github.com/motcua/motcua/internal/staff"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/unit"
)

// A leader of one unit can neither list, open, edit, publish nor withdraw
// another unit's articles: each is 404, and the public page is unchanged.
func TestNewsEditorsCannotTouchAnotherUnitsArticles(t *testing.T) {
	s := newTestServer(t, Options{})
	ctx := context.Background()
	other := &unit.Unit{Code: "000.21.38.H56", Name: "UBND xã Quốc Oai", Kind: unit.Commune}
	if err := s.DB.CreateUnit(ctx, other, "test"); err != nil {
		t.Fatal(err)
	}
	theirs, err := s.DB.CreateArticle(ctx, other.ID, store.ArticleInput{Title: "Tin của xã bạn", Body: "Nội dung gốc."}, true, "other")
	if err != nil {
		t.Fatal(err)
	}
	for _, username := range []string{"chutich", "admin"} {
		t.Run(username, func(t *testing.T) {
			s.Client.Jar, _ = adminNewJar()
			s.login(t, username, demo.Password)
			resp, page := s.get(t, "/can-bo/tin-tuc")
			if resp.StatusCode != http.StatusOK || strings.Contains(page, theirs.Title) || strings.Contains(page, theirs.ID) {
				t.Errorf("list: %d, shows another unit's article: %v", resp.StatusCode, strings.Contains(page, theirs.Title))
			}
			csrf := csrfFrom(t, page)
			if resp, _ := s.get(t, "/can-bo/tin-tuc/"+theirs.ID); resp.StatusCode != http.StatusNotFound {
				t.Errorf("edit form: %d, want 404", resp.StatusCode)
			}
			if resp, _ := s.postMultipart(t, "/can-bo/tin-tuc/"+theirs.ID, csrf, url.Values{"title": {"Đã bị sửa"}, "body": {"x"}}, nil); resp.StatusCode != http.StatusNotFound {
				t.Errorf("edit: %d, want 404", resp.StatusCode)
			}
			if resp, _ := s.post(t, "/can-bo/tin-tuc/"+theirs.ID+"/xuat-ban", url.Values{"csrf": {csrf}, "publish": {"0"}}); resp.StatusCode != http.StatusNotFound {
				t.Errorf("withdraw: %d, want 404", resp.StatusCode)
			}
			resp, page = s.get(t, "/tin-tuc/"+theirs.Slug)
			if resp.StatusCode != http.StatusOK || !strings.Contains(page, "Tin của xã bạn") || strings.Contains(page, "Đã bị sửa") {
				t.Errorf("public page after the tries: %d", resp.StatusCode)
			}
		})
	}
	// An officer of the other unit still edits it.
	o := &staff.Officer{UnitID: other.ID, Username: "chutich2", FullName: "Lãnh đạo xã bạn", Roles: []staff.Role{staff.Leader}, Active: true}
	if err := s.DB.CreateOfficer(ctx, o, demo.Password, "test"); err != nil {
		t.Fatal(err)
	}
	s.Client.Jar, _ = adminNewJar()
	s.login(t, "chutich2", demo.Password)
	resp, page := s.get(t, "/can-bo/tin-tuc")
	if resp.StatusCode != http.StatusOK || !strings.Contains(page, theirs.Title) {
		t.Fatalf("own unit's list: %d", resp.StatusCode)
	}
	if resp, _ := s.post(t, "/can-bo/tin-tuc/"+theirs.ID+"/xuat-ban", url.Values{"csrf": {csrfFrom(t, page)}, "publish": {"0"}}); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("own unit's withdraw: %d, want 303", resp.StatusCode)
	}
}

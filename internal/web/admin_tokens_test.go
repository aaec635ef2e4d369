package web

import (
	"context"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/demo"
)

// TestAdminListsAndRevokesAccess: the officer's page lists their API tokens
// and open sessions; a token or a session is ended from there at once, and a
// password reset ends both.
func TestAdminListsAndRevokesAccess(t *testing.T) {
	s := newTestServer(t, Options{})
	ctx := context.Background()
	csrf := adminLogin(t, s)
	o := adminMustOfficer(t, s.DB, "kinhte")
	tokA, err := s.DB.CreateToken(ctx, o.ID, "Phần mềm kế toán", "test")
	if err != nil {
		t.Fatal(err)
	}
	tokB, err := s.DB.CreateToken(ctx, o.ID, "Phần mềm lưu trữ", "test")
	if err != nil {
		t.Fatal(err)
	}
	// The officer logs in elsewhere: a session to list.
	other := newClientOf(t, s)
	if resp, _ := other.login(t, "kinhte", demo.Password); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("officer login: %d", resp.StatusCode)
	}
	_, page := s.get(t, "/quan-tri/can-bo/"+o.ID)
	for _, want := range []string{"Phần mềm kế toán", "Phần mềm lưu trữ", "Mã truy cập đã cấp", "Phiên đăng nhập đang mở"} {
		if !strings.Contains(page, want) {
			t.Errorf("the officer's page does not show %q", want)
		}
	}
	tokens, _ := s.DB.Tokens(ctx, o.ID)
	var idA string
	for _, tk := range tokens {
		if tk.Name == "Phần mềm kế toán" {
			idA = tk.ID
		}
	}
	if !strings.Contains(page, `name="revoke" value="`+idA+`"`) {
		t.Fatal("no revoke button for the token")
	}
	resp, _ := s.post(t, "/quan-tri/can-bo/"+o.ID+"/ma-api", url.Values{"csrf": {csrf}, "revoke": {idA}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("revoke: %d", resp.StatusCode)
	}
	if _, err := s.DB.OfficerByToken(ctx, tokA); apperr.KindOf(err) != apperr.Unauthenticated {
		t.Errorf("the revoked token: %v", err)
	}
	if _, err := s.DB.OfficerByToken(ctx, tokB); err != nil {
		t.Errorf("the other token: %v", err)
	}
	_, page = s.get(t, "/quan-tri/can-bo/"+o.ID)
	if strings.Contains(page, `name="revoke" value="`+idA+`"`) || !strings.Contains(page, "Đã thu hồi") {
		t.Error("the page still offers to revoke the revoked token, or does not say it was revoked")
	}
	// A revoke of a token that is not this officer's: not found, nothing changes.
	admin := adminMustOfficer(t, s.DB, "admin")
	adminTok, _ := s.DB.CreateToken(ctx, admin.ID, "của quản trị", "test")
	adminTokens, _ := s.DB.Tokens(ctx, admin.ID)
	if resp, _ := s.post(t, "/quan-tri/can-bo/"+o.ID+"/ma-api", url.Values{"csrf": {csrf}, "revoke": {adminTokens[0].ID}}); resp.StatusCode != http.StatusNotFound {
		t.Errorf("revoking another officer's token through this page: %d, want 404", resp.StatusCode)
	}
	if _, err := s.DB.OfficerByToken(ctx, adminTok); err != nil {
		t.Errorf("the administrator's token: %v", err)
	}
	// The session is ended from the page: the officer's next request is anonymous.
	sid := regexp.MustCompile(`name="end_session" value="([0-9a-f]+)"`).FindStringSubmatch(page)
	if sid == nil {
		t.Fatal("no end-session button")
	}
	if resp, _ := s.post(t, "/quan-tri/can-bo/"+o.ID+"/ma-api", url.Values{"csrf": {csrf}, "end_session": {sid[1]}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("end session: %d", resp.StatusCode)
	}
	if resp, _ := other.get(t, "/can-bo"); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("the ended session still opens the workspace: %d", resp.StatusCode)
	}
	// A password reset revokes the remaining token.
	if resp, _ := s.post(t, "/quan-tri/can-bo/"+o.ID+"/mat-khau", url.Values{"csrf": {csrf}, "password": {"mat-khau-moi-1"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("password reset: %d", resp.StatusCode)
	}
	if _, err := s.DB.OfficerByToken(ctx, tokB); apperr.KindOf(err) != apperr.Unauthenticated {
		t.Errorf("a token after the password reset: %v", err)
	}
}

// newClientOf is another browser on the same server: its own cookies.
func newClientOf(t *testing.T, s *testServer) *testServer {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	c := *s
	c.Client = &http.Client{Jar: jar, CheckRedirect: s.Client.CheckRedirect}
	return &c
}

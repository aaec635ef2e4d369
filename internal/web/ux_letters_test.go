package web

import (
	"net/http"
	"strings"
	"testing"
)

// TestOfficeLetterRegisterNewestFirst: the register page lists the latest
// letter first (issue 19).
func TestOfficeLetterRegisterNewestFirst(t *testing.T) {
	s := newTestServer(t, Options{BaseURL: func() string { return "http://motcua.test" }})
	_, older := lettersResolvedBirth(t, s.DB)
	_, newer := lettersResolvedBirth(t, s.DB)
	if !newer.ProducedAt.After(older.ProducedAt) && newer.ProducedAt != older.ProducedAt {
		t.Fatalf("letters produced at %v then %v", older.ProducedAt, newer.ProducedAt)
	}
	rec := s.officeLogin(t, "tiepnhan1")
	resp, page := rec.get(t, "/can-bo/thu")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("register = %d", resp.StatusCode)
	}
	i, j := strings.Index(page, `action="/can-bo/thu/`+newer.ID+`/in"`), strings.Index(page, `action="/can-bo/thu/`+older.ID+`/in"`)
	if i < 0 || j < 0 || i > j {
		t.Errorf("the newer letter is at %d, the older at %d: want the newer first", i, j)
	}
}

package web

import (
	"net/url"
	"regexp"
	"strings"
	"testing"
)

var firstProcedure = regexp.MustCompile(`(?s)<ul class="procedures">\s*<li>\s*<a href="/thu-tuc/([0-9.]+)"`)

// TestCatalogueSearchRanksEverydayWords: the portal's search puts the
// procedure a person means first for the everyday words of issue 19, which
// found nothing before, and for a query with a typo.
func TestCatalogueSearchRanksEverydayWords(t *testing.T) {
	s := newTestServer(t, Options{})
	for q, want := range map[string]string{
		"giay khai sinh":     "1.001193",
		"lam giay khai sinh": "1.001193",
		"ho khau":            "1.004222",
		"xac nhan doc than":  "1.004873",
		"dang ky ket hn":     "1.000894",
	} {
		resp, page := s.get(t, "/?q="+url.QueryEscape(q))
		if resp.StatusCode != 200 {
			t.Fatalf("%q: status %d", q, resp.StatusCode)
		}
		m := firstProcedure.FindStringSubmatch(page)
		if m == nil || m[1] != want {
			t.Errorf("%q: first result %v, want %s", q, m, want)
		}
		if strings.Contains(page, `class="closest"`) {
			t.Errorf("%q: suggestions shown although procedures were found", q)
		}
	}
}

// TestCatalogueSearchSuggestsWhenNothingMatches: a query that finds nothing
// says so in Vietnamese, suggests the closest procedures, and lists the
// fields to browse.
func TestCatalogueSearchSuggestsWhenNothingMatches(t *testing.T) {
	s := newTestServer(t, Options{})
	_, page := s.get(t, "/?q="+url.QueryEscape("khaiii sinhhh"))
	for _, want := range []string{"Không tìm thấy thủ tục phù hợp", "Có phải bạn muốn tìm:", `href="/thu-tuc/1.001193"`,
		"Hoặc xem thủ tục theo lĩnh vực:", `href="/?field=HT"`, `href="/?field=CTRU"`} {
		if !strings.Contains(page, want) {
			t.Errorf("no match page lacks %q", want)
		}
	}
	// Nonsense: nothing is close, but the fields are still offered.
	_, page = s.get(t, "/?q="+url.QueryEscape("xyzzy qwerty"))
	if !strings.Contains(page, "Không tìm thấy thủ tục phù hợp") || !strings.Contains(page, `href="/?field=HT"`) {
		t.Error("nonsense query page lacks the message or the fields")
	}
	if strings.Contains(page, `href="/thu-tuc/`) {
		t.Error("nonsense query suggests a procedure")
	}
}

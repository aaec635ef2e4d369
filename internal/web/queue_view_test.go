package web

import (
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/dossier"
)

// queueSection returns the HTML of the workspace's section id, "" when the
// page has none.
func queueSection(page, id string) string {
	i := strings.Index(page, `<section class="queue" id="`+id+`"`)
	if i < 0 {
		return ""
	}
	j := strings.Index(page[i:], "</section>")
	return page[i : i+j]
}

var navCountRE = regexp.MustCompile(`id="nav-workspace"[^>]*>[^<]*<span class="nav-count" data-count="(\d+\+?)"`)

func navCount(t *testing.T, page string) string {
	t.Helper()
	m := navCountRE.FindStringSubmatch(page)
	if m == nil {
		t.Fatal("the navigation shows no count beside the workspace link")
	}
	return m[1]
}

// TestWorkspaceQueuesSortFilterAndCount: the queues sort by code, receipt
// and appointment either way and filter by status, field and overdue, all by
// query parameters; a bad value is named beside its control (400, no list);
// the navigation counts the dossiers waiting for the officer.
func TestWorkspaceQueuesSortFilterAndCount(t *testing.T) {
	s := newTestServer(t, Options{})
	rec := s.officeLogin(t, "tiepnhan1")
	_, page := rec.get(t, "/can-bo")
	before := navCount(t, page)

	a := officeIntake(t, s.DB, officeExtractCopy, dossier.Online) // Hộ tịch, submitted first
	b := officeIntake(t, s.DB, "2.000815", dossier.Online)        // Chứng thực, submitted second
	if a.Code >= b.Code {
		t.Fatalf("codes %s then %s: the test needs increasing codes", a.Code, b.Code)
	}
	order := func(path string) (int, int) {
		t.Helper()
		resp, page := rec.get(t, path)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("%s = %d", path, resp.StatusCode)
		}
		sec := queueSection(page, "online")
		return strings.Index(sec, `data-code="`+a.Code+`"`), strings.Index(sec, `data-code="`+b.Code+`"`)
	}
	if i, j := order("/can-bo?sap-xep=ma"); i < 0 || j < 0 || i > j {
		t.Errorf("by code ascending: %s at %d, %s at %d", a.Code, i, b.Code, j)
	}
	if i, j := order("/can-bo?sap-xep=-ma"); i < 0 || j < 0 || j > i {
		t.Errorf("by code descending: %s at %d, %s at %d", a.Code, i, b.Code, j)
	}
	if i, j := order("/can-bo?sap-xep=-tiep-nhan&linh-vuc=CT"); i >= 0 || j < 0 {
		t.Errorf("field Chứng thực: %s at %d (want absent), %s at %d", a.Code, i, b.Code, j)
	}

	// The column links keep the filters and reverse the order they sort by.
	_, page = rec.get(t, "/can-bo?sap-xep=ma&linh-vuc=HT")
	if !strings.Contains(page, `href="/can-bo?linh-vuc=HT&amp;sap-xep=-ma#online"`) {
		t.Error("the code column of a list sorted by code ascending does not link to descending with the field kept")
	}
	if !strings.Contains(page, `aria-sort="ascending"><a href="/can-bo?linh-vuc=HT&amp;sap-xep=-ma#online"`) {
		t.Error("the sorted column does not say aria-sort=ascending")
	}

	// A status no queue of reception holds, and overdue only: the online
	// queue (new dossiers, no clock) is left out.
	for _, path := range []string{"/can-bo?trang-thai=9", "/can-bo?qua-han=1"} {
		_, page := rec.get(t, path)
		if queueSection(page, "online") != "" {
			t.Errorf("%s shows the online queue", path)
		}
		if queueSection(page, "mine") == "" && path == "/can-bo?qua-han=1" {
			t.Errorf("%s hides the officer's own queue", path)
		}
	}

	for _, c := range []struct{ query, field, words string }{
		{"trang-thai=99", "trang-thai", "Trạng thái “99”"},
		{"linh-vuc=XX", "linh-vuc", "Lĩnh vực “XX”"},
		{"sap-xep=nguoi-nop", "sap-xep", "Cách sắp xếp “nguoi-nop”"},
		{"qua-han=co", "qua-han", "Chỉ hồ sơ quá hạn"},
	} {
		resp, page := rec.get(t, "/can-bo?"+c.query)
		if resp.StatusCode != http.StatusBadRequest {
			t.Errorf("?%s = %d, want 400", c.query, resp.StatusCode)
		}
		if !strings.Contains(page, `id="f-`+c.field+`-error"`) || !strings.Contains(page, c.words) {
			t.Errorf("?%s: no error beside %s saying %q", c.query, c.field, c.words)
		}
		if strings.Contains(page, `<section class="queue"`) {
			t.Errorf("?%s still lists dossiers", c.query)
		}
	}

	_, page = rec.get(t, "/can-bo/thong-ke")
	after := navCount(t, page)
	if want := addCount(t, before, 2); after != want {
		t.Errorf("navigation count %s after two online submissions, was %s: want %s", after, before, want)
	}
	// The workspace adds up its own queues for the count, filtered or not.
	for _, path := range []string{"/can-bo", "/can-bo?trang-thai=1", "/can-bo?qua-han=1"} {
		if _, page := rec.get(t, path); navCount(t, page) != after {
			t.Errorf("%s: navigation count %s, the dashboard's is %s", path, navCount(t, page), after)
		}
	}
}

func addCount(t *testing.T, s string, n int) string {
	t.Helper()
	v, err := strconv.Atoi(s)
	if err != nil {
		t.Fatalf("count %q: %v", s, err)
	}
	return strconv.Itoa(v + n)
}

package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/portal"
	"github.com/motcua/motcua/internal/store"
)

// TestMappingPage: reception sees the mapping but may not change it; an
// administrator maps a procedure and a status (bad codes refused naming the
// field, nothing saved), and resets the status; the report of unmapped
// procedures says it cannot tell before the national list is fetched, asks
// for a fetch (a job, not a call from the request), and afterwards names
// exactly the procedures the list lacks.
func TestMappingPage(t *testing.T) {
	s := newTestServer(t, Options{})
	ctx := context.Background()
	rec := s.officeLogin(t, "tiepnhan1")
	resp, page := rec.get(t, "/can-bo/dong-bo/anh-xa")
	if resp.StatusCode != http.StatusOK || !strings.Contains(page, `id="unmapped-unknown"`) || strings.Contains(page, `class="inline mapping-form"`) {
		t.Fatalf("reception's mapping page %d:\n%s", resp.StatusCode, page)
	}
	if resp, _ := rec.act(t, "/can-bo/dong-bo/anh-xa", url.Values{"kind": {"status"}, "ours": {"4"}, "theirs": {"XL"}}); resp.StatusCode != http.StatusForbidden {
		t.Errorf("reception changes the mapping: %d", resp.StatusCode)
	}

	admin := s.officeLogin(t, "admin")
	if resp, page := admin.act(t, "/can-bo/dong-bo/anh-xa", url.Values{"kind": {"procedure"}, "ours": {officeExtractCopy}, "theirs": {"2.000 815"}}); resp.StatusCode != http.StatusBadRequest ||
		!strings.Contains(page, "không được có dấu cách") {
		t.Errorf("a code with a space: %d", resp.StatusCode)
	}
	if es, _ := s.DB.PortalMappings(ctx); len(es) != 0 {
		t.Errorf("a refused entry was saved: %+v", es)
	}
	for _, v := range []url.Values{
		{"kind": {"procedure"}, "ours": {officeExtractCopy}, "theirs": {"9.999999"}},
		{"kind": {"status"}, "ours": {"4"}, "theirs": {"XL"}},
		{"kind": {"status"}, "ours": {"4"}, "theirs": {""}},
	} {
		if resp, _ := admin.act(t, "/can-bo/dong-bo/anh-xa", v); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("save %v: %d", v, resp.StatusCode)
		}
	}
	es, err := s.DB.PortalMappings(ctx)
	if err != nil || len(es) != 1 || es[0].Kind != store.MapProcedure || es[0].Theirs != "9.999999" {
		t.Errorf("entries %+v %v", es, err)
	}

	if resp, _ := admin.act(t, "/can-bo/dong-bo/anh-xa/lay-danh-muc", nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("fetch: %d", resp.StatusCode)
	}
	jobs, _ := s.DB.Jobs(ctx, store.JobFilter{Kind: portal.KindFetchProcedures})
	if len(jobs) != 1 {
		t.Errorf("%d fetch jobs queued, want 1", len(jobs))
	}
	// What the job stores: every procedure of ours but the remapped one.
	procs, err := s.DB.Procedures(ctx, store.ProcedureFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var list []store.PortalProcedure
	for _, p := range procs {
		list = append(list, store.PortalProcedure{Code: p.Code, Name: p.Name})
	}
	if err := s.DB.ReplacePortalProcedures(ctx, list); err != nil {
		t.Fatal(err)
	}
	_, page = admin.get(t, "/can-bo/dong-bo/anh-xa")
	i := strings.Index(page, `id="unmapped-list"`)
	if i < 0 {
		t.Fatalf("no unmapped list:\n%s", page)
	}
	listed := page[i : i+strings.Index(page[i:], "</ul>")]
	if strings.Count(listed, "<li>") != 1 || !strings.Contains(listed, officeExtractCopy) || !strings.Contains(listed, "9.999999") {
		t.Errorf("unmapped list: %s", listed)
	}
	if !strings.Contains(page, `id="procedure-`+officeExtractCopy+`" class="unlisted"`) {
		t.Errorf("the remapped procedure is not marked as missing from the list")
	}
}

// TestMappingPageShowsTheFile: the page shows the --portal-mapping file's
// codes (the mapping the portal's client sends), with an administrator's
// entry over them.
func TestMappingPageShowsTheFile(t *testing.T) {
	s := newTestServer(t, Options{PortalMapping: portal.Mapping{Statuses: map[dossier.Status]string{dossier.Processing: "DANG-XU-LY"},
		Procedures: map[string]string{officeExtractCopy: "1.111111"}}})
	admin := s.officeLogin(t, "admin")
	_, page := admin.get(t, "/can-bo/dong-bo/anh-xa")
	for _, want := range []string{"DANG-XU-LY", "1.111111"} {
		if !strings.Contains(page, want) {
			t.Errorf("the mapping page lacks the file's %q", want)
		}
	}
	if resp, _ := admin.act(t, "/can-bo/dong-bo/anh-xa", url.Values{"kind": {"procedure"}, "ours": {officeExtractCopy}, "theirs": {"2.222222"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d", resp.StatusCode)
	}
	if _, page = admin.get(t, "/can-bo/dong-bo/anh-xa"); !strings.Contains(page, "2.222222") || strings.Contains(page, "1.111111") {
		t.Error("the administrator's entry does not override the file's")
	}
}

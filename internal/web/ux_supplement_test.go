package web

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/store"
)

var supplementKey = regexp.MustCompile(`name="key" value="([A-Za-z0-9_-]{32})"`)

// askSupplement has the dossier's lead specialist ask for two papers.
func askSupplement(t *testing.T, db *store.DB, code string) {
	t.Helper()
	ctx := context.Background()
	d, err := db.Dossier(ctx, code)
	if err != nil {
		t.Fatal(err)
	}
	lead, err := db.Officer(ctx, d.LeadID)
	if err != nil {
		t.Fatalf("the dossier has no lead: %v", err)
	}
	if _, err := db.Act(ctx, code, dossier.Action{Kind: dossier.ActRequestSupplement, Reason: "Giấy chứng sinh bị mờ",
		Items: []string{"Giấy chứng sinh (bản rõ nét)", "Ảnh căn cước hai mặt"}}, lead); err != nil {
		t.Fatal(err)
	}
}

// The online supplement from the status page and from "Hồ sơ của tôi":
// what was asked is shown, a wrong file is named beside its item and
// nothing is recorded (the good file is kept for the next try), a good
// form records one supplement however often it is sent, the officer sees
// the papers, and a counter dossier is told what to bring.
func TestOnlineSupplementFromTheStatusPage(t *testing.T) {
	w := newEIDWorld(t)
	ctx := context.Background()
	d := submitOnline(t, w.DB, "k-supplement-online-000000000000000")
	if _, err := w.DB.Act(ctx, d.Code, dossier.Action{Kind: dossier.ActReceive}, officeOfficer(t, w.DB, "tiepnhan1")); err != nil {
		t.Fatal(err)
	}
	askSupplement(t, w.DB, d.Code)

	citizen := w.browser(t)
	_, page := citizen.get(t, "/tra-cuu")
	csrf := csrfFrom(t, page)
	lookup := url.Values{"ma": {d.Code}, "so": {"5678"}}
	_, page = citizen.post(t, "/tra-cuu", url.Values{"csrf": {csrf}, "ma": {d.Code}, "so": {"5678"}})
	for _, want := range []string{`id="supplement"`, "Giấy chứng sinh bị mờ", "Giấy chứng sinh (bản rõ nét)", "Ảnh căn cước hai mặt",
		`action="/tra-cuu/bo-sung"`, "gửi giấy tờ ngay trên trang này"} {
		if !strings.Contains(page, want) {
			t.Errorf("the status page lacks %q", want)
		}
	}
	if strings.Contains(between(page, `id="status-meaning"`, "</p>"), "mang đến") {
		t.Error("an online dossier is told to bring the papers to the counter")
	}
	m := supplementKey.FindStringSubmatch(page)
	if m == nil {
		t.Fatal("no form key in the supplement form")
	}
	lookup.Set("key", m[1])
	files0 := stored(t, w.DB)[1]

	// One good file, one that is not a document: refused, the bad one named.
	resp, page := citizen.postMultipart(t, "/tra-cuu/bo-sung", csrf, lookup, []portalFile{
		{"items.0", "chung-sinh.pdf", portalPDF}, {"items.1", "can-cuoc.pdf", []byte("MZ\x90\x00 not a document")}})
	if resp.StatusCode != http.StatusBadRequest || officeFieldError(page, "sup-item-1-error") == "" || officeFieldError(page, "sup-item-0-error") != "" {
		t.Fatalf("a bad file = %d, errors %q / %q", resp.StatusCode, officeFieldError(page, "sup-item-0-error"), officeFieldError(page, "sup-item-1-error"))
	}
	if !strings.Contains(page, "<title>Lỗi:") || !strings.Contains(page, `id="supplement-error"`) {
		t.Error("the page with errors does not say so in its title and at the form")
	}
	if !strings.Contains(page, "Đã giữ tệp &#34;chung-sinh.pdf&#34;") && !strings.Contains(page, "Đã giữ tệp &quot;chung-sinh.pdf&quot;") {
		t.Error("the good file is not kept for the next try")
	}
	if got := officeDossierOf(t, w.DB, d.Code); got.Status != dossier.Supplement || stored(t, w.DB)[1] != files0 {
		t.Fatalf("a refused supplement changed the dossier (%v) or stored files", got.Status)
	}
	// No file at all, and a long note: named, nothing recorded.
	long := url.Values{"ma": {d.Code}, "so": {"5678"}, "key": {"zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz"}, "note": {strings.Repeat("a", store.MaxSupplementNote+1)}}
	if resp, page := citizen.postMultipart(t, "/tra-cuu/bo-sung", csrf, long, nil); resp.StatusCode != http.StatusBadRequest ||
		officeFieldError(page, "sup-note-error") == "" {
		t.Errorf("a long note = %d %q", resp.StatusCode, officeFieldError(page, "sup-note-error"))
	}
	// Wrong digits, or no CSRF token: nothing.
	wrong := url.Values{"ma": {d.Code}, "so": {"0000"}, "key": {m[1]}}
	if resp, _ := citizen.postMultipart(t, "/tra-cuu/bo-sung", csrf, wrong, []portalFile{{"items.1", "cc.pdf", portalPDF}}); resp.StatusCode != http.StatusNotFound {
		t.Errorf("wrong digits = %d, want 404", resp.StatusCode)
	}
	if resp, _ := citizen.postMultipart(t, "/tra-cuu/bo-sung", "", lookup, []portalFile{{"items.1", "cc.pdf", portalPDF}}); resp.StatusCode != http.StatusForbidden {
		t.Errorf("no CSRF token = %d, want 403", resp.StatusCode)
	}
	if got := officeDossierOf(t, w.DB, d.Code); got.Status != dossier.Supplement {
		t.Fatalf("a refused post changed the dossier: %v", got.Status)
	}

	// The wrong file chosen again; the kept one goes with it. Sent twice.
	for i := range 2 {
		resp, page = citizen.postMultipart(t, "/tra-cuu/bo-sung", csrf, lookup, []portalFile{{"items.1", "can-cuoc.jpg", portalJPEG}})
		if resp.StatusCode != http.StatusOK || !strings.Contains(page, `id="supplement-sent"`) || strings.Contains(page, `id="supplement"`) {
			t.Fatalf("send %d = %d, sent shown: %v", i, resp.StatusCode, strings.Contains(page, `id="supplement-sent"`))
		}
	}
	if !strings.Contains(page, "Đã bổ sung hồ sơ") {
		t.Error("the timeline does not show the supplement")
	}
	got := officeDossierOf(t, w.DB, d.Code)
	if got.Status != dossier.Processing {
		t.Fatalf("after the supplement the dossier is %v", got.Status)
	}
	sups, err := w.DB.OnlineSupplements(ctx, d.ID)
	if err != nil || len(sups) != 1 || len(sups[0].Files) != 2 || sups[0].Files[0].Name != "chung-sinh.pdf" || sups[0].Files[1].Name != "can-cuoc.jpg" {
		t.Fatalf("online supplements: %+v, %v", sups, err)
	}
	events, err := w.DB.Events(ctx, d.ID)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range events {
		if e.Kind == dossier.ActSupplement {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d supplement events, want 1", n)
	}

	// The officer sees the papers and opens them.
	lead := w.officeLogin(t, officeUsername(t, w.DB, got.LeadID))
	_, page = lead.get(t, "/can-bo/ho-so/"+d.Code)
	sec := between(page, `id="supplements"`, "</section>")
	if !strings.Contains(sec, "Giấy chứng sinh (bản rõ nét)") || !strings.Contains(sec, "can-cuoc.jpg") {
		t.Fatalf("the officer's page shows the supplement as %q", sec)
	}
	if resp, body := lead.get(t, "/can-bo/tep/"+sups[0].Files[1].ID); resp.StatusCode != http.StatusOK || body != string(portalJPEG) {
		t.Errorf("the officer opens the supplied paper = %d", resp.StatusCode)
	}

	// A second request, answered from "Hồ sơ của tôi" by the signed-in owner.
	askSupplement(t, w.DB, d.Code)
	w.signIn(t, citizen, 0, 2)
	_, page = citizen.get(t, "/ca-nhan/ho-so/"+d.Code)
	if !strings.Contains(page, `action="/ca-nhan/ho-so/`+d.Code+`/bo-sung"`) || strings.Contains(page, `name="so"`) {
		t.Fatal("“Hồ sơ của tôi” offers no supplement form of its own")
	}
	key := supplementKey.FindStringSubmatch(page)[1]
	ccsrf := csrfFrom(t, page)
	other := w.browser(t)
	w.signIn(t, other, 1, 2)
	_, opage := other.get(t, "/ca-nhan/ho-so")
	if resp, _ := other.postMultipart(t, "/ca-nhan/ho-so/"+d.Code+"/bo-sung", csrfFrom(t, opage), url.Values{"key": {key}},
		[]portalFile{{"items.0", "x.pdf", portalPDF}}); resp.StatusCode != http.StatusNotFound {
		t.Errorf("another citizen's supplement = %d, want 404", resp.StatusCode)
	}
	resp, page = citizen.postMultipart(t, "/ca-nhan/ho-so/"+d.Code+"/bo-sung", ccsrf, url.Values{"key": {key}, "note": {"Đã chụp lại rõ hơn"}},
		[]portalFile{{"items.0", "chung-sinh-2.pdf", portalPDF}})
	if resp.StatusCode != http.StatusOK || !strings.Contains(page, `id="supplement-sent"`) {
		t.Fatalf("the signed-in owner's supplement = %d", resp.StatusCode)
	}
	if sups, _ := w.DB.OnlineSupplements(ctx, d.ID); len(sups) != 2 || sups[1].RequestNo != 2 || sups[1].Note != "Đã chụp lại rõ hơn" {
		t.Errorf("after the second: %+v", sups)
	}

	// A counter dossier: what to bring, no form.
	c := officeIntake(t, w.DB, officeExtractCopy, dossier.Counter)
	askSupplement(t, w.DB, c.Code)
	_, page = citizen.post(t, "/tra-cuu", url.Values{"csrf": {csrf}, "ma": {c.Code}, "so": {"5678"}})
	if !strings.Contains(page, `id="supplement-counter"`) || !strings.Contains(page, "Ảnh căn cước hai mặt") || strings.Contains(page, `action="/tra-cuu/bo-sung`) {
		t.Error("a counter dossier's status page does not say what to bring, or offers the online form")
	}
	if resp, _ := citizen.postMultipart(t, "/tra-cuu/bo-sung", csrf, url.Values{"ma": {c.Code}, "so": {"5678"}, "key": {m[1][:31] + "x"}},
		[]portalFile{{"items.0", "x.pdf", portalPDF}}); resp.StatusCode != http.StatusConflict {
		t.Errorf("an online supplement of a counter dossier = %d, want 409", resp.StatusCode)
	}
	if got := officeDossierOf(t, w.DB, c.Code); got.Status != dossier.Supplement {
		t.Errorf("the counter dossier moved to %v", got.Status)
	}
}

// officeUsername is the username of the officer with id.
func officeUsername(t *testing.T, db *store.DB, id string) string {
	t.Helper()
	o, err := db.Officer(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return o.Username
}

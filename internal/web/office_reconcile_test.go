package web

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/jobs"
	"github.com/motcua/motcua/internal/outbox"
	"github.com/motcua/motcua/internal/portal"
	"github.com/motcua/motcua/internal/portal/portalfake"
	"github.com/motcua/motcua/internal/store"
)

// runReconciliations runs the queued reconciliation jobs against the fake,
// as the portal's job runner in motcua serve does.
func runReconciliations(t *testing.T, db *store.DB, client *portal.Client) int {
	t.Helper()
	r := jobs.New(db, slog.New(slog.NewTextHandler(io.Discard, nil)), jobs.Handlers{portal.KindReconcile: portal.ReconcileHandler(db, client)})
	n, err := r.RunDue(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestSyncPageReconciliation: reception asks for a reconciliation on the
// sync page (bad dates are refused, naming the field, and queue nothing; a
// double click queues one); the portal's runner compares with the fake,
// which lost one of two dossiers; the sync page lists the run and its page
// names the missing dossier, queued again.
func TestSyncPageReconciliation(t *testing.T) {
	s := newTestServer(t, Options{})
	ctx := context.Background()
	kept := officeIntake(t, s.DB, officeExtractCopy, dossier.Counter)
	lost := officeIntake(t, s.DB, officeExtractCopy, dossier.Counter)
	fake := portalfake.New("motcua", "bi-mat")
	srv := httptest.NewServer(fake)
	defer srv.Close()
	client, err := portal.New(portal.Config{URL: srv.URL, Username: "motcua", Password: "bi-mat"})
	if err != nil {
		t.Fatal(err)
	}
	w, err := outbox.New(s.DB, client, slog.New(slog.NewTextHandler(io.Discard, nil)), nil, outbox.Config{Topic: store.TopicPortal, Now: s.DB.Now})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.RunOnce(ctx); err != nil {
		t.Fatal(err)
	}
	fake.Forget(lost.Code)

	rec := s.officeLogin(t, "tiepnhan1")
	_, page := rec.get(t, "/can-bo/dong-bo")
	if !strings.Contains(page, `id="reconcile-form"`) || !strings.Contains(page, `id="reconcile-none"`) {
		t.Fatalf("the sync page offers no reconciliation:\n%s", page)
	}
	day := kept.ReceivedAt.Format("2006-01-02")
	for _, c := range []struct{ from, to, field string }{
		{"03/12/2025", day, "ngày bắt đầu không hợp lệ"},
		{day, "2020-01-01", "ngày kết thúc phải từ ngày bắt đầu trở đi"},
		{"2020-01-01", day, "mỗi lần đối soát tối đa một năm"},
	} {
		resp, page := rec.act(t, "/can-bo/dong-bo/doi-soat", url.Values{"from": {c.from}, "to": {c.to}})
		if resp.StatusCode != http.StatusBadRequest || !strings.Contains(page, c.field) {
			t.Errorf("from %s to %s: %d, want 400 saying %q", c.from, c.to, resp.StatusCode, c.field)
		}
	}
	if n := runReconciliations(t, s.DB, client); n != 0 {
		t.Fatalf("refused requests queued %d reconciliations", n)
	}
	for range 2 { // a double click
		if resp, _ := rec.act(t, "/can-bo/dong-bo/doi-soat", url.Values{"from": {day}, "to": {day}}); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("reconcile: %d", resp.StatusCode)
		}
	}
	_, page = rec.get(t, "/can-bo/dong-bo")
	if !strings.Contains(page, `id="reconcile-waiting"`) {
		t.Errorf("the sync page does not say a reconciliation waits")
	}
	if n := runReconciliations(t, s.DB, client); n != 1 {
		t.Fatalf("%d reconciliations ran, want 1", n)
	}
	rs, err := s.DB.Reconciliations(ctx, kept.ReceivingUnitID, 10)
	if err != nil || len(rs) != 1 {
		t.Fatalf("reconciliations %v %v", rs, err)
	}
	if rs[0].Checked != 2 || rs[0].Differences != 1 || rs[0].Requeued != 1 {
		t.Errorf("reconciliation %+v", rs[0])
	}
	_, page = rec.get(t, "/can-bo/dong-bo")
	if !strings.Contains(page, `data-reconciliation="`+rs[0].ID+`"`) {
		t.Errorf("the sync page does not list the reconciliation")
	}
	resp, page := rec.get(t, "/can-bo/dong-bo/doi-soat/"+rs[0].ID)
	if resp.StatusCode != http.StatusOK || !strings.Contains(page, lost.Code) || strings.Contains(page, kept.Code) ||
		!strings.Contains(page, "Cổng chưa có hồ sơ") || !strings.Contains(page, "Đã xếp gửi lại") {
		t.Errorf("reconciliation page %d:\n%s", resp.StatusCode, page)
	}
	if _, err := w.RunOnce(ctx); err != nil {
		t.Fatal(err)
	}
	if h := fake.Dossiers()[lost.Code]; h.Creates != 1 {
		t.Errorf("the lost dossier was not sent again: %+v", h)
	}
}

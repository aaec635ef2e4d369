package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/browsertest"
	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/jobs"
	"github.com/motcua/motcua/internal/outbox"
	"github.com/motcua/motcua/internal/portal"
	"github.com/motcua/motcua/internal/portal/portalfake"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/testenv"
)

// TestBrowserRefusedAndReconciliation: the portal pushes a dossier for a
// procedure we do not have, and motcua refuses it; reception sees the
// refusal on the sync page, asks for a reconciliation of today (the fake
// portal lost one of our dossiers), and, once the portal's job runner has
// run it, opens its page naming the lost dossier, queued again. An
// administrator maps a status code on the mapping page. axe-core on each.
func TestBrowserRefusedAndReconciliation(t *testing.T) {
	testenv.Long(t, "a browser flow whose pages the quick suite tests over HTTP; the suite's 3 minutes")
	t.Parallel()
	srv := browsertest.StartServer(t)
	b := browsertest.Start(t)
	ctx := context.Background()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	rec, err := srv.DB.OfficerByUsername(ctx, "tiepnhan1")
	if err != nil {
		t.Fatal(err)
	}
	pv, err := srv.DB.ProcedureByCode(ctx, "2.000635")
	if err != nil {
		t.Fatal(err)
	}
	in := dossier.Intake{Channel: dossier.Counter, Applicant: dossier.Applicant{FullName: "Hoàng Văn Nam", IDNumber: "068190004321",
		Phone: "0987654321", Address: "Thôn 3, xã Đạ Tẻh"}}
	for _, c := range pv.Procedure.Components {
		if c.Required {
			in.Components = append(in.Components, dossier.Component{Name: c.Name})
		}
	}
	var ds []*dossier.Dossier
	for range 2 {
		d, err := srv.DB.Intake(ctx, store.IntakeRequest{UnitID: srv.Town.Unit.ID, ProcedureCode: "2.000635", Intake: in, Actor: rec})
		if err != nil {
			t.Fatal(err)
		}
		ds = append(ds, d)
	}
	fake := portalfake.New("motcua", "bi-mat")
	ps := httptest.NewServer(fake)
	defer ps.Close()
	client, err := portal.New(portal.Config{URL: ps.URL, Username: "motcua", Password: "bi-mat"})
	if err != nil {
		t.Fatal(err)
	}
	w, err := outbox.New(srv.DB, client, log, nil, outbox.Config{Topic: store.TopicPortal, Batch: 200, Now: srv.DB.Now})
	if err != nil {
		t.Fatal(err)
	}
	for {
		n, err := w.RunOnce(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			break
		}
	}
	fake.Forget(ds[1].Code)
	rc := &portal.Receiver{DB: srv.DB, Secret: "s", Log: log}
	if _, _, err := rc.Receive(ctx, "push", []byte(`{"MaHoSo":"G22.99-BROWSER-0001","MaDonVi":"`+srv.Town.Unit.Code+
		`","MaTTHC":"9.999999","ChuHoSo":"Trần Văn Bình"}`)); err == nil {
		t.Fatal("a dossier for an unknown procedure was taken in")
	}

	officeLogin(t, b, srv, "tiepnhan1")
	if got := b.Navigate(srv.URL + "/can-bo/dong-bo"); got != http.StatusOK {
		t.Fatalf("sync page = %d", got)
	}
	if got := b.Text("#sync-refused"); !strings.Contains(got, "G22.99-BROWSER-0001") || !strings.Contains(got, "MaTTHC") {
		t.Errorf("the refused push is not listed: %q", got)
	}
	b.ExpectAccessible("the sync page with a refused push")
	// The form proposes the last 30 days, today included.
	if today := calendar.DateOf(srv.DB.Now()).String(); b.Value("#reconcile-to") != today {
		t.Errorf("the form ends on %q, want today %s", b.Value("#reconcile-to"), today)
	}
	if got := b.ClickAndWait("#reconcile-form button"); got != http.StatusOK {
		t.Fatalf("reconcile = %d", got)
	}
	if flash := b.Text(".flash"); !strings.Contains(flash, "đối soát") {
		t.Errorf("after asking, the page says %q", flash)
	}
	if b.Count("#reconcile-waiting") != 1 {
		t.Error("the page does not say a reconciliation waits")
	}
	runner := jobs.New(srv.DB, log, jobs.Handlers{portal.KindReconcile: portal.ReconcileHandler(srv.DB, client)})
	if n, err := runner.RunDue(ctx); n != 1 || err != nil {
		t.Fatalf("ran %d reconciliations: %v", n, err)
	}
	b.Reload()
	b.ExpectAccessible("the sync page with a reconciliation")
	if got := b.ClickAndWait("#reconcile-list tbody tr a"); got != http.StatusOK {
		t.Fatalf("reconciliation page = %d", got)
	}
	rows := b.Texts("#reconcile-diffs tbody tr")
	if len(rows) != 1 || !strings.Contains(rows[0], ds[1].Code) || !strings.Contains(rows[0], "Cổng chưa có hồ sơ") ||
		!strings.Contains(rows[0], "Đã xếp gửi lại") {
		t.Errorf("differences %q, want only %s, missing, queued again", rows, ds[1].Code)
	}
	b.ExpectAccessible("a reconciliation's differences")
	b.Screenshot("reconciliation")
	officeLogout(t, b)

	officeLogin(t, b, srv, "admin")
	if got := b.Navigate(srv.URL + "/can-bo/dong-bo/anh-xa"); got != http.StatusOK {
		t.Fatalf("mapping page = %d", got)
	}
	b.ExpectAccessible("the mapping page")
	b.Fill("#status-4-theirs", "XL")
	if got := b.ClickAndWait("#status-4 button"); got != http.StatusOK {
		t.Fatalf("save = %d", got)
	}
	if v := b.Value("#status-4-theirs"); v != "XL" {
		t.Errorf("after saving, the status 4 box holds %q", v)
	}
	if es, _ := srv.DB.PortalMappings(ctx); len(es) != 1 || es[0].Theirs != "XL" {
		t.Errorf("entries %+v", es)
	}
}

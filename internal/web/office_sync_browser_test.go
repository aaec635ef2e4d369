package web_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/browsertest"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/outbox"
	"github.com/motcua/motcua/internal/store"
)

type downPortal struct{}

func (downPortal) Send(context.Context, *store.OutboxMessage) error {
	return errors.New("portal /integration: HTTP 503")
}

// TestBrowserSyncPageResend: a dossier whose portal message failed says so
// on its page; reception follows the link to the sync page, sees the
// failure with its cause, and resends it; axe-core on each page.
func TestBrowserSyncPageResend(t *testing.T) {
	t.Parallel()
	srv := browsertest.StartServer(t)
	b := browsertest.Start(t)
	ctx := context.Background()
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
	d, err := srv.DB.Intake(ctx, store.IntakeRequest{UnitID: srv.Town.Unit.ID, ProcedureCode: "2.000635", Intake: in, Actor: rec})
	if err != nil {
		t.Fatal(err)
	}
	// Let every earlier message of the demo go, then this one fail.
	w, err := outbox.New(srv.DB, downPortal{}, slog.New(slog.NewTextHandler(io.Discard, nil)), nil,
		outbox.Config{Topic: store.TopicPortal, MaxAttempts: 1, Batch: 1000, Now: srv.DB.Now})
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
	ms, err := srv.DB.OutboxMessages(ctx, store.OutboxFilter{Topic: store.TopicPortal, Key: d.ID})
	if err != nil || len(ms) != 1 || ms[0].State != store.OutboxFailed {
		t.Fatalf("the dossier's message: %v %v", ms, err)
	}

	officeLogin(t, b, srv, "tiepnhan1")
	if got := b.Navigate(srv.URL + "/can-bo/ho-so/" + d.Code); got != http.StatusOK {
		t.Fatalf("dossier page = %d", got)
	}
	if state, _ := b.Attr("#dossier-sync", "data-state"); state != "failed" {
		t.Errorf("dossier sync state %q, want failed", state)
	}
	b.ExpectAccessible("a dossier page with a failed sync")
	if got := b.ClickAndWait("#dossier-sync a"); got != http.StatusOK {
		t.Fatalf("sync page = %d", got)
	}
	row := `tr[data-message="` + ms[0].ID + `"]`
	if got := b.Text(row + " a.code"); got != d.Code {
		t.Errorf("the failed row names %q, want %s", got, d.Code)
	}
	if got := b.Text(row + " td.sync-error"); !strings.Contains(got, "HTTP 503") {
		t.Errorf("the failed row's error %q", got)
	}
	b.ExpectAccessible("the sync page with a failed message")
	b.Screenshot("sync-page-failed")
	if got := b.ClickAndWait(row + " button.resend"); got != http.StatusOK {
		t.Fatalf("resend = %d", got)
	}
	if flash := b.Text(".flash"); !strings.Contains(flash, d.Code) {
		t.Errorf("after resend the page says %q", flash)
	}
	if b.Count(row) != 0 {
		t.Error("the resent message is still listed as failed")
	}
	b.ExpectAccessible("the sync page after a resend")
	if m, _ := srv.DB.OutboxMessageByID(ctx, ms[0].ID); m.State != store.OutboxQueued {
		t.Errorf("after resend the message is %s", m.State)
	}
}

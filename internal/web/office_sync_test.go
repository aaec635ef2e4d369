package web

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/outbox"
	"github.com/motcua/motcua/internal/store"
)

type refusingPortal struct{}

func (refusingPortal) Send(context.Context, *store.OutboxMessage) error {
	return errors.New("portal DongBoHoSoMC: HTTP 503")
}

// failPortalMessages runs one delivery round against a portal that refuses
// everything, with one attempt allowed: every due message fails.
func failPortalMessages(t *testing.T, db *store.DB) {
	t.Helper()
	w, err := outbox.New(db, refusingPortal{}, slog.New(slog.NewTextHandler(io.Discard, nil)), nil,
		outbox.Config{Topic: store.TopicPortal, MaxAttempts: 1, Now: db.Now})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.RunOnce(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// TestSyncPageResendAndDiscard: a failed portal message shows on the
// dossier page and on the unit's sync page with its error; reception resends
// it; only an administrator discards, and only with a reason.
func TestSyncPageResendAndDiscard(t *testing.T) {
	s := newTestServer(t, Options{})
	ctx := context.Background()
	d := officeIntake(t, s.DB, officeExtractCopy, dossier.Counter)
	failPortalMessages(t, s.DB)
	ms, err := s.DB.OutboxMessages(ctx, store.OutboxFilter{Topic: store.TopicPortal, Key: d.ID})
	if err != nil || len(ms) != 1 || ms[0].State != store.OutboxFailed {
		t.Fatalf("messages %v %v", ms, err)
	}
	id := ms[0].ID

	rec := s.officeLogin(t, "tiepnhan1")
	_, page := rec.get(t, "/can-bo/ho-so/"+d.Code)
	if !strings.Contains(page, `data-state="failed"`) || !strings.Contains(page, "HTTP 503") {
		t.Errorf("dossier page does not show the failure")
	}
	resp, page := rec.get(t, "/can-bo/dong-bo")
	if resp.StatusCode != http.StatusOK || !strings.Contains(page, d.Code) || !strings.Contains(page, `id="sync-failed">1<`) ||
		!strings.Contains(page, "portal DongBoHoSoMC: HTTP 503") {
		t.Fatalf("sync page %d:\n%s", resp.StatusCode, page)
	}
	if strings.Contains(page, "/huy") {
		t.Error("reception is offered discard")
	}
	if resp, _ := s.officeLogin(t, "hotich").get(t, "/can-bo/dong-bo"); resp.StatusCode != http.StatusForbidden {
		t.Errorf("a specialist opens the sync page: %d", resp.StatusCode)
	}
	if resp, _ := rec.act(t, "/can-bo/dong-bo/"+id+"/huy", url.Values{"reason": {"thử"}}); resp.StatusCode != http.StatusForbidden {
		t.Errorf("reception discards: %d", resp.StatusCode)
	}
	if resp, _ := rec.act(t, "/can-bo/dong-bo/"+id+"/gui-lai", nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("resend: %d", resp.StatusCode)
	}
	if m, _ := s.DB.OutboxMessageByID(ctx, id); m.State != store.OutboxQueued || m.Attempts != 0 {
		t.Errorf("after resend: %s, %d attempts", m.State, m.Attempts)
	}
	_, page = rec.get(t, "/can-bo/ho-so/"+d.Code)
	if !strings.Contains(page, `data-state="pending"`) {
		t.Errorf("dossier page after resend does not say pending")
	}

	failPortalMessages(t, s.DB)
	admin := s.officeLogin(t, "admin")
	if resp, page := admin.act(t, "/can-bo/dong-bo/"+id+"/huy", url.Values{"reason": {"  "}}); resp.StatusCode != http.StatusBadRequest ||
		!strings.Contains(page, "cần nêu lý do huỷ tin") {
		t.Errorf("discard without a reason: %d", resp.StatusCode)
	}
	if resp, _ := admin.act(t, "/can-bo/dong-bo/"+id+"/huy", url.Values{"reason": {"Đã nhập tay trên Cổng"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("discard: %d", resp.StatusCode)
	}
	if m, _ := s.DB.OutboxMessageByID(ctx, id); m.State != store.OutboxDiscarded || m.DiscardReason != "Đã nhập tay trên Cổng" {
		t.Errorf("after discard: %s %q", m.State, m.DiscardReason)
	}
	if resp, _ := admin.act(t, "/can-bo/dong-bo/no-such-id/gui-lai", nil); resp.StatusCode != http.StatusNotFound {
		t.Errorf("resend of an unknown message: %d", resp.StatusCode)
	}
}

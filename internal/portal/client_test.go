package portal_test

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/outbox"
	"github.com/motcua/motcua/internal/portal"
	"github.com/motcua/motcua/internal/portal/portalfake"
	"github.com/motcua/motcua/internal/store"
)

func message(t *testing.T, seq, attempts int, status dossier.Status, events ...int) *store.OutboxMessage {
	t.Helper()
	at := time.Date(2025, 3, 3, 9, 0, 0, 0, ict)
	ch := store.DossierChange{Dossier: &dossier.Dossier{ID: "d1", Code: "000.21.37.H56-250303-0001", ProcedureCode: "1.004873",
		ProcedureName: "Cấp Giấy xác nhận tình trạng hôn nhân", FieldCode: "HT", Channel: dossier.Counter, Status: status,
		ReceivedAt: at, AppointmentAt: at.AddDate(0, 0, 3)}}
	for _, n := range events {
		ch.Events = append(ch.Events, store.StoredEvent{Seq: n, Event: dossier.Event{Kind: dossier.ActAssign, At: at, ToStatus: status}})
	}
	b, err := json.Marshal(ch)
	if err != nil {
		t.Fatal(err)
	}
	return &store.OutboxMessage{ID: "m", Topic: store.TopicPortal, Key: "d1", Seq: seq, Attempts: attempts, Payload: b}
}

// TestAppliedButUnansweredIsNotAppliedTwice: the portal applies a create
// and its steps but the connection drops before the answer; the retry
// looks the dossier up, updates it instead of creating it again, and sends
// no step twice. An expired session is renewed on the way.
func TestAppliedButUnansweredIsNotAppliedTwice(t *testing.T) {
	fake := portalfake.New("u", "p")
	srv := httptest.NewServer(fake)
	defer srv.Close()
	c, err := portal.New(portal.Config{URL: srv.URL, Username: "u", Password: "p"})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	m := message(t, 1, 1, dossier.Processing, 1, 2)
	// The create is applied, then its connection reset.
	fake.SetFaults(portalfake.Faults{ResetAfterApply: 1, Only: portal.ServiceSync}, 1)
	if err := c.Send(ctx, m); err == nil {
		t.Fatal("a reset connection counted as delivered")
	}
	fake.SetFaults(portalfake.Faults{}, 1)
	fake.ExpireSessions()
	m.Attempts = 2
	if err := c.Send(ctx, m); err != nil {
		t.Fatal(err)
	}
	h := fake.Dossiers()["000.21.37.H56-250303-0001"]
	if h.Creates != 1 || h.Updates != 1 || len(h.Steps) != 2 {
		t.Errorf("after the retry: %d creates, %d updates, %d steps; want 1, 1, 2", h.Creates, h.Updates, len(h.Steps))
	}
	// The next change: its steps applied but their answer lost, then again.
	m2 := message(t, 2, 1, dossier.Resolved, 3)
	fake.SetFaults(portalfake.Faults{ResetAfterApply: 1, Only: portal.ServiceProgress}, 1)
	c.Send(ctx, m2)
	fake.SetFaults(portalfake.Faults{}, 1)
	m2.Attempts = 2
	if err := c.Send(ctx, m2); err != nil {
		t.Fatal(err)
	}
	h = fake.Dossiers()["000.21.37.H56-250303-0001"]
	var seqs []int
	for _, s := range h.Steps {
		seqs = append(seqs, s.SoThuTu)
	}
	if h.Creates != 1 || h.Record.TrangThaiHoSo != "9" || len(seqs) != 3 || seqs[0] != 1 || seqs[1] != 2 || seqs[2] != 3 {
		t.Errorf("portal holds %d creates, status %s, steps %v; want 1 create, status 9, steps [1 2 3]", h.Creates, h.Record.TrangThaiHoSo, seqs)
	}
	if h.Record.NgayTiepNhan != "20250303090000" || h.Record.NgayHenTra != "20250306090000" || h.Record.MaTTHC != "1.004873" {
		t.Errorf("record dates/code: %+v", h.Record)
	}
}

// TestWrongLoginFailsAtOnce: a refused login is not retried for days.
func TestWrongLoginFailsAtOnce(t *testing.T) {
	srv := httptest.NewServer(portalfake.New("u", "p"))
	defer srv.Close()
	c, _ := portal.New(portal.Config{URL: srv.URL, Username: "u", Password: "sai"})
	if err := c.Send(context.Background(), message(t, 1, 1, dossier.Received, 1)); !outbox.IsPermanent(err) {
		t.Errorf("wrong password: %v, want a permanent error", err)
	}
}

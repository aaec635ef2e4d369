package outbox_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/catalogue"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/metrics"
	"github.com/motcua/motcua/internal/outbox"
	"github.com/motcua/motcua/internal/staff"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/store/storetest"
	"github.com/motcua/motcua/internal/unit"
)

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time          { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Advance(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

type town struct {
	db                 *store.DB
	clk                *clock
	unit               *unit.Unit
	reception, hotich  *staff.Officer
	leader, specialist *staff.Officer
}

func newTown(t *testing.T, e storetest.Engine) *town {
	t.Helper()
	ctx := context.Background()
	clk := &clock{t: time.Date(2025, 3, 3, 8, 0, 0, 0, time.FixedZone("ICT", 7*3600))}
	db := e.Open(t, store.Options{Now: clk.Now})
	c, err := catalogue.LoadShipped()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.ImportCatalogue(ctx, c, "test"); err != nil {
		t.Fatal(err)
	}
	tw := &town{db: db, clk: clk, unit: &unit.Unit{Code: "000.21.37.H56", Name: "UBND xã Đạ Tẻh", Kind: unit.Commune}}
	if err := db.CreateUnit(ctx, tw.unit, "test"); err != nil {
		t.Fatal(err)
	}
	mk := func(name string, role staff.Role, fields ...string) *staff.Officer {
		o := &staff.Officer{UnitID: tw.unit.ID, Username: name, FullName: name, Roles: []staff.Role{role}, Fields: fields, Active: true}
		if err := db.CreateOfficer(ctx, o, "mat-khau-thu", "test"); err != nil {
			t.Fatal(err)
		}
		return o
	}
	tw.reception, tw.hotich, tw.leader = mk("tiepnhan", staff.Reception), mk("hotich", staff.Specialist, "HT"), mk("chutich", staff.Leader)
	return tw
}

func (tw *town) intake(t *testing.T) *dossier.Dossier {
	t.Helper()
	pv, err := tw.db.ProcedureByCode(context.Background(), "1.004873")
	if err != nil {
		t.Fatal(err)
	}
	in := dossier.Intake{Channel: dossier.Counter, Applicant: dossier.Applicant{FullName: "Nguyễn Thị Lan", IDNumber: "068190001234", Phone: "0912345678"}}
	for _, c := range pv.Procedure.Components {
		if c.Required {
			in.Components = append(in.Components, dossier.Component{Name: c.Name})
		}
	}
	d, err := tw.db.Intake(context.Background(), store.IntakeRequest{UnitID: tw.unit.ID, ProcedureCode: "1.004873", Intake: in, Actor: tw.reception})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func (tw *town) messages(t *testing.T, key string) []*store.OutboxMessage {
	t.Helper()
	ms, err := tw.db.OutboxMessages(context.Background(), store.OutboxFilter{Topic: store.TopicPortal, Key: key})
	if err != nil {
		t.Fatal(err)
	}
	return ms
}

// TestMessageWrittenWithTheChange: an intake and each action write one
// portal message in their transaction, numbered per dossier, carrying the
// dossier and the change's events; a refused action writes nothing.
func TestMessageWrittenWithTheChange(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		ctx := context.Background()
		tw := newTown(t, e)
		d := tw.intake(t)
		if _, err := tw.db.Act(ctx, d.Code, dossier.Action{Kind: dossier.ActApprove}, tw.reception); err == nil {
			t.Fatal("reception approved a dossier")
		}
		if _, err := tw.db.Act(ctx, d.Code, dossier.Action{Kind: dossier.ActPropose, Note: "Đủ điều kiện"}, tw.hotich); err != nil {
			t.Fatal(err)
		}
		ms := tw.messages(t, d.ID)
		if len(ms) != 2 || ms[0].Seq != 1 || ms[1].Seq != 2 {
			t.Fatalf("messages: %+v", ms)
		}
		var first, second store.DossierChange
		json.Unmarshal(ms[0].Payload, &first)
		json.Unmarshal(ms[1].Payload, &second)
		if first.Dossier.Code != d.Code || first.Dossier.Status != dossier.Processing || len(first.Events) != 2 ||
			first.Events[0].Seq != 1 || first.Events[1].Seq != 2 {
			t.Errorf("intake message: %+v", first)
		}
		if len(second.Events) != 1 || second.Events[0].Seq != 3 || second.Events[0].Kind != dossier.ActPropose {
			t.Errorf("propose message: %+v", second.Events)
		}
		if ms[0].State != store.OutboxQueued || ms[0].UnitID != tw.unit.ID {
			t.Errorf("state %s unit %s", ms[0].State, ms[0].UnitID)
		}
	})
}

// scripted fails the messages whose key is in fail.
type scripted struct {
	mu   sync.Mutex
	fail map[string]bool
	sent []string // key/seq in order of success
}

func (s *scripted) Send(ctx context.Context, m *store.OutboxMessage) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.fail[m.Key] {
		return errors.New("portal answered 503")
	}
	s.sent = append(s.sent, m.Key+"/"+string(rune('0'+m.Seq)))
	return nil
}

// TestOrderFailureResendDiscard: a dossier whose message keeps failing
// holds back its own later messages but not another dossier's; after the
// attempts it is failed with its error; a resend queues it afresh; a
// discard needs a reason, is audited, and lets the later messages go.
func TestOrderFailureResendDiscard(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		ctx := context.Background()
		tw := newTown(t, e)
		a, b := tw.intake(t), tw.intake(t)
		for _, d := range []*dossier.Dossier{a, b} {
			if _, err := tw.db.Act(ctx, d.Code, dossier.Action{Kind: dossier.ActPropose}, tw.hotich); err != nil {
				t.Fatal(err)
			}
		}
		s := &scripted{fail: map[string]bool{a.ID: true}}
		w, err := outbox.New(tw.db, s, slog.New(slog.NewTextHandler(io.Discard, nil)), nil, outbox.Config{Topic: store.TopicPortal,
			MaxAttempts: 3, BaseDelay: time.Second, MaxDelay: time.Second, Now: tw.clk.Now, Jitter: func() float64 { return 0 }})
		if err != nil {
			t.Fatal(err)
		}
		for range 6 {
			if _, err := w.RunOnce(ctx); err != nil {
				t.Fatal(err)
			}
			tw.clk.Advance(time.Second)
		}
		if want := []string{b.ID + "/1", b.ID + "/2"}; strings.Join(s.sent, " ") != strings.Join(want, " ") {
			t.Errorf("sent %v, want %v", s.sent, want)
		}
		ms := tw.messages(t, a.ID)
		if ms[0].State != store.OutboxFailed || ms[0].Attempts != 3 || ms[0].LastError != "portal answered 503" {
			t.Errorf("first message of a: %s after %d attempts (%q)", ms[0].State, ms[0].Attempts, ms[0].LastError)
		}
		if ms[1].State != store.OutboxQueued || ms[1].Attempts != 0 {
			t.Errorf("second message of a was tried while the first failed: %s, %d", ms[1].State, ms[1].Attempts)
		}
		st, err := tw.db.OutboxSummary(ctx, store.TopicPortal, tw.unit.ID)
		if err != nil {
			t.Fatal(err)
		}
		if st.Failed != 1 || st.Pending != 1 || st.Sent != 2 || st.FailuresByCause["portal answered 503"] != 1 {
			t.Errorf("summary %+v", st)
		}

		// Resend: attempts start again, and it fails again after them.
		if err := tw.db.ResendOutbox(ctx, ms[0].ID, tw.reception.ID); err != nil {
			t.Fatal(err)
		}
		if err := tw.db.ResendOutbox(ctx, ms[0].ID, tw.reception.ID); apperr.KindOf(err) != apperr.Conflict {
			t.Errorf("resending a queued message: %v", err)
		}
		if got := tw.messages(t, a.ID)[0]; got.State != store.OutboxQueued || got.Attempts != 0 {
			t.Errorf("after resend: %s %d", got.State, got.Attempts)
		}
		s.mu.Lock()
		s.fail[a.ID] = false
		s.mu.Unlock()
		w.RunOnce(ctx)
		if got := tw.messages(t, a.ID); got[0].State != store.OutboxSent || got[1].State != store.OutboxQueued {
			t.Errorf("after resend and success: %s, %s", got[0].State, got[1].State)
		}

		// Discard: a reason is required; then the next message goes.
		c := tw.intake(t)
		if _, err := tw.db.Act(ctx, c.Code, dossier.Action{Kind: dossier.ActPropose}, tw.hotich); err != nil {
			t.Fatal(err)
		}
		s.mu.Lock()
		s.fail[c.ID], s.sent = true, nil
		s.mu.Unlock()
		for range 4 {
			w.RunOnce(ctx)
			tw.clk.Advance(time.Second)
		}
		cm := tw.messages(t, c.ID)
		if cm[0].State != store.OutboxFailed {
			t.Fatalf("c's first message: %s", cm[0].State)
		}
		if err := tw.db.DiscardOutbox(ctx, cm[0].ID, "admin", "  "); apperr.FieldOf(err) != "reason" {
			t.Errorf("discard without a reason: %v", err)
		}
		if err := tw.db.DiscardOutbox(ctx, cm[0].ID, "admin", "Cổng đã có hồ sơ, nhập tay"); err != nil {
			t.Fatal(err)
		}
		s.mu.Lock()
		s.fail[c.ID] = false
		s.mu.Unlock()
		w.RunOnce(ctx)
		cm = tw.messages(t, c.ID)
		if cm[0].State != store.OutboxDiscarded || cm[0].DiscardReason != "Cổng đã có hồ sơ, nhập tay" || cm[1].State != store.OutboxSent {
			t.Errorf("after discard: %s %q, next %s", cm[0].State, cm[0].DiscardReason, cm[1].State)
		}
		evs, err := tw.db.AdminEvents(ctx, store.AdminEventFilter{})
		if err != nil {
			t.Fatal(err)
		}
		var audited []string
		for _, e := range evs {
			if e.Entity == "outbox_message" {
				audited = append(audited, e.Action+":"+e.Detail)
			}
		}
		if strings.Join(audited, ",") != "discard:Cổng đã có hồ sơ, nhập tay,resend:" {
			t.Errorf("audit: %v", audited)
		}
	})
}

// TestAgeLimit: a message older than MaxAge fails at its next failure,
// whatever its attempts.
func TestAgeLimit(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		tw := newTown(t, e)
		d := tw.intake(t)
		w, _ := outbox.New(tw.db, &scripted{fail: map[string]bool{d.ID: true}}, slog.New(slog.NewTextHandler(io.Discard, nil)), nil,
			outbox.Config{Topic: store.TopicPortal, MaxAttempts: 100, MaxAge: time.Hour, BaseDelay: time.Minute, Now: tw.clk.Now})
		w.RunOnce(context.Background())
		if m := tw.messages(t, d.ID)[0]; m.State != store.OutboxQueued {
			t.Fatalf("after one failure: %s", m.State)
		}
		tw.clk.Advance(time.Hour)
		w.RunOnce(context.Background())
		if m := tw.messages(t, d.ID)[0]; m.State != store.OutboxFailed || m.Attempts != 2 {
			t.Errorf("after an hour: %s, %d attempts", m.State, m.Attempts)
		}
	})
}

// TestExpiredLeaseIsClaimedAgain: a message whose worker died mid-send is
// claimed again once its lease expires, and the dead claim cannot settle it.
func TestExpiredLeaseIsClaimedAgain(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		ctx := context.Background()
		tw := newTown(t, e)
		tw.intake(t)
		first, err := tw.db.ClaimOutbox(ctx, store.TopicPortal, 10, time.Minute)
		if err != nil || len(first) != 1 {
			t.Fatalf("claim: %v %v", first, err)
		}
		if again, _ := tw.db.ClaimOutbox(ctx, store.TopicPortal, 10, time.Minute); len(again) != 0 {
			t.Fatalf("claimed twice within the lease")
		}
		tw.clk.Advance(time.Minute)
		again, err := tw.db.ClaimOutbox(ctx, store.TopicPortal, 10, time.Minute)
		if err != nil || len(again) != 1 || again[0].Attempts != 2 {
			t.Fatalf("reclaim: %v %v", again, err)
		}
		if err := tw.db.OutboxSent(ctx, first[0]); apperr.KindOf(err) != apperr.Conflict {
			t.Errorf("the dead claim settled the message: %v", err)
		}
		if err := tw.db.OutboxSent(ctx, again[0]); err != nil {
			t.Error(err)
		}
	})
}

func TestBackoff(t *testing.T) {
	for _, j := range []float64{0, 0.999} {
		w, _ := outbox.New(nil, nil, nil, nil, outbox.Config{Topic: "x", BaseDelay: 10 * time.Second, MaxDelay: 5 * time.Minute,
			Jitter: func() float64 { return j }})
		for attempts, want := range map[int]time.Duration{1: 10 * time.Second, 2: 20 * time.Second, 3: 40 * time.Second, 6: 5 * time.Minute, 30: 5 * time.Minute} {
			got := w.Backoff(attempts)
			if got < want/2 || got >= want || (j == 0 && got != want/2) {
				t.Errorf("jitter %v: backoff after %d attempts = %s, want in [%s, %s)", j, attempts, got, want/2, want)
			}
		}
	}
}

// TestRunStopsWithContext: Run returns when its context ends, and the
// gauges read the outbox.
func TestRunStopsWithContext(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		tw := newTown(t, e)
		tw.intake(t)
		reg := metrics.New()
		w, _ := outbox.New(tw.db, &scripted{fail: map[string]bool{}}, slog.New(slog.NewTextHandler(io.Discard, nil)), reg,
			outbox.Config{Topic: store.TopicPortal, Poll: time.Millisecond, Now: tw.clk.Now})
		var buf bytes.Buffer
		reg.WriteTo(&buf)
		if !strings.Contains(buf.String(), "outbox_backlog_portal 1") {
			t.Errorf("metrics before sending:\n%s", buf.String())
		}
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error)
		go func() { done <- w.Run(ctx) }()
		for range 1000 {
			if st, _ := tw.db.OutboxSummary(context.Background(), store.TopicPortal, ""); st.Sent == 1 {
				break
			}
			time.Sleep(time.Millisecond)
		}
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Error(err)
			}
		case <-time.After(5 * time.Second):
			t.Fatal("Run did not stop")
		}
		buf.Reset()
		reg.WriteTo(&buf)
		for _, want := range []string{"outbox_backlog_portal 0", `outbox_sent_total{topic="portal"} 1`} {
			if !strings.Contains(buf.String(), want) {
				t.Errorf("metrics lack %q:\n%s", want, buf.String())
			}
		}
	})
}

package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/report"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/store/storetest"
)

// TestAssistedOnlineIntake: a reception officer helps a citizen submit
// online at the counter. The dossier is online, assisted by that officer,
// received at once; its submission event is the officer's and says so; the
// roll-ups count it online and assisted. A citizen cannot mark their own
// submission assisted, a counter dossier cannot be assisted, a retry does not
// duplicate, and a refused request leaves nothing behind.
func TestAssistedOnlineIntake(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		tw := newTown(t, e)
		ctx := context.Background()
		tw.clk.Set("2025-03-03 09:00")
		req := tw.request(t, "1.004873", dossier.Online, tw.reception)
		req.Intake.Assisted = true
		req.Intake.IdempotencyKey = "quay-1-ho-tro"
		d, err := tw.db.Intake(ctx, req)
		if err != nil {
			t.Fatalf("assisted intake: %v", err)
		}
		if d.Channel != dossier.Online || d.AssistedBy != tw.reception.ID || d.Status != dossier.Processing {
			t.Fatalf("assisted dossier: channel %d, assisted by %q, status %d; want online, %q, processing",
				d.Channel, d.AssistedBy, d.Status, tw.reception.ID)
		}
		wantTime(t, "submitted", d.SubmittedAt, "2025-03-03 09:00")
		wantTime(t, "received", d.ReceivedAt, "2025-03-03 09:00")
		// Read back from the database, not from the intake's answer.
		got, err := tw.db.Dossier(ctx, d.Code)
		if err != nil {
			t.Fatal(err)
		}
		if got.AssistedBy != tw.reception.ID {
			t.Errorf("stored assisted by %q, want %q", got.AssistedBy, tw.reception.ID)
		}
		events, err := tw.db.Events(ctx, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(events) < 2 || events[0].Kind != dossier.ActSubmit || events[1].Kind != dossier.ActReceive {
			t.Fatalf("events %+v, want submit then receive", events)
		}
		if events[0].ActorID != tw.reception.ID || events[0].Detail == nil ||
			events[0].Detail.Note != "Nộp trực tuyến tại Bộ phận Một cửa, có cán bộ hướng dẫn" {
			t.Errorf("submission event: actor %q detail %+v; want the officer and the assisted note", events[0].ActorID, events[0].Detail)
		}
		// A double click sends the same key: the same dossier, nothing new.
		again, err := tw.db.Intake(ctx, req)
		if err != nil || again.Code != d.Code {
			t.Fatalf("retry: %v, %v; want %s", again, err, d.Code)
		}

		// A citizen's own submission is never assisted.
		own := tw.request(t, "1.004873", dossier.Online, nil)
		own.Intake.Assisted = true
		if _, err := tw.db.Intake(ctx, own); apperr.KindOf(err) != apperr.Forbidden {
			t.Errorf("citizen marking their submission assisted: %v, want Forbidden", err)
		}
		// Assisted is an online submission.
		paper := tw.request(t, "1.004873", dossier.Counter, tw.reception)
		paper.Intake.Assisted = true
		_, err = tw.db.Intake(ctx, paper)
		if fe := new(apperr.FieldsError); !errors.As(err, &fe) || !strings.Contains(fe.Fields["channel"], "chỉ hồ sơ nộp trực tuyến") {
			t.Errorf("counter dossier marked assisted: %v, want the channel named", err)
		}
		// A procedure offered only at the counter (certification of a
		// signature) cannot be submitted online, assisted or not.
		offline := tw.request(t, "2.000884", dossier.Online, tw.reception)
		offline.Intake.Assisted = true
		_, err = tw.db.Intake(ctx, offline)
		if fe := new(apperr.FieldsError); !errors.As(err, &fe) || !strings.Contains(fe.Fields["channel"], "chưa được cung cấp trực tuyến") {
			t.Errorf("assisted online for a counter-only procedure: %v, want the channel named", err)
		}

		p, err := report.ParsePeriod("2025-03-01", "2025-03-31")
		if err != nil {
			t.Fatal(err)
		}
		facts, err := tw.db.ReportFacts(ctx, p, store.ReportScope{UnitIDs: []string{tw.unit.ID}}, tw.clk.Now())
		if err != nil {
			t.Fatal(err)
		}
		want := report.Counts{Received: 1, ReceivedOnline: 1, ReceivedAssisted: 1}
		if diff := cmp.Diff(want, facts.Counts); diff != "" {
			t.Errorf("roll-ups (-want +got):\n%s", diff)
		}
		// The same through the detailed table (by channel).
		c, err := tw.db.ReportCounts(ctx, p.From, p.To, store.ReportScope{UnitIDs: []string{tw.unit.ID}, Channel: int(dossier.Online)})
		if err != nil {
			t.Fatal(err)
		}
		if c.ReceivedAssisted != 1 {
			t.Errorf("detailed roll-up: received_assisted %d, want 1", c.ReceivedAssisted)
		}
		if v := report.Compute(facts).Rounded().AssistedOnlinePct; v != 100 {
			t.Errorf("assisted_online_pct %v, want 100 (1 of 1 in person)", v)
		}
	})
}

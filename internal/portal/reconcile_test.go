package portal_test

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/outbox"
	"github.com/motcua/motcua/internal/portal"
	"github.com/motcua/motcua/internal/portal/portalfake"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/store/storetest"
)

// TestReconcileFindsAndFixesDifferences: after every message is delivered,
// the portal loses one dossier, another's status and appointment are
// changed there by hand, a third loses its last step; a fourth dossier
// changes while the portal is down (its message waits). The reconciliation
// lists each difference, queues a fix for the first three and not for the
// fourth (its own message will bring the portal up to date); once delivered,
// a second reconciliation finds nothing, and the portal holds each dossier
// created once, with every step once.
func TestReconcileFindsAndFixesDifferences(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		ctx := context.Background()
		tw := newTown(t, e)
		var ds []*dossier.Dossier
		for range 5 {
			d := tw.intake(t, dossier.Counter)
			tw.next(t, &life{code: d.Code, steps: []dossier.ActionKind{dossier.ActPropose}})
			ds = append(ds, d)
		}
		fake := portalfake.New("motcua", "bi-mat")
		srv := httptest.NewServer(fake)
		defer srv.Close()
		client, err := portal.New(portal.Config{URL: srv.URL, Username: "motcua", Password: "bi-mat"})
		if err != nil {
			t.Fatal(err)
		}
		w, err := outbox.New(tw.db, client, slog.New(slog.NewTextHandler(io.Discard, nil)), nil,
			outbox.Config{Topic: store.TopicPortal, Now: tw.clk.Now})
		if err != nil {
			t.Fatal(err)
		}
		drain := func() {
			for range 10 {
				if n, err := w.RunOnce(ctx); err != nil {
					t.Fatal(err)
				} else if n == 0 {
					return
				}
			}
		}
		drain()
		fake.Forget(ds[0].Code)
		fake.Edit(ds[1].Code, func(d *portalfake.Dossier) {
			d.Record.TrangThaiHoSo, d.Record.NgayHenTra = "10", "20250101000000"
		})
		fake.Edit(ds[2].Code, func(d *portalfake.Dossier) { d.Steps = d.Steps[:len(d.Steps)-1] })
		// The fourth changes; its message is not sent yet.
		tw.next(t, &life{code: ds[3].Code, steps: []dossier.ActionKind{dossier.ActApprove}})

		from := tw.clk.Now().Add(-24 * time.Hour)
		to := tw.clk.Now().Add(24 * time.Hour)
		r, err := client.Reconcile(ctx, tw.db, portal.ReconcileRequest{UnitID: tw.unit.ID, From: from, To: to, By: tw.leader.ID})
		if err != nil {
			t.Fatal(err)
		}
		diffs, err := tw.db.PortalDifferences(ctx, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, d := range diffs {
			got = append(got, d.Code[len(d.Code)-4:]+" "+d.Kind+" "+d.Ours+"/"+d.Theirs+" "+map[bool]string{true: "requeued", false: "waiting"}[d.Requeued])
		}
		sort.Strings(got)
		code := func(i int) string { return ds[i].Code[len(ds[i].Code)-4:] }
		want := []string{
			code(0) + " missing 4/ requeued",
			code(1) + " appointment " + portal.Date(ds[1].AppointmentAt) + "/20250101000000 requeued",
			code(1) + " status 4/10 requeued",
			code(2) + " steps 3/2 requeued",
			code(3) + " status 9/4 waiting",
			code(3) + " steps 4/3 waiting",
		}
		sort.Strings(want)
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("differences:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		stored, err := tw.db.ReconciliationByID(ctx, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		if stored.Checked != 5 || stored.Differences != 4 || stored.Requeued != 3 || stored.FinishedAt.IsZero() || stored.Error != "" {
			t.Errorf("reconciliation %+v", stored)
		}

		drain()
		r2, err := client.Reconcile(ctx, tw.db, portal.ReconcileRequest{UnitID: tw.unit.ID, From: from, To: to, By: tw.leader.ID})
		if err != nil {
			t.Fatal(err)
		}
		if r2.Differences != 0 || r2.Checked != 5 {
			d2, _ := tw.db.PortalDifferences(ctx, r2.ID)
			t.Errorf("after the fixes: %d differences of %d: %+v", r2.Differences, r2.Checked, d2)
		}
		held := fake.Dossiers()
		for _, d := range ds {
			h := held[d.Code]
			seen := map[int]int{}
			for _, s := range h.Steps {
				seen[s.SoThuTu]++
			}
			for seq, n := range seen {
				if n != 1 {
					t.Errorf("%s: step %d %d times on the portal", d.Code, seq, n)
				}
			}
			if want := map[string]int{ds[0].Code: 1}[d.Code]; d.Code == ds[0].Code && h.Creates != want {
				t.Errorf("%s: created %d times after it was lost", d.Code, h.Creates)
			}
		}
	})
}

// TestDailyReconciliationWaitsForTheBacklog: the daily schedule queues one
// reconciliation per active unit and day, none while more messages than
// allowed wait to be sent, and the same day's again is the same job.
func TestDailyReconciliationWaitsForTheBacklog(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		ctx := context.Background()
		tw := newTown(t, e)
		tw.intake(t, dossier.Counter)
		tw.intake(t, dossier.Counter)
		count := func() int {
			js, err := tw.db.Jobs(ctx, store.JobFilter{Kind: portal.KindReconcile})
			if err != nil {
				t.Fatal(err)
			}
			return len(js)
		}
		if err := portal.ScheduleReconciliations(ctx, tw.db, 1); err != nil {
			t.Fatal(err)
		}
		if n := count(); n != 0 {
			t.Errorf("with 2 messages waiting and 1 allowed: %d reconciliations queued", n)
		}
		for range 2 {
			if err := portal.ScheduleReconciliations(ctx, tw.db, 2); err != nil {
				t.Fatal(err)
			}
		}
		if n := count(); n != 1 {
			t.Errorf("%d reconciliations queued for the one unit's day, want 1", n)
		}
	})
}

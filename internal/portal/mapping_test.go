package portal_test

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/jobs"
	"github.com/motcua/motcua/internal/outbox"
	"github.com/motcua/motcua/internal/portal"
	"github.com/motcua/motcua/internal/portal/portalfake"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/store/storetest"
)

// TestAdministratorMappingIsSent: an administrator's entries (procedure and
// status) override the configured mapping once the live mapping is
// refreshed, and what the fake receives carries them; bad entries are
// refused naming the field; resetting an entry goes back to the file's.
func TestAdministratorMappingIsSent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		ctx := context.Background()
		tw := newTown(t, e)
		for _, c := range []struct{ kind, ours, theirs, field string }{
			{"colour", "1", "2", "kind"},
			{store.MapStatus, "11", "2", "ours"},
			{store.MapProcedure, "1.004873", "1.004 873", "theirs"},
		} {
			if err := tw.db.SetPortalMapping(ctx, c.kind, c.ours, c.theirs, tw.leader.ID); apperr.FieldOf(err) != c.field {
				t.Errorf("%s %s -> %s: %v, want Invalid %s", c.kind, c.ours, c.theirs, err, c.field)
			}
		}
		file := portal.Mapping{Statuses: map[dossier.Status]string{dossier.Processing: "04"}}
		live := portal.NewLiveMapping(file)
		if err := tw.db.SetPortalMapping(ctx, store.MapProcedure, "1.004873", "1.999999", tw.leader.ID); err != nil {
			t.Fatal(err)
		}
		if err := tw.db.SetPortalMapping(ctx, store.MapStatus, "4", "XL", tw.leader.ID); err != nil {
			t.Fatal(err)
		}
		if err := live.Refresh(ctx, tw.db); err != nil {
			t.Fatal(err)
		}
		if m := live.Get(); m.Procedure("1.004873") != "1.999999" || m.Status(dossier.Processing) != "XL" || m.Procedure("2.000815") != "2.000815" {
			t.Errorf("live mapping %+v", m)
		}
		fake := portalfake.New("motcua", "bi-mat")
		srv := httptest.NewServer(fake)
		defer srv.Close()
		client, err := portal.New(portal.Config{URL: srv.URL, Username: "motcua", Password: "bi-mat", Live: live})
		if err != nil {
			t.Fatal(err)
		}
		d := tw.intake(t, dossier.Counter)
		w, _ := outbox.New(tw.db, client, slog.New(slog.NewTextHandler(io.Discard, nil)), nil, outbox.Config{Topic: store.TopicPortal, Now: tw.clk.Now})
		if _, err := w.RunOnce(ctx); err != nil {
			t.Fatal(err)
		}
		if h := fake.Dossiers()[d.Code]; h.Record.MaTTHC != "1.999999" || h.Record.TrangThaiHoSo != "XL" {
			t.Errorf("the portal got MaTTHC %s, status %s", h.Record.MaTTHC, h.Record.TrangThaiHoSo)
		}
		// Reset: back to the file's mapping.
		if err := tw.db.SetPortalMapping(ctx, store.MapStatus, "4", "", tw.leader.ID); err != nil {
			t.Fatal(err)
		}
		live.Refresh(ctx, tw.db)
		if s := live.Get().Status(dossier.Processing); s != "04" {
			t.Errorf("after the reset: status %s, want the file's 04", s)
		}
		evs, _ := tw.db.AdminEvents(ctx, store.AdminEventFilter{})
		var audited []string
		for _, e := range evs {
			if e.Entity == "portal_mapping" {
				audited = append(audited, e.Action+" "+e.EntityID+" "+e.Detail)
			}
		}
		if got := strings.Join(audited, ", "); !strings.Contains(got, "set procedure:1.004873 1.999999") || !strings.Contains(got, "reset status:4") {
			t.Errorf("audit: %s", got)
		}
	})
}

// TestNationalListAndUnmapped: the job fetches the national list
// (LayDanhSachTTHC) from the fake; the report lists our procedures whose
// national code is not in it, saying whether it is mapped; before any
// fetch it says it cannot tell; an empty answer keeps the last list.
func TestNationalListAndUnmapped(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		ctx := context.Background()
		tw := newTown(t, e)
		fake := portalfake.New("motcua", "bi-mat")
		srv := httptest.NewServer(fake)
		defer srv.Close()
		client, err := portal.New(portal.Config{URL: srv.URL, Username: "motcua", Password: "bi-mat"})
		if err != nil {
			t.Fatal(err)
		}
		ours, err := tw.db.Procedures(ctx, store.ProcedureFilter{})
		if err != nil || len(ours) < 3 {
			t.Fatalf("procedures %d %v", len(ours), err)
		}
		if _, listed, err := portal.UnmappedProcedures(ctx, tw.db, portal.Mapping{}); listed || err != nil {
			t.Errorf("before any fetch: listed %v, %v", listed, err)
		}
		// The portal knows all but the first two of ours; the second is
		// mapped to a code it knows.
		var list []portal.NationalProcedure
		for _, p := range ours[2:] {
			list = append(list, portal.NationalProcedure{MaTTHC: p.Code, TenTTHC: p.Name})
		}
		list = append(list, portal.NationalProcedure{MaTTHC: "9.000001", TenTTHC: "Thủ tục mới"})
		fake.SetProcedures(list)
		runner := jobs.New(tw.db, slog.New(slog.NewTextHandler(io.Discard, nil)),
			jobs.Handlers{portal.KindFetchProcedures: portal.FetchProceduresHandler(tw.db, client)})
		if _, err := portal.EnqueueFetchProcedures(ctx, tw.db, tw.unit.Code); err != nil {
			t.Fatal(err)
		}
		if n, err := runner.RunDue(ctx); n != 1 || err != nil {
			t.Fatalf("ran %d jobs: %v", n, err)
		}
		m := portal.Mapping{Procedures: map[string]string{ours[1].Code: "9.000001", ours[3].Code: "9.999999"}}
		un, listed, err := portal.UnmappedProcedures(ctx, tw.db, m)
		if err != nil || !listed {
			t.Fatal(listed, err)
		}
		var got []string
		for _, u := range un {
			got = append(got, u.Code+">"+u.National)
		}
		want := []string{ours[0].Code + ">" + ours[0].Code, ours[3].Code + ">9.999999"}
		if strings.Join(got, " ") != strings.Join(want, " ") || un[0].Mapped || !un[1].Mapped {
			t.Errorf("unmapped %v (%+v), want %v", got, un, want)
		}
		// An empty answer: the job fails, the list stays.
		fake.SetProcedures(nil)
		tw.clk.Advance(time.Minute)
		portal.EnqueueFetchProcedures(ctx, tw.db, tw.unit.Code)
		runner.RunDue(ctx)
		if np, _ := tw.db.PortalProcedures(ctx); len(np) != len(list) {
			t.Errorf("after an empty answer the list has %d procedures, want %d", len(np), len(list))
		}
	})
}

// TestMonthlyRatingsReachThePortal: last month's ratings aggregate is
// queued once however often the hourly schedule runs, sent with
// DongBoDanhGia, and queued again (replacing it on the portal) when a late
// rating changes the month.
func TestMonthlyRatingsReachThePortal(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		ctx := context.Background()
		tw := newTown(t, e)
		rate := func(r dossier.Rating) {
			d := tw.intake(t, dossier.Counter)
			l := &life{code: d.Code, steps: []dossier.ActionKind{dossier.ActPropose, dossier.ActApprove, dossier.ActReturn}}
			for len(l.steps) > 0 {
				tw.next(t, l)
			}
			if _, err := tw.db.Act(ctx, d.Code, dossier.Action{Kind: dossier.ActRate, Rating: r}, nil); err != nil {
				t.Fatal(err)
			}
		}
		rate(dossier.VerySatisfied)
		rate(dossier.NotSatisfied)
		tw.clk.Advance(40 * 24 * time.Hour) // into the next month
		for range 3 {
			if err := portal.QueueMonthlyRatings(ctx, tw.db); err != nil {
				t.Fatal(err)
			}
		}
		month := calendar.DateOf(tw.clk.Now().AddDate(0, -1, 0)).String()[:7]
		ms, err := tw.db.OutboxMessages(ctx, store.OutboxFilter{Topic: store.TopicPortalRatings})
		if err != nil || len(ms) != 1 {
			t.Fatalf("%d ratings messages: %v", len(ms), err)
		}
		fake := portalfake.New("motcua", "bi-mat")
		srv := httptest.NewServer(fake)
		defer srv.Close()
		client, _ := portal.New(portal.Config{URL: srv.URL, Username: "motcua", Password: "bi-mat"})
		w, _ := outbox.New(tw.db, portal.RatingsSender{Client: client}, slog.New(slog.NewTextHandler(io.Discard, nil)), nil,
			outbox.Config{Topic: store.TopicPortalRatings, Now: tw.clk.Now})
		if _, err := w.RunOnce(ctx); err != nil {
			t.Fatal(err)
		}
		got := fake.Ratings()[tw.unit.Code+" "+month]
		if got.TongDanhGia != 2 || got.RatHaiLong != 1 || got.KhongHaiLong != 1 || got.Received != 1 {
			t.Errorf("the portal holds %+v for %s", got, month)
		}
		if m, _ := tw.db.OutboxMessageByID(ctx, ms[0].ID); m.State != store.OutboxSent {
			t.Errorf("the ratings message is %s", m.State)
		}
	})
}

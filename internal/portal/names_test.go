package portal_test

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/outbox"
	"github.com/motcua/motcua/internal/portal"
	"github.com/motcua/motcua/internal/portal/portalfake"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/store/storetest"
)

// drain delivers every due message to the fake, at once.
func drain(t *testing.T, tw *town, fake *portalfake.Fake) {
	t.Helper()
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
	for {
		n, err := w.RunOnce(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			return
		}
	}
}

// TestPortalNamesUnitAndOfficer: the record's DonViXuLy is the resolving
// unit's code, not its internal id, and a step names its officer by name,
// title and department, not by id.
func TestPortalNamesUnitAndOfficer(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		tw := newTown(t, e)
		fake := portalfake.New("motcua", "bi-mat")
		fake.Now = tw.clk.Now
		d := tw.intake(t, dossier.Counter)
		drain(t, tw, fake)
		h, ok := fake.Dossiers()[d.Code]
		if !ok {
			t.Fatalf("%s not on the portal", d.Code)
		}
		if h.Record.DonViXuLy != "000.21.37.H56" {
			t.Errorf("DonViXuLy = %q, want the unit's code 000.21.37.H56", h.Record.DonViXuLy)
		}
		if len(h.Steps) == 0 {
			t.Fatal("no steps")
		}
		s := h.Steps[0]
		if s.NguoiXuLy != tw.reception.FullName || s.NguoiXuLy == tw.reception.ID {
			t.Errorf("NguoiXuLy = %q, want %q", s.NguoiXuLy, tw.reception.FullName)
		}
		if s.ChucDanh != "Tiếp nhận và trả kết quả" || s.PhongBanXuLy != "Tiếp nhận và trả kết quả" {
			t.Errorf("ChucDanh %q, PhongBanXuLy %q: want the reception role", s.ChucDanh, s.PhongBanXuLy)
		}
	})
}

// received takes in at the counter a dossier of a field nobody in the town
// processes (social protection), so it stays received (status 2).
func received(t *testing.T, tw *town) *dossier.Dossier {
	t.Helper()
	in := dossier.Intake{Channel: dossier.Counter, Applicant: dossier.Applicant{FullName: "Trần Văn Bình", IDNumber: "068190004321",
		Phone: "0912345679", Address: "Thôn 1, xã Đạ Tẻh"}}
	pv, err := tw.db.ProcedureByCode(context.Background(), "1.001776")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range pv.Procedure.Components {
		if c.Required {
			in.Components = append(in.Components, dossier.Component{Name: c.Name})
		}
	}
	d, err := tw.db.Intake(context.Background(), store.IntakeRequest{UnitID: tw.unit.ID, ProcedureCode: "1.001776", Intake: in, Actor: tw.reception})
	if err != nil {
		t.Fatalf("intake: %v", err)
	}
	if d.Status != dossier.Received {
		t.Fatalf("%s is in status %d, want received", d.Code, d.Status)
	}
	return d
}

// TestRefusedAfterReceptionLeavesSynced: a dossier received (status 2) and
// then refused leaves Received, so it must leave ReceivedSynced too, whether
// its reception reached the portal before the refusal or after.
func TestRefusedAfterReceptionLeavesSynced(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		ctx := context.Background()
		tw := newTown(t, e)
		fake := portalfake.New("motcua", "bi-mat")
		fake.Now = tw.clk.Now
		start := tw.clk.Now()
		refuse := func(code string) {
			t.Helper()
			if _, err := tw.db.Act(ctx, code, dossier.Action{Kind: dossier.ActRefuse, Reason: "Không thuộc thẩm quyền"}, tw.reception); err != nil {
				t.Fatal(err)
			}
		}
		early := received(t, tw) // synced, then refused
		kept := received(t, tw)  // synced and kept
		drain(t, tw, fake)
		refuse(early.Code)
		late := received(t, tw) // refused before its reception reached the portal
		tw.clk.Advance(time.Minute)
		refuse(late.Code)
		drain(t, tw, fake)
		_ = kept // the one that stays received and synced
		c, err := tw.db.ReportCounts(ctx, calendar.DateOf(start), calendar.DateOf(tw.clk.Now()), store.ReportScope{UnitIDs: []string{tw.unit.ID}})
		if err != nil {
			t.Fatal(err)
		}
		if c.Received != 1 || c.ReceivedSynced != 1 || c.Refused != 2 {
			t.Errorf("received %d, synced %d, refused %d; want 1, 1, 2", c.Received, c.ReceivedSynced, c.Refused)
		}
		if err := c.Check(); err != nil {
			t.Error(err)
		}
	})
}

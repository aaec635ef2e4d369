package api

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/catalogue"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/metrics"
	"github.com/motcua/motcua/internal/portal"
	"github.com/motcua/motcua/internal/server"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/store/storetest"
	"github.com/motcua/motcua/internal/unit"
)

const portalSecret = "bi-mat-chung-cua-cong"

type inboundFixture struct {
	db  *store.DB
	srv *httptest.Server
}

func newInboundFixture(t *testing.T, e storetest.Engine) *inboundFixture {
	t.Helper()
	ctx := context.Background()
	db := e.Open(t, store.Options{})
	c, err := catalogue.LoadShipped()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.ImportCatalogue(ctx, c, "test"); err != nil {
		t.Fatal(err)
	}
	if err := db.CreateUnit(ctx, &unit.Unit{Code: "000.21.37.H56", Name: "UBND xã Đạ Tẻh", Kind: unit.Commune}, "test"); err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	rc := &portal.Receiver{DB: db, Secret: portalSecret, Log: log}
	srv := httptest.NewServer(validating(t, server.New(db, log, metrics.New(), New(db, log, Options{PortalInbound: rc})).Handler()))
	t.Cleanup(srv.Close)
	return &inboundFixture{db: db, srv: srv}
}

// arrival is a well-formed portal dossier for the fixture's commune.
func arrival(t *testing.T, db *store.DB, code string) portal.Arrival {
	t.Helper()
	pv, err := db.ProcedureByCode(context.Background(), "1.004873")
	if err != nil {
		t.Fatal(err)
	}
	a := portal.Arrival{MaHoSo: code, MaDonVi: "000.21.37.H56", MaTTHC: "1.004873", ChuHoSo: "Nguyễn Thị Lan",
		SoGiayTo: "068190001234", SoDienThoai: "0912345678", DiaChi: "Thôn 3, xã Đạ Tẻh", LoaiDoiTuong: "1"}
	for _, c := range pv.Procedure.Components {
		if c.Required {
			a.ThanhPhanHoSo = append(a.ThanhPhanHoSo, portal.ArrivalPaper{TenGiayTo: c.Name})
		}
	}
	return a
}

func (f *inboundFixture) push(t *testing.T, secret string, body []byte) (int, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, f.srv.URL+"/api/v1/portal/inbound", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if secret != "" {
		req.Header.Set("X-Portal-Secret", secret)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Error(err)
		return 0, nil
	}
	defer resp.Body.Close()
	var out map[string]any
	json.NewDecoder(resp.Body).Decode(&out)
	return resp.StatusCode, out
}

// TestPortalPushLandsOnce: the same portal dossier pushed five times at
// once gives one dossier: new, online, in the unit's queue, linked to its
// portal code; one answer says created (201), the others 200 with the same
// dossier code.
func TestPortalPushLandsOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		f := newInboundFixture(t, e)
		body, _ := json.Marshal(arrival(t, f.db, "G22.99-241203-0001"))
		var wg sync.WaitGroup
		codes := make([]int, 5)
		outs := make([]map[string]any, 5)
		for i := range 5 {
			wg.Add(1)
			go func() { defer wg.Done(); codes[i], outs[i] = f.push(t, portalSecret, body) }()
		}
		wg.Wait()
		created := 0
		for i, c := range codes {
			switch c {
			case http.StatusCreated:
				created++
			case http.StatusOK:
			default:
				t.Fatalf("push %d: %d %v", i, c, outs[i])
			}
			if outs[i]["code"] != outs[0]["code"] || outs[i]["portal_code"] != "G22.99-241203-0001" {
				t.Errorf("push %d answered %v, push 0 %v", i, outs[i], outs[0])
			}
		}
		if created != 1 {
			t.Errorf("%d pushes created a dossier, want 1", created)
		}
		ds, err := f.db.Dossiers(context.Background(), store.DossierFilter{Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		if len(ds) != 1 {
			t.Fatalf("%d dossiers, want 1", len(ds))
		}
		d := ds[0]
		if d.Status != dossier.New || d.Channel != dossier.Online || d.Code != outs[0]["code"] {
			t.Errorf("dossier %s: status %d channel %d", d.Code, d.Status, d.Channel)
		}
		if pc, _ := f.db.PortalCodeOf(context.Background(), d.ID); pc != "G22.99-241203-0001" {
			t.Errorf("portal code %q", pc)
		}
	})
}

// TestPortalPushRefusals: malformed JSON, an unknown procedure, a unit we do
// not serve and a wrong or missing secret are each refused with a reason
// naming what is wrong, recorded for an officer, and save no dossier.
func TestPortalPushRefusals(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		f := newInboundFixture(t, e)
		ctx := context.Background()
		good := arrival(t, f.db, "G22.99-241203-0002")
		unknownProc, otherUnit := good, good
		unknownProc.MaTTHC = "9.999999"
		otherUnit.MaDonVi = "000.99.99.Z99"
		enc := func(a portal.Arrival) []byte { b, _ := json.Marshal(a); return b }
		cases := []struct {
			name, secret string
			body         []byte
			status       int
			field        string
		}{
			{"malformed JSON", portalSecret, []byte(`{"MaHoSo": "G22`), 422, "body"},
			{"unknown procedure", portalSecret, enc(unknownProc), 422, "MaTTHC"},
			{"unit not served", portalSecret, enc(otherUnit), 422, "MaDonVi"},
			{"wrong secret", "doan-bua", enc(good), 401, ""},
			{"no secret", "", enc(unknownProc), 401, ""}, // the same refusal as the last: recorded once
		}
		for i, c := range cases {
			want := min(i+1, 4)
			status, out := f.push(t, c.secret, c.body)
			if status != c.status {
				t.Errorf("%s: %d %v, want %d", c.name, status, out, c.status)
			}
			if eb, _ := out["error"].(map[string]any); c.field != "" && eb["field"] != c.field {
				t.Errorf("%s: %v, want the field %s", c.name, out, c.field)
			}
			rej, err := f.db.PortalRejections(ctx, "", 100)
			if err != nil {
				t.Fatal(err)
			}
			if len(rej) != want || rej[0].Reason == "" || rej[0].Field != c.field {
				t.Errorf("%s: recorded %+v", c.name, rej)
			}
		}
		if ds, _ := f.db.Dossiers(ctx, store.DossierFilter{Limit: 10}); len(ds) != 0 {
			t.Errorf("%d dossiers saved from refused pushes", len(ds))
		}
		if _, err := f.db.PortalDossier(ctx, good.MaHoSo); apperr.KindOf(err) != apperr.NotFound {
			t.Errorf("a refused portal code was kept: %v", err)
		}
		st, err := f.db.OutboxSummary(ctx, store.TopicPortal, "")
		if err != nil || st.Pending != 0 {
			t.Errorf("outbox after refusals: %+v %v", st, err)
		}
		// The good one still lands after all that.
		if status, out := f.push(t, portalSecret, enc(good)); status != 201 || !strings.Contains(out["code"].(string), "000.21.37.H56") {
			t.Errorf("the good push: %d %v", status, out)
		}
	})
}

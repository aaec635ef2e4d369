package portal_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/portal"
	"github.com/motcua/motcua/internal/portal/portalfake"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/store/storetest"
)

func arrivalFor(t *testing.T, tw *town, code string) portal.Arrival {
	t.Helper()
	pv, err := tw.db.ProcedureByCode(context.Background(), "1.004873")
	if err != nil {
		t.Fatal(err)
	}
	a := portal.Arrival{MaHoSo: code, MaDonVi: tw.unit.Code, MaTTHC: "1.004873", ChuHoSo: "Lê Văn Hùng",
		SoGiayTo: "068190009876", SoDienThoai: "0987654321", DiaChi: "Thôn 5, xã Đạ Tẻh"}
	for _, c := range pv.Procedure.Components {
		if c.Required {
			a.ThanhPhanHoSo = append(a.ThanhPhanHoSo, portal.ArrivalPaper{TenGiayTo: c.Name})
		}
	}
	return a
}

// TestPullTakesInOnce: dossiers submitted on the (fake) portal are pulled
// over HTTP into the unit's queue, new and online; pulling again, and five
// pulls at once, add nothing; a bad item (an unknown procedure, malformed
// JSON) is refused and recorded without stopping the good ones.
func TestPullTakesInOnce(t *testing.T) {
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
		rc := &portal.Receiver{DB: tw.db, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
		bad := arrivalFor(t, tw, "G22.99-241203-0003")
		bad.MaTTHC = "9.999999"
		for _, it := range []any{arrivalFor(t, tw, "G22.99-241203-0001"), bad, json.RawMessage(`{"MaHoSo": 12}`),
			arrivalFor(t, tw, "G22.99-241203-0002")} {
			if err := fake.Submit(tw.unit.Code, it); err != nil {
				t.Fatal(err)
			}
		}
		n, err := rc.Pull(ctx, client)
		if err != nil || n != 2 {
			t.Fatalf("first pull: %d landed, %v; want 2", n, err)
		}
		var wg sync.WaitGroup
		for range 5 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if n, err := rc.Pull(ctx, client); err != nil || n != 0 {
					t.Errorf("a repeated pull landed %d: %v", n, err)
				}
			}()
		}
		wg.Wait()
		ds, err := tw.db.Dossiers(ctx, store.DossierFilter{Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		if len(ds) != 2 {
			t.Fatalf("%d dossiers, want 2", len(ds))
		}
		for _, d := range ds {
			if d.Status != dossier.New || d.Channel != dossier.Online || d.ReceivingUnitID != tw.unit.ID {
				t.Errorf("%s: status %d channel %d unit %s", d.Code, d.Status, d.Channel, d.ReceivingUnitID)
			}
		}
		rej, err := tw.db.PortalRejections(ctx, "", 100)
		if err != nil {
			t.Fatal(err)
		}
		// Each pull refuses the two bad items again; each is recorded once.
		fields := map[string]int{}
		for _, r := range rej {
			fields[r.Field]++
		}
		if fields["MaTTHC"] != 1 || fields["body"] != 1 || len(rej) != 2 {
			t.Errorf("rejections by field: %v", fields)
		}
	})
}

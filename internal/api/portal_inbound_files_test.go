package api

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"testing"

	"github.com/motcua/motcua/internal/filestore/filestoretest"

	"github.com/motcua/motcua/internal/portal"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/store/storetest"
)

// TestPortalPushCarriesFiles: a portal dossier's documents (base64 in
// ThanhPhanHoSo) are stored with it, each as its component's file, byte for
// byte; a document that is not valid base64, or not a PDF, JPEG or PNG, has
// the whole dossier refused, naming the component, with nothing saved.
func TestPortalPushCarriesFiles(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		f := newInboundFixture(t, e)
		ctx := context.Background()
		pdf := filestoretest.PDF(t, 1, "to khai")
		enc := func(a portal.Arrival) []byte { b, _ := json.Marshal(a); return b }

		for _, c := range []struct {
			name, content, field string
		}{
			{"not base64", "khong-phai-base64!", "ThanhPhanHoSo.0.NoiDung"},
			{"not a document", base64.StdEncoding.EncodeToString([]byte("MZ\x90\x00 an executable")), "ThanhPhanHoSo.0"},
		} {
			bad := arrival(t, f.db, "G22.99-241203-0101")
			bad.ThanhPhanHoSo[0].TenTep, bad.ThanhPhanHoSo[0].NoiDung = "to-khai.pdf", c.content
			status, out := f.push(t, portalSecret, enc(bad))
			eb, _ := out["error"].(map[string]any)
			if status != 422 || eb["field"] != c.field {
				t.Errorf("%s: %d %v, want 422 naming %s", c.name, status, out, c.field)
			}
		}
		if n, _ := f.db.CountDossiers(ctx); n != 0 {
			t.Errorf("%d dossiers saved from refused pushes", n)
		}
		if n, _ := f.db.CountFiles(ctx); n != 0 {
			t.Errorf("%d files saved from refused pushes", n)
		}

		good := arrival(t, f.db, "G22.99-241203-0101")
		good.ThanhPhanHoSo[0].TenTep, good.ThanhPhanHoSo[0].NoiDung = "tờ khai.pdf", base64.StdEncoding.EncodeToString(pdf)
		for range 2 { // a repeat stores nothing more
			if status, out := f.push(t, portalSecret, enc(good)); status != 201 && status != 200 {
				t.Fatalf("push with a file: %d %v", status, out)
			}
		}
		d, err := f.db.PortalDossier(ctx, good.MaHoSo)
		if err != nil {
			t.Fatal(err)
		}
		files, err := f.db.DossierFiles(ctx, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(files) != 1 || files[0].ContentType != store.TypePDF {
			t.Fatalf("files %+v", files)
		}
		var comp int = -1
		for i, c := range d.Components {
			if c.FileID == files[0].ID {
				comp = i
			}
		}
		if comp < 0 || d.Components[comp].Name != good.ThanhPhanHoSo[0].TenGiayTo {
			t.Errorf("the file is not the document of %q: %+v", good.ThanhPhanHoSo[0].TenGiayTo, d.Components)
		}
		_, data, err := f.db.FileData(ctx, files[0].ID)
		if err != nil || !bytes.Equal(data, pdf) {
			t.Errorf("stored bytes differ: %v", err)
		}
		if n, _ := f.db.CountFiles(ctx); n != 1 {
			t.Errorf("%d files after a repeated push", n)
		}
	})
}

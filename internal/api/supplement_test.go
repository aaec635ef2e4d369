package api

import (
	"bytes"
	"context"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"testing"

	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/filestore/filestoretest"
	"github.com/motcua/motcua/internal/store/storetest"
)

// postSupplement posts fields and files (field name → bytes) as
// multipart/form-data to the supplement route.
func (f *fixture) postSupplement(t *testing.T, code string, fields map[string]string, files map[string][]byte) (int, map[string]any) {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	for k, data := range files {
		w, err := mw.CreateFormFile(k, k+".pdf")
		if err != nil {
			t.Fatal(err)
		}
		w.Write(data)
	}
	mw.Close()
	resp, err := http.Post(f.srv.URL+"/api/v1/dossiers/"+code+"/supplement", mw.FormDataContentType(), &body)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	json.NewDecoder(resp.Body).Decode(&out)
	return resp.StatusCode, out
}

// TestSupplementAPI: the applicant's client sends the papers asked for:
// the wrong digits, a JSON body or a wrong file record nothing; the right
// ones record one supplement, however often sent with the same key.
func TestSupplementAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		f := newFixture(t, e)
		ctx := context.Background()
		intake := map[string]any{"unit_code": "000.21.37.H56", "procedure_code": "1.004873", "intake": map[string]any{
			"channel": 2, "applicant": map[string]any{"full_name": "Trần Văn Bình", "id_number": "068090001122", "phone": "0987654321"},
			"components": []map[string]any{{"name": "Tờ khai cấp Giấy xác nhận tình trạng hôn nhân"}, {"name": "Giấy tờ tùy thân của người yêu cầu (xuất trình)"}},
		}}
		c, body := f.doH(t, "POST", "/api/v1/dossiers", "", map[string]string{"Idempotency-Key": "k-sup"}, intake)
		if c != 201 {
			t.Fatalf("online submission: %d %v", c, body)
		}
		code := body["code"].(string)
		act := func(tok string, a map[string]any) {
			t.Helper()
			if c, b := f.do(t, "POST", "/api/v1/dossiers/"+code+"/actions", tok, a); c != 200 {
				t.Fatalf("%v: %d %v", a["kind"], c, b)
			}
		}
		act(f.clerk, map[string]any{"kind": "receive"})
		act(f.expert, map[string]any{"kind": "request_supplement", "reason": "Thiếu giấy tờ", "items": []string{"Bản sao căn cước"}})

		pdf := filestoretest.PDF(t, 1, "can cuoc")
		good := map[string]string{"last4": "4321", "key": "client-key-1", "note": "Gửi bổ sung"}
		if c, _ := f.postSupplement(t, code, map[string]string{"last4": "0000", "key": "client-key-1"}, map[string][]byte{"items.0": pdf}); c != 404 {
			t.Errorf("wrong digits: %d, want 404", c)
		}
		if c, _ := f.do(t, "POST", "/api/v1/dossiers/"+code+"/supplement", "", map[string]any{"last4": "4321"}); c < 400 || c >= 500 {
			t.Errorf("a JSON body: %d, want a 4xx", c)
		}
		if c, b := f.postSupplement(t, code, good, map[string][]byte{"items.0": []byte("MZ\x90\x00 not a document")}); c != 422 || errField(b) != "items.0" {
			t.Errorf("a wrong file: %d %v, want 422 on items.0", c, b)
		}
		if c, b := f.postSupplement(t, code, good, map[string][]byte{"items.3": pdf}); c != 422 || errField(b) != "items.3" {
			t.Errorf("an item not asked: %d %v, want 422 on items.3", c, b)
		}
		if d, _ := f.db.Dossier(ctx, code); d.Status != dossier.Supplement {
			t.Fatalf("refused supplements moved the dossier to %v", d.Status)
		}
		for i := range 2 {
			if c, b := f.postSupplement(t, code, good, map[string][]byte{"items.0": pdf}); c != 200 || b["status"].(float64) != float64(dossier.Processing) {
				t.Fatalf("send %d: %d %v", i, c, b)
			}
		}
		d, _ := f.db.Dossier(ctx, code)
		sups, err := f.db.OnlineSupplements(ctx, d.ID)
		if err != nil || len(sups) != 1 || len(sups[0].Files) != 1 || sups[0].Note != "Gửi bổ sung" {
			t.Fatalf("online supplements: %+v %v", sups, err)
		}
	})
}

// errField is the field an API error names.
func errField(b map[string]any) any {
	e, _ := b["error"].(map[string]any)
	return e["field"]
}

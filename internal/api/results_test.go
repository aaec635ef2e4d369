package api

import (
	"bytes"
	"encoding/json"
	"net/http"
	"testing"

	"github.com/motcua/motcua/internal/filestore/filestoretest"
	"github.com/motcua/motcua/internal/store/storetest"
)

// TestResultPaperAPI: an API client attaches the result paper before it
// approves an electronic result, as the dossier page does: the lead
// specialist PUTs the PDF (a body that is not a PDF is refused naming the
// field, and reception may not), reads it back, and the leader's approval of
// an electronic result then goes through.
func TestResultPaperAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		f := newFixture(t, e)
		c, d := f.do(t, "POST", "/api/v1/dossiers", f.clerk, map[string]any{"unit_code": "000.21.37.H56", "procedure_code": "1.004873",
			"intake": map[string]any{"channel": 1,
				"applicant":  map[string]any{"full_name": "Trần Văn Bình", "id_number": "068090001122", "phone": "0987654321"},
				"components": []map[string]any{{"name": "Tờ khai cấp Giấy xác nhận tình trạng hôn nhân"}, {"name": "Giấy tờ tùy thân của người yêu cầu (xuất trình)"}}}})
		if c != 201 {
			t.Fatalf("intake: %d %v", c, d)
		}
		code := d["code"].(string)
		path := "/api/v1/dossiers/" + code + "/result-paper"
		if c, body := f.do(t, "GET", path, f.expert, nil); c != 404 {
			t.Errorf("no paper yet: %d %v, want 404", c, body)
		}
		put := func(token, contentType string, data []byte) (int, map[string]any) {
			t.Helper()
			req, _ := http.NewRequest("PUT", f.srv.URL+path, bytes.NewReader(data))
			req.Header.Set("Authorization", "Bearer "+token)
			req.Header.Set("Content-Type", contentType)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			var out map[string]any
			json.NewDecoder(resp.Body).Decode(&out)
			return resp.StatusCode, out
		}
		pdf := filestoretest.PDF(t, 1, "GIAY XAC NHAN TINH TRANG HON NHAN")
		if c, body := put(f.expert, "application/pdf", []byte("MZ\x90 not a pdf")); c != 422 || fieldOf(body) != "result" {
			t.Errorf("a body that is not a PDF: %d %v, want 422 naming result", c, body)
		}
		if c, body := put(f.expert, "application/json", pdf); c != 422 || fieldOf(body) != "result" {
			t.Errorf("a PDF sent as JSON: %d %v, want 422 naming result", c, body)
		}
		if c, body := put(f.clerk, "application/pdf", pdf); c != 403 {
			t.Errorf("reception attaches a result: %d %v, want 403", c, body)
		}
		c, body := put(f.expert, "application/pdf", pdf)
		if c != 200 || body["source"] != "upload" || body["pages"] != float64(1) {
			t.Fatalf("the lead specialist attaches the PDF: %d %v", c, body)
		}
		if c, again := put(f.expert, "application/pdf", pdf); c != 200 || again["id"] != body["id"] {
			t.Errorf("the same PDF again: %d %v, want the same paper %v", c, again, body["id"])
		}
		if c, got := f.do(t, "GET", path, f.chief, nil); c != 200 || got["sha256"] != body["sha256"] {
			t.Errorf("the leader reads the paper: %d %v", c, got)
		}
		if c, body := f.do(t, "POST", "/api/v1/dossiers/"+code+"/actions", f.expert, map[string]any{"kind": "propose", "note": "Đủ điều kiện"}); c != 200 {
			t.Fatalf("propose: %d %v", c, body)
		}
		if c, body := f.do(t, "POST", "/api/v1/dossiers/"+code+"/actions", f.chief, map[string]any{"kind": "approve", "electronic_result": true}); c != 200 {
			t.Fatalf("approve an electronic result with its paper: %d %v", c, body)
		}
	})
}

func fieldOf(body map[string]any) string {
	e, _ := body["error"].(map[string]any)
	s, _ := e["field"].(string)
	return s
}

package api

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os/exec"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/store/storetest"
	"github.com/motcua/motcua/internal/testenv"
	"github.com/motcua/motcua/internal/unit"
)

// doRaw posts body as it is, bytes and all.
func (f *fixture) doRaw(t *testing.T, method, path, token string, body []byte) (int, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest(method, f.srv.URL+path, bytes.NewReader(body))
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	json.NewDecoder(resp.Body).Decode(&out)
	return resp.StatusCode, out
}

func errorOf(body map[string]any) (message, field string) {
	e, _ := body["error"].(map[string]any)
	message, _ = e["message"].(string)
	field, _ = e["field"].(string)
	return message, field
}

func (f *fixture) dossierCount(t *testing.T) int {
	t.Helper()
	list, err := f.db.Dossiers(context.Background(), store.DossierFilter{UnitID: f.unit.ID})
	if err != nil {
		t.Fatal(err)
	}
	return len(list)
}

// onlineIntake is a valid anonymous submission whose applicant's name is name
// (raw JSON text, quotes included).
func onlineIntake(name string) []byte {
	return []byte(`{"unit_code": "000.21.37.H56", "procedure_code": "1.004873", "intake": {"channel": 2,
		"applicant": {"full_name": ` + name + `, "id_number": "068090001122", "phone": "0987654321"},
		"components": [{"name": "Tờ khai cấp Giấy xác nhận tình trạng hôn nhân"}, {"name": "Giấy tờ tùy thân của người yêu cầu (xuất trình)"}]}}`)
}

// TestDecodeErrorsAreSafe: a malformed body gets a Vietnamese message naming
// the field and the type expected, never the decoder's own text.
func TestDecodeErrorsAreSafe(t *testing.T) {
	f := newFixture(t, storetest.Engine{Name: "sqlite", Open: storetest.OpenSQLite})
	for _, tc := range []struct {
		name, body, field, want string
	}{
		{"wrong type", `{"unit_code": 5, "procedure_code": "1.004873", "intake": {"channel": 2}}`, "unit_code", "phải là chuỗi"},
		{"nested wrong type", `{"unit_code": "000.21.37.H56", "procedure_code": "1.004873", "intake": {"channel": "hai"}}`, "intake.channel", "phải là số nguyên"},
		{"number too large", `{"unit_code": "000.21.37.H56", "procedure_code": "1.004873", "intake": {"channel": 2, "copies": 1e40}}`, "intake.copies", "số nguyên"},
		{"unknown field", `{"unit_code": "000.21.37.H56", "bogus": 1}`, "bogus", "không có trong API"},
		{"syntax", `{"unit_code": "000.21.37.H56",}`, "", "cú pháp"},
		{"truncated", `{"unit_code": "000.21`, "", "cắt giữa chừng"},
		{"empty", ``, "", "trống"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, body := f.doRaw(t, "POST", "/api/v1/dossiers", "", []byte(tc.body))
			msg, field := errorOf(body)
			if code != 422 || field != tc.field || !strings.Contains(msg, tc.want) {
				t.Errorf("%d field %q message %q; want 422, field %q, a message with %q", code, field, msg, tc.field, tc.want)
			}
			for _, leak := range []string{"json:", "Go ", "struct", "unmarshal", "int64", "dossier.", "api."} {
				if strings.Contains(msg, leak) {
					t.Errorf("the message %q shows the decoder's text (%q)", msg, leak)
				}
			}
		})
	}
}

// TestBadTextIsRefused: invalid UTF-8, a NUL or a lone surrogate anywhere in
// a body is refused with 422 naming the field, and nothing is stored (it was
// stored as U+FFFD, and a NUL gave 500 on PostgreSQL).
func TestBadTextIsRefused(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		f := newFixture(t, e)
		for _, tc := range []struct {
			name  string
			body  []byte
			field string
		}{
			{"invalid UTF-8", onlineIntake("\"Tr\xe1n V\xff\""), ""},
			{"escaped NUL", onlineIntake(`"Trần\u0000Văn"`), "intake.applicant.full_name"},
			{"raw NUL", onlineIntake("\"Trần\x00Văn\""), ""},
			{"lone surrogate", onlineIntake(`"Trần \ud800 Văn"`), "intake.applicant.full_name"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				code, body := f.doRaw(t, "POST", "/api/v1/dossiers", "", tc.body)
				msg, field := errorOf(body)
				if code != 422 || field != tc.field || msg == "" {
					t.Errorf("%d field %q message %q; want 422 naming %q", code, field, msg, tc.field)
				}
			})
		}
		if n := f.dossierCount(t); n != 0 {
			t.Errorf("%d dossiers stored from refused bodies", n)
		}
		// The same body with a good name is taken: the refusals were about the text.
		if code, body := f.doRaw(t, "POST", "/api/v1/dossiers", "", onlineIntake(`"Trần Văn Bình"`)); code != 201 {
			t.Fatalf("good submission: %d %v", code, body)
		}
		// A name that really contains U+FFFD, sent as such, is the caller's text, not a decoding accident.
		if code, body := f.doRaw(t, "POST", "/api/v1/dossiers", "", onlineIntake(`"Trần Văn \ufffd"`)); code != 201 {
			t.Errorf("an explicit U+FFFD: %d %v", code, body)
		}
	})
}

// TestAnonymousCannotChooseTheResolvingUnit: a citizen's submission may not
// send the dossier to another unit; an officer's counter intake may.
func TestAnonymousCannotChooseTheResolvingUnit(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		f := newFixture(t, e)
		body := bytes.Replace(onlineIntake(`"Trần Văn Bình"`), []byte(`"channel": 2,`), []byte(`"channel": 2, "resolving_unit_id": "`+f.unit.ID+`x",`), 1)
		code, out := f.doRaw(t, "POST", "/api/v1/dossiers", "", body)
		if _, field := errorOf(out); code != 422 || field != "intake.resolving_unit_id" {
			t.Errorf("anonymous resolving_unit_id: %d %v, want 422 naming it", code, out)
		}
		if n := f.dossierCount(t); n != 0 {
			t.Errorf("%d dossiers stored", n)
		}
	})
}

// TestReceiptMasksTheIDForOtherRoles: the receipt served by the API carries
// the full ID number only for reception of the receiving unit, as the pages
// and the JSON do (it was full for everyone).
func TestReceiptMasksTheIDForOtherRoles(t *testing.T) {
	testenv.Tool(t, "pdftotext", "poppler-utils")
	f := newFixture(t, storetest.Engine{Name: "sqlite", Open: storetest.OpenSQLite})
	f.unit.Letterhead = unit.Letterhead{ParentBody: "UBND TỈNH LÂM ĐỒNG", IssuingBody: "UBND XÃ ĐẠ TẺH", Place: "Đạ Tẻh",
		SignerTitle: "CHỦ TỊCH", SignerName: "Nguyễn Văn A"}
	if err := f.db.UpdateUnit(context.Background(), f.unit, "test"); err != nil {
		t.Fatal(err)
	}
	body := bytes.Replace(onlineIntake(`"Trần Văn Bình"`), []byte(`"channel": 2`), []byte(`"channel": 1`), 1)
	code, d := f.doRaw(t, "POST", "/api/v1/dossiers", f.clerk, body)
	if code != 201 {
		t.Fatalf("counter intake: %d %v", code, d)
	}
	dcode := d["code"].(string)
	for _, tc := range []struct {
		who, token string
		full       bool
	}{{"reception", f.clerk, true}, {"specialist", f.expert, false}, {"leader", f.chief, false}, {"admin", f.admin, false}} {
		text := f.pdfText(t, "/api/v1/dossiers/"+dcode+"/documents/receipt", tc.token)
		hasFull := strings.Contains(text, "068090001122")
		if hasFull != tc.full || !strings.Contains(text, "1122") {
			t.Errorf("%s: full ID on the receipt = %v, want %v", tc.who, hasFull, tc.full)
		}
		if !tc.full && !strings.Contains(text, "********1122") {
			t.Errorf("%s: the masked ID is not on the receipt:\n%s", tc.who, text)
		}
	}
}

func (f *fixture) pdfText(t *testing.T, path, token string) string {
	t.Helper()
	req, _ := http.NewRequest("GET", f.srv.URL+path, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		t.Fatalf("%s: %d %s", path, resp.StatusCode, data)
	}
	cmd := exec.Command("pdftotext", "-enc", "UTF-8", "-", "-")
	cmd.Stdin = bytes.NewReader(data)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

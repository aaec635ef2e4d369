package web

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/catalogue"
	"github.com/motcua/motcua/internal/store/storetest"
)

// TestProcedureFormRoundTrip: every shipped procedure, put in the form and
// read back untouched, is the same procedure (the form loses nothing).
func TestProcedureFormRoundTrip(t *testing.T) {
	c, err := catalogue.LoadShipped()
	if err != nil {
		t.Fatal(err)
	}
	for i := range c.Procedures {
		p := c.Procedures[i]
		got, errs := readProcForm("vi", procFormValues(&p), p)
		if len(errs) > 0 {
			t.Fatalf("%s: %v", p.Code, errs)
		}
		if diff := cmp.Diff(p, got); diff != "" {
			t.Errorf("%s (-shipped +read back):\n%s", p.Code, diff)
		}
	}
}

// TestAdminEditsProcedureWithForm: the administrator changes the time
// limit, the fee, the components and the legal bases of a procedure with
// the form, on both engines. Bad fields are named beside them and store
// nothing; "add a row" stores nothing; a save makes one new version; the
// same form sent again makes no other; a form opened on an older version
// that says something else is refused.
func TestAdminEditsProcedureWithForm(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		s := newTestServerOn(t, e, Options{})
		ctx := context.Background()
		csrf := adminLogin(t, s)
		path := "/quan-tri/thu-tuc/" + officeExtractCopy + "/bieu-mau"
		before, err := s.DB.ProcedureByCode(ctx, officeExtractCopy)
		if err != nil {
			t.Fatal(err)
		}
		resp, page := s.get(t, path)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("GET %s = %d", path, resp.StatusCode)
		}
		form, err := url.ParseQuery(formValues(t, page, "procform"))
		if err != nil {
			t.Fatal(err)
		}
		if form.Get("base") == "" || form.Get("component-0-name") != before.Procedure.Components[0].Name {
			t.Fatalf("the form does not start from the current version: %v", form)
		}
		form.Set("csrf", csrf)
		form.Set("do", "save")

		bad := cloneValues(form)
		bad.Set("limit-kind", "days")
		bad.Set("limit-n", "ba")
		bad.Set("fee-kind", "fixed")
		bad.Set("fee-amount", "")
		bad.Set("component-0-count", "0")
		bad.Set("legal-0-url", "ftp://luat.vn/van-ban")
		resp, page = s.post(t, path, bad)
		if resp.StatusCode != http.StatusBadRequest {
			t.Errorf("bad fields = %d, want 400", resp.StatusCode)
		}
		for field, words := range map[string]string{
			"limit-n":           "Số ngày hoặc giờ làm việc phải là số nguyên",
			"fee-amount":        "Mức thu cố định phải là số tiền lớn hơn 0",
			"component-0-count": "Số bộ phải là số nguyên từ 1 đến 100; đã nhập “0”",
			"legal-0-url":       "Đường dẫn phải bắt đầu bằng https://",
		} {
			if msg := adminFieldError(page, field); !strings.Contains(msg, words) {
				t.Errorf("error beside %s = %q, want %q", field, msg, words)
			}
		}
		if !strings.HasPrefix(pageTitle(page), "Lỗi:") {
			t.Errorf("title %q does not start with Lỗi:", pageTitle(page))
		}
		if v := adminInputValue(page, "limit-n"); v != "ba" {
			t.Errorf("the form lost what was typed: limit-n = %q", v)
		}

		add := cloneValues(form)
		add.Set("do", "add-components")
		n := procFormRows(form, "components")
		resp, page = s.post(t, path, add)
		if resp.StatusCode != http.StatusOK || !strings.Contains(page, `name="component-`+itoaT(n)+`-name"`) {
			t.Errorf("add a component = %d, want 200 and a row component-%d", resp.StatusCode, n)
		}
		if now, _ := s.DB.ProcedureByCode(ctx, officeExtractCopy); now.Version != before.Version {
			t.Fatalf("refused or unfinished forms stored version %d", now.Version)
		}

		good := cloneValues(form)
		good.Set("limit-kind", "days")
		good.Set("limit-n", "4")
		good.Del("limit-cutoff")
		good.Set("fee-kind", "fixed")
		good.Set("fee-amount", "8.000")
		good.Set("fee-exemptions", "Trẻ em dưới 6 tuổi\r\n\r\nNgười có công với cách mạng\r\n")
		good.Set("component-2-remove", "1") // not the declaration: the online form stands for it
		last := itoaT(n - 1)                // the blank row
		good.Set("component-"+last+"-name", "Tờ khai theo mẫu")
		good.Set("component-"+last+"-kind", "original")
		good.Set("component-"+last+"-count", "2")
		good.Set("component-"+last+"-required", "1")
		good.Set("component-"+last+"-form", "Mẫu TK-01")
		lastLegal := itoaT(procFormRows(form, "legal") - 1)
		good.Set("legal-"+lastLegal+"-number", "123/2025/NĐ-CP")
		good.Set("legal-"+lastLegal+"-title", "Nghị định về đăng ký hộ tịch")
		good.Set("legal-"+lastLegal+"-url", "https://vanban.chinhphu.vn/123")
		resp, _ = s.post(t, path, good)
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/quan-tri/thu-tuc/"+officeExtractCopy {
			t.Fatalf("save = %d to %q", resp.StatusCode, resp.Header.Get("Location"))
		}
		after, err := s.DB.ProcedureByCode(ctx, officeExtractCopy)
		if err != nil {
			t.Fatal(err)
		}
		if after.Version != before.Version+1 {
			t.Fatalf("version %d after one save from %d", after.Version, before.Version)
		}
		p := after.Procedure
		if p.TimeLimit != calendar.Days(4) || p.Fee.Kind != catalogue.FeeFixed || p.Fee.Amount != 8000 {
			t.Errorf("time limit %+v, fee %+v", p.TimeLimit, p.Fee)
		}
		if diff := cmp.Diff([]string{"Trẻ em dưới 6 tuổi", "Người có công với cách mạng"}, p.Fee.Exemptions); diff != "" {
			t.Errorf("exemptions (-want +got):\n%s", diff)
		}
		wantComponents := append(append([]catalogue.Component{}, before.Procedure.Components[:2]...),
			catalogue.Component{Name: "Tờ khai theo mẫu", Kind: catalogue.ComponentOriginal, Count: 2, Required: true, Form: "Mẫu TK-01"})
		if diff := cmp.Diff(wantComponents, p.Components); diff != "" {
			t.Errorf("components (-want +got):\n%s", diff)
		}
		wantLegal := append(append([]catalogue.LegalBasis{}, before.Procedure.LegalBases...),
			catalogue.LegalBasis{Number: "123/2025/NĐ-CP", Title: "Nghị định về đăng ký hộ tịch", URL: "https://vanban.chinhphu.vn/123"})
		if diff := cmp.Diff(wantLegal, p.LegalBases); diff != "" {
			t.Errorf("legal bases (-want +got):\n%s", diff)
		}
		if p.Name != before.Procedure.Name || !cmp.Equal(p.Steps, before.Procedure.Steps) || p.Place != before.Procedure.Place {
			t.Error("the form changed what it does not show")
		}

		// The same form again (a double click, a retry): no other version.
		if resp, _ := s.post(t, path, good); resp.StatusCode != http.StatusSeeOther {
			t.Errorf("the same form again = %d, want 303", resp.StatusCode)
		}
		// Something else from the old version: refused, what was typed kept.
		other := cloneValues(good)
		other.Set("limit-n", "6")
		resp, page = s.post(t, path, other)
		if resp.StatusCode != http.StatusConflict || !strings.Contains(page, "thủ tục đã có phiên bản") || adminInputValue(page, "limit-n") != "6" {
			t.Errorf("a stale form = %d", resp.StatusCode)
		}
		if now, _ := s.DB.ProcedureByCode(ctx, officeExtractCopy); now.Version != after.Version {
			t.Errorf("version %d after a repeat and a stale form, want %d", now.Version, after.Version)
		}
	})
}

// TestProcedureFormKeepsTheLimitsItDoesNotShow: a time limit that would
// reach the extended limit the form does not show is refused beside the
// time limit, in Vietnamese (the catalogue's rule, said in words).
func TestProcedureFormKeepsTheLimitsItDoesNotShow(t *testing.T) {
	c, err := catalogue.LoadShipped()
	if err != nil {
		t.Fatal(err)
	}
	p, ok := c.Procedure("1.004859") // 3 working days, extended to 6
	if !ok || p.ExtendedLimit == nil || *p.ExtendedLimit != calendar.Days(6) {
		t.Fatalf("the shipped 1.004859 is not 3 days extended to 6: %+v", p.ExtendedLimit)
	}
	for n, want := range map[string]string{"5": "", "6": "phải ngắn hơn thời hạn kéo dài mà luật cho phép (6 ngày làm việc)", "9": "phải ngắn hơn"} {
		f := procFormValues(&p)
		f.Set("limit-n", n)
		_, errs := readProcForm("vi", f, p)
		if got := errs["limit-n"]; want == "" && got != "" || !strings.Contains(got, want) {
			t.Errorf("limit %s days: error %q, want %q", n, got, want)
		}
	}
}

func cloneValues(v url.Values) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}

var (
	formInputRE    = regexp.MustCompile(`<input [^>]*>`)
	formSelectRE   = regexp.MustCompile(`(?s)<select [^>]*name="([^"]+)"[^>]*>(.*?)</select>`)
	formSelectedRE = regexp.MustCompile(`<option value="([^"]*)"[^>]* selected`)
	formTextareaRE = regexp.MustCompile(`(?s)<textarea [^>]*name="([^"]+)"[^>]*>(.*?)</textarea>`)
	formAttrRE     = regexp.MustCompile(`([a-z-]+)="([^"]*)"`)
)

// formValues reads what the form with this id would send as it stands,
// as a query string: its inputs (checkboxes when ticked), selected options
// and textareas; buttons are left out.
func formValues(t *testing.T, page, id string) string {
	t.Helper()
	i := strings.Index(page, `id="`+id+`"`)
	if i < 0 {
		t.Fatalf("no form %s", id)
	}
	body := page[i : i+strings.Index(page[i:], "</form>")]
	v := url.Values{}
	for _, in := range formInputRE.FindAllString(body, -1) {
		a := map[string]string{}
		for _, m := range formAttrRE.FindAllStringSubmatch(in, -1) {
			a[m[1]] = html.UnescapeString(m[2])
		}
		if a["name"] == "" || (a["type"] == "checkbox" || a["type"] == "radio") && !strings.Contains(in, " checked") {
			continue
		}
		v.Add(a["name"], a["value"])
	}
	for _, m := range formSelectRE.FindAllStringSubmatch(body, -1) {
		if s := formSelectedRE.FindStringSubmatch(m[2]); s != nil {
			v.Add(m[1], html.UnescapeString(s[1]))
		}
	}
	for _, m := range formTextareaRE.FindAllStringSubmatch(body, -1) {
		v.Add(m[1], strings.TrimPrefix(html.UnescapeString(m[2]), "\n"))
	}
	return v.Encode()
}

func pageTitle(page string) string {
	i, j := strings.Index(page, "<title>"), strings.Index(page, "</title>")
	if i < 0 || j < i {
		return ""
	}
	return html.UnescapeString(page[i+len("<title>") : j])
}

func itoaT(n int) string { return strconv.Itoa(n) }

// TestProcedureFormRefusesBadFields: each bad value is named beside its
// own field, in Vietnamese, with what was typed.
func TestProcedureFormRefusesBadFields(t *testing.T) {
	c, err := catalogue.LoadShipped()
	if err != nil {
		t.Fatal(err)
	}
	p, ok := c.Procedure(officeExtractCopy)
	if !ok {
		t.Fatal("no extract copy procedure")
	}
	for _, tc := range []struct {
		name        string
		set         map[string]string
		field, want string
	}{
		{"no limit kind", map[string]string{"limit-kind": "weeks"}, "limit-kind", "Hãy chọn một mục"},
		{"cut-off not a time", map[string]string{"limit-kind": "same_day", "limit-cutoff": "15h"}, "limit-cutoff", "đã nhập “15h”"},
		{"midnight cut-off", map[string]string{"limit-kind": "same_day", "limit-cutoff": "00:00"}, "limit-cutoff", "sau 00:00"},
		{"negative amount", map[string]string{"fee-kind": "fixed", "fee-amount": "-5"}, "fee-amount", "đã nhập “-5”"},
		{"first tier after page 1", map[string]string{"fee-kind": "per_page", "tier-0-from": "3", "tier-0-rate": "2.000"}, "tier-0-from", "bắt đầu từ trang 1"},
		{"tiers out of order", map[string]string{"fee-kind": "per_page", "tiers": "2", "tier-0-from": "1", "tier-0-rate": "2000",
			"tier-1-from": "1", "tier-1-rate": "1000"}, "tier-1-from", "sau trang 1 của bậc trước"},
		{"per page without tiers", map[string]string{"fee-kind": "per_page"}, "tier-0-from", "cần ít nhất một bậc"},
		{"refund of a free fee", map[string]string{"fee-kind": "free", "fee-amount": ""}, "fee-refund", "không thu phí thì không có gì để hoàn trả"},
		{"component without a name", map[string]string{"component-0-name": "", "component-0-form": "Mẫu 01"}, "component-0-name", "Hãy nhập tên giấy tờ"},
		{"unknown kind of copy", map[string]string{"component-0-kind": "photo"}, "component-0-kind", "Hãy chọn một mục"},
		{"legal basis without a number", map[string]string{"legal-0-number": ""}, "legal-0-number", "Hãy nhập số, ký hiệu văn bản"},
	} {
		f := procFormValues(&p)
		for k, v := range tc.set {
			f.Set(k, v)
		}
		if tc.field == "fee-refund" && len(p.Fee.Refund) == 0 {
			f.Set("fee-refund", "refused")
		}
		_, errs := readProcForm("vi", f, p)
		if got := errs[tc.field]; !strings.Contains(got, tc.want) {
			t.Errorf("%s: error beside %s = %q, want %q (all: %v)", tc.name, tc.field, got, tc.want, errs)
		}
	}
}

package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/store/storetest"
)

// TestWebActionFormsRefuseAbsurdValues: the officers' action forms share the
// domain's bounds with the API (issue 17, defect 2): a 100 kB note or
// reason (a form body is cut at 1 MB before that), 6,000 supplement items or
// one 500 kB item come back with a Vietnamese message
// beside the field, and the dossier is unchanged.
func TestWebActionFormsRefuseAbsurdValues(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		s := newTestServerOn(t, e, Options{BaseURL: func() string { return "http://motcua.test" }})
		reception := s.officeLogin(t, "tiepnhan1")
		specialist := s.officeLogin(t, "hotich")

		online := officeIntake(t, s.DB, officeBirthReg, dossier.Online)
		counter := officeIntake(t, s.DB, officeExtractCopy, dossier.Counter)
		manyItems := strings.TrimSpace(strings.Repeat("Giấy chứng sinh\n", 6000))
		for _, tc := range []struct {
			name    string
			who     *officeSession
			d       *dossier.Dossier
			action  string
			form    url.Values
			errorID string
			want    string
		}{
			{"a 100 kB note", specialist, counter, "propose", url.Values{"note": {strings.Repeat("ghi chu ", 12_500)}},
				"act-propose-note-error", "tối đa 2000 ký tự"},
			{"6,000 supplement items", reception, online, "request_supplement",
				url.Values{"reason": {"Thiếu giấy tờ"}, "items": {manyItems}}, "act-request_supplement-items-error", "tối đa 50"},
			{"a 500 kB supplement item", reception, online, "request_supplement",
				url.Values{"reason": {"Thiếu giấy tờ"}, "items": {strings.Repeat("a", 500_000)}}, "act-request_supplement-items-error", "tối đa 300 ký tự"},
			{"a 100 kB reason", reception, online, "refuse", url.Values{"reason": {strings.Repeat("ly do ", 16_000)}},
				"act-refuse-reason-error", "tối đa 2000 ký tự"},
		} {
			resp, page := tc.who.act(t, "/can-bo/ho-so/"+tc.d.Code+"/"+tc.action, tc.form)
			if resp.StatusCode != http.StatusBadRequest {
				t.Errorf("%s: %d, want 400", tc.name, resp.StatusCode)
				continue
			}
			if got := officeFieldError(page, tc.errorID); !strings.Contains(got, tc.want) {
				t.Errorf("%s: %s = %q, want it to say %q", tc.name, tc.errorID, got, tc.want)
			}
		}
		for _, d := range []*dossier.Dossier{online, counter} {
			if got := officeDossierOf(t, s.DB, d.Code); got.Version != d.Version || got.Status != d.Status {
				t.Errorf("%s: refused actions changed it: version %d -> %d, status %d -> %d", d.Code, d.Version, got.Version, d.Status, got.Status)
			}
		}
	})
}

package web

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/store"
)

// TestOfficeAssistedOnlineIntake: at the counter, the reception officer
// chooses "assisted online" for a procedure offered online; the dossier is
// online, assisted by them and received at once; the page after the intake,
// the dossier page and its history say so. The choice is not offered for a
// procedure offered only at the counter, and forcing it there (or an unknown
// channel) brings the form back with the message beside the channel, saving
// nothing.
func TestOfficeAssistedOnlineIntake(t *testing.T) {
	s := newTestServer(t, Options{BaseURL: func() string { return "http://motcua.test" }})
	ctx := context.Background()
	rec := s.officeLogin(t, "tiepnhan1")
	count := func() int {
		n, err := s.DB.CountDossiers(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	form := func(code, channel string) url.Values {
		_, page := rec.get(t, "/can-bo/tiep-nhan?thu-tuc="+code)
		key := regexp.MustCompile(`name="key" value="([^"]+)"`).FindStringSubmatch(page)
		if key == nil {
			t.Fatal("no idempotency key in the form")
		}
		return url.Values{"procedure": {code}, "key": {key[1]}, "channel": {channel}, "applicant.kind": {"person"},
			"applicant.full_name": {"Phạm Thị Cúc"}, "applicant.id_number": {"079203001235"}, "copies": {"1"}, "sets": {"1"},
			"components.0.received": {"1"}, "components.1.received": {"1"}}
	}

	_, page := rec.get(t, "/can-bo/tiep-nhan?thu-tuc="+officeExtractCopy)
	if !strings.Contains(page, `name="channel" value="2"`) || !strings.Contains(page, "Hướng dẫn nộp trực tuyến") {
		t.Error("the counter form of a procedure offered online does not offer assisted online")
	}
	_, page = rec.get(t, "/can-bo/tiep-nhan?thu-tuc=2.000884")
	if strings.Contains(page, `name="channel" value="2"`) {
		t.Error("assisted online is offered for a procedure offered only at the counter")
	}

	n := count()
	for _, tc := range []struct{ code, channel, want string }{
		{"2.000884", "2", "chưa được cung cấp trực tuyến"},
		{officeExtractCopy, "9", "hướng dẫn người dân nộp trực tuyến"},
	} {
		resp, page := rec.act(t, "/can-bo/tiep-nhan", form(tc.code, tc.channel))
		if resp.StatusCode != http.StatusBadRequest {
			t.Fatalf("channel %s for %s = %d, want 400", tc.channel, tc.code, resp.StatusCode)
		}
		if got := officeFieldError(page, "f-channel-error"); !strings.Contains(got, tc.want) {
			t.Errorf("channel %s for %s: message %q, want it to say %q", tc.channel, tc.code, got, tc.want)
		}
		if !strings.Contains(page, `<fieldset aria-describedby="f-channel-error">`) {
			t.Errorf("channel %s for %s: the channel choice does not point at its message", tc.channel, tc.code)
		}
	}
	if count() != n {
		t.Fatal("a dossier was saved from a refused channel")
	}

	v := form(officeExtractCopy, "2")
	first, _ := rec.act(t, "/can-bo/tiep-nhan", v)
	second, _ := rec.act(t, "/can-bo/tiep-nhan", v)
	if first.StatusCode != http.StatusSeeOther || first.Header.Get("Location") != second.Header.Get("Location") {
		t.Fatalf("assisted intake twice = %d %q, %d %q; want one dossier", first.StatusCode, first.Header.Get("Location"),
			second.StatusCode, second.Header.Get("Location"))
	}
	if count() != n+1 {
		t.Errorf("%d dossiers made, want 1", count()-n)
	}
	code := strings.TrimPrefix(first.Header.Get("Location"), "/can-bo/tiep-nhan/")
	d := officeDossierOf(t, s.DB, code)
	if d.Channel != 2 || d.AssistedBy != officeOfficer(t, s.DB, "tiepnhan1").ID || d.ReceivedAt.IsZero() {
		t.Fatalf("dossier: channel %d assisted by %q received %v; want online, tiepnhan1, received", d.Channel, d.AssistedBy, d.ReceivedAt)
	}
	_, done := rec.get(t, first.Header.Get("Location"))
	if !strings.Contains(done, "Hướng dẫn nộp trực tuyến") {
		t.Error("the page after the intake does not say the dossier was submitted online with help")
	}
	_, page = rec.get(t, "/can-bo/ho-so/"+code)
	for _, want := range []string{"Cán bộ hướng dẫn nộp trực tuyến", "Đặng Thị Mỹ Duyên", "Nộp trực tuyến tại Bộ phận Một cửa, có cán bộ hướng dẫn"} {
		if !strings.Contains(page, want) {
			t.Errorf("the dossier page does not show %q", want)
		}
	}

	// The leader's dashboard: 1 assisted of 1 dossier handed in person today;
	// a year without dossiers has no data, not 0 % nor 100 %.
	lead := s.officeLogin(t, "chutich")
	today := d.ReceivedAt.In(store.Zone).Format("2006-01-02")
	_, dash := lead.get(t, "/can-bo/thong-ke?from="+today+"&to="+today)
	if !strings.Contains(dash, `data-key="assisted_online_pct" data-value="100.0"`) {
		t.Error("the dashboard does not show 100.0 % guided to submit online")
	}
	_, csv := lead.get(t, "/can-bo/thong-ke/chi-so.csv?from="+today+"&to="+today)
	if !strings.Contains(csv, "Tỷ lệ người dân được hướng dẫn nộp trực tuyến (%),100.0") {
		t.Errorf("the indicators CSV lacks the share guided to submit online:\n%s", csv)
	}
	_, dash = lead.get(t, "/can-bo/thong-ke?from=2020-01-01&to=2020-12-31")
	if !strings.Contains(dash, `<li class="tile undefined" data-key="assisted_online_pct" data-value="">`) {
		t.Error("the dashboard of an empty year does not show the share guided online as no data")
	}
	_, csv = lead.get(t, "/can-bo/thong-ke/chi-so.csv?from=2020-01-01&to=2020-12-31")
	if !strings.Contains(csv, "Tỷ lệ người dân được hướng dẫn nộp trực tuyến (%),không có dữ liệu") {
		t.Errorf("the indicators CSV of an empty year does not say no data for the share guided online:\n%s", csv)
	}
}

package web

import (
	"strings"
	"sync/atomic"
	"testing"
)

// TestNoticeBannerInBothLanguages: Options.Notice puts a banner on every
// page, translated, with its current arguments; "" removes it.
func TestNoticeBannerInBothLanguages(t *testing.T) {
	var pct atomic.Int64
	pct.Store(37)
	ts := newTestServer(t, Options{Notice: func() (string, []any) {
		if p := pct.Load(); p < 100 {
			return "notice.demo_filling", []any{int(p)}
		}
		return "", nil
	}})
	for _, c := range []struct{ path, want string }{
		{"/", "Đang tạo dữ liệu mẫu… 37 %"},
		{"/tra-cuu", "Đang tạo dữ liệu mẫu… 37 %"},
		{"/?lang=en", "Generating the demo data… 37 %"},
	} {
		resp, body := ts.get(t, c.path)
		if resp.StatusCode != 200 || !strings.Contains(body, c.want) {
			t.Errorf("GET %s: status %d, want a banner %q", c.path, resp.StatusCode, c.want)
		}
	}
	pct.Store(100)
	if _, body := ts.get(t, "/?lang=vi"); strings.Contains(body, `class="flash notice"`) {
		t.Error("the banner stays once Notice returns no key")
	}
}

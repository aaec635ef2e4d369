package browsertest

import (
	"bytes"
	"fmt"
	"image/png"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// stopTB records Skip and Fatal instead of stopping the goroutine, so that
// Start's handling of a missing browser can be observed.
type stopTB struct {
	testing.TB
	skipped, failed bool
	msg             string
}

func (s *stopTB) Helper()                   {}
func (s *stopTB) Skip(args ...any)          { s.skipped, s.msg = true, fmt.Sprint(args...) }
func (s *stopTB) Fatal(args ...any)         { s.failed, s.msg = true, fmt.Sprint(args...) }
func (s *stopTB) Cleanup(f func())          {}
func (s *stopTB) TempDir() string           { return os.TempDir() }
func (s *stopTB) Logf(string, ...any)       {}
func (s *stopTB) Fatalf(f string, a ...any) { s.Fatal(fmt.Sprintf(f, a...)) }

func TestStartWithoutChromium(t *testing.T) {
	for _, ci := range []string{"", "true"} {
		t.Run("CI="+ci, func(t *testing.T) {
			t.Setenv("MOTCUA_CHROMIUM", "/nonexistent/chromium")
			t.Setenv("CI", ci)
			tb := &stopTB{TB: t}
			if b := Start(tb); b != nil {
				t.Fatal("Start returned a browser without Chromium")
			}
			if ci == "" && (!tb.skipped || tb.failed) {
				t.Errorf("without CI: skipped=%v failed=%v, want a skip", tb.skipped, tb.failed)
			}
			if ci != "" && (!tb.failed || tb.skipped) {
				t.Errorf("with CI: skipped=%v failed=%v, want a failure", tb.skipped, tb.failed)
			}
			if !strings.Contains(tb.msg, "apt-get install chromium") {
				t.Errorf("message %q does not say how to install Chromium", tb.msg)
			}
		})
	}
}

const badPage = `<!doctype html><html><head><title>bad</title></head><body>
<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
<input id="x" name="x">
<p style="color:#bbb;background:#fff">low contrast</p>
</body></html>`

const goodPage = `<!doctype html><html lang="en"><head><title>good</title></head><body>
<main><h1>Good</h1><label for="x">Name</label><input id="x" name="x">
<div style="height:3000px">tall</div><p id="end">end</p></main>
</body></html>`

func pages() *httptest.Server {
	mux := http.NewServeMux()
	mux.HandleFunc("/bad", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, badPage) })
	mux.HandleFunc("/good", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, goodPage) })
	return httptest.NewServer(mux)
}

func TestAxeFindsViolations(t *testing.T) {
	t.Parallel()
	ts := pages()
	defer ts.Close()
	b := Start(t)

	if got := b.Navigate(ts.URL + "/bad"); got != http.StatusOK {
		t.Fatalf("status %d", got)
	}
	var ids []string
	for _, v := range b.AxeViolations() {
		ids = append(ids, v.ID)
		if len(v.Nodes) == 0 || v.Nodes[0].Target == "" || v.Nodes[0].HTML == "" || v.Help == "" {
			t.Errorf("violation without details: %+v", v)
		}
	}
	for _, want := range []string{"image-alt", "label", "color-contrast", "html-has-lang"} {
		if !slices.Contains(ids, want) {
			t.Errorf("axe did not report %s on a page that breaks it; got %v", want, ids)
		}
	}

	b.Navigate(ts.URL + "/good")
	if vs := b.AxeViolations(); len(vs) != 0 {
		t.Errorf("violations on the good page: %v", vs)
	}
}

func TestHelpersAndFullPageScreenshot(t *testing.T) {
	// Not parallel: it points MOTCUA_ARTIFACTS at a temporary directory.
	ts := pages()
	defer ts.Close()
	t.Setenv("MOTCUA_ARTIFACTS", t.TempDir())
	b := Start(t)
	b.Navigate(ts.URL + "/good")

	b.Fill("#x", "Nguyễn Thị Hoà")
	if got := b.Value("#x"); got != "Nguyễn Thị Hoà" {
		t.Errorf("value after Fill = %q", got)
	}
	b.Fill("#x", "again")
	if got := b.Value("#x"); got != "again" {
		t.Errorf("Fill did not replace the value: %q", got)
	}
	if got := b.Text("h1"); got != "Good" {
		t.Errorf("Text(h1) = %q", got)
	}
	if diff := cmp.Diff([]string{"Name"}, b.Texts("label")); diff != "" {
		t.Errorf("Texts(label) (-want +got):\n%s", diff)
	}
	if got := b.Count("p"); got != 1 {
		t.Errorf("Count(p) = %d", got)
	}
	if v, ok := b.Attr("html", "lang"); !ok || v != "en" {
		t.Errorf("Attr(html, lang) = %q, %v", v, ok)
	}

	path := b.saveScreenshot("tall page/full")
	if !strings.HasPrefix(path, os.Getenv("MOTCUA_ARTIFACTS")) || !strings.HasSuffix(path, "TestHelpersAndFullPageScreenshot--tall-page-full.png") {
		t.Errorf("screenshot path %s", path)
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := png.DecodeConfig(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("screenshot is not a PNG: %v", err)
	}
	if cfg.Width != DefaultWidth || cfg.Height <= 3000 {
		t.Errorf("screenshot is %dx%d, want the whole %d px wide, >3000 px tall page", cfg.Width, cfg.Height, DefaultWidth)
	}
}

func TestFileName(t *testing.T) {
	for in, want := range map[string]string{
		"TestX/sub case":     "TestX-sub-case",
		"catalogue (mobile)": "catalogue-mobile",
		"đăng nhập/lỗi":      "ng-nh-p-l-i",
		"login-error.v2":     "login-error.v2",
	} {
		if got := fileName(in); got != want {
			t.Errorf("fileName(%q) = %q, want %q", in, got, want)
		}
	}
}

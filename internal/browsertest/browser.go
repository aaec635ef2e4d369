// Package browsertest drives motcua's pages through a real browser for
// end-to-end tests: Debian's Chromium through chromedp, the real server on a
// loopback port (StartServer), full-page screenshots kept as artifacts, and
// axe-core accessibility checks.
//
// Each test gets its own tab, in a browser context of its own (its own
// cookies and storage) of the one Chromium the test binary runs, and its own
// server over its own database, so tests stay independent and may run in
// parallel. Without Chromium the tests are skipped with a message saying how
// to install it; with CI set they fail.
package browsertest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/motcua/motcua/internal/testenv"
)

// DefaultWidth and DefaultHeight are the desktop window every browser starts with.
const (
	DefaultWidth  = 1280
	DefaultHeight = 900
)

// actionTimeout bounds one browser action, so that a page that never shows
// the awaited element fails its test with a message instead of hanging until
// go test's own deadline. It is a safety net, never what a test asserts.
const actionTimeout = 30 * time.Second

// Browser is one tab of a headless Chromium, owned by one test, with
// cookies and storage of its own.
// Its methods end the test with t.Fatal when the browser fails.
type Browser struct {
	t   testing.TB
	ctx context.Context // the tab's chromedp context
}

// FindChromium returns the browser to run: MOTCUA_CHROMIUM when set, else
// /usr/bin/chromium, chromium or chromium-browser on PATH.
func FindChromium() (string, error) {
	if p := os.Getenv("MOTCUA_CHROMIUM"); p != "" {
		if _, err := os.Stat(p); err != nil {
			return "", fmt.Errorf("MOTCUA_CHROMIUM=%s: %w", p, err)
		}
		return p, nil
	}
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium", nil
	}
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", errors.New("no chromium, chromium-browser or MOTCUA_CHROMIUM found")
}

// Start opens a tab for t in the test binary's headless Chromium (launching
// it on first use; see Main) and closes the tab when t ends. When no Chromium
// is found it skips t, or fails it when the CI variable is set.
func Start(t testing.TB) *Browser {
	t.Helper()
	path, err := FindChromium()
	if err != nil {
		msg := fmt.Sprintf("browser tests need Chromium: %v. Install it with `apt-get install chromium` "+
			"(Debian/Ubuntu) or point MOTCUA_CHROMIUM at a Chromium or Chrome binary", err)
		testenv.Need(t, msg)
		return nil // not reached with a real testing.T: Skip and Fatal stop the test
	}
	ctx, err := openTab(t, path)
	if err != nil {
		t.Fatalf("browser: %v", err)
	}
	b := &Browser{t: t, ctx: ctx}
	t.Cleanup(b.screenshotOnFailure) // runs before the tab closes
	b.SetViewport(DefaultWidth, DefaultHeight)
	return b
}

// Context returns the tab's chromedp context, for actions the helpers lack.
// Bound the work with a context derived from it, as the helpers do.
func (b *Browser) Context() context.Context { return b.ctx }

// run runs a on the tab within actionTimeout and fails the test on error.
func run[T any](b *Browser, what string, a chromedp.Action[T]) T {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, actionTimeout)
	defer cancel()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		b.t.Fatalf("browser: %s: %v", what, err)
	}
	return v
}

// Navigate opens url, waits for the page to load and returns the HTTP
// status of the document.
func (b *Browser) Navigate(url string) int {
	b.t.Helper()
	resp := run(b, "navigate to "+url, chromedp.NavigateResponse(url))
	if resp == nil {
		b.t.Fatalf("browser: navigate to %s: no response", url)
	}
	return int(resp.Status)
}

// Reload reloads the current page and returns the document's HTTP status.
func (b *Browser) Reload() int {
	b.t.Helper()
	// chromedp.Reload waits for the load itself; b.response must see the
	// reload's document response, so it sends the bare command.
	resp, err := b.response("reload", chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, page.Reload, page.ReloadParams{})
		return err
	}))
	if err != nil {
		b.t.Fatalf("browser: reload: %v", err)
	}
	return resp
}

// Fill enters value into the input or textarea matched by sel, after
// emptying it.
func (b *Browser) Fill(sel, value string) {
	b.t.Helper()
	run(b, "fill "+sel, chromedp.Steps(
		chromedp.WaitVisible(chromedp.CSS(sel)),
		// chromedp.SetValue cannot set "" (it reads the empty result back as a failure).
		chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`document.querySelector(%s).value = ''`, jsString(sel))),
		chromedp.Focus(chromedp.CSS(sel)),
		// One insertText, as an input method or a paste would: the field gets
		// its beforeinput and input events, without a round trip per key.
		chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
			_, err := cdp.Call(ctx, t, input.InsertText, input.InsertTextParams{Text: value})
			return err
		}),
	))
}

// Select chooses the option with the given value in the select matched by sel.
func (b *Browser) Select(sel, value string) {
	b.t.Helper()
	js := fmt.Sprintf(`(() => { const e = document.querySelector(%s); e.value = %s;
		e.dispatchEvent(new Event('input', {bubbles: true})); e.dispatchEvent(new Event('change', {bubbles: true})); })()`,
		jsString(sel), jsString(value))
	run(b, "select in "+sel, chromedp.Steps(
		chromedp.WaitVisible(chromedp.CSS(sel)),
		chromedp.Evaluate[chromedp.Void](js),
	))
	if v := b.Value(sel); v != value {
		b.t.Fatalf("browser: %s has no option with value %q (value is %q)", sel, value, v)
	}
}

// Click clicks the element matched by sel, without waiting for a page load.
func (b *Browser) Click(sel string) {
	b.t.Helper()
	run(b, "click "+sel, chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible))
}

// ClickAndWait clicks the element matched by sel (a link or a submit
// button), waits for the page it leads to (after any redirects) and returns
// that document's HTTP status.
func (b *Browser) ClickAndWait(sel string) int {
	b.t.Helper()
	status, err := b.response("click "+sel, chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible))
	if err != nil {
		b.t.Fatalf("browser: click %s and wait for the page: %v", sel, err)
	}
	return status
}

// PressEnterAndWait presses Enter in the field matched by sel, submitting its
// form, and returns the HTTP status of the page that loads.
func (b *Browser) PressEnterAndWait(sel string) int {
	b.t.Helper()
	status, err := b.response("press enter in "+sel, chromedp.SendKeys(chromedp.CSS(sel), "\r"))
	if err != nil {
		b.t.Fatalf("browser: press enter in %s and wait for the page: %v", sel, err)
	}
	return status
}

func (b *Browser) response(what string, a chromedp.Action[chromedp.Void]) (int, error) {
	ctx, cancel := context.WithTimeout(b.ctx, actionTimeout)
	defer cancel()
	resp, err := chromedp.RunResponse(ctx, a)
	if err != nil {
		return 0, err
	}
	if resp == nil {
		return 0, fmt.Errorf("%s: no document response", what)
	}
	return int(resp.Status), nil
}

// Press sends key presses to whatever has the focus, e.g. "\t" for Tab
// (see github.com/chromedp/chromedp/kb for named keys).
func (b *Browser) Press(keys string) {
	b.t.Helper()
	run(b, "press keys", chromedp.KeyEvent(keys))
}

// WaitVisible waits until the element matched by sel is visible.
func (b *Browser) WaitVisible(sel string) {
	b.t.Helper()
	run(b, "wait for "+sel, chromedp.WaitVisible(chromedp.CSS(sel)))
}

// Text returns the visible text of the first element matched by sel,
// waiting for it to appear.
func (b *Browser) Text(sel string) string {
	b.t.Helper()
	return strings.TrimSpace(run(b, "text of "+sel, chromedp.Text(chromedp.CSS(sel))))
}

// Texts returns the visible text of every element matched by sel now, in
// document order; none is an empty slice.
func (b *Browser) Texts(sel string) []string {
	b.t.Helper()
	js := fmt.Sprintf(`Array.from(document.querySelectorAll(%s), e => e.innerText.trim())`, jsString(sel))
	return run(b, "texts of "+sel, chromedp.Evaluate[[]string](js))
}

// Count returns how many elements match sel now.
func (b *Browser) Count(sel string) int {
	b.t.Helper()
	return run(b, "count "+sel, chromedp.Evaluate[int](fmt.Sprintf(`document.querySelectorAll(%s).length`, jsString(sel))))
}

// Value returns the current value of the form control matched by sel.
func (b *Browser) Value(sel string) string {
	b.t.Helper()
	return run(b, "value of "+sel, chromedp.Value(chromedp.CSS(sel)))
}

// Attr returns an attribute of the first element matched by sel, and
// whether it is present.
func (b *Browser) Attr(sel, name string) (string, bool) {
	b.t.Helper()
	r := run(b, "attribute "+name+" of "+sel, chromedp.AttributeValue(chromedp.CSS(sel), name))
	return r.Value, r.Exists
}

// Eval evaluates a JavaScript expression in the page and decodes its JSON
// value into a T.
func Eval[T any](b *Browser, expression string) T {
	b.t.Helper()
	return run(b, "evaluate "+expression, chromedp.Evaluate[T](expression))
}

// Location returns the current URL.
func (b *Browser) Location() string {
	b.t.Helper()
	return run(b, "location", chromedp.Location())
}

// SetViewport resizes the page's viewport (CSS pixels, scale 1).
func (b *Browser) SetViewport(width, height int) {
	b.t.Helper()
	run(b, "set viewport", chromedp.EmulateViewport(int64(width), int64(height)))
}

// Screenshot saves a PNG of the whole page (not only the viewport) as
// <artifacts>/<test name>--<name>.png and returns its path, when screenshots
// are wanted: MOTCUA_SCREENSHOTS=1 or MOTCUA_ARTIFACTS set. Otherwise it does
// nothing and returns "": a full-page PNG costs the browser a quarter of a
// second, and a test that fails saves one anyway (see Start). The artifacts
// directory is MOTCUA_ARTIFACTS or <module root>/artifacts/screenshots.
func (b *Browser) Screenshot(name string) string {
	b.t.Helper()
	if !screenshotsWanted() {
		return ""
	}
	return b.saveScreenshot(name)
}

func screenshotsWanted() bool {
	return os.Getenv("MOTCUA_SCREENSHOTS") == "1" || os.Getenv("MOTCUA_ARTIFACTS") != ""
}

func (b *Browser) saveScreenshot(name string) string {
	b.t.Helper()
	png := run(b, "screenshot "+name, fullPagePNG())
	dir, err := ArtifactsDir()
	if err != nil {
		b.t.Fatalf("browser: screenshot %s: %v", name, err)
	}
	path := filepath.Join(dir, fileName(b.t.Name())+"--"+fileName(name)+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		b.t.Fatalf("browser: screenshot %s: %v", name, err)
	}
	b.t.Logf("screenshot: %s", path)
	return path
}

// screenshotOnFailure saves the page a failed test ended on, best effort.
func (b *Browser) screenshotOnFailure() {
	if !b.t.Failed() {
		return
	}
	ctx, cancel := context.WithTimeout(b.ctx, 10*time.Second)
	defer cancel()
	png, err := chromedp.Run(ctx, fullPagePNG())
	if err != nil {
		return
	}
	dir, err := ArtifactsDir()
	if err != nil {
		return
	}
	path := filepath.Join(dir, fileName(b.t.Name())+"--failed.png")
	if os.WriteFile(path, png, 0o644) == nil {
		b.t.Logf("the page the test failed on: %s", path)
	}
}

// fullPagePNG captures the page's whole scrollable area at the current
// viewport width.
func fullPagePNG() chromedp.Action[[]byte] {
	return func(ctx context.Context, t *chromedp.Target) ([]byte, error) {
		m, err := cdp.Call(ctx, t, page.GetLayoutMetrics, cdp.Empty{})
		if err != nil {
			return nil, err
		}
		if m.CSSContentSize == nil || m.CSSLayoutViewport == nil {
			return nil, errors.New("no layout metrics")
		}
		width := float64(m.CSSLayoutViewport.ClientWidth)
		height := max(m.CSSContentSize.Height, float64(m.CSSLayoutViewport.ClientHeight))
		beyond := true
		r, err := cdp.Call(ctx, t, page.CaptureScreenshot, page.CaptureScreenshotParams{
			Format:                page.CaptureScreenshotFormatPng,
			CaptureBeyondViewport: &beyond,
			Clip:                  &page.Viewport{X: 0, Y: 0, Width: width, Height: height, Scale: 1},
		})
		if err != nil {
			return nil, err
		}
		return r.Data, nil
	}
}

// ArtifactsDir returns (creating it) the directory for test artifacts:
// MOTCUA_ARTIFACTS, or <module root>/artifacts/screenshots, which git ignores.
func ArtifactsDir() (string, error) {
	dir := os.Getenv("MOTCUA_ARTIFACTS")
	if dir == "" {
		root, err := moduleRoot()
		if err != nil {
			return "", err
		}
		dir = filepath.Join(root, "artifacts", "screenshots")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	return dir, nil
}

// moduleRoot walks up from the working directory (a test's package
// directory) to the directory holding go.mod.
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the working directory; set MOTCUA_ARTIFACTS")
		}
		dir = parent
	}
}

var unsafeFileChars = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// fileName makes s safe as a file name: subtest slashes and spaces become dashes.
func fileName(s string) string {
	return strings.Trim(unsafeFileChars.ReplaceAllString(s, "-"), "-")
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

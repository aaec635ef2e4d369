package browsertest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sync"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// A test binary runs one Chromium, started by the first Start. Every Browser
// is a tab in a browser context of its own (Chromium's incognito profile:
// separate cookies, storage and cache), so tests stay independent and may
// call t.Parallel while sharing the process that costs seconds to start.
//
// Under Main the browser lives until the binary's tests end. Without Main it
// closes when its last tab closes, and a later Start launches another: never
// a leftover Chromium, at worst a few launches more.
var shared struct {
	mu      sync.Mutex
	browser *chromium // nil when none runs
	keep    bool      // set by Main: close only when every test is done
}

// chromium is one running browser process and the tabs open in it.
type chromium struct {
	ctx   context.Context // the browser's own chromedp context
	close func() error
	tabs  int
}

// Main runs a package's tests keeping one Chromium for all of them, and
// closes it at the end:
//
//	func TestMain(m *testing.M) { browsertest.Main(m) }
func Main(m *testing.M) {
	shared.mu.Lock()
	shared.keep = true
	shared.mu.Unlock()
	code := m.Run()
	shared.mu.Lock()
	c := shared.browser
	shared.browser = nil
	shared.mu.Unlock()
	if c != nil {
		if err := c.close(); err != nil {
			fmt.Fprintf(os.Stderr, "browsertest: closing chromium: %v\n", err)
		}
	}
	os.Exit(code)
}

// openTab opens a tab in a new browser context of the shared Chromium,
// launching it when none runs, and closes the tab when t ends.
func openTab(t testing.TB, path string) (context.Context, error) {
	c, err := acquire(path)
	if err != nil {
		return nil, err
	}
	ctx, cancel := chromedp.NewContext(c.ctx, chromedp.WithNewBrowserContext())
	t.Cleanup(func() {
		if err := chromedp.Cancel(ctx); err != nil && !errors.Is(err, context.Canceled) {
			t.Logf("closing the browser tab: %v", err)
		}
		cancel()
		release(c)
	})
	// The tab's first run creates its target in its own browser context. A
	// tab whose window is not the focused one would not get focus events nor
	// match :focus-visible, so every tab is told that it has the focus.
	if err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, emulation.SetFocusEmulationEnabled, emulation.SetFocusEmulationEnabledParams{Enabled: true})
		return err
	})); err != nil {
		return nil, fmt.Errorf("open a tab: %w", err)
	}
	return ctx, nil
}

// acquire returns the running Chromium, launching it if needed, and counts
// one more tab in it.
func acquire(path string) (*chromium, error) {
	shared.mu.Lock()
	defer shared.mu.Unlock()
	if shared.browser == nil {
		c, err := launch(path)
		if err != nil {
			return nil, err
		}
		shared.browser = c
	}
	shared.browser.tabs++
	return shared.browser, nil
}

// release counts a tab closed, and closes the browser when it was the last
// one and Main does not keep it.
func release(c *chromium) {
	shared.mu.Lock()
	c.tabs--
	last := c.tabs == 0 && !shared.keep && shared.browser == c
	if last {
		shared.browser = nil
	}
	shared.mu.Unlock()
	if last {
		if err := c.close(); err != nil {
			fmt.Fprintf(os.Stderr, "browsertest: closing chromium: %v\n", err)
		}
	}
}

// launch starts a headless Chromium. chromedp gives it a temporary profile
// directory, removed when it closes.
func launch(path string) (*chromium, error) {
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox, // Chromium refuses to run as root with its sandbox
		chromedp.NoFirstRun,
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("force-device-scale-factor", "1"),
		// What a test run does not need and costs CPU on a 2-core machine:
		// site isolation's extra processes, background fetches of hints and
		// components, the back-forward cache. The web package's suite ran
		// 127 s and 140 s with these against 141 s and 163 s without, in
		// pairs on the same machine.
		chromedp.Flag("disable-site-isolation-trials", true),
		chromedp.Flag("disable-features", "Translate,BlinkGenPropertyTrees,site-per-process,IsolateOrigins,"+
			"OptimizationHints,MediaRouter,PaintHolding,BackForwardCache,AcceptCHFrame,InterestFeedContentSuggestions,"+
			"CalculateNativeWinOcclusion,HeavyAdPrivacyMitigations,LazyFrameLoading,DialMediaRouteProvider,"+
			"GlobalMediaControls,PrivacySandboxSettings4,AutofillServerCommunication,CertificateTransparencyComponentUpdater"),
		chromedp.Flag("disable-renderer-accessibility", true),
		chromedp.Flag("mute-audio", true),
		chromedp.Flag("no-pings", true),
		chromedp.Flag("disable-domain-reliability", true),
		chromedp.WindowSize(DefaultWidth, DefaultHeight),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(allocCtx)
	// The first run starts the browser and binds its life to ctx, which has
	// no deadline; tabs and their actions get their own contexts.
	if err := chromedp.Do(ctx); err != nil {
		cancel()
		cancelAlloc()
		return nil, fmt.Errorf("start chromium (%s): %w", path, err)
	}
	return &chromium{ctx: ctx, close: func() error {
		err := chromedp.Cancel(ctx)
		cancel()
		cancelAlloc()
		if errors.Is(err, context.Canceled) {
			err = nil
		}
		return err
	}}, nil
}

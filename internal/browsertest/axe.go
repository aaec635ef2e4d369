package browsertest

import (
	"context"
	_ "embed"
	"fmt"
	"strings"

	"github.com/chromedp/chromedp"

	"github.com/motcua/motcua/internal/testenv"
)

// axeSource is axe-core's browser bundle, vendored from npm; see
// testdata/axe/README.md for the version and how to update it.
//
//go:embed testdata/axe/axe.min.js
var axeSource string

// AxeTags are the rule sets every page must pass: WCAG 2.0 and 2.1, levels A and AA.
var AxeTags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa"}

// Violation is one axe-core rule that failed, with every element failing it.
type Violation struct {
	ID          string // rule id, e.g. "color-contrast"
	Impact      string // minor, moderate, serious or critical
	Description string
	Help        string // one line: what to do
	HelpURL     string
	Nodes       []ViolationNode
}

// ViolationNode is one element that fails a rule.
type ViolationNode struct {
	Target         string // CSS selector of the element
	HTML           string // the element's opening markup, as axe reports it
	FailureSummary string // why it fails, per check
}

// String formats the violation for a test log: rule, impact, help, and each
// failing element with its selector, markup and reason.
func (v Violation) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%s): %s\n  %s\n", v.ID, v.Impact, v.Help, v.HelpURL)
	for _, n := range v.Nodes {
		fmt.Fprintf(&b, "  - %s\n    %s\n", n.Target, n.HTML)
		for _, line := range strings.Split(strings.TrimSpace(n.FailureSummary), "\n") {
			fmt.Fprintf(&b, "    %s\n", strings.TrimSpace(line))
		}
	}
	return b.String()
}

// AxePath is where a StartServer server serves axe-core, with a long cache
// lifetime, for AxeViolations to load it into its pages.
const AxePath = "/_browsertest/axe.min.js"

// axeLoadScript adds a script element loading axe-core from the page's origin
// and reports whether it loaded.
const axeLoadScript = `new Promise(resolve => {
  const s = document.createElement('script');
  s.src = location.origin + '` + AxePath + `';
  s.onload = () => resolve(typeof window.axe === 'object');
  s.onerror = () => { s.remove(); resolve(false); };
  (document.head || document.documentElement).appendChild(s);
})`

// axeRun injects axe-core once per document and runs it over the whole
// document with AxeTags, returning plain violation objects.
const axeRun = `(async () => {
  const results = await axe.run(document, {
    runOnly: {type: 'tag', values: %s},
    resultTypes: ['violations'],
  });
  return results.violations.map(v => ({
    ID: v.id, Impact: v.impact || '', Description: v.description, Help: v.help, HelpURL: v.helpUrl,
    Nodes: v.nodes.map(n => ({
      Target: n.target.map(t => Array.isArray(t) ? t.join(' >>> ') : t).join(' > '),
      HTML: n.html,
      FailureSummary: n.failureSummary || '',
    })),
  }));
})()`

// AxeViolations runs axe-core on the page loaded in the chromedp context
// ctx and returns the WCAG 2.1 A/AA violations (none is an empty slice).
// The error is for the browser or axe failing, never for violations.
func AxeViolations(ctx context.Context) ([]Violation, error) {
	loaded, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`typeof window.axe === 'object' && typeof window.axe.run === 'function'`))
	if err != nil {
		return nil, fmt.Errorf("axe: %w", err)
	}
	if !loaded {
		// A page of a StartServer server loads axe-core from its own origin,
		// which spares the browser parsing half a megabyte sent over the
		// DevTools protocol for every page; any other page gets the source
		// evaluated.
		fromOrigin, err := chromedp.Run(ctx, chromedp.Evaluate[bool](axeLoadScript, chromedp.EvalAwaitPromise))
		if err != nil {
			return nil, fmt.Errorf("axe: load axe-core: %w", err)
		}
		if !fromOrigin {
			if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](axeSource)); err != nil {
				return nil, fmt.Errorf("axe: inject axe-core: %w", err)
			}
		}
	}
	tags := "[" + strings.Join(quoteAll(AxeTags), ",") + "]"
	vs, err := chromedp.Run(ctx, chromedp.Evaluate[[]Violation](fmt.Sprintf(axeRun, tags), chromedp.EvalAwaitPromise))
	if err != nil {
		return nil, fmt.Errorf("axe: run: %w", err)
	}
	if vs == nil {
		vs = []Violation{}
	}
	return vs, nil
}

// AxeViolations runs axe-core on the current page; see the function AxeViolations.
func (b *Browser) AxeViolations() []Violation {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 2*actionTimeout)
	defer cancel()
	vs, err := AxeViolations(ctx)
	if err != nil {
		b.t.Fatalf("browser: %v", err)
	}
	return vs
}

// ExpectAccessible audits a page a flow passes through: every axe-core
// violation on the current page is a test error naming the page (what), and
// the test goes on. axe-core costs a third of the browser tests' time, so
// the quick suite (`go test ./...` without CI or MOTCUA_LONG) leaves these
// audits out; CI and the long suite make every one of them. The pages of
// the accessibility tests themselves are audited in every suite
// (ExpectAccessibleAlways).
func (b *Browser) ExpectAccessible(what string) {
	b.t.Helper()
	if !testenv.CI() && !testenv.IsLong(b.t) {
		return
	}
	b.ExpectAccessibleAlways(what)
}

// ExpectAccessibleAlways reports every axe-core violation on the current
// page as a test error naming the page (what), in every suite, and lets the
// test go on.
func (b *Browser) ExpectAccessibleAlways(what string) {
	b.t.Helper()
	vs := b.AxeViolations()
	if len(vs) == 0 {
		return
	}
	var msg strings.Builder
	fmt.Fprintf(&msg, "axe-core: %d WCAG 2.1 A/AA violation(s) on %s (%s):\n", len(vs), what, b.Location())
	for _, v := range vs {
		msg.WriteString(v.String())
	}
	b.t.Error(msg.String())
}

func quoteAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = jsString(s)
	}
	return out
}

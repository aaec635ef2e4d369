// Package metrics exposes counters and latency histograms in the Prometheus
// text format. It is small on purpose: the official client would add a dozen
// modules for the handful of series motcua serves.
package metrics

import (
	"fmt"
	"io"
	"math"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"
)

// Registry holds the series of one process.
type Registry struct {
	mu       sync.Mutex
	counters map[string]*counter // by name + labels
	hists    map[string]*histogram
	help     map[string]string
	gauges   map[string]func() float64
	started  time.Time
}

type counter struct {
	name, labels string
	v            float64
}

type histogram struct {
	name, labels string
	buckets      []float64
	counts       []uint64
	sum          float64
	n            uint64
}

// DefaultBuckets are latency buckets in seconds, fine at the low end where
// motcua's pages live.
var DefaultBuckets = []float64{0.001, 0.0025, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5}

// New returns an empty registry with the process gauges.
func New() *Registry {
	r := &Registry{counters: map[string]*counter{}, hists: map[string]*histogram{}, help: map[string]string{},
		gauges: map[string]func() float64{}, started: time.Now()}
	r.Gauge("go_goroutines", "Number of goroutines.", func() float64 { return float64(runtime.NumGoroutine()) })
	r.Gauge("process_uptime_seconds", "Seconds since the process started.", func() float64 { return time.Since(r.started).Seconds() })
	r.Gauge("go_memstats_heap_alloc_bytes", "Bytes of allocated heap objects.", func() float64 {
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return float64(m.HeapAlloc)
	})
	return r
}

// Help sets the help text of a metric name.
func (r *Registry) Help(name, text string) {
	r.mu.Lock()
	r.help[name] = text
	r.mu.Unlock()
}

// Gauge registers a function read at every scrape.
func (r *Registry) Gauge(name, help string, fn func() float64) {
	r.mu.Lock()
	r.gauges[name] = fn
	r.help[name] = help
	r.mu.Unlock()
}

// Labels renders label pairs k1, v1, k2, v2... as {k1="v1",k2="v2"}.
func Labels(kv ...string) string {
	if len(kv) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteByte('{')
	for i := 0; i+1 < len(kv); i += 2 {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, "%s=%q", kv[i], kv[i+1])
	}
	b.WriteByte('}')
	return b.String()
}

// Add adds v to the counter name{labels}.
func (r *Registry) Add(name, labels string, v float64) {
	r.mu.Lock()
	c := r.counters[name+labels]
	if c == nil {
		c = &counter{name: name, labels: labels}
		r.counters[name+labels] = c
	}
	c.v += v
	r.mu.Unlock()
}

// Observe records v in the histogram name{labels}.
func (r *Registry) Observe(name, labels string, v float64) {
	r.mu.Lock()
	h := r.hists[name+labels]
	if h == nil {
		h = &histogram{name: name, labels: labels, buckets: DefaultBuckets, counts: make([]uint64, len(DefaultBuckets))}
		r.hists[name+labels] = h
	}
	for i, b := range h.buckets {
		if v <= b {
			h.counts[i]++
		}
	}
	h.sum += v
	h.n++
	r.mu.Unlock()
}

// WriteTo writes every series in the Prometheus text format 0.0.4.
func (r *Registry) WriteTo(w io.Writer) (int64, error) {
	r.mu.Lock()
	var b strings.Builder
	seen := map[string]bool{}
	header := func(name, typ string) {
		if seen[name] {
			return
		}
		seen[name] = true
		if h := r.help[name]; h != "" {
			fmt.Fprintf(&b, "# HELP %s %s\n", name, h)
		}
		fmt.Fprintf(&b, "# TYPE %s %s\n", name, typ)
	}
	for _, k := range sortedKeys(r.counters) {
		c := r.counters[k]
		header(c.name, "counter")
		fmt.Fprintf(&b, "%s%s %s\n", c.name, c.labels, num(c.v))
	}
	for _, k := range sortedKeys(r.hists) {
		h := r.hists[k]
		header(h.name, "histogram")
		inner := strings.TrimSuffix(strings.TrimPrefix(h.labels, "{"), "}")
		sep := ""
		if inner != "" {
			sep = ","
		}
		for i, bound := range h.buckets {
			fmt.Fprintf(&b, "%s_bucket{%s%sle=\"%s\"} %d\n", h.name, inner, sep, num(bound), h.counts[i])
		}
		fmt.Fprintf(&b, "%s_bucket{%s%sle=\"+Inf\"} %d\n", h.name, inner, sep, h.n)
		fmt.Fprintf(&b, "%s_sum%s %s\n", h.name, h.labels, num(h.sum))
		fmt.Fprintf(&b, "%s_count%s %d\n", h.name, h.labels, h.n)
	}
	gauges := make(map[string]func() float64, len(r.gauges))
	for k, v := range r.gauges {
		gauges[k] = v
	}
	help := r.help
	r.mu.Unlock()
	for _, name := range sortedKeys(gauges) {
		if h := help[name]; h != "" {
			fmt.Fprintf(&b, "# HELP %s %s\n", name, h)
		}
		fmt.Fprintf(&b, "# TYPE %s gauge\n%s %s\n", name, name, num(gauges[name]()))
	}
	n, err := io.WriteString(w, b.String())
	return int64(n), err
}

func num(v float64) string {
	if v == math.Trunc(v) && math.Abs(v) < 1e15 {
		return fmt.Sprintf("%d", int64(v))
	}
	return fmt.Sprintf("%g", v)
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Package chart draws small charts as SVG on the server, so that a page
// shows them without JavaScript: a bar chart (grouped or stacked) and a line
// chart over the same categories (months, say). Every chart names itself
// with <title> and <desc> for assistive technology, and Table renders the
// same numbers as an HTML table, the text alternative a page places beside
// the picture (visually hidden or not).
//
// The output is self-contained markup with presentation attributes only (no
// style attribute, no script), so it passes a strict Content-Security-Policy.
// Every text is escaped; the result is safe to insert into a page.
package chart

import (
	"fmt"
	"html"
	"math"
	"strconv"
	"strings"
)

// Series is one named row of values, one per category. A NaN value is
// missing (no bar, a gap in a line).
type Series struct {
	Name   string
	Values []float64
	// Color is the fill or stroke, e.g. "#1d6b34"; a default palette
	// applies when empty. Pick colours with 3:1 contrast against white.
	Color string
}

// Chart is a chart over categories. The zero Width and Height give 720×280.
type Chart struct {
	// ID prefixes the ids of <title> and <desc>; it must be unique on the page.
	ID          string
	Title       string
	Description string
	Categories  []string
	Series      []Series
	// Stacked stacks the bars of one category instead of grouping them.
	Stacked bool
	// Unit follows the numbers of the axis and the tooltips, e.g. "%".
	Unit string
	// Max fixes the top of the value axis (e.g. 100 for percentages);
	// 0 chooses a round number above the largest value.
	Max           float64
	Width, Height int
	// Decimals is how many decimals the table and tooltips print.
	Decimals int
	// DecimalComma prints numbers with a decimal comma (Vietnamese).
	DecimalComma bool
}

// Geometry of the plot area inside the SVG.
const (
	marginLeft   = 48
	marginRight  = 12
	marginTop    = 12
	marginBottom = 56 // category labels and the legend
	legendHeight = 18
)

var palette = []string{"#1d6b34", "#0b4f8a", "#a11a1a", "#8a5300", "#5b3b8c"}

func (c Chart) size() (w, h int) {
	w, h = c.Width, c.Height
	if w <= 0 {
		w = 720
	}
	if h <= 0 {
		h = 280
	}
	return w, h
}

func (c Chart) color(i int) string {
	if c.Series[i].Color != "" {
		return c.Series[i].Color
	}
	return palette[i%len(palette)]
}

func esc(s string) string { return html.EscapeString(s) }

// value returns series i's value for category j, NaN when missing.
func (c Chart) value(i, j int) float64 {
	if j < len(c.Series[i].Values) {
		return c.Series[i].Values[j]
	}
	return math.NaN()
}

// top is the value at the top of the axis: Max, or a round number at or
// above the largest value (or stack) drawn.
func (c Chart) top() float64 {
	if c.Max > 0 {
		return c.Max
	}
	largest := 0.0
	for j := range c.Categories {
		stack := 0.0
		for i := range c.Series {
			v := c.value(i, j)
			if math.IsNaN(v) || v < 0 {
				continue
			}
			if c.Stacked {
				stack += v
			} else {
				largest = max(largest, v)
			}
		}
		largest = max(largest, stack)
	}
	return NiceCeil(largest)
}

// NiceCeil returns the smallest of 1, 2, 4, 8 or 10 times a power of ten
// that is at least x, and 1 for x ≤ 0: a round top for an axis whose four
// grid steps are round too.
func NiceCeil(x float64) float64 {
	if x <= 0 || math.IsNaN(x) || math.IsInf(x, 0) {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(x)))
	for _, m := range []float64{1, 2, 4, 8, 10} {
		if m*p >= x*(1-1e-12) {
			return m * p
		}
	}
	return 10 * p
}

// Format prints v with the chart's decimals and separator; "—" when missing.
func (c Chart) Format(v float64) string {
	if math.IsNaN(v) {
		return "—"
	}
	s := strconv.FormatFloat(v, 'f', c.Decimals, 64)
	if c.DecimalComma {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

// plot returns the plot area: left, top, width, height.
func (c Chart) plot() (x0, y0, pw, ph float64) {
	w, h := c.size()
	return marginLeft, marginTop, float64(w - marginLeft - marginRight), float64(h - marginTop - marginBottom)
}

// y maps a value to its vertical position.
func (c Chart) y(v, top float64) float64 {
	_, y0, _, ph := c.plot()
	return y0 + ph - v/top*ph
}

// open writes the <svg> element, its title and description, the grid and
// the category labels, common to both kinds of chart.
func (c Chart) open(b *strings.Builder, top float64) {
	w, h := c.size()
	id := esc(c.ID)
	fmt.Fprintf(b, `<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 %d %d" width="%d" height="%d" role="img" aria-labelledby="%s-title %s-desc" font-family="sans-serif" font-size="12">`,
		w, h, w, h, id, id)
	fmt.Fprintf(b, `<title id="%s-title">%s</title><desc id="%s-desc">%s</desc>`, id, esc(c.Title), id, esc(c.Description))
	x0, _, pw, _ := c.plot()
	b.WriteString(`<g class="grid" aria-hidden="true">`)
	const ticks = 4
	for k := 0; k <= ticks; k++ {
		v := top * float64(k) / ticks
		y := c.y(v, top)
		fmt.Fprintf(b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#c9d0d6" stroke-width="1"/>`, x0, y, x0+pw, y)
		label := Chart{Decimals: 0, DecimalComma: c.DecimalComma}.Format(v)
		if v != math.Trunc(v) {
			label = Chart{Decimals: 1, DecimalComma: c.DecimalComma}.Format(v)
		}
		fmt.Fprintf(b, `<text x="%.1f" y="%.1f" text-anchor="end" fill="#4a5259">%s%s</text>`, x0-6, y+4, esc(label), esc(c.Unit))
	}
	b.WriteString(`</g>`)
	// Category labels, thinned when there are many.
	n := len(c.Categories)
	step := 1
	if n > 0 {
		step = int(math.Ceil(float64(n) / (pw / 48)))
		step = max(step, 1)
	}
	_, y0, _, ph := c.plot()
	b.WriteString(`<g class="categories" aria-hidden="true">`)
	for j, cat := range c.Categories {
		if j%step != 0 {
			continue
		}
		fmt.Fprintf(b, `<text x="%.1f" y="%.1f" text-anchor="middle" fill="#1a1a1a">%s</text>`, c.center(j), y0+ph+16, esc(cat))
	}
	b.WriteString(`</g>`)
}

// center is the horizontal middle of category j's slot.
func (c Chart) center(j int) float64 {
	x0, _, pw, _ := c.plot()
	slot := pw / float64(max(len(c.Categories), 1))
	return x0 + slot*(float64(j)+0.5)
}

// legend writes one swatch and name per series under the plot.
func (c Chart) legend(b *strings.Builder, line bool) {
	_, h := c.size()
	x := float64(marginLeft)
	y := float64(h - legendHeight + 4)
	b.WriteString(`<g class="legend" aria-hidden="true">`)
	for i, s := range c.Series {
		if line {
			fmt.Fprintf(b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="%s" stroke-width="3"/>`, x, y-4, x+14, y-4, c.color(i))
		} else {
			fmt.Fprintf(b, `<rect x="%.1f" y="%.1f" width="12" height="12" fill="%s"/>`, x, y-10, c.color(i))
		}
		fmt.Fprintf(b, `<text x="%.1f" y="%.1f" fill="#1a1a1a">%s</text>`, x+18, y, esc(s.Name))
		x += 18 + 7.5*float64(len([]rune(s.Name))) + 20
	}
	b.WriteString(`</g>`)
}

// BarsSVG draws the series as bars, grouped or stacked per category. Each
// bar is a <rect class="bar"> whose height is proportional to its value
// (the axis starts at 0), with a <title> naming category, series and value.
// Negative and missing values draw nothing.
func (c Chart) BarsSVG() string {
	var b strings.Builder
	top := c.top()
	c.open(&b, top)
	x0, _, pw, _ := c.plot()
	slot := pw / float64(max(len(c.Categories), 1))
	inner := slot * 0.7
	b.WriteString(`<g class="bars">`)
	for j, cat := range c.Categories {
		left := x0 + slot*float64(j) + (slot-inner)/2
		base := 0.0
		for i, s := range c.Series {
			v := c.value(i, j)
			if math.IsNaN(v) || v <= 0 {
				continue
			}
			var x, w, yTop, hgt float64
			if c.Stacked {
				x, w = left, inner
				yTop = c.y(base+v, top)
				hgt = c.y(base, top) - yTop
				base += v
			} else {
				w = inner / float64(len(c.Series))
				x = left + w*float64(i)
				yTop = c.y(v, top)
				hgt = c.y(0, top) - yTop
			}
			fmt.Fprintf(&b, `<rect class="bar" x="%.2f" y="%.2f" width="%.2f" height="%.2f" fill="%s"><title>%s, %s: %s%s</title></rect>`,
				x, yTop, w, hgt, c.color(i), esc(cat), esc(s.Name), esc(c.Format(v)), esc(c.Unit))
		}
	}
	b.WriteString(`</g>`)
	c.legend(&b, false)
	b.WriteString(`</svg>`)
	return b.String()
}

// LineSVG draws each series as a line through the middle of the category
// slots, with a marker per value; a missing value breaks the line.
func (c Chart) LineSVG() string {
	var b strings.Builder
	top := c.top()
	c.open(&b, top)
	b.WriteString(`<g class="lines">`)
	for i, s := range c.Series {
		var d strings.Builder
		pen := false
		for j := range c.Categories {
			v := c.value(i, j)
			if math.IsNaN(v) {
				pen = false
				continue
			}
			cmd := "L"
			if !pen {
				cmd = "M"
			}
			fmt.Fprintf(&d, "%s%.2f %.2f ", cmd, c.center(j), c.y(min(max(v, 0), top), top))
			pen = true
		}
		if d.Len() > 0 {
			fmt.Fprintf(&b, `<path class="line" d="%s" fill="none" stroke="%s" stroke-width="2.5"/>`, strings.TrimSpace(d.String()), c.color(i))
		}
		for j, cat := range c.Categories {
			v := c.value(i, j)
			if math.IsNaN(v) {
				continue
			}
			fmt.Fprintf(&b, `<circle class="point" cx="%.2f" cy="%.2f" r="3.5" fill="%s"><title>%s, %s: %s%s</title></circle>`,
				c.center(j), c.y(min(max(v, 0), top), top), c.color(i), esc(cat), esc(s.Name), esc(c.Format(v)), esc(c.Unit))
		}
	}
	b.WriteString(`</g>`)
	c.legend(&b, true)
	b.WriteString(`</svg>`)
	return b.String()
}

// Table renders the chart's numbers as an HTML table: a caption (the
// title), one row per category, one column per series. class is set on the
// <table> (e.g. "visually-hidden"); firstHeader names the category column.
func (c Chart) Table(class, firstHeader string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<table class="%s"><caption>%s</caption><thead><tr><th scope="col">%s</th>`, esc(class), esc(c.Title), esc(firstHeader))
	for _, s := range c.Series {
		name := s.Name
		if c.Unit != "" {
			name += " (" + c.Unit + ")"
		}
		fmt.Fprintf(&b, `<th scope="col">%s</th>`, esc(name))
	}
	b.WriteString(`</tr></thead><tbody>`)
	for j, cat := range c.Categories {
		fmt.Fprintf(&b, `<tr><th scope="row">%s</th>`, esc(cat))
		for i := range c.Series {
			fmt.Fprintf(&b, `<td>%s</td>`, esc(c.Format(c.value(i, j))))
		}
		b.WriteString(`</tr>`)
	}
	b.WriteString(`</tbody></table>`)
	return b.String()
}

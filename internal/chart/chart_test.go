package chart

import (
	"encoding/xml"
	"math"
	"strconv"
	"strings"
	"testing"
)

// node is a generic XML element, enough to walk an SVG.
type node struct {
	XMLName xml.Name
	Attrs   []xml.Attr `xml:",any,attr"`
	Text    string     `xml:",chardata"`
	Nodes   []node     `xml:",any"`
}

func (n node) attr(name string) string {
	for _, a := range n.Attrs {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

func (n node) walk(f func(node)) {
	f(n)
	for _, c := range n.Nodes {
		c.walk(f)
	}
}

func parse(t *testing.T, svg string) node {
	t.Helper()
	var root node
	if err := xml.Unmarshal([]byte(svg), &root); err != nil {
		t.Fatalf("not well-formed XML: %v\n%s", err, svg)
	}
	if root.XMLName.Local != "svg" {
		t.Fatalf("root element %q, want svg", root.XMLName.Local)
	}
	return root
}

func sample() Chart {
	return Chart{
		ID: "c1", Title: "Hồ sơ giải quyết theo tháng", Description: "Trước hạn, đúng hạn & quá hạn <theo tháng>",
		Categories: []string{"01/2025", "02/2025", "03/2025"},
		Series: []Series{
			{Name: "Trước hạn", Values: []float64{10, 20, 40}},
			{Name: "Đúng hạn", Values: []float64{5, 0, math.NaN()}},
			{Name: "Quá hạn", Values: []float64{1, 2, 0}},
		},
	}
}

func bars(t *testing.T, root node) []node {
	var out []node
	root.walk(func(n node) {
		if n.XMLName.Local == "rect" && n.attr("class") == "bar" {
			out = append(out, n)
		}
	})
	return out
}

func num(t *testing.T, s string) float64 {
	t.Helper()
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatalf("number %q: %v", s, err)
	}
	return f
}

func TestBarsAreWellFormedAndNamed(t *testing.T) {
	for _, stacked := range []bool{false, true} {
		c := sample()
		c.Stacked = stacked
		svg := c.BarsSVG()
		root := parse(t, svg)
		if root.attr("role") != "img" || root.attr("aria-labelledby") != "c1-title c1-desc" {
			t.Errorf("stacked=%v: role=%q aria-labelledby=%q", stacked, root.attr("role"), root.attr("aria-labelledby"))
		}
		var title, desc string
		for _, n := range root.Nodes {
			switch n.XMLName.Local {
			case "title":
				title = n.Text
			case "desc":
				desc = n.Text
			}
		}
		if title != c.Title || desc != c.Description {
			t.Errorf("title %q, desc %q: want the chart's, unescaped by the parser", title, desc)
		}
		// Zero, negative and missing values draw no bar: 3 + 1 + 2.
		if got := len(bars(t, root)); got != 6 {
			t.Errorf("stacked=%v: %d bars, want 6", stacked, got)
		}
		if strings.Contains(svg, "style=") || strings.Contains(svg, "<script") {
			t.Error("the SVG has inline style or script")
		}
	}
}

func TestBarHeightsAreProportional(t *testing.T) {
	c := Chart{ID: "p", Title: "t", Categories: []string{"a", "b", "c"},
		Series: []Series{{Name: "s", Values: []float64{10, 20, 40}}}}
	bs := bars(t, parse(t, c.BarsSVG()))
	if len(bs) != 3 {
		t.Fatalf("%d bars", len(bs))
	}
	h := []float64{num(t, bs[0].attr("height")), num(t, bs[1].attr("height")), num(t, bs[2].attr("height"))}
	if math.Abs(h[1]/h[0]-2) > 0.01 || math.Abs(h[2]/h[0]-4) > 0.01 {
		t.Errorf("heights %v are not proportional to 10, 20, 40", h)
	}
	// Every bar stands on the axis: y + height is the same baseline.
	base := num(t, bs[0].attr("y")) + h[0]
	for i, b := range bs {
		if got := num(t, b.attr("y")) + h[i]; math.Abs(got-base) > 0.01 {
			t.Errorf("bar %d ends at %.2f, the first at %.2f", i, got, base)
		}
	}
	// The axis top is 40 (a round number at or above the largest): the
	// largest bar fills the plot height.
	_, _, _, ph := c.plot()
	if math.Abs(h[2]-ph) > 0.01 {
		t.Errorf("the largest bar is %.2f high, the plot %.2f", h[2], ph)
	}

	// Stacked: a category's bars add up to the height of their sum.
	s := sample()
	s.Stacked, s.Max = true, 100
	stacked := bars(t, parse(t, s.BarsSVG()))
	_, _, _, ph = s.plot()
	sum := num(t, stacked[0].attr("height")) + num(t, stacked[1].attr("height")) + num(t, stacked[2].attr("height"))
	if want := 16.0 / 100 * ph; math.Abs(sum-want) > 0.01 {
		t.Errorf("stack of 10+5+1 is %.2f high, want %.2f", sum, want)
	}
}

func TestLineBreaksAtMissingValues(t *testing.T) {
	c := Chart{ID: "l", Title: "Tỷ lệ trực tuyến", Unit: "%", Max: 100, Categories: []string{"1", "2", "3", "4"},
		Series: []Series{{Name: "Trực tuyến", Values: []float64{50, math.NaN(), 75, 100}}}}
	root := parse(t, c.LineSVG())
	var paths []string
	points := 0
	root.walk(func(n node) {
		switch {
		case n.XMLName.Local == "path" && n.attr("class") == "line":
			paths = append(paths, n.attr("d"))
		case n.XMLName.Local == "circle":
			points++
		}
	})
	if len(paths) != 1 || strings.Count(paths[0], "M") != 2 {
		t.Errorf("path %q: want one path in two pieces", paths)
	}
	if points != 3 {
		t.Errorf("%d points, want 3", points)
	}
}

func TestTableIsTheTextAlternative(t *testing.T) {
	c := sample()
	c.Decimals, c.DecimalComma = 1, true
	c.Series[0].Values[0] = 10.26
	tab := c.Table("visually-hidden", "Tháng")
	var root node
	if err := xml.Unmarshal([]byte(tab), &root); err != nil {
		t.Fatalf("table is not well-formed: %v", err)
	}
	for _, want := range []string{`<caption>Hồ sơ giải quyết theo tháng</caption>`, `<th scope="col">Tháng</th>`,
		`<th scope="row">01/2025</th><td>10,3</td><td>5,0</td><td>1,0</td>`, `<td>—</td>`, `class="visually-hidden"`} {
		if !strings.Contains(tab, want) {
			t.Errorf("table lacks %s:\n%s", want, tab)
		}
	}
}

func TestNiceCeil(t *testing.T) {
	for _, c := range []struct{ in, want float64 }{{0, 1}, {0.3, 0.4}, {1, 1}, {7, 8}, {16, 20}, {21, 40}, {40, 40}, {101, 200}, {7008, 8000}} {
		if got := NiceCeil(c.in); math.Abs(got-c.want) > 1e-9 {
			t.Errorf("NiceCeil(%v) = %v, want %v", c.in, got, c.want)
		}
	}
}

func TestTextIsEscaped(t *testing.T) {
	c := Chart{ID: `x"><script>`, Title: `<b>&`, Categories: []string{"<a>"}, Series: []Series{{Name: `"&'`, Values: []float64{1}}}}
	for _, out := range []string{c.BarsSVG(), c.LineSVG()} {
		if strings.Contains(out, "<script>") || strings.Contains(out, "<b>") || strings.Contains(out, "<a>") {
			t.Errorf("unescaped text in %s", out)
		}
		parse(t, out)
	}
}

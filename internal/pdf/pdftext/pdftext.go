// Package pdftext extracts the text of the PDFs that package pdf writes, in
// pure Go, so tests can check documents without poppler.
//
// It is deliberately narrow: it understands what fpdf emits (text placed with
// Td or Tm inside BT/ET, shown with Tj, TJ, ' or "; Type0 fonts with
// Identity-H encoding whose codes are Unicode code points, which is how fpdf
// embeds UTF-8 fonts; simple fonts read as Latin-1). It ignores rotation and
// scaling. rsc.io/pdf parses the file; its own text decoding reads one byte
// per character and so cannot decode these fonts.
package pdftext

import (
	"bytes"
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"

	"rsc.io/pdf"
)

// Pages returns the text of each page. Pieces of text on one baseline (within
// 2 points) form a line, read left to right and joined by single spaces;
// lines run from the top of the page down, separated by "\n". Runs of spaces
// are collapsed. It returns an error for data rsc.io/pdf cannot parse.
func Pages(data []byte) (pages []string, err error) {
	defer func() {
		// rsc.io/pdf reports malformed input by panicking.
		if r := recover(); r != nil {
			pages, err = nil, fmt.Errorf("reading PDF: %v", r)
		}
	}()
	r, err := pdf.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, fmt.Errorf("reading PDF: %w", err)
	}
	for i := 1; i <= r.NumPage(); i++ {
		pages = append(pages, pageText(r.Page(i)))
	}
	return pages, nil
}

// Text returns all pages' text joined by form feeds, as pdftotext does.
func Text(data []byte) (string, error) {
	pages, err := Pages(data)
	if err != nil {
		return "", err
	}
	return strings.Join(pages, "\f"), nil
}

type piece struct {
	x, y float64
	s    string
}

func pageText(p pdf.Page) string {
	fonts := p.Resources().Key("Font")
	var pieces []piece
	contents := p.V.Key("Contents")
	streams := []pdf.Value{contents}
	if contents.Kind() == pdf.Array {
		streams = streams[:0]
		for i := range contents.Len() {
			streams = append(streams, contents.Index(i))
		}
	}
	for _, strm := range streams {
		pieces = append(pieces, streamText(strm, fonts)...)
	}
	return layout(pieces)
}

// streamText interprets one content stream and returns its text pieces.
func streamText(strm, fonts pdf.Value) []piece {
	var (
		pieces   []piece
		wide     bool // current font uses 2-byte codes
		x, y     float64
		lx, ly   float64 // start of the current line
		leading  float64
		building strings.Builder
		bx, by   float64
	)
	flush := func() {
		if building.Len() > 0 {
			pieces = append(pieces, piece{x: bx, y: by, s: building.String()})
			building.Reset()
		}
	}
	show := func(raw string) {
		if building.Len() == 0 {
			bx, by = x, y
		}
		building.WriteString(decode(raw, wide))
	}
	moveTo := func(nx, ny float64) {
		flush()
		lx, ly = nx, ny
		x, y = nx, ny
	}
	pdf.Interpret(strm, func(stk *pdf.Stack, op string) {
		n := stk.Len()
		args := make([]pdf.Value, n)
		for i := n - 1; i >= 0; i-- {
			args[i] = stk.Pop()
		}
		switch op {
		case "BT":
			flush()
			x, y, lx, ly = 0, 0, 0, 0
		case "ET":
			flush()
		case "Tf":
			if n >= 2 {
				font := fonts.Key(args[0].Name())
				wide = font.Key("Subtype").Name() == "Type0" && font.Key("Encoding").Name() == "Identity-H"
			}
		case "TL":
			if n >= 1 {
				leading = args[0].Float64()
			}
		case "Td", "TD":
			if n >= 2 {
				if op == "TD" {
					leading = -args[1].Float64()
				}
				moveTo(lx+args[0].Float64(), ly+args[1].Float64())
			}
		case "Tm":
			if n >= 6 {
				moveTo(args[4].Float64(), args[5].Float64())
			}
		case "T*":
			moveTo(lx, ly-leading)
		case "Tj":
			if n >= 1 {
				show(args[0].RawString())
			}
		case "'", "\"":
			moveTo(lx, ly-leading)
			if n >= 1 {
				show(args[n-1].RawString())
			}
		case "TJ":
			if n >= 1 {
				arr := args[0]
				for i := range arr.Len() {
					v := arr.Index(i)
					switch v.Kind() {
					case pdf.String:
						show(v.RawString())
					case pdf.Integer, pdf.Real:
						// A large negative adjustment is a word space.
						if v.Float64() < -200 {
							building.WriteByte(' ')
						}
					}
				}
			}
		}
	})
	flush()
	return pieces
}

// decode turns a shown string into text: 2-byte big-endian code points for
// Identity-H fonts, Latin-1 otherwise.
func decode(raw string, wide bool) string {
	if !wide {
		var b strings.Builder
		for i := 0; i < len(raw); i++ {
			b.WriteRune(rune(raw[i]))
		}
		return b.String()
	}
	var b strings.Builder
	for i := 0; i+1 < len(raw); i += 2 {
		b.WriteRune(rune(raw[i])<<8 | rune(raw[i+1]))
	}
	return b.String()
}

// layout orders pieces into lines, top to bottom, left to right.
func layout(pieces []piece) string {
	slices.SortStableFunc(pieces, func(a, b piece) int {
		if c := cmp.Compare(b.y, a.y); c != 0 {
			return c
		}
		return cmp.Compare(a.x, b.x)
	})
	var lines [][]piece
	for _, p := range pieces {
		if n := len(lines); n > 0 && math.Abs(lines[n-1][0].y-p.y) <= 2 {
			lines[n-1] = append(lines[n-1], p)
			continue
		}
		lines = append(lines, []piece{p})
	}
	out := make([]string, 0, len(lines))
	for _, line := range lines {
		slices.SortStableFunc(line, func(a, b piece) int { return cmp.Compare(a.x, b.x) })
		words := make([]string, 0, len(line))
		for _, p := range line {
			words = append(words, p.s)
		}
		if s := strings.Join(strings.Fields(strings.Join(words, " ")), " "); s != "" {
			out = append(out, s)
		}
	}
	return strings.Join(out, "\n")
}

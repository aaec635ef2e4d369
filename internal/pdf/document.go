package pdf

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/go-fonts/liberation/liberationserifbold"
	"github.com/go-fonts/liberation/liberationserifitalic"
	"github.com/go-fonts/liberation/liberationserifregular"
	"github.com/go-pdf/fpdf"
)

// Page geometry in millimetres and type sizes in points, from Decree
// 30/2020/ND-CP appendix I: margins top and bottom 20-25 mm, left 30-35 mm,
// right 15-20 mm; text 13-14 pt.
const (
	marginTop    = 20.0
	marginBottom = 20.0
	marginLeft   = 30.0
	marginRight  = 15.0

	family = "LiberationSerif"

	sizeBody   = 13.0
	sizeHeader = 12.5 // national name, parent and issuing body
	sizeMotto  = 13.0
	sizeTitle  = 14.0
	sizeSmall  = 11.0
	sizeTable  = 11.0
	sizeFooter = 9.0

	lineBody  = 6.5 // line height for 13 pt, a little over single spacing
	lineTable = 5.0

	sizeSmallTable = 8.0 // the tracking book's fifteen columns
	lineSmallTable = 3.8
)

// Font styles as fpdf spells them.
const (
	regular = ""
	bold    = "B"
	italic  = "I"
)

// document wraps one fpdf document with the house layout. Methods record the
// first fpdf error and do nothing afterwards; write reports it.
type document struct {
	f          *fpdf.Fpdf
	landscape  bool
	pageWidth  float64
	pageHeight float64
	footer     string // printed at the foot of page 1, may be empty
	// bottomMargin is where the text stops: the decree's 20 mm, plus the
	// footer band when there is a footer, so that nothing is ever printed
	// inside the margin.
	bottomMargin float64
	// smallTable sets tables in sizeSmallTable.
	smallTable bool
	// signatureGap, when set, is the room left to sign (mm) instead of 24.
	signatureGap float64
}

// footerBand is the height kept above the bottom margin for the footer.
const footerBand = 7.0

// newDocument starts an A4 document, portrait or landscape, with the serif
// fonts loaded and every source of nondeterminism pinned: the creation and
// modification dates are issued (the document's own date), catalogue order is
// sorted.
func newDocument(landscape bool, issued time.Time) *document {
	orientation := "P"
	if landscape {
		orientation = "L"
	}
	f := fpdf.New(orientation, "mm", "A4", "")
	when := issued
	if when.IsZero() {
		when = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	when = local(when)
	f.SetCreationDate(when)
	f.SetModificationDate(when)
	f.SetCatalogSort(true)
	f.SetProducer("motcua", false)
	f.SetCreator("motcua", false)
	f.AddUTF8FontFromBytes(family, regular, liberationserifregular.TTF)
	f.AddUTF8FontFromBytes(family, bold, liberationserifbold.TTF)
	f.AddUTF8FontFromBytes(family, italic, liberationserifitalic.TTF)
	f.SetMargins(marginLeft, marginTop, marginRight)
	f.SetAutoPageBreak(true, marginBottom)
	f.SetCellMargin(0)
	w, h := f.GetPageSize()
	d := &document{f: f, landscape: landscape, pageWidth: w, pageHeight: h, bottomMargin: marginBottom}
	f.SetHeaderFuncMode(d.pageHeader, false)
	f.SetFooterFunc(d.pageFooter)
	return d
}

// pageHeader numbers pages from the second, centred in the top margin, as
// Decree 30/2020 asks.
func (d *document) pageHeader() {
	n := d.f.PageNo()
	if n < 2 {
		return
	}
	d.f.SetFont(family, regular, sizeBody)
	d.f.SetXY(marginLeft, 10)
	d.f.CellFormat(d.width(), 5, fmt.Sprintf("%d", n), "", 0, "C", false, 0, "")
	d.f.SetXY(marginLeft, marginTop)
}

// setFooter sets the first page's footer and keeps the band it needs above
// the bottom margin free of text on every page.
func (d *document) setFooter(text string) {
	d.footer = text
	d.bottomMargin = marginBottom
	if text != "" {
		d.bottomMargin += footerBand
	}
	d.f.SetAutoPageBreak(true, d.bottomMargin)
}

// pageFooter prints the issuing body's address and phone under a thin rule at
// the foot of the first page, above the bottom margin.
func (d *document) pageFooter() {
	if d.footer == "" || d.f.PageNo() != 1 {
		return
	}
	y := d.pageHeight - marginBottom - footerBand + 1.5
	d.f.SetLineWidth(0.2)
	d.f.Line(marginLeft, y, d.pageWidth-marginRight, y)
	d.f.SetFont(family, italic, sizeFooter)
	d.f.SetXY(marginLeft, y+1)
	d.f.CellFormat(d.width(), 4, d.footer, "", 0, "L", false, 0, "")
}

// width is the width between the margins.
func (d *document) width() float64 { return d.pageWidth - marginLeft - marginRight }

// right is the x of the right margin.
func (d *document) right() float64 { return d.pageWidth - marginRight }

// bottom is the y below which the automatic page break fires.
func (d *document) bottom() float64 { return d.pageHeight - d.bottomMargin }

// font selects the serif in a style and size.
func (d *document) font(style string, size float64) { d.f.SetFont(family, style, size) }

// write renders the document to w. Output happens only when no error was
// recorded, so a failed render writes nothing.
func (d *document) write(w io.Writer) error {
	if err := d.f.Error(); err != nil {
		return fmt.Errorf("laying out PDF: %w", err)
	}
	var buf bytes.Buffer
	if err := d.f.Output(&buf); err != nil {
		return fmt.Errorf("encoding PDF: %w", err)
	}
	if _, err := w.Write(buf.Bytes()); err != nil {
		return fmt.Errorf("writing PDF: %w", err)
	}
	return nil
}

// wrap breaks text into lines no wider than width in the current font. The
// first line may be narrower (first-line indent). Explicit line feeds are hard
// breaks; a word wider than a line is broken between characters.
func (d *document) wrap(text string, width, firstWidth float64) []string {
	var lines []string
	for _, para := range strings.Split(text, "\n") {
		lineWidth := width
		if len(lines) == 0 {
			lineWidth = firstWidth
		}
		words := strings.Fields(para)
		if len(words) == 0 {
			lines = append(lines, "")
			continue
		}
		cur := ""
		for _, word := range words {
			candidate := word
			if cur != "" {
				candidate = cur + " " + word
			}
			if d.f.GetStringWidth(candidate) <= lineWidth {
				cur = candidate
				continue
			}
			if cur != "" {
				lines = append(lines, cur)
				lineWidth = width
			}
			// The word alone may still be too wide: cut it.
			for d.f.GetStringWidth(word) > lineWidth {
				head := d.fitPrefix(word, lineWidth)
				lines = append(lines, head)
				lineWidth = width
				word = word[len(head):]
			}
			cur = word
		}
		lines = append(lines, cur)
	}
	return lines
}

// fitPrefix returns the longest prefix of s (at least one rune) that fits in
// width, preferring one that ends just after a hyphen, slash or dot so that a
// dossier code or a document number breaks between its groups.
func (d *document) fitPrefix(s string, width float64) string {
	end, soft := 0, 0
	for i, r := range s {
		next := i + len(string(r))
		if end > 0 && d.f.GetStringWidth(s[:next]) > width {
			break
		}
		end = next
		if (r == '-' || r == '/' || r == '.') && next < len(s) {
			soft = next
		}
	}
	if soft > 0 {
		return s[:soft]
	}
	return s[:end]
}

// paragraph writes text across the full width with a first-line indent,
// left-aligned, breaking pages as needed.
func (d *document) paragraph(text, style string, size, indent float64) {
	d.paragraphAt(marginLeft, d.width(), text, style, size, indent, "L")
}

// paragraphAt writes wrapped text in the column [x, x+width].
func (d *document) paragraphAt(x, width float64, text, style string, size, indent float64, align string) {
	d.font(style, size)
	lh := lineHeight(size)
	for i, line := range d.wrap(clean(text), width, width-indent) {
		off := 0.0
		if i == 0 {
			off = indent
		}
		d.f.SetX(x + off)
		d.f.CellFormat(width-off, lh, line, "", 2, align, false, 0, "")
	}
	d.f.SetX(marginLeft)
}

// centred writes one or more wrapped lines centred across the full width.
func (d *document) centred(text, style string, size float64) {
	d.paragraphAt(marginLeft, d.width(), text, style, size, 0, "C")
}

// field writes "label value" as flowing text: the label in regular type and
// the value in the given style, wrapping at the right margin.
func (d *document) field(label, value, valueStyle string) {
	lh := lineBody
	d.f.SetX(marginLeft)
	d.font(regular, sizeBody)
	d.f.Write(lh, cleanLine(label)+" ")
	d.font(valueStyle, sizeBody)
	d.f.Write(lh, orDots(cleanLine(value)))
	d.f.Ln(lh)
}

// lineHeight is the leading used for a type size.
func lineHeight(size float64) float64 { return size * 0.5 }

// space moves down by h millimetres.
func (d *document) space(h float64) { d.f.SetY(d.f.GetY() + h) }

// ensure starts a new page unless h millimetres remain above the bottom
// margin, so a block such as a signature stays in one piece.
func (d *document) ensure(h float64) {
	if d.f.GetY()+h > d.bottom() {
		d.f.AddPage()
	}
}

// fpdfPNG are the image options for an embedded PNG.
func fpdfPNG() fpdf.ImageOptions { return fpdf.ImageOptions{ImageType: "PNG", ReadDpi: false} }

// render builds a document with build and writes it to w. A panic inside the
// PDF library (it indexes tables by rune and trusts its input) is turned into
// an error rather than taking the server down; input is cleaned first, so this
// is a last line of defence.
func render(w io.Writer, form string, landscape bool, issued time.Time, build func(d *document) error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%s: PDF library failed: %v", form, r)
		}
	}()
	d := newDocument(landscape, issued)
	d.f.AddPage()
	if err := build(d); err != nil {
		return fmt.Errorf("%s: %w", form, err)
	}
	if err := d.write(w); err != nil {
		return fmt.Errorf("%s: %w", form, err)
	}
	return nil
}

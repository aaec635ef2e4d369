package pdf

import (
	"fmt"
	"strings"
	"time"
)

// Letterhead is what the top and foot of every document carry about the
// issuing unit, and the leader who signs the documents a leader signs
// (apology, letters).
type Letterhead struct {
	// ParentBody is the governing body, e.g. "UBND tỉnh Lâm Đồng"; printed in
	// upper case, may be empty.
	ParentBody string
	// IssuingBody is the unit issuing the document, e.g. "UBND xã Đạ Tẻh";
	// printed in upper case and bold with a short rule under it. Required.
	IssuingBody string
	// Place is the place name on the date line, e.g. "Đạ Tẻh". Required.
	Place string
	// SignerAuthority is the line above the signer's title when the leader
	// signs on behalf of a collective body, e.g. "TM. Ủy ban nhân dân"; may be
	// empty.
	SignerAuthority string
	// SignerTitle is the leader's title, e.g. "Chủ tịch"; SignerName the
	// leader's full name. Used by the documents a leader signs.
	SignerTitle string
	SignerName  string
	// Address and Phone are printed small at the foot of the first page; both
	// may be empty.
	Address string
	Phone   string
}

func (l Letterhead) validate(form string) error {
	if strings.TrimSpace(l.IssuingBody) == "" {
		return invalid(form, "letterhead issuing body")
	}
	if strings.TrimSpace(l.Place) == "" {
		return invalid(form, "letterhead place")
	}
	return nil
}

func (l Letterhead) validateSigner(form string) error {
	if strings.TrimSpace(l.SignerTitle) == "" {
		return invalid(form, "letterhead signer title")
	}
	if strings.TrimSpace(l.SignerName) == "" {
		return invalid(form, "letterhead signer name")
	}
	return nil
}

// invalid reports a missing required field.
func invalid(form, field string) error {
	return fmt.Errorf("%s: %s is missing: %w", form, field, ErrInvalid)
}

// footerText joins address and phone for the first-page footer.
func (l Letterhead) footerText() string {
	var parts []string
	if a := cleanLine(l.Address); a != "" {
		parts = append(parts, "Địa chỉ: "+a)
	}
	if p := cleanLine(l.Phone); p != "" {
		parts = append(parts, "Điện thoại: "+p)
	}
	return strings.Join(parts, "; ")
}

// Names of the country and the motto, exactly as Decree 30/2020 prints them
// (appendix I: "CỘNG HÒA", the accent on the o).
const (
	nationalName = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
	nationalMott = "Độc lập - Tự do - Hạnh phúc"
)

// letterhead draws the Decree 30/2020 heading on the current page: parent and
// issuing body with the number on the left, national name and motto with the
// place and date on the right. number is what follows "Số: ", e.g.
// "15/GTN-BPMC"; when numbered is true an empty number prints a blank to fill
// by hand, when false an empty number omits the line.
func (d *document) letterhead(l Letterhead, number string, numbered bool, issued time.Time) {
	d.setFooter(l.footerText())
	leftW := d.width() * 0.42
	rightX := marginLeft + leftW
	rightW := d.width() - leftW
	leftX := marginLeft - 8 // the left block sits slightly into the margin, as in the decree's samples
	leftW += 8
	top := d.f.GetY()

	// Left: parent body, issuing body, short rule.
	d.f.SetY(top)
	if p := upper(l.ParentBody); p != "" {
		d.bodyName(leftX, leftW, p, regular)
	}
	d.bodyName(leftX, leftW, upper(l.IssuingBody), bold)
	d.rule(leftX+leftW/2, d.f.GetY()+0.6, leftW/3)
	leftBottom := d.f.GetY() + 2

	// Right: national name, motto, rule the motto's width.
	d.f.SetY(top)
	size := d.fitSize(nationalName, bold, sizeHeader, rightW)
	d.paragraphAt(rightX, rightW, nationalName, bold, size, 0, "C")
	d.paragraphAt(rightX, rightW, nationalMott, bold, sizeMotto, 0, "C")
	d.font(bold, sizeMotto)
	d.rule(rightX+rightW/2, d.f.GetY()+0.6, d.f.GetStringWidth(nationalMott))
	rightBottom := d.f.GetY() + 2

	// Number on the left, place and date on the right, on one line.
	y := max(leftBottom, rightBottom) + 1
	d.f.SetY(y)
	n := cleanLine(number)
	if n == "" && numbered {
		n = "……/……"
	}
	if n != "" {
		d.paragraphAt(leftX, leftW, "Số: "+n, regular, sizeBody, 0, "C")
	}
	afterNumber := d.f.GetY()
	d.f.SetY(y)
	date := cleanLine(l.Place) + ", " + formatIssueDate(issued)
	d.paragraphAt(rightX, rightW, date, italic, sizeBody, 0, "C")
	d.f.SetY(max(afterNumber, d.f.GetY()))
}

// rule draws a horizontal line of the given length centred on cx.
func (d *document) rule(cx, y, length float64) {
	d.f.SetLineWidth(0.3)
	d.f.Line(cx-length/2, y, cx+length/2, y)
}

// fitSize returns size, or a smaller size at which s fits on one line of
// width: the national name must stay on one line however narrow the column.
func (d *document) fitSize(s, style string, size, width float64) float64 {
	d.font(style, size)
	w := d.f.GetStringWidth(s)
	if w <= width || w == 0 {
		return size
	}
	return size * width / w
}

// title draws a document title: bold, upper case, centred, with space before
// and an optional subtitle (regular, centred) under it.
func (d *document) title(title, subtitle string) {
	d.space(6)
	d.centred(upper(title), bold, sizeTitle)
	if s := cleanLine(subtitle); s != "" {
		d.centred(s, italic, sizeBody)
	}
	d.space(4)
}

// signature is one signing column: an optional authority line ("TM. ỦY BAN
// NHÂN DÂN"), the title, a note in italics, room for the signature, the name.
type signature struct {
	authority string
	title     string
	note      string
	name      string
}

// Notes under a signing title.
const (
	noteSign     = "(Ký, ghi rõ họ tên)"
	noteSignSeal = "(Ký, ghi rõ họ tên và đóng dấu)"
)

// signatures draws signing columns side by side; a single one takes the right
// half of the page. The block is kept on one page.
func (d *document) signatures(sigs ...signature) {
	if len(sigs) == 0 {
		return
	}
	lh := lineHeight(sizeBody)
	gap := 24.0
	if d.signatureGap > 0 {
		gap = d.signatureGap
	}
	rows := 3.0
	for _, s := range sigs {
		if s.authority != "" {
			rows = 4
		}
	}
	d.space(4)
	d.ensure(rows*lh + gap + 2*lh)
	colW := d.width() / 2
	x0 := marginLeft + d.width() - colW*float64(len(sigs))
	if len(sigs) > 2 {
		colW = d.width() / float64(len(sigs))
		x0 = marginLeft
	}
	top := d.f.GetY()
	bottom := top
	for i, s := range sigs {
		x := x0 + colW*float64(i)
		d.f.SetY(top)
		if a := upper(s.authority); a != "" {
			d.paragraphAt(x, colW, a, bold, sizeBody, 0, "C")
		}
		d.paragraphAt(x, colW, upper(s.title), bold, sizeBody, 0, "C")
		if n := cleanLine(s.note); n != "" {
			d.paragraphAt(x, colW, n, italic, sizeBody, 0, "C")
		}
		d.space(gap)
		if n := cleanLine(s.name); n != "" {
			d.paragraphAt(x, colW, n, bold, sizeBody, 0, "C")
		}
		bottom = max(bottom, d.f.GetY())
	}
	d.f.SetY(bottom)
}

// leaderSignature is the signing column of the unit's leader.
func leaderSignature(l Letterhead) signature {
	return signature{authority: l.SignerAuthority, title: l.SignerTitle, note: noteSignSeal, name: l.SignerName}
}

package pdf

import (
	"io"
	"strings"
	"time"
)

// Letter is a congratulatory or condolence letter from the unit's leader
// (the letterhead's signer). Its text comes already filled in, typically from
// the letter package's templates.
type Letter struct {
	Letterhead Letterhead
	// Number is printed when not empty; letters are often unnumbered.
	Number string
	// Issued is the letter's date. Required.
	Issued time.Time
	// Title, e.g. "Thư chúc mừng"; printed in upper case. Required.
	Title string
	// Salutation, e.g. "Kính gửi: Ông Nguyễn Văn An và Bà Trần Thị Bình".
	// Required.
	Salutation string
	// Paragraphs of the body, in order; at least one.
	Paragraphs []string
	// Sober selects the restrained layout for condolences: black frame and
	// title instead of the warm red of congratulations.
	Sober bool
}

const formLetter = "letter"

// RenderLetter writes the letter as a PDF to w: the letterhead, inside a
// double frame, a large title, the salutation, indented paragraphs and the
// leader's signature. Errors wrap ErrInvalid for a missing title, salutation,
// date, signer or body.
func RenderLetter(w io.Writer, s Letter) error {
	if err := firstErr(
		s.Letterhead.validate(formLetter),
		s.Letterhead.validateSigner(formLetter),
		requiredTime(formLetter, "date of issue", s.Issued),
		required(formLetter, "title", s.Title),
		required(formLetter, "salutation", s.Salutation),
	); err != nil {
		return err
	}
	var paras []string
	for _, p := range s.Paragraphs {
		if strings.TrimSpace(p) != "" {
			paras = append(paras, p)
		}
	}
	if len(paras) == 0 {
		return invalid(formLetter, "body")
	}
	r, g, b := 150, 20, 30 // deep red, the colour of congratulations
	if s.Sober {
		r, g, b = 40, 40, 40
	}
	return render(w, formLetter, false, s.Issued, func(d *document) error {
		frame := func() {
			d.f.SetDrawColor(r, g, b)
			d.f.SetLineWidth(1.0)
			d.f.Rect(marginLeft-12, 10, d.width()+12+8, d.pageHeight-20, "D")
			d.f.SetLineWidth(0.3)
			d.f.Rect(marginLeft-10, 12, d.width()+10+6, d.pageHeight-24, "D")
			d.f.SetDrawColor(0, 0, 0)
		}
		frame()
		d.letterhead(s.Letterhead, s.Number, false, s.Issued)
		d.space(8)
		d.f.SetTextColor(r, g, b)
		d.centred(upper(s.Title), bold, 18)
		d.f.SetTextColor(0, 0, 0)
		d.space(6)
		d.paragraph(s.Salutation, bold, sizeBody+0.5, 10)
		d.space(2)
		for _, p := range paras {
			d.paragraph(p, regular, sizeBody+0.5, 10)
			d.space(1.5)
		}
		sig := leaderSignature(s.Letterhead)
		sig.note = "" // a letter is signed and sealed, not a form to fill in
		d.signatures(sig)
		// Pages added for a long letter get the frame too.
		for n := 2; n <= d.f.PageCount(); n++ {
			d.f.SetPage(n)
			frame()
		}
		return nil
	})
}

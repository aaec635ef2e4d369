package pdf

import (
	"fmt"
	"io"
	"strings"
	"time"
)

// BlankForm is a declaration (tờ khai) printed blank, for a citizen to fill
// in by hand before coming to the counter: the national name and motto, the
// title, whom it is addressed to, sections of labelled dotted lines, the
// pledge, and the place, date and signature to fill in.
type BlankForm struct {
	// Title, e.g. "Tờ khai đăng ký khai sinh". Required.
	Title string
	// Basis names the form's legal source, printed under the title, e.g.
	// "(Mẫu theo Thông tư 04/2020/TT-BTP)"; may be empty.
	Basis string
	// To is the body it is addressed to ("Kính gửi: …"); empty prints dots.
	To       string
	Sections []FormSection
	// Pledge is the declarant's undertaking above the signature; may be empty.
	Pledge string
	// Signer is the signing column's title, e.g. "Người yêu cầu". Required.
	Signer string
	// Printed dates the file's metadata (the form itself is undated). Required.
	Printed time.Time

	// A declaration filled from online answers (docgen.BuildDeclaration)
	// also has: Place and Dated for "Làm tại …, ngày …" (zero: dots), the
	// declarant's name under the signature, and Note, a line at the foot
	// saying where the answers came from.
	Place      string
	Dated      time.Time
	SignerName string
	Note       string
}

// FormSection is a heading and the labels of its lines, with the values
// filled in, if any: Values[i] is line i's (missing or empty: dots).
type FormSection struct {
	Heading string // may be empty
	Lines   []string
	Values  []string
}

const formBlank = "blank form"

// RenderBlankForm writes the form as a PDF to w. Errors wrap ErrInvalid for a
// missing title, signer or print time, no section, or a line without a label.
func RenderBlankForm(w io.Writer, s BlankForm) error {
	if err := firstErr(
		required(formBlank, "title", s.Title),
		required(formBlank, "signer", s.Signer),
		requiredTime(formBlank, "print time", s.Printed),
	); err != nil {
		return err
	}
	if len(s.Sections) == 0 {
		return invalid(formBlank, "sections")
	}
	for _, sec := range s.Sections {
		for _, l := range sec.Lines {
			if strings.TrimSpace(l) == "" {
				return invalid(formBlank, "line label")
			}
		}
	}
	return render(w, formBlank, false, s.Printed, func(d *document) error {
		d.centred(nationalName, bold, sizeHeader)
		d.centred(nationalMott, bold, sizeMotto)
		d.font(bold, sizeMotto)
		d.rule(marginLeft+d.width()/2, d.f.GetY()+0.6, d.f.GetStringWidth(nationalMott))
		d.title(s.Title, s.Basis)
		d.field("Kính gửi:", s.To, regular)
		d.space(2)
		for _, sec := range s.Sections {
			if h := cleanLine(sec.Heading); h != "" {
				d.space(1)
				d.paragraph(h, bold, sizeBody, 0)
			}
			for i, l := range sec.Lines {
				d.ensure(lineBody)
				v := "…………………………………………………………………"
				if i < len(sec.Values) && cleanLine(sec.Values[i]) != "" {
					v = sec.Values[i]
				}
				d.field(l, v, regular)
			}
		}
		if p := cleanLine(s.Pledge); p != "" {
			d.space(2)
			d.paragraph(p, regular, sizeBody, 10)
		}
		d.space(3)
		d.paragraphAt(marginLeft+d.width()*0.3, d.width()*0.7, formPlaceDate(s.Place, s.Dated), italic, sizeBody, 0, "C")
		d.signatures(signature{title: s.Signer, note: noteSign, name: s.SignerName})
		if n := cleanLine(s.Note); n != "" {
			d.space(4)
			d.paragraph(n, italic, sizeSmall, 0)
		}
		return nil
	})
}

// formPlaceDate is the line above the signature: dots for what is not known.
func formPlaceDate(place string, dated time.Time) string {
	if place = cleanLine(place); place == "" {
		place = "……………"
	}
	if dated.IsZero() {
		return "Làm tại: " + place + ", ngày …… tháng …… năm ……"
	}
	dated = local(dated)
	return fmt.Sprintf("Làm tại: %s, ngày %02d tháng %02d năm %d", place, dated.Day(), int(dated.Month()), dated.Year())
}

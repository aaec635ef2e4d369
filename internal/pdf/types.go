package pdf

import (
	"fmt"
	"strings"
	"time"
)

// Applicant is the person or organisation a dossier belongs to, as printed.
type Applicant struct {
	// Name is the applicant's full name or the organisation's name. Required.
	Name string
	// IDNumber is printed exactly as given: the caller decides whether it is
	// masked ("0012******45") for this document.
	IDNumber string
	Address  string
	Phone    string
	Email    string
}

// field is a label and its value.
type field struct{ label, value string }

// fields writes several short fields on one line, "label value; label
// value", wrapping at the right margin; a missing value prints dots.
func (d *document) fields(fs ...field) {
	lh := lineBody
	d.f.SetX(marginLeft)
	for i, f := range fs {
		d.font(regular, sizeBody)
		sep := ""
		if i > 0 {
			sep = "; "
		}
		d.f.Write(lh, sep+cleanLine(f.label)+" ")
		d.f.Write(lh, orDots(cleanLine(f.value)))
	}
	d.f.Ln(lh)
}

// contact writes the applicant's address, phone and email, one field a
// line; a missing value prints dots to fill by hand.
func (d *document) contact(a Applicant) {
	d.field("Địa chỉ:", a.Address, regular)
	d.field("Số điện thoại:", a.Phone, regular)
	d.field("Thư điện tử:", a.Email, regular)
}

// Officer is a civil servant named on a document.
type Officer struct {
	Name  string
	Title string // e.g. "Công chức Tư pháp - Hộ tịch"; may be empty
	Phone string
}

// Channel is how a dossier reached the unit, numbered as on the national
// portal.
type Channel int

// Channels.
const (
	ChannelCounter Channel = 1 // at the one-stop counter
	ChannelOnline  Channel = 2 // through the online public-service portal
	ChannelPostal  Channel = 3 // by the public postal service
)

func (c Channel) label() (string, error) {
	switch c {
	case ChannelCounter:
		return "Trực tiếp tại Bộ phận Một cửa", nil
	case ChannelOnline:
		return "Trực tuyến qua Cổng Dịch vụ công", nil
	case ChannelPostal:
		return "Qua dịch vụ bưu chính công ích", nil
	}
	return "", fmt.Errorf("unknown channel %d (want 1 counter, 2 online, 3 postal): %w", int(c), ErrInvalid)
}

// ComponentForm says in what form a component was handed in.
type ComponentForm string

// Component forms.
const (
	Original      ComponentForm = "original"       // bản chính
	CertifiedCopy ComponentForm = "certified_copy" // bản sao có chứng thực
	Copy          ComponentForm = "copy"           // bản sao (photocopy, shown with the original)
	Electronic    ComponentForm = "electronic"     // bản điện tử (online dossiers)
)

func (f ComponentForm) label() (string, error) {
	switch f {
	case Original:
		return "Bản chính", nil
	case CertifiedCopy:
		return "Bản sao có chứng thực", nil
	case Copy:
		return "Bản sao", nil
	case Electronic:
		return "Bản điện tử", nil
	}
	return "", fmt.Errorf("unknown component form %q (want original, certified_copy, copy or electronic): %w", string(f), ErrInvalid)
}

// Component is one document within a dossier.
type Component struct {
	Name  string        // required
	Form  ComponentForm // required
	Count int           // number of copies, at least 1
}

// componentRows validates components and turns them into table rows.
func componentRows(form string, comps []Component) ([][]string, error) {
	rows := make([][]string, 0, len(comps))
	for i, c := range comps {
		if strings.TrimSpace(c.Name) == "" {
			return nil, invalid(form, fmt.Sprintf("component %d name", i+1))
		}
		label, err := c.Form.label()
		if err != nil {
			return nil, fmt.Errorf("%s: component %d: %w", form, i+1, err)
		}
		if c.Count < 1 {
			return nil, fmt.Errorf("%s: component %d count %d: must be at least 1: %w", form, i+1, c.Count, ErrInvalid)
		}
		rows = append(rows, []string{fmt.Sprintf("%d", i+1), c.Name, label, fmt.Sprintf("%02d", c.Count)})
	}
	return rows, nil
}

// componentColumns are the columns of a components table.
func componentColumns() []column {
	return []column{
		{header: "STT", width: 11, align: "C"},
		{header: "Tên giấy tờ", align: "L"},
		{header: "Hình thức", width: 40, align: "C"},
		{header: "Số lượng", width: 20, align: "C"},
	}
}

// Outcome is how a step or a dossier ended against its deadline.
type Outcome string

// Outcomes; the empty Outcome means not yet assessed and prints nothing.
const (
	OutcomeEarly  Outcome = "early"   // trước hạn
	OutcomeOnTime Outcome = "on_time" // đúng hạn
	OutcomeLate   Outcome = "late"    // quá hạn
)

func (o Outcome) label() (string, error) {
	switch o {
	case "":
		return "", nil
	case OutcomeEarly:
		return "Trước hạn", nil
	case OutcomeOnTime:
		return "Đúng hạn", nil
	case OutcomeLate:
		return "Quá hạn", nil
	}
	return "", fmt.Errorf("unknown outcome %q (want early, on_time or late): %w", string(o), ErrInvalid)
}

// required returns an error naming field when value is blank.
func required(form, field, value string) error {
	if strings.TrimSpace(value) == "" {
		return invalid(form, field)
	}
	return nil
}

// requiredTime returns an error naming field when t is zero.
func requiredTime(form, field string, t time.Time) error {
	if t.IsZero() {
		return invalid(form, field)
	}
	return nil
}

// firstErr returns the first non-nil error.
func firstErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

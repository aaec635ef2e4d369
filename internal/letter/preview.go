package letter

import (
	"errors"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/unit"
)

// SenderOf returns the sender of a unit's letters: its name, and the place
// and signer of its letterhead.
func SenderOf(u *unit.Unit) Sender {
	return Sender{Unit: u.Name, Place: u.Letterhead.Place,
		SignerTitle: u.Letterhead.SignerTitle, SignerName: u.Letterhead.SignerName}
}

// CanSign reports whether the sender names a signer, title and name: a letter
// is never produced unsigned.
func (s Sender) CanSign() bool {
	return strings.TrimSpace(s.SignerName) != "" && strings.TrimSpace(s.SignerTitle) != ""
}

// PreviewValues returns the sender's values for a preview dated on: a value
// the letterhead lacks shows where it will go, as "[chưa khai báo:
// {{name}}]", so that an incomplete letterhead is visible instead of an error.
func (s Sender) PreviewValues(on time.Time) Values {
	v := s.Values(on)
	for name, x := range v {
		if strings.TrimSpace(x) == "" {
			v[name] = "[chưa khai báo: {{" + name + "}}]"
		}
	}
	return v
}

// SampleValues fill a kind's own placeholders for previews.
func SampleValues(k Kind) Values {
	switch k {
	case CongratulationBirth:
		return Values{PRecipients: "Ông Nguyễn Văn An và Bà Trần Thị Bình", PChild: "Nguyễn Minh Khang",
			PBirthDate: "20/02/2025", PFather: "Nguyễn Văn An", PMother: "Trần Thị Bình"}
	case CongratulationMarriage:
		return Values{PRecipients: "Ông Lê Văn Cường và Bà Phạm Thị Dung", PHusband: "Lê Văn Cường",
			PWife: "Phạm Thị Dung", PMarriageDate: "03/03/2025"}
	case Condolence:
		return Values{PRecipients: "Bà Hoàng Thị Em và gia đình", PDeceased: "Hoàng Văn Phúc",
			PDeceasedHonorific: "Ông", PDeathDate: "28/02/2025", PBirthYear: "1940"}
	}
	return Values{}
}

// ParseErrors lists the *ParseError problems of a ParseTemplate error, in
// order; structural problems (ErrStructure) and others are not among them.
func ParseErrors(err error) []*ParseError {
	var out []*ParseError
	var walk func(error)
	walk = func(e error) {
		if j, ok := e.(interface{ Unwrap() []error }); ok {
			for _, x := range j.Unwrap() {
				walk(x)
			}
			return
		}
		var pe *ParseError
		if errors.As(e, &pe) {
			out = append(out, pe)
		}
	}
	walk(err)
	return out
}

package letter

// Placeholder is a named value a template may use, written {{name}}.
type Placeholder struct {
	// Name is the placeholder's name in Vietnamese without diacritics,
	// snake_case, e.g. "ten_tre".
	Name string
	// Description says in English what value it takes.
	Description string
	// Optional placeholders render as empty when no value is given; any other
	// placeholder used in a template must have a non-empty value.
	Optional bool
}

// Names of the placeholders. Every kind knows the common ones.
const (
	// Common to all kinds.
	PRecipients  = "nguoi_nhan"
	PUnit        = "don_vi"
	PPlace       = "dia_danh"
	PDate        = "ngay_thu"
	PSignerTitle = "chuc_vu_nguoi_ky"
	PSigner      = "nguoi_ky"

	// Birth.
	PChild     = "ten_tre"
	PBirthDate = "ngay_sinh"
	PFather    = "ten_cha"
	PMother    = "ten_me"

	// Marriage.
	PHusband      = "ten_chong"
	PWife         = "ten_vo"
	PMarriageDate = "ngay_dang_ky"

	// Death.
	PDeceased          = "ten_nguoi_mat"
	PDeceasedHonorific = "danh_xung_nguoi_mat"
	PDeathDate         = "ngay_mat"
	PBirthYear         = "nam_sinh"
)

// commonPlaceholders are known to every kind.
func commonPlaceholders() []Placeholder {
	return []Placeholder{
		{Name: PRecipients, Description: "the recipients as addressed, e.g. \"Ông Nguyễn Văn An và Bà Trần Thị Bình\""},
		{Name: PUnit, Description: "the sending unit's name, e.g. \"Ủy ban nhân dân xã Đạ Tẻh\""},
		{Name: PPlace, Description: "the place name on the date line, e.g. \"Đạ Tẻh\""},
		{Name: PDate, Description: "the letter's date, e.g. \"ngày 05 tháng 02 năm 2025\""},
		{Name: PSignerTitle, Description: "the signer's title, e.g. \"Chủ tịch\""},
		{Name: PSigner, Description: "the signer's full name"},
	}
}

// Placeholders returns the placeholders a kind's templates may use: the
// common ones, then the kind's own. It returns an error wrapping
// ErrUnknownKind for an unknown kind.
func Placeholders(k Kind) ([]Placeholder, error) {
	if err := k.Validate(); err != nil {
		return nil, err
	}
	ps := commonPlaceholders()
	switch k {
	case CongratulationBirth:
		ps = append(ps,
			Placeholder{Name: PChild, Description: "the child's full name"},
			Placeholder{Name: PBirthDate, Description: "the child's date of birth, dd/mm/yyyy"},
			Placeholder{Name: PFather, Description: "the father's full name, when known", Optional: true},
			Placeholder{Name: PMother, Description: "the mother's full name, when known", Optional: true},
		)
	case CongratulationMarriage:
		ps = append(ps,
			Placeholder{Name: PHusband, Description: "the husband's full name"},
			Placeholder{Name: PWife, Description: "the wife's full name"},
			Placeholder{Name: PMarriageDate, Description: "the date the marriage was registered, dd/mm/yyyy"},
		)
	case Condolence:
		ps = append(ps,
			Placeholder{Name: PDeceased, Description: "the deceased's full name"},
			Placeholder{Name: PDeceasedHonorific, Description: "how to refer to the deceased: \"Ông\", \"Bà\", \"Ông/Bà\" or \"cháu\" for a child"},
			Placeholder{Name: PDeathDate, Description: "the date of death, dd/mm/yyyy"},
			Placeholder{Name: PBirthYear, Description: "the deceased's year of birth, when known", Optional: true},
		)
	}
	return ps, nil
}

// lookup finds a placeholder of kind k by name.
func lookup(k Kind, name string) (Placeholder, bool) {
	ps, err := Placeholders(k)
	if err != nil {
		return Placeholder{}, false
	}
	for _, p := range ps {
		if p.Name == name {
			return p, true
		}
	}
	return Placeholder{}, false
}

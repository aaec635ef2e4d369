package letter

import (
	"errors"
	"slices"
	"testing"
)

// TestFillNamesMissingValuesInItsError: the names come from the error's
// fields, not from parsing its text.
func TestFillNamesMissingValuesInItsError(t *testing.T) {
	tmpl, err := ParseTemplate(CongratulationBirth, "THƯ\n\nKính gửi: {{nguoi_nhan}}\n\nCháu {{ten_tre}} sinh ngày {{ngay_sinh}}, cha {{ten_cha}}.")
	if err != nil {
		t.Fatal(err)
	}
	_, err = tmpl.Fill(Values{PRecipients: "Ông An", PBirthDate: " "})
	var mv *MissingValuesError
	if !errors.As(err, &mv) || !errors.Is(err, ErrMissingValue) {
		t.Fatalf("err = %v, want a *MissingValuesError matching ErrMissingValue", err)
	}
	if want := []string{PChild, PBirthDate}; !slices.Equal(mv.Names, want) {
		t.Errorf("missing %v, want %v (ten_cha is optional)", mv.Names, want)
	}
	if got := mv.Written(); got != "{{ten_tre}}, {{ngay_sinh}}" {
		t.Errorf("Written() = %q", got)
	}

	hand := Template{Kind: Condolence, Title: Text{segments: []segment{{name: "ten_tre"}}}}
	var up *UnknownPlaceholderError
	if _, err := hand.Fill(Values{}); !errors.As(err, &up) || up.Name != "ten_tre" || !errors.Is(err, ErrUnknownPlaceholder) {
		t.Errorf("a hand-made template with another kind's placeholder: %v", err)
	}
}

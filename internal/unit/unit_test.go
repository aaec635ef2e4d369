package unit

import (
	"errors"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/apperr"
)

func TestValidateCode(t *testing.T) {
	for _, ok := range []string{"000.00.06.H56", "000.21.37.H56", "123.45.67.G01"} {
		if err := ValidateCode(ok); err != nil {
			t.Errorf("ValidateCode(%q) = %v", ok, err)
		}
	}
	for _, bad := range []string{"", "000.00.06.h56", "00.00.06.H56", "000.00.06.H5", "000-00-06-H56", "000.00.06.H56 "} {
		err := ValidateCode(bad)
		if err == nil || !strings.Contains(err.Error(), bad) {
			t.Errorf("ValidateCode(%q) = %v, want an error naming it", bad, err)
		}
	}
}

func TestUnitValidate(t *testing.T) {
	u := Unit{Code: "000.00.06.X56", Name: "", Kind: "district", Working: WorkingTime{
		Weekdays: DefaultWorkingTime().Weekdays,
		Hours:    []Span{{"13:30", "17:00"}, {"07:00", "11:30"}},
	}}
	err := u.Validate()
	var fe *apperr.FieldsError
	if !errors.As(err, &fe) {
		t.Fatalf("Validate = %v, want a FieldsError", err)
	}
	for _, f := range []string{"name", "kind", "working"} {
		if fe.Fields[f] == "" {
			t.Errorf("no message for field %s in %v", f, fe.Fields)
		}
	}
	if _, ok := fe.Fields["code"]; ok {
		t.Errorf("valid code reported: %v", fe.Fields["code"])
	}
	if apperr.KindOf(err) != apperr.Invalid {
		t.Errorf("kind = %v", apperr.KindOf(err))
	}
}

func TestNormalizeDefaults(t *testing.T) {
	u := Unit{Code: "000.00.06.H56", Name: " Xa\u0303 Đạ Tẻh ", Kind: Commune}
	u.Normalize()
	if u.Name != "Xã Đạ Tẻh" {
		t.Errorf("name = %q", u.Name)
	}
	if err := u.Validate(); err != nil {
		t.Errorf("Validate after Normalize = %v", err)
	}
}

package catalogue

import (
	"errors"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/calendar"
)

// validCatalogue returns a small valid catalogue, new on every call, for
// tests to break one rule at a time.
func validCatalogue() *Catalogue {
	return &Catalogue{
		Fields: []Field{{Code: "HT", Name: "Hộ tịch", NameEN: "Civil status"}},
		Procedures: []Procedure{{
			Code:      "1.001193",
			Name:      "Thủ tục đăng ký khai sinh",
			FieldCode: "HT",
			Level:     LevelCommune,
			Online:    OnlineFull,
			TimeLimit: calendar.Limit{Kind: calendar.SameDay, Cutoff: 15 * 60},
			Fee:       FeeSchedule{Kind: FeeFree},
			Steps: []Step{
				{Name: "Tiếp nhận", Role: RoleReception, Share: 10},
				{Name: "Xử lý", Role: RoleSpecialist, Share: 60},
				{Name: "Phê duyệt", Role: RoleLeader, Share: 30},
			},
			LegalBases: []LegalBasis{{Number: "60/2014/QH13", Title: "Luật Hộ tịch"}},
			Letter:     LetterCongratulationBirth,
		}},
	}
}

func TestValidateAcceptsValid(t *testing.T) {
	if err := validCatalogue().Validate(); err != nil {
		t.Fatal(err)
	}
}

func TestValidateReportsItemAndField(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change func(c *Catalogue)
		want   string
	}{
		{"invalid code", func(c *Catalogue) { c.Procedures[0].Code = "1.0011" },
			`procedure 1.0011: code: "1.0011": want a digit, a dot and six digits`},
		{"missing code", func(c *Catalogue) { c.Procedures[0].Code = "" },
			"procedures[0]: code: missing"},
		{"no time limit", func(c *Catalogue) { c.Procedures[0].TimeLimit = calendar.Limit{} },
			"procedure 1.001193: time_limit: missing"},
		{"unknown time limit kind", func(c *Catalogue) { c.Procedures[0].TimeLimit = calendar.Limit{Kind: "weeks", N: 2} },
			`procedure 1.001193: time_limit.kind: unknown "weeks"`},
		{"zero days", func(c *Catalogue) { c.Procedures[0].TimeLimit = calendar.Limit{Kind: calendar.WorkingDays} },
			"procedure 1.001193: time_limit.n: 0: must be a positive number of days"},
		{"negative fee", func(c *Catalogue) { c.Procedures[0].Fee = FeeSchedule{Kind: FeeFixed, Amount: -8000} },
			"procedure 1.001193: fee.amount: must not be negative"},
		{"unknown field", func(c *Catalogue) { c.Procedures[0].FieldCode = "XYZ" },
			`procedure 1.001193: field_code: field "XYZ" is not in the catalogue`},
		{"duplicate code", func(c *Catalogue) { c.Procedures = append(c.Procedures, c.Procedures[0]) },
			"procedure 1.001193: duplicate code (also procedures[0])"},
		{"duplicate field", func(c *Catalogue) { c.Fields = append(c.Fields, c.Fields[0]) },
			"field HT: duplicate code (also fields[0])"},
		{"no steps", func(c *Catalogue) { c.Procedures[0].Steps = nil },
			"procedure 1.001193: steps: missing"},
		{"shares", func(c *Catalogue) { c.Procedures[0].Steps[1].Share = 50 },
			"procedure 1.001193: steps: shares sum to 90, want 100"},
		{"bad role", func(c *Catalogue) { c.Procedures[0].Steps[2].Role = "mayor" },
			`procedure 1.001193: steps[2].role: unknown "mayor"`},
		{"no legal basis", func(c *Catalogue) { c.Procedures[0].LegalBases = nil },
			"procedure 1.001193: legal_bases: missing"},
		{"no letter", func(c *Catalogue) { c.Procedures[0].Letter = "" },
			"procedure 1.001193: letter: missing"},
		{"unknown letter", func(c *Catalogue) { c.Procedures[0].Letter = "birthday" },
			`procedure 1.001193: letter: unknown "birthday"`},
		{"status out of range", func(c *Catalogue) { c.Procedures[0].NotifyStatuses = []int{2, 11} },
			"procedure 1.001193: notify_statuses[1]: 11 is not a national status code"},
		{"unverified names no key", func(c *Catalogue) { c.Procedures[0].Unverified = []string{"fees"} },
			`procedure 1.001193: unverified[0]: "fees" is not a key of a procedure`},
		{"component count", func(c *Catalogue) {
			c.Procedures[0].Components = []Component{{Name: "Tờ khai", Kind: ComponentOriginal}}
		}, "procedure 1.001193: components[0].count: 0: want at least 1"},
		{"service norm longer than limit", func(c *Catalogue) {
			c.Procedures[0].ServiceNorm = &calendar.Limit{Kind: calendar.WorkingDays, N: 2}
		}, "procedure 1.001193: service_norm: 2 ngày làm việc is longer than the time limit"},
		{"extended limit not longer", func(c *Catalogue) {
			c.Procedures[0].TimeLimit = calendar.Limit{Kind: calendar.WorkingDays, N: 5}
			c.Procedures[0].ExtendedLimit = &calendar.Limit{Kind: calendar.WorkingDays, N: 3}
		}, "procedure 1.001193: extended_limit: 3 ngày làm việc is not longer than the time limit"},
		{"bad field code", func(c *Catalogue) { c.Fields[0].Code = "ht"; c.Procedures[0].FieldCode = "ht" },
			`field ht: code: "ht": want upper-case letters and digits`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := validCatalogue()
			tc.change(c)
			err := c.Validate()
			if err == nil {
				t.Fatalf("Validate() = nil, want an error containing %q", tc.want)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Validate() = %q\nwant it to contain %q", err, tc.want)
			}
		})
	}
}

func TestValidateReportsEveryProblem(t *testing.T) {
	c := validCatalogue()
	p := &c.Procedures[0]
	p.TimeLimit = calendar.Limit{}
	p.Fee.Kind, p.Fee.Amount = FeeFixed, -1
	p.FieldCode = "XYZ"
	err := c.Validate()
	var verr *ValidationError
	if !errors.As(err, &verr) {
		t.Fatalf("Validate() = %v, want a *ValidationError", err)
	}
	want := []Problem{
		{Item: "procedure 1.001193", Path: "field_code", Message: `field "XYZ" is not in the catalogue`},
		{Item: "procedure 1.001193", Path: "time_limit", Message: "missing"},
		{Item: "procedure 1.001193", Path: "fee.amount", Message: "must not be negative"},
	}
	if len(verr.Problems) != len(want) {
		t.Fatalf("got %d problems, want %d: %v", len(verr.Problems), len(want), err)
	}
	for i := range want {
		if verr.Problems[i] != want[i] {
			t.Errorf("problem %d = %+v, want %+v", i, verr.Problems[i], want[i])
		}
	}
}

func TestProblemString(t *testing.T) {
	p := Problem{Line: 42, Item: "procedure 1.001193", Path: "time_limit.kind", Message: `unknown "weeks"`}
	if got, want := p.String(), `line 42: procedure 1.001193: time_limit.kind: unknown "weeks"`; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
}

func TestLookups(t *testing.T) {
	c := validCatalogue()
	if p, ok := c.Procedure("1.001193"); !ok || p.Name != "Thủ tục đăng ký khai sinh" {
		t.Errorf("Procedure(1.001193) = %q, %v", p.Name, ok)
	}
	if _, ok := c.Procedure("9.999999"); ok {
		t.Error("Procedure(9.999999) found, want not found")
	}
	if f, ok := c.Field("HT"); !ok || f.Name != "Hộ tịch" {
		t.Errorf("Field(HT) = %q, %v", f.Name, ok)
	}
}

func TestValidateNil(t *testing.T) {
	var c *Catalogue
	if err := c.Validate(); err == nil || !strings.Contains(err.Error(), "catalogue: missing") {
		t.Errorf("nil catalogue: Validate() = %v", err)
	}
	if _, err := Marshal(nil); err == nil {
		t.Error("Marshal(nil) succeeded")
	}
}

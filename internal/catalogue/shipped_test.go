package catalogue

import (
	"go/build"
	"slices"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"

	"github.com/motcua/motcua/internal/calendar"
)

func mustLoadShipped(t *testing.T) *Catalogue {
	t.Helper()
	c, err := LoadShipped()
	if err != nil {
		t.Fatalf("LoadShipped: %v", err)
	}
	return c
}

func mustProcedure(t *testing.T, c *Catalogue, code string) Procedure {
	t.Helper()
	p, ok := c.Procedure(code)
	if !ok {
		t.Fatalf("shipped catalogue lacks procedure %s", code)
	}
	return p
}

func TestShippedLoadsAndValidates(t *testing.T) {
	c := mustLoadShipped(t)
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	if n := len(c.Procedures); n < 20 {
		t.Errorf("shipped catalogue has %d procedures, want at least 20", n)
	}
	for _, p := range c.Procedures {
		if p.Level != LevelCommune {
			t.Errorf("procedure %s: level %q, want commune", p.Code, p.Level)
		}
	}
	if !norm.NFC.IsNormal(Shipped()) {
		t.Error("catalogue.yaml is not in NFC")
	}
}

func TestShippedReturnsACopy(t *testing.T) {
	b := Shipped()
	b[0] = '!'
	if Shipped()[0] == '!' {
		t.Error("Shipped shares its bytes with callers")
	}
}

// TestShippedHasRequiredProcedures lists the procedures the brief asks for,
// by national code, with a word their name must contain.
func TestShippedHasRequiredProcedures(t *testing.T) {
	c := mustLoadShipped(t)
	for _, tc := range []struct{ code, field, nameHas string }{
		{"1.001193", "HT", "khai sinh"},
		{"1.004772", "HT", "khai sinh"}, // late birth registration
		{"1.004884", "HT", "đăng ký lại khai sinh"},
		{"1.000894", "HT", "kết hôn"},
		{"1.004746", "HT", "đăng ký lại kết hôn"},
		{"1.000656", "HT", "khai tử"},
		{"1.005461", "HT", "đăng ký lại khai tử"},
		{"2.000635", "HT", "Trích lục"},
		{"1.004873", "HT", "tình trạng hôn nhân"},
		{"1.004859", "HT", "cải chính"},
		{"1.004837", "HT", "giám hộ"},
		{"1.001022", "HT", "nhận cha, mẹ, con"},
		{"2.000815", "CT", "bản sao"},
		{"2.000884", "CT", "chữ ký"},
		{"2.001035", "CT", "hợp đồng"},
		{"2.000927", "CT", "sai sót"},
		{"1.001776", "BTXH", "trợ cấp xã hội hằng tháng"},
		{"1.001731", "BTXH", "mai táng"},
		{"1.004222", "CTRU", "thường trú"},
		{"1.003197", "CTRU", "Xóa đăng ký thường trú"},
		{"1.012812", "DD", "đất đai"},
		{"1.001612", "HKD", "hộ kinh doanh"},
	} {
		p := mustProcedure(t, c, tc.code)
		if p.FieldCode != tc.field {
			t.Errorf("procedure %s: field %s, want %s", tc.code, p.FieldCode, tc.field)
		}
		if !strings.Contains(p.Name, tc.nameHas) {
			t.Errorf("procedure %s: name %q lacks %q", tc.code, p.Name, tc.nameHas)
		}
	}
}

func TestShippedCivilStatusRules(t *testing.T) {
	c := mustLoadShipped(t)
	sameDay := calendar.Limit{Kind: calendar.SameDay, Cutoff: 15 * 60}

	birth := mustProcedure(t, c, "1.001193")
	if birth.Letter != LetterCongratulationBirth {
		t.Errorf("birth letter = %q", birth.Letter)
	}
	if birth.TimeLimit != sameDay || birth.Fee.Kind != FeeFree {
		t.Errorf("birth: limit %+v, fee %q; want same day by 15:00, free", birth.TimeLimit, birth.Fee.Kind)
	}
	notes := strings.Join(birth.LawNotes, "\n")
	for _, w := range []string{"thường trú", "bảo hiểm y tế", "dưới 6 tuổi"} {
		if !strings.Contains(notes, w) {
			t.Errorf("birth law notes lack %q", w)
		}
	}

	marriage := mustProcedure(t, c, "1.000894")
	if marriage.Letter != LetterCongratulationMarriage {
		t.Errorf("marriage letter = %q", marriage.Letter)
	}
	if marriage.TimeLimit != sameDay || marriage.ExtendedLimit == nil ||
		*marriage.ExtendedLimit != (calendar.Limit{Kind: calendar.WorkingDays, N: 5}) {
		t.Errorf("marriage: limit %+v, extended %+v; want same day, 5 working days", marriage.TimeLimit, marriage.ExtendedLimit)
	}
	if marriage.Fee.Kind != FeeFree {
		t.Errorf("marriage fee = %q, want free", marriage.Fee.Kind)
	}

	death := mustProcedure(t, c, "1.000656")
	if death.Letter != LetterCondolence {
		t.Errorf("death letter = %q", death.Letter)
	}
	notes = strings.Join(death.LawNotes, "\n")
	for _, w := range []string{"Xóa đăng ký thường trú", "mai táng"} {
		if !strings.Contains(notes, w) {
			t.Errorf("death law notes lack %q", w)
		}
	}

	for _, p := range c.Procedures {
		if p.Code == "1.001193" || p.Code == "1.000894" || p.Code == "1.000656" {
			continue
		}
		if p.Letter != LetterNone {
			t.Errorf("procedure %s: letter %q, want none", p.Code, p.Letter)
		}
	}

	guardianship := mustProcedure(t, c, "1.004837")
	if guardianship.Fee.Kind != FeeFree {
		t.Errorf("guardianship fee = %q, want free", guardianship.Fee.Kind)
	}
}

func TestShippedFees(t *testing.T) {
	c := mustLoadShipped(t)
	extract := mustProcedure(t, c, "2.000635")
	if got, err := extract.Fee.Charge(0, 2); err != nil || got != 16000 {
		t.Errorf("two extract copies = %d, %v; want 16000", got, err)
	}
	if !slices.Contains(extract.Unverified, "fee") {
		t.Errorf("extract fee not marked unverified: %v", extract.Unverified)
	}
	copyCert := mustProcedure(t, c, "2.000815")
	for _, tc := range []struct {
		pages int
		want  int64
	}{{1, 2000}, {3, 5000}, {300, 200000}} {
		if got, err := copyCert.Fee.Charge(tc.pages, 1); err != nil || got != tc.want {
			t.Errorf("certified copy of %d pages = %d, %v; want %d", tc.pages, got, err, tc.want)
		}
	}
	signature := mustProcedure(t, c, "2.000884")
	if got, err := signature.Fee.Charge(0, 1); err != nil || got != 10000 {
		t.Errorf("signature = %d, %v; want 10000", got, err)
	}
}

// TestShippedWorkflows checks what Validate does not: every workflow starts
// at reception and has a leader's approval.
func TestShippedWorkflows(t *testing.T) {
	for _, p := range mustLoadShipped(t).Procedures {
		if p.Steps[0].Role != RoleReception {
			t.Errorf("procedure %s: first step by %q, want reception", p.Code, p.Steps[0].Role)
		}
		if !slices.ContainsFunc(p.Steps, func(s Step) bool { return s.Role == RoleLeader }) {
			t.Errorf("procedure %s: no leader step", p.Code)
		}
		if len(p.Components) == 0 || len(p.Results) == 0 {
			t.Errorf("procedure %s: %d components, %d results; want some of each", p.Code, len(p.Components), len(p.Results))
		}
	}
}

// TestDomainImportsOnly keeps the package a pure domain package: no SQL, no
// HTTP, no file or process I/O at run time.
func TestDomainImportsOnly(t *testing.T) {
	pkg, err := build.ImportDir(".", 0)
	if err != nil {
		t.Fatal(err)
	}
	allowed := map[string]bool{
		"bytes": true, "embed": true, "errors": true, "fmt": true, "io": true,
		"reflect": true, "regexp": true, "strconv": true, "strings": true,
		"math": true, "slices": true, "sort": true, "unicode/utf8": true, // search
		"time": true, // a form's year bounds end this year
		"github.com/motcua/motcua/internal/apperr":   true, // a form's answers are checked with message keys
		"github.com/motcua/motcua/internal/calendar": true,
		"github.com/motcua/motcua/internal/textfold": true, // search folds like the store did
		"golang.org/x/text/unicode/norm":             true,
		"go.yaml.in/yaml/v3":                         true,
	}
	for _, imp := range pkg.Imports {
		if !allowed[imp] {
			t.Errorf("package catalogue imports %s, which is not on its allow-list", imp)
		}
	}
}

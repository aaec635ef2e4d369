package catalogue

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/motcua/motcua/internal/apperr"
)

// formYAML is baseYAML with a component and a small form: a group for
// everyone with a text, a date, a choice, a year and an id number, and a
// group for organisations.
const formYAML = baseYAML + `    components:
      - {name: Tờ khai, kind: original, count: 1, required: true}
    form:
      component: Tờ khai
      groups:
        - key: child
          label: Người được khai sinh
          fields:
            - {key: child_name, label: Họ tên, label_en: Full name, type: text, required: true, max: 10}
            - {key: child_birth_date, label: Ngày sinh, type: date, required: true}
            - key: child_sex
              label: Giới tính
              type: choice
              required: true
              choices: [{value: Nam}, {value: Nữ}]
            - {key: father_birth_year, label: Năm sinh của cha, type: year, min: 1950}
            - {key: count, label: Số con, type: number, min: 1, max: 20}
            - {key: id, label: Số định danh, type: id_number, applies: person}
        - key: org
          label: Tổ chức
          applies: organisation
          fields:
            - {key: decision, label: Văn bản tiếp nhận, type: text, required: true}
`

func TestFormParsesAndRoundTrips(t *testing.T) {
	c := mustParse(t, []byte(formYAML))
	f := c.Procedures[0].Form
	if f == nil || f.Component != "Tờ khai" || len(f.Groups) != 2 || len(f.Groups[0].Fields) != 6 {
		t.Fatalf("form = %+v, want component Tờ khai with 2 groups, 6 fields in the first", f)
	}
	if got := f.Groups[0].Fields[2].Choices; !cmp.Equal(got, []Choice{{Value: "Nam"}, {Value: "Nữ"}}) {
		t.Errorf("choices = %v", got)
	}
	again := mustParse(t, mustMarshal(t, c))
	if diff := cmp.Diff(c, again); diff != "" {
		t.Errorf("Parse(Marshal(c)) differs (-first +again):\n%s", diff)
	}
}

func TestFormSchemaErrors(t *testing.T) {
	edit := func(old, new string) string {
		if !strings.Contains(formYAML, old) {
			panic("formYAML lacks " + old)
		}
		return strings.Replace(formYAML, old, new, 1)
	}
	for _, tc := range []struct {
		name string
		yaml string
		want string
	}{
		{"component not the procedure's", edit("component: Tờ khai", "component: Tờ khai khác"),
			`form.component: "Tờ khai khác" is not one of the procedure's components`},
		{"duplicate key", edit("key: count,", "key: child_name,"), `form.groups[0].fields[4].key: "child_name" is used twice`},
		{"bad key", edit("key: count,", "key: Số-con,"), `form.groups[0].fields[4].key: "Số-con": want lower-case letters`},
		{"unknown type", edit("type: number", "type: money"), `form.groups[0].fields[4].type: unknown "money"`},
		{"one choice", edit("choices: [{value: Nam}, {value: Nữ}]", "choices: [{value: Nam}]"),
			"form.groups[0].fields[2].choices: 1: a choice field needs at least 2 choices"},
		{"repeated choice", edit("choices: [{value: Nam}, {value: Nữ}]", "choices: [{value: Nam}, {value: Nam}]"),
			`form.groups[0].fields[2].choices[1].value: "Nam" is listed twice`},
		{"choices on text", edit("type: text, required: true, max: 10}", "type: text, max: 10, choices: [{value: a}, {value: b}]}"),
			"form.groups[0].fields[0].choices: only a choice field has choices"},
		{"text too long", edit("max: 10}", "max: 500}"), "form.groups[0].fields[0].max: 500: a text is at most 200 characters"},
		{"min above max", edit("min: 1, max: 20", "min: 30, max: 20"), "form.groups[0].fields[4].max: 20 is below the minimum 30"},
		{"year not a year", edit("min: 1950", "min: 50"), "form.groups[0].fields[3].min: 50 is not a year"},
		{"bounds on a date", edit("type: date, required: true}", "type: date, max: 3}"), "form.groups[0].fields[1].max: a date field takes no bounds"},
		{"applies unknown", edit("applies: person", "applies: company"), `form.groups[0].fields[5].applies: unknown "company"`},
		{"field contradicts group", edit("type: text, required: true}", "type: text, applies: person}"),
			`form.groups[1].fields[0].applies: "person" in a group for "organisation"`},
		{"group without label", edit("label: Tổ chức\n", "label: \" \"\n"), "form.groups[1].label: missing"},
		{"unknown key", edit("label: Tổ chức\n", "label: Tổ chức\n          colour: red\n"), "form.groups[1].colour: unknown key"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse([]byte(tc.yaml))
			var ve *ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("Parse: %v, want a *ValidationError", err)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Parse error = %v\nwant it to contain %q", err, tc.want)
			}
		})
	}
}

func TestFormCheck(t *testing.T) {
	f := mustParse(t, []byte(formYAML)).Procedures[0].Form
	now := time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)
	good := map[string]string{"child_name": "Lê Na", "child_birth_date": "2026-11-30", "child_sex": "Nữ"}
	with := func(k, v string) map[string]string {
		m := map[string]string{}
		for a, b := range good {
			m[a] = b
		}
		m[k] = v
		return m
	}
	for _, tc := range []struct {
		name    string
		answers map[string]string
		kind    string
		want    map[string]string // field -> message key
	}{
		{"all good", good, "person", map[string]string{}},
		{"required missing", map[string]string{}, "person", map[string]string{
			"declaration.child_name": "val.form.required", "declaration.child_birth_date": "val.form.required", "declaration.child_sex": "val.form.choose"}},
		{"organisation must answer its group", good, "organisation", map[string]string{"declaration.decision": "val.form.required"}},
		{"a person is not asked the organisation's field", with("decision", "QĐ 1"), "person", map[string]string{"declaration.decision": "val.form.not_asked"}},
		{"text over its max", with("child_name", "Nguyễn Thị Lan"), "person", map[string]string{"declaration.child_name": "val.form.too_long"}},
		{"text of exactly its max", with("child_name", "Nguyễn Lan"), "person", map[string]string{}},
		{"date malformed", with("child_birth_date", "30/11/2026"), "person", map[string]string{"declaration.child_birth_date": "val.form.date"}},
		{"date impossible", with("child_birth_date", "2026-02-30"), "person", map[string]string{"declaration.child_birth_date": "val.form.date"}},
		{"date tomorrow in Vietnam", with("child_birth_date", "2026-12-04"), "person", map[string]string{"declaration.child_birth_date": "val.form.future"}},
		{"date today", with("child_birth_date", "2026-12-03"), "person", map[string]string{}},
		{"date before 1900", with("child_birth_date", "1899-12-31"), "person", map[string]string{"declaration.child_birth_date": "val.form.too_early"}},
		{"choice folded", with("child_sex", "nam"), "person", map[string]string{}},
		{"choice not listed", with("child_sex", "khác"), "person", map[string]string{"declaration.child_sex": "val.form.choice"}},
		{"year below its min", with("father_birth_year", "1949"), "person", map[string]string{"declaration.father_birth_year": "val.form.range"}},
		{"year in the future", with("father_birth_year", "2027"), "person", map[string]string{"declaration.father_birth_year": "val.form.range"}},
		{"year this year", with("father_birth_year", "2026"), "person", map[string]string{}},
		{"year not 4 digits", with("father_birth_year", "+1990"), "person", map[string]string{"declaration.father_birth_year": "val.form.year"}},
		{"number out of range", with("count", "21"), "person", map[string]string{"declaration.count": "val.form.range"}},
		{"number not a number", with("count", "2.5"), "person", map[string]string{"declaration.count": "val.form.number"}},
		{"id number 12 digits", with("id", "001234567890"), "person", map[string]string{}},
		{"id number 10 digits", with("id", "0012345678"), "person", map[string]string{"declaration.id": "val.form.id_number"}},
		{"unknown key", with("colour", "red"), "person", map[string]string{"declaration.colour": "val.form.unknown"}},
		{"long unknown key", with(strings.Repeat("k", 300), "x"), "person", map[string]string{"declaration": "val.form.unknown"}},
		{"over the answer bound", with("child_sex", strings.Repeat("a", MaxAnswerLen+1)), "person",
			map[string]string{"declaration.child_sex": "val.form.too_long"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var p apperr.Problems
			f.Check(&p, tc.answers, tc.kind, now, true)
			got := map[string]string{}
			var fe *apperr.FieldsError
			if err := p.Err(); errors.As(err, &fe) {
				for field, m := range fe.Keys {
					got[field] = m.Key
				}
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}

func TestFormCanonicalChoices(t *testing.T) {
	f := mustParse(t, []byte(formYAML)).Procedures[0].Form
	f.Groups[0].Fields[2].Choices[1].LabelEN = "Female"
	answers := map[string]string{"child_sex": "nữ", "child_name": "nữ"}
	f.Canonical(answers)
	if want := map[string]string{"child_sex": "Nữ", "child_name": "nữ"}; !cmp.Equal(answers, want) {
		t.Errorf("Canonical = %v, want %v (choices only)", answers, want)
	}
	answers = map[string]string{"child_sex": "FEMALE"}
	if f.Canonical(answers); answers["child_sex"] != "Nữ" {
		t.Errorf("the English label gives %q, want Nữ", answers["child_sex"])
	}
}

// TestFormCheckMessagesNameTheField: every message names the field by its
// Vietnamese label, and the label argument carries the English one.
func TestFormCheckMessagesNameTheField(t *testing.T) {
	f := mustParse(t, []byte(formYAML)).Procedures[0].Form
	var p apperr.Problems
	f.Check(&p, map[string]string{"child_name": strings.Repeat("x", 11)}, "person", time.Now(), true)
	var fe *apperr.FieldsError
	if !errors.As(p.Err(), &fe) {
		t.Fatal("no problems")
	}
	if got, want := fe.Fields["declaration.child_name"], "“Họ tên (Người được khai sinh)” dài 11 ký tự; tối đa 10 ký tự"; got != want {
		t.Errorf("message = %q, want %q", got, want)
	}
	if l, ok := fe.Keys["declaration.child_name"].Args[0].(Label); !ok || l.EN != "Full name (Người được khai sinh)" {
		t.Errorf("first argument = %#v, want the Label with its English", fe.Keys["declaration.child_name"].Args[0])
	}
	if got := fe.Fields["declaration.child_sex"]; got != "vui lòng chọn “Giới tính (Người được khai sinh)”" {
		t.Errorf("choice message = %q", got)
	}
}

// TestShippedForms: birth registration and the marital-status certificate
// ship a form; its component is a required one of theirs, and birth
// registration asks the items of the Circular 04/2020 declaration.
func TestShippedForms(t *testing.T) {
	c, err := LoadShipped()
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{
		"1.001193": {"declarant_relation", "child_name", "child_birth_date", "child_sex", "child_birth_place", "child_ethnicity",
			"child_nationality", "child_home_town", "father_name", "father_birth_year", "father_ethnicity", "father_nationality",
			"father_residence", "mother_name", "mother_birth_year", "mother_ethnicity", "mother_nationality", "mother_residence"},
		"1.004873": {"subject_name", "subject_birth_date", "subject_sex", "marital_status", "purpose"},
	}
	for code, keys := range want {
		p, ok := c.Procedure(code)
		if !ok || p.Form == nil {
			t.Fatalf("procedure %s has no form", code)
		}
		for _, k := range keys {
			if _, ok := p.Form.Field(k); !ok {
				t.Errorf("procedure %s: the form lacks %s", code, k)
			}
		}
		if !strings.Contains(strings.Join(p.Unverified, ","), "form") {
			t.Errorf("procedure %s: unverified = %v, want form listed", code, p.Unverified)
		}
	}
	birth, _ := c.Procedure("1.001193")
	if f, _ := birth.Form.Field("child_sex"); f.Type != FieldChoice {
		t.Errorf("child_sex is %q, want a choice", f.Type)
	}
	if _, asked := birth.Form.FieldFor("org_care_decision", "person"); asked {
		t.Error("a person is asked the organisation's field")
	}
	if _, asked := birth.Form.FieldFor("declarant_relation", "organisation"); asked {
		t.Error("an organisation is asked its relationship to the child")
	}
}

// FuzzFormCheck: any answers, never a panic, and every problem is at a
// declaration field.
func FuzzFormCheck(f *testing.F) {
	form := mustParseF(f, []byte(formYAML)).Procedures[0].Form
	f.Add("child_name", "Lê Na", "person")
	f.Add("child_birth_date", "2026-02-30", "organisation")
	f.Add("father_birth_year", "99999999999999999999", "")
	f.Add("count", "-0", "person")
	f.Fuzz(func(t *testing.T, key, value, kind string) {
		var p apperr.Problems
		form.Check(&p, map[string]string{key: value}, kind, time.Now(), kind == "person")
		var fe *apperr.FieldsError
		if errors.As(p.Err(), &fe) {
			for field := range fe.Fields {
				if field != "declaration" && !strings.HasPrefix(field, "declaration.") {
					t.Fatalf("problem at %q", field)
				}
			}
		}
	})
}

func mustParseF(f *testing.F, data []byte) *Catalogue {
	c, err := Parse(data)
	if err != nil {
		f.Fatal(err)
	}
	return c
}

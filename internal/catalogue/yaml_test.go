package catalogue

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/text/unicode/norm"

	"github.com/motcua/motcua/internal/calendar"
)

// mustParse parses data or fails the test.
func mustParse(t *testing.T, data []byte) *Catalogue {
	t.Helper()
	c, err := Parse(data)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return c
}

// mustMarshal marshals c or fails the test.
func mustMarshal(t *testing.T, c *Catalogue) []byte {
	t.Helper()
	b, err := Marshal(c)
	if err != nil {
		t.Fatalf("Marshal: %v", err)
	}
	return b
}

// fullCatalogue sets every key a catalogue has, so that a round trip shows
// any key the codec drops.
func fullCatalogue() *Catalogue {
	return &Catalogue{
		Fields: []Field{
			{Code: "HT", Name: "Hộ tịch", NameEN: "Civil status"},
			{Code: "CT", Name: "Chứng thực"},
		},
		Procedures: []Procedure{
			{
				Code:          "1.000894",
				Name:          "Thủ tục đăng ký kết hôn",
				NameEN:        "Marriage registration",
				FieldCode:     "HT",
				Level:         LevelCommune,
				Online:        OnlinePartial,
				TimeLimit:     calendar.Limit{Kind: calendar.SameDay, Cutoff: 15 * 60},
				ServiceNorm:   &calendar.Limit{Kind: calendar.SameDay, Cutoff: 14*60 + 30},
				ExtendedLimit: &calendar.Limit{Kind: calendar.WorkingDays, N: 5},
				Fee: FeeSchedule{
					Kind:       FeeFree,
					Exemptions: []string{"Công dân Việt Nam cư trú ở trong nước"},
					Note:       "Miễn lệ phí",
				},
				Components: []Component{
					{Name: "Tờ khai đăng ký kết hôn", Kind: ComponentOriginal, Count: 1, Required: true, Form: "https://example.org/to-khai.docx"},
					{Name: "Giấy xác nhận tình trạng hôn nhân", Kind: ComponentOriginalOrCopy, Count: 2, MustDigitise: true},
				},
				Results: []ResultDoc{{Name: "Giấy chứng nhận kết hôn", Electronic: true}, {Name: "Bản sao"}},
				Steps: []Step{
					{Name: "Tiếp nhận, kiểm tra", Role: RoleReception, Share: 10},
					{Name: "Xử lý: thẩm tra", Role: RoleSpecialist, Share: 60},
					{Name: "Phê duyệt", Role: RoleLeader, Share: 30},
				},
				LegalBases: []LegalBasis{
					{Number: "60/2014/QH13", Title: "Luật Hộ tịch", Article: "Điều 18", URL: "https://example.org/luat"},
				},
				Letter:         LetterCongratulationMarriage,
				NotifyStatuses: []int{2, 3, 9, 10},
				Place:          "Bộ phận Một cửa",
				Applicants:     "Hai bên nam, nữ",
				LawNotes:       []string{"Ghi chú: yes", "no"},
				Unverified:     []string{"online", "fee.note"},
			},
			{
				Code:      "2.000815",
				Name:      "Chứng thực bản sao từ bản chính",
				FieldCode: "CT",
				Level:     LevelCommune,
				Online:    OnlineCounter,
				TimeLimit: calendar.Limit{Kind: calendar.WorkingHours, N: 8},
				Fee:       certificationFee(),
				Steps:     []Step{{Name: "Một bước", Role: RoleSpecialist, Share: 100}},
				LegalBases: []LegalBasis{
					{Number: "23/2015/NĐ-CP"},
				},
				Letter: LetterNone,
			},
		},
	}
}

func TestRoundTripFull(t *testing.T) {
	want := fullCatalogue()
	b1 := mustMarshal(t, want)
	got := mustParse(t, b1)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Parse(Marshal(c)) differs (-want +got):\n%s\nYAML:\n%s", diff, b1)
	}
	if b2 := mustMarshal(t, got); !bytes.Equal(b1, b2) {
		t.Errorf("Marshal is not stable:\nfirst:\n%s\nsecond:\n%s", b1, b2)
	}
}

func TestRoundTripShipped(t *testing.T) {
	c1 := mustParse(t, Shipped())
	b1 := mustMarshal(t, c1)
	c2 := mustParse(t, b1)
	if diff := cmp.Diff(c1, c2); diff != "" {
		t.Errorf("Parse(Marshal(Parse(shipped))) differs (-want +got):\n%s", diff)
	}
	b2 := mustMarshal(t, c2)
	if !bytes.Equal(b1, b2) {
		t.Errorf("Marshal(Parse(Marshal(c))) is not byte-identical to Marshal(c)")
	}
}

func TestJSONRoundTrip(t *testing.T) {
	for _, p := range append(fullCatalogue().Procedures, mustParse(t, Shipped()).Procedures...) {
		b, err := json.Marshal(p)
		if err != nil {
			t.Fatalf("json.Marshal(%s): %v", p.Code, err)
		}
		var got Procedure
		if err := json.Unmarshal(b, &got); err != nil {
			t.Fatalf("json.Unmarshal(%s): %v", p.Code, err)
		}
		if diff := cmp.Diff(p, got); diff != "" {
			t.Errorf("procedure %s: JSON round trip differs (-want +got):\n%s", p.Code, diff)
		}
	}
}

func TestJSONKeepsCutoffInMinutes(t *testing.T) {
	b, err := json.Marshal(fullCatalogue().Procedures[0].TimeLimit)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(b), `{"kind":"same_day","cutoff":900}`; got != want {
		t.Errorf("JSON = %s, want %s", got, want)
	}
}

// TestYAMLMirrorsProcedure keeps yamlProcedure in step with Procedure: the
// same keys in the same order.
func TestYAMLMirrorsProcedure(t *testing.T) {
	tags := func(typ reflect.Type) []string {
		var out []string
		for i := range typ.NumField() {
			out = append(out, typ.Field(i).Tag.Get("yaml"))
		}
		return out
	}
	if diff := cmp.Diff(tags(reflect.TypeFor[Procedure]()), tags(reflect.TypeFor[yamlProcedure]())); diff != "" {
		t.Errorf("yaml tags differ (-Procedure +yamlProcedure):\n%s", diff)
	}
}

func TestCutoffReadsAsClockTime(t *testing.T) {
	c := mustParse(t, []byte(baseYAML))
	if got := c.Procedures[0].TimeLimit; got != (calendar.Limit{Kind: calendar.SameDay, Cutoff: 900}) {
		t.Errorf("time limit = %+v, want same_day with cut-off 900 minutes", got)
	}
	out := string(mustMarshal(t, c))
	if want := `time_limit: {kind: same_day, cutoff: "15:00"}`; !strings.Contains(out, want) {
		t.Errorf("Marshal output lacks %q:\n%s", want, out)
	}
	if want := "{kind: days, n: 5}"; !strings.Contains(string(mustMarshal(t, fullCatalogue())), want) {
		t.Errorf("Marshal output lacks %q", want)
	}
}

// baseYAML is a valid catalogue; the line numbers in TestParseErrors count
// its lines.
const baseYAML = `fields:
  - {code: HT, name: Hộ tịch}
procedures:
  - code: "1.001193"
    name: Đăng ký khai sinh
    field_code: HT
    level: commune
    online: full
    time_limit: {kind: same_day, cutoff: "15:00"}
    fee: {kind: free}
    steps:
      - {name: Tiếp nhận, role: reception, share: 10}
      - {name: Xử lý, role: specialist, share: 60}
      - {name: Phê duyệt, role: leader, share: 30}
    legal_bases:
      - {number: 60/2014/QH13, title: Luật Hộ tịch}
    letter: congratulation_birth
`

// secondProcedure starts at line 18 when appended to baseYAML.
const secondProcedure = `  - code: "1.001193"
    name: Đăng ký khai sinh (bản trùng)
    field_code: HT
    level: commune
    online: full
    time_limit: {kind: days, n: 1}
    fee: {kind: free}
    steps:
      - {name: Xử lý, role: specialist, share: 100}
    legal_bases:
      - {number: 60/2014/QH13}
    letter: none
`

func TestParseErrors(t *testing.T) {
	edit := func(old, new string) string {
		if !strings.Contains(baseYAML, old) {
			panic("baseYAML lacks " + old)
		}
		return strings.Replace(baseYAML, old, new, 1)
	}
	for _, tc := range []struct {
		name string
		yaml string
		want []string
	}{
		{"invalid code", edit(`code: "1.001193"`, `code: "1.0011"`),
			[]string{`line 4: procedure 1.0011: code: "1.0011": want a digit, a dot and six digits`}},
		{"unquoted code reads as text", edit(`code: "1.001193"`, `code: 1.00119`),
			[]string{`line 4: procedure 1.00119: code: "1.00119"`}},
		{"no time limit", edit("    time_limit: {kind: same_day, cutoff: \"15:00\"}\n", ""),
			[]string{"line 4: procedure 1.001193: time_limit: missing"}},
		{"unknown time limit kind", edit(`{kind: same_day, cutoff: "15:00"}`, `{kind: weeks, n: 2}`),
			[]string{`line 9: procedure 1.001193: time_limit.kind: unknown "weeks"`}},
		{"bad cut-off", edit(`cutoff: "15:00"`, `cutoff: "25:00"`),
			[]string{`line 9: procedure 1.001193: time_limit.cutoff: "25:00" is not a time of day`}},
		{"cut-off in minutes", edit(`cutoff: "15:00"`, `cutoff: 900`),
			[]string{`line 9: procedure 1.001193: time_limit.cutoff: "900" is not a time of day`}},
		{"negative fee", edit("fee: {kind: free}", "fee: {kind: fixed, amount: -5000}"),
			[]string{"line 10: procedure 1.001193: fee.amount: must not be negative"}},
		{"unknown field", edit("field_code: HT", "field_code: XYZ"),
			[]string{`line 6: procedure 1.001193: field_code: field "XYZ" is not in the catalogue`}},
		{"duplicate code", baseYAML + secondProcedure,
			[]string{"line 18: procedure 1.001193: duplicate code (also at line 4)"}},
		{"unknown key", edit("fee: {kind: free}", "fee: {kind: free, amout: 3}"),
			[]string{"line 10: procedure 1.001193: fee.amout: unknown key"}},
		{"unknown top-level key", "version: 2\n" + baseYAML,
			[]string{"line 1: catalogue: version: unknown key"}},
		{"unknown field key", edit("{code: HT, name: Hộ tịch}", "{code: HT, nme: Hộ tịch}"),
			[]string{"line 2: field HT: nme: unknown key"}},
		{"wrong type", edit("role: reception, share: 10", "role: reception, share: mười"),
			[]string{"line 12: procedure 1.001193: cannot unmarshal !!str `mười` into int"}},
		{"duplicate key", edit("    level: commune\n", "    level: commune\n    level: province\n"),
			[]string{`line 8: procedure 1.001193: mapping key "level" already defined at line 7`}},
		{"shares", edit("share: 60", "share: 50"),
			[]string{"line 11: procedure 1.001193: steps: shares sum to 90, want 100"}},
		{"malformed YAML", edit("name: Đăng ký khai sinh", "name: Đăng ký: khai sinh"),
			[]string{"line 5: mapping values are not allowed in this context"}},
		// yaml.v3 reports a parser (not scanner) error at the line before
		// the construct it was parsing; Parse passes the parser's line on.
		{"unclosed flow", edit("{kind: free}", "{kind: free"),
			[]string{"line 9: did not find expected ',' or '}'"}},
		{"several problems", edit("field_code: HT", "field_code: XYZ") + "    unverified: [fees]\n",
			[]string{
				`line 6: procedure 1.001193: field_code: field "XYZ" is not in the catalogue`,
				`line 18: procedure 1.001193: unverified[0]: "fees" is not a key of a procedure`,
			}},
		{"empty", "", []string{"empty document"}},
		{"comment only", "# nothing\n", []string{"empty document"}},
		{"two documents", baseYAML + "---\n" + baseYAML, []string{"line 18: more than one YAML document"}},
		{"not a mapping", "- a\n- b\n", []string{"line 1: the document must be a mapping"}},
		{"fields not a list", "fields: HT\nprocedures: []\n", []string{"line 1: catalogue: fields: must be a list"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := Parse([]byte(tc.yaml))
			if err == nil {
				t.Fatalf("Parse succeeded (%d procedures), want an error containing %q", len(c.Procedures), tc.want)
			}
			if c != nil {
				t.Errorf("Parse returned a catalogue with its error")
			}
			var verr *ValidationError
			if !errors.As(err, &verr) {
				t.Errorf("Parse error %T is not a *ValidationError", err)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("Parse error:\n%s\nwant it to contain:\n%s", err, w)
				}
			}
		})
	}
}

func TestParseAcceptsAliases(t *testing.T) {
	src := strings.Replace(baseYAML, "    steps:\n", "    steps: &steps\n", 1) +
		strings.Replace(strings.Replace(secondProcedure, `"1.001193"`, `"1.001194"`, 1),
			"    steps:\n      - {name: Xử lý, role: specialist, share: 100}\n", "    steps: *steps\n", 1)
	c := mustParse(t, []byte(src))
	if diff := cmp.Diff(c.Procedures[0].Steps, c.Procedures[1].Steps); diff != "" {
		t.Errorf("aliased steps differ:\n%s", diff)
	}
}

func TestParseNormalisesToNFC(t *testing.T) {
	const nfc = "Hộ tịch" // NFC in this source file
	nfd := norm.NFD.String(nfc)
	if nfd == nfc {
		t.Fatal("test set-up: NFD form equals NFC form")
	}
	src := strings.Replace(baseYAML, "name: "+nfc, "name: "+nfd, 1)
	if !strings.Contains(src, nfd) {
		t.Fatal("test set-up: NFD text not in the YAML")
	}
	c := mustParse(t, []byte(src))
	if got := c.Fields[0].Name; got != nfc {
		t.Errorf("field name = %+q, want NFC %+q", got, nfc)
	}
}

func TestMarshalNormalisesToNFC(t *testing.T) {
	const nfc = "Hộ tịch"
	c := fullCatalogue()
	c.Fields[0].Name = norm.NFD.String(nfc)
	out := mustMarshal(t, c)
	if !bytes.Contains(out, []byte("name: "+nfc)) || bytes.Contains(out, []byte(norm.NFD.String(nfc))) {
		t.Errorf("Marshal output is not NFC:\n%s", out)
	}
	if got := mustParse(t, out).Fields[0].Name; got != nfc {
		t.Errorf("re-parsed name = %+q, want %+q", got, nfc)
	}
}

func TestParseEmptyListsAreNil(t *testing.T) {
	c := mustParse(t, []byte(baseYAML+"    components: []\n    unverified: []\n"))
	if p := c.Procedures[0]; p.Components != nil || p.Unverified != nil {
		t.Errorf("empty lists decoded as %#v and %#v, want nil", p.Components, p.Unverified)
	}
}

func TestMarshalRefusesInvalid(t *testing.T) {
	c := fullCatalogue()
	c.Procedures[1].TimeLimit = calendar.Limit{}
	_, err := Marshal(c)
	var verr *ValidationError
	if !errors.As(err, &verr) {
		t.Fatalf("Marshal error = %v, want a *ValidationError", err)
	}
	if want := "procedure 2.000815: time_limit: missing"; !strings.Contains(err.Error(), want) {
		t.Errorf("Marshal error = %q, want it to contain %q", err, want)
	}
}
